package deskew

import (
	"math"
)

// The 0°/180° decision reads printed text lines only. The ink is first
// straightened (at the work resolution), long horizontal and vertical runs
// (ruled lines, page edges, bed rims) are set aside, and the band of the
// page holding the ruled table (where the handwriting is) is left out.
// In what remains, each text line shows in the row profile as a dense core
// (the x-height band) with lighter rows on both sides; in Latin print the
// rows just above the core (ascenders, capitals, accents, i-dots) hold more
// ink than the rows just below (descenders), so the sign of that
// difference, summed over the lines, tells up from down.

// bitmap is a straightened binary image.
type bitmap struct {
	on   []bool
	w, h int
}

// straightenPoints rasterises the ink rotated by -angle degrees.
func straightenPoints(pts []point, w, h int, angle float64) bitmap {
	rad := angle * math.Pi / 180
	c, s := math.Cos(rad), math.Sin(rad)
	fw, fh := float64(w), float64(h)
	ow := int(math.Ceil(math.Abs(fw*c)+math.Abs(fh*s))) + 2
	oh := int(math.Ceil(math.Abs(fw*s)+math.Abs(fh*c))) + 2
	bm := bitmap{on: make([]bool, ow*oh), w: ow, h: oh}
	cx, cy := fw/2, fh/2
	ocx, ocy := float64(ow)/2, float64(oh)/2
	for _, p := range pts {
		dx, dy := float64(p.x)+0.5-cx, float64(p.y)+0.5-cy
		x := int(math.Floor(dx*c - dy*s + ocx))
		y := int(math.Floor(dx*s + dy*c + ocy))
		if x >= 0 && y >= 0 && x < ow && y < oh {
			bm.on[y*ow+x] = true
		}
	}
	return bm
}

// longRuns marks the pixels of runs of at least minLen pixels along rows
// (horizontal) or columns, bridging gaps of up to gap pixels.
func longRuns(bm bitmap, minLen, gap int, horizontal bool) []bool {
	mark := make([]bool, len(bm.on))
	outer, inner, step, ostep := bm.h, bm.w, 1, bm.w
	if !horizontal {
		outer, inner, step, ostep = bm.w, bm.h, bm.w, 1
	}
	for o := 0; o < outer; o++ {
		base := o * ostep
		start, last := -1, -1
		flush := func() {
			if start >= 0 && last-start+1 >= minLen {
				for i := start; i <= last; i++ {
					if k := base + i*step; bm.on[k] {
						mark[k] = true
					}
				}
			}
		}
		for i, k := 0, base; i < inner; i, k = i+1, k+step {
			if !bm.on[k] {
				continue
			}
			if start < 0 || i-last > gap+1 {
				flush()
				start = i
			}
			last = i
		}
		flush()
	}
	return mark
}

// tableBand returns the rows [top, bottom) of the largest cluster of long
// ruled lines (the table) and the number of rules in it, or zeros when
// there is none.
//
// A rule row holds at least 40 mm of nearly solid, thin horizontal runs;
// runs may have gaps up to 1 mm, since thresholded thin rules break up, but
// must be at least 75% ink and have mostly white paper 1 mm above and
// below, which a row through a line of text does not. Two rows are merged
// because a straightened thin rule may straddle them.
func tableBand(bm bitmap, mm float64) (top, bottom, rules int) {
	minRule := int(40 * mm)
	gap := max(2, int(mm))
	d := max(2, int(mm+0.5))
	isRule := func(y int) bool {
		if y-d < 0 || y+1+d >= bm.h {
			return false
		}
		on := func(x int) bool { return bm.on[y*bm.w+x] || bm.on[(y+1)*bm.w+x] }
		// A rule is thin: 1 mm above and below it the paper is white,
		// except where something crosses it; inside a text line it is not.
		thick := func(x int) bool { return bm.on[(y-d)*bm.w+x] || bm.on[(y+1+d)*bm.w+x] }
		total := 0
		start, last, n, nt := -1, -1, 0, 0
		flush := func() {
			if start >= 0 && last-start+1 >= minRule && 4*n >= 3*(last-start+1) && 10*nt < 4*n {
				total += n
			}
		}
		for x := 0; x < bm.w; x++ {
			if !on(x) {
				continue
			}
			if start < 0 || x-last > gap+1 {
				flush()
				start, n, nt = x, 0, 0
			}
			last = x
			n++
			if thick(x) {
				nt++
			}
		}
		flush()
		return total >= minRule
	}
	type line struct{ y0, y1 int }
	var lines []line
	for y := 0; y < bm.h; y++ {
		if !isRule(y) {
			continue
		}
		if len(lines) > 0 && y-lines[len(lines)-1].y1 <= 2 {
			lines[len(lines)-1].y1 = y
		} else {
			lines = append(lines, line{y, y})
		}
	}
	maxGap := int(20 * mm)
	bestN, bestI, bestJ := 0, 0, 0
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1].y0-lines[j].y1 <= maxGap {
			j++
		}
		if j-i+1 > bestN {
			bestN, bestI, bestJ = j-i+1, i, j
		}
		i = j + 1
	}
	if bestN < 3 {
		return 0, 0, 0
	}
	pad := int(mm + 1)
	return max(0, lines[bestI].y0-pad), min(bm.h, lines[bestJ].y1+pad+1), bestN
}

