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
	outer, inner := bm.h, bm.w
	idx := func(o, i int) int { return o*bm.w + i }
	if !horizontal {
		outer, inner = bm.w, bm.h
		idx = func(o, i int) int { return i*bm.w + o }
	}
	for o := 0; o < outer; o++ {
		start, last := -1, -1
		flush := func() {
			if start >= 0 && last-start+1 >= minLen {
				for i := start; i <= last; i++ {
					if bm.on[idx(o, i)] {
						mark[idx(o, i)] = true
					}
				}
			}
		}
		for i := 0; i < inner; i++ {
			if !bm.on[idx(o, i)] {
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
// ruled lines (the table), or top == bottom when there is none.
func tableBand(hrule []bool, bm bitmap, mm float64) (top, bottom int) {
	minRule := int(40 * mm)
	type line struct{ y0, y1 int }
	var lines []line
	for y := 0; y < bm.h; y++ {
		n := 0
		for _, b := range hrule[y*bm.w : (y+1)*bm.w] {
			if b {
				n++
			}
		}
		if n < minRule {
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
		return 0, 0
	}
	pad := int(mm + 1)
	return max(0, lines[bestI].y0-pad), min(bm.h, lines[bestJ].y1+pad+1)
}

// lineVote is the evidence of one text line.
type lineVote struct {
	above, below float64 // ink in the bands just above and below the core
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
	var votes []lineVote
	for y := 0; y < n; {
		if !(prof[y] >= 0.5*lm[y] && lm[y] >= minCore) {
			y++
			continue
		}
		t := y
		for y < n && prof[y] >= 0.5*lm[y] && lm[y] >= minCore {
			y++
		}
		b := y // core is [t, b)
		h := b - t
		if h < minH || h > maxH {
			continue
		}
		k := max(1, (h+1)/2)
		if t-k < 0 || b+k > n {
			continue
		}
		var v lineVote
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

// estimateOrientation reports whether the content is upright (not upside
// down) after removing angle, and the confidence of that decision.
func estimateOrientation(pts []point, w, h int, dpi, angle float64) (upright bool, conf float64) {
	if len(pts) < minInk {
		return true, 0
	}
	mm := dpi / 25.4
	bm := straightenPoints(pts, w, h, angle)
	minLen := int(8 * mm)
	hr := longRuns(bm, minLen, 2, true)
	vr := longRuns(bm, minLen, 2, false)
	top, bottom := tableBand(hr, bm, mm)
	prof := make([]float64, bm.h)
	for y := 0; y < bm.h; y++ {
		if y >= top && y < bottom {
			continue
		}
		n := 0
		for x := y * bm.w; x < (y+1)*bm.w; x++ {
			if bm.on[x] && !hr[x] && !vr[x] {
				n++
			}
		}
		prof[y] = float64(n)
	}
	votes := textLineVotes(prof, mm)
	return decide(votes)
}

// decide combines the line votes. Each line votes with the normalised
// difference (above-below)/(above+below); the decision is the sign of the
// mean and the confidence grows with the mean over its standard error
// (a t statistic), so many consistent lines give near 1 and a few
// contradictory ones near 0.
func decide(votes []lineVote) (upright bool, conf float64) {
	var vals []float64
	for _, v := range votes {
		if s := v.above + v.below; s > 0 {
			vals = append(vals, (v.above-v.below)/s)
		}
	}
	n := float64(len(vals))
	if n < 2 {
		return true, 0
	}
	var sum, sq float64
	for _, v := range vals {
		sum += v
	}
	mean := sum / n
	for _, v := range vals {
		sq += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(sq / (n - 1))
	t := mean / (sd/math.Sqrt(n) + 0.02)
	return mean >= 0, 1 - math.Exp(-math.Abs(t)/orientScale)
}

// orientScale is the t statistic that gives confidence 0.63.
const orientScale = 3.0