// lineVote is the evidence of one text line.
type lineVote struct {
	above, below float64 // ink in the bands just above and below the core
	top, bottom  int     // rows of the core
}

// textLineVotes finds the cores of printed text lines in the profile and
// measures the ink just above and just below each.
func textLineVotes(prof []float64, mm float64) []lineVote {
	n := len(prof)
	win := max(2, int(2.5*mm))
	// Local maximum over ±win rows (simple O(n·win); n is a few thousand).
	lm := make([]float64, n)
	for y := range prof {
		m := 0.0
		for k := max(0, y-win); k < min(n, y+win+1); k++ {
			m = math.Max(m, prof[k])
		}
		lm[y] = m
	}
	minCore := 15 * mm // a core row holds at least 15 mm of ink
	minH, maxH := int(math.Max(2, 0.7*mm)), int(6*mm)
	// Bold type can dip in the middle of the x-height band: core runs
	// closer than mergeGap rows are one core.
	mergeGap := max(1, int(0.5*mm))
	isCore := func(y int) bool { return prof[y] >= 0.4*lm[y] && lm[y] >= minCore }
	var votes []lineVote
	for y := 0; y < n; {
		if !isCore(y) {
			y++
			continue
		}
		t := y
		b := y
		for y < n && y-b <= mergeGap+1 {
			if isCore(y) {
				b = y + 1
			}
			y++
		}
		y = b
		h := b - t
		if h < minH || h > maxH {
			continue
		}
		k := max(1, (h+1)/2)
		if t-k < 0 || b+k > n {
			continue
		}
		v := lineVote{top: t, bottom: b}
		for i := t - k; i < t; i++ {
			v.above += prof[i]
		}
		for i := b; i < b+k; i++ {
			v.below += prof[i]
		}
		votes = append(votes, v)
	}
	return votes
}

// cues are the pieces of evidence for the orientation, each positive when
// the straightened content looks upright.
type cues struct {
	lines     int     // printed text lines measured
	asym      float64 // mean per-line (above-below)/(above+below), -1..1
	asymT     float64 // asym over its standard error
	align     float64 // (flush-left lines - flush-right lines) / lines, -1..1
	column    float64 // +1 narrowest table column at the left, -1 at the right
	layout    float64 // +1 text where the form puts it for the table's size
	tableRows int
}

// estimateOrientation reports whether the content is upright (not upside
// down) after removing angle, and the confidence of that decision.
func estimateOrientation(pts []point, w, h int, dpi, angle float64) (upright bool, conf float64) {
	if len(pts) < minInk {
		return true, 0
	}
	return decide(orientationCues(pts, w, h, dpi, angle))
}

func orientationCues(pts []point, w, h int, dpi, angle float64) cues {
	mm := dpi / 25.4
	bm := straightenPoints(pts, w, h, angle)
	minLen := int(8 * mm)
	hr := longRuns(bm, minLen, 2, true)
	vr := longRuns(bm, minLen, 2, false)
	top, bottom, rules := tableBand(bm, mm)
	text := func(i int) bool { return bm.on[i] && !hr[i] && !vr[i] }
	prof := make([]float64, bm.h)
	for y := 0; y < bm.h; y++ {
		if y >= top && y < bottom {
			continue
		}
		n := 0
		for i := y * bm.w; i < (y+1)*bm.w; i++ {
			if text(i) {
				n++
			}
		}
		prof[y] = float64(n)
	}
	votes := textLineVotes(prof, mm)
	var c cues
	c.lines = len(votes)
	c.asym, c.asymT = asymmetry(votes)

	// Alignment: printed paragraphs are flush left (justified ones too,
	// whose last lines are short), so more lines share a left edge than
	// a right edge.
	if len(votes) >= 3 {
		xl := make([]int, len(votes))
		xr := make([]int, len(votes))
		for k, v := range votes {
			xl[k], xr[k] = bm.w, -1
			for y := v.top; y < v.bottom; y++ {
				for x := 0; x < bm.w; x++ {
					if text(y*bm.w + x) {
						xl[k] = min(xl[k], x)
						break
					}
				}
				for x := bm.w - 1; x >= 0; x-- {
					if text(y*bm.w + x) {
						xr[k] = max(xr[k], x)
						break
					}
				}
			}
		}
		tol := int(1.5 * mm)
		c.align = float64(modeCount(xl, tol)-modeCount(xr, tol)) / float64(len(votes))
	}

	if rules >= 3 {
		c.tableRows = rules - 1
		c.column = columnCue(bm, top, bottom, mm)
		// The form: page 1 has 10 rows under the paragraphs, page 2 has 25
		// rows above a short notice.
		var above, below int
		for _, v := range votes {
			if v.bottom <= top {
				above++
			} else if v.top >= bottom {
				below++
			}
		}
		switch {
		case c.tableRows <= 14 && above > below, c.tableRows >= 18 && below > above:
			c.layout = 1
		case c.tableRows <= 14 && below > above, c.tableRows >= 18 && above > below:
			c.layout = -1
		}
	}
	return c
}

// modeCount returns the largest number of values within tol of one of
// them.
func modeCount(v []int, tol int) int {
	best := 0
	for _, a := range v {
		n := 0
		for _, b := range v {
			if b >= a-tol && b <= a+tol {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// columnCue finds the vertical rules of the table band (columns inked over
// most of the band's height) and returns +1 when the narrowest column is
// the leftmost (the row-number column of the form), -1 when it is the
// rightmost, 0 when unclear.
func columnCue(bm bitmap, top, bottom int, mm float64) float64 {
	hgt := bottom - top
	if hgt <= 0 {
		return 0
	}
	count := make([]int, bm.w)
	for y := top; y < bottom; y++ {
		row := bm.on[y*bm.w : (y+1)*bm.w]
		for x := range row {
			if row[x] || (x+1 < bm.w && row[x+1]) {
				count[x]++
			}
		}
	}
	var xs []int
	for x := 0; x < bm.w; x++ {
		if 10*count[x] < 7*hgt {
			continue
		}
		if len(xs) > 0 && x-xs[len(xs)-1] <= int(mm)+1 {
			continue
		}
		xs = append(xs, x)
	}
	if len(xs) < 4 {
		return 0
	}
	ws := make([]int, len(xs)-1)
	narrow := 0
	for i := range ws {
		ws[i] = xs[i+1] - xs[i]
		if ws[i] < ws[narrow] {
			narrow = i
		}
	}
	second := math.MaxInt
	for i, w := range ws {
		if i != narrow {
			second = min(second, w)
		}
	}
	if 10*ws[narrow] > 7*second {
		return 0
	}
	switch narrow {
	case 0:
		return 1
	case len(ws) - 1:
		return -1
	}
	return 0
}

// asymmetry returns the mean of the per-line normalised differences
// (above-below)/(above+below) and that mean over its standard error.
func asymmetry(votes []lineVote) (mean, t float64) {
	var vals []float64
	for _, v := range votes {
		if s := v.above + v.below; s > 0 {
			vals = append(vals, (v.above-v.below)/s)
		}
	}
	n := float64(len(vals))
	if n < 2 {
		return 0, 0
	}
	var sum, sq float64
	for _, v := range vals {
		sum += v
	}
	mean = sum / n
	for _, v := range vals {
		sq += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(sq / (n - 1))
	return mean, mean / (sd/math.Sqrt(n) + 0.02)
}

// decide combines the cues into the decision and its confidence. The
// text-line asymmetry is the main cue (weight 1.5, saturating at a t of
// 4); alignment, the side of the narrow number column and the layout of
// the form are weaker (0.5 each), since other printings may centre text,
// move columns or change the page design.
func decide(c cues) (upright bool, conf float64) {
	s := 1.5*math.Max(-1, math.Min(1, c.asymT/4)) + 0.5*c.align + 0.5*c.column + 0.5*c.layout
	return s >= 0, math.Min(1, math.Abs(s)/2)
}
