package rows

import (
	"math"
	"sort"
)

// rule is a straight ruled line found on the bitmap. For a horizontal rule
// "along" is x and "across" is y; for a vertical rule the reverse.
type rule struct {
	pos    float64 // across-position at along = 0
	slope  float64 // d(across)/d(along)
	lo, hi int     // extent along the rule
	cover  int     // pixels along the rule covered by ink runs
	thick  float64 // mean thickness, pixels
}

// at returns the rule's across-position at along-coordinate a.
func (r rule) at(a float64) float64 { return r.pos + r.slope*a }

type segment struct {
	across, lo, hi int // hi exclusive
}

// transpose returns b with x and y swapped.
func (b *bitmap) transpose() *bitmap {
	t := newBitmap(b.h, b.w)
	const tile = 64
	for y0 := 0; y0 < b.h; y0 += tile {
		for x0 := 0; x0 < b.w; x0 += tile {
			for y := y0; y < min(y0+tile, b.h); y++ {
				row := b.pix[y*b.w:]
				for x := x0; x < min(x0+tile, b.w); x++ {
					t.pix[x*t.w+y] = row[x]
				}
			}
		}
	}
	return t
}

// findRules finds the horizontal rules of b (call it on the transposed
// bitmap for vertical ones) between rows y0 and y1 and columns x0 and x1.
// Runs of ink at least minRun long, bridging gaps up to gap pixels, are
// grouped by row; rules are peaks of that profile covering at least
// minCover pixels and no thicker than maxThick. With trim, a rule's extent
// is cut to its dense part (see denseStretch): the vertical rules bound the
// table, and the stems of justified text in line with a border must not
// stretch it.
func findRules(b *bitmap, x0, x1, y0, y1, minRun, gap, minCover int, maxThick, px1mm float64, trim bool) []rule {
	x0, y0 = max(0, x0), max(0, y0)
	x1, y1 = min(b.w, x1), min(b.h, y1)
	if x1 <= x0 || y1 <= y0 {
		return nil
	}
	prof := make([]float64, b.h)
	var segs []segment
	for y := y0; y < y1; y++ {
		row := b.pix[y*b.w : (y+1)*b.w]
		x := x0
		for x < x1 {
			for x < x1 && row[x] == 0 {
				x++
			}
			if x >= x1 {
				break
			}
			start, last := x, x
			for x < x1 {
				if row[x] != 0 {
					last = x
					x++
					continue
				}
				if x-last > gap {
					break
				}
				x++
			}
			if n := last + 1 - start; n >= minRun {
				prof[y] += float64(n)
				segs = append(segs, segment{y, start, last + 1})
			}
			x = last + 1
		}
	}
	if len(segs) == 0 {
		return nil
	}
	// Smooth by about ±0.5 mm: a rule drifts across rows with residual skew.
	sw := max(1, int(math.Round(0.5*px1mm)))
	sm := make([]float64, b.h)
	var acc float64
	for y := y0; y < y1+sw; y++ {
		if y < y1 {
			acc += prof[y]
		}
		if y-2*sw-1 >= y0 {
			acc -= prof[y-2*sw-1]
		}
		if c := y - sw; c >= y0 && c < y1 {
			sm[c] = acc
		}
	}
	// Peaks: maxima within ±2 mm.
	nb := max(2, int(math.Round(2*px1mm)))
	band := max(2, int(math.Round(1.2*px1mm)))
	sort.Slice(segs, func(i, j int) bool { return segs[i].across < segs[j].across })
	var out []rule
	covered := make([]bool, b.w)
	for y := y0; y < y1; y++ {
		if sm[y] < float64(minCover) {
			continue
		}
		isMax := true
		for d := -nb; d <= nb && isMax; d++ {
			if yy := y + d; yy >= y0 && yy < y1 && d != 0 {
				if sm[yy] > sm[y] || (sm[yy] == sm[y] && d < 0) {
					isMax = false
				}
			}
		}
		if !isMax {
			continue
		}
		lo := sort.Search(len(segs), func(i int) bool { return segs[i].across >= y-band })
		hi := sort.Search(len(segs), func(i int) bool { return segs[i].across > y+band })
		if hi <= lo {
			continue
		}
		var sw, sx, sy, sxx, sxy, total float64
		minX, maxX := b.w, 0
		for i := lo; i < hi; i++ {
			s := segs[i]
			for x := s.lo; x < s.hi; x++ {
				covered[x] = true
			}
			n := float64(s.hi - s.lo)
			mx := float64(s.lo+s.hi-1) / 2
			// Weight by length; a segment's x spread enters sxx.
			sw += n
			sx += n * mx
			sy += n * float64(s.across)
			sxx += n*mx*mx + n*(n*n-1)/12
			sxy += n * mx * float64(s.across)
			total += n
			minX, maxX = min(minX, s.lo), max(maxX, s.hi)
		}
		pre := make([]int, maxX-minX+1)
		for x := minX; x < maxX; x++ {
			pre[x-minX+1] = pre[x-minX]
			if covered[x] {
				pre[x-minX+1]++
				covered[x] = false
			}
		}
		a, b := 0, maxX-minX
		if trim {
			// The longest stretch where ink covers at least a quarter
			// of every 25 mm: stray strokes in line with the rule do
			// not lengthen it.
			if a, b = denseStretch(pre, max(2, int(25*px1mm))); b <= a {
				continue
			}
		}
		for a < b && pre[a+1] == pre[a] {
			a++ // first covered pixel
		}
		for b > a && pre[b] == pre[b-1] {
			b-- // after the last covered pixel
		}
		minX, maxX = minX+a, minX+b
		cov := pre[b] - pre[a]
		if cov < minCover {
			continue
		}
		thick := total / float64(cov)
		if thick > maxThick {
			continue
		}
		mx, my := sx/sw, sy/sw
		vx := sxx/sw - mx*mx
		slope := 0.0
		if vx > 0 {
			slope = (sxy/sw - mx*my) / vx
		}
		// Residual skew is small: clamp wild fits (few, short segments).
		slope = math.Max(-0.01, math.Min(0.01, slope))
		out = append(out, rule{
			pos: my - slope*mx, slope: slope,
			lo: minX, hi: maxX, cover: cov, thick: thick,
		})
	}
	return out
}

// denseStretch returns the longest run [a, b) of positions whose window of
// width w centred on them is at least 25 % covered, pre being the prefix
// sums of coverage (pre[i] = covered pixels before i); windows are counted
// at full width past the ends, so that a rule's end still qualifies and a
// short stray piece alone does not.
func denseStretch(pre []int, w int) (int, int) {
	n := len(pre) - 1
	half := w / 2
	bestA, bestB, a := 0, 0, -1
	for i := 0; i <= n; i++ {
		good := false
		if i < n {
			l, r := max(0, i-half), min(n, i+half+1)
			good = 100*(pre[r]-pre[l]) >= 25*(2*half+1)
		}
		switch {
		case good && a < 0:
			a = i
		case !good && a >= 0:
			if i-a > bestB-bestA {
				bestA, bestB = a, i
			}
			a = -1
		}
	}
	return bestA, bestB
}

// thinAcross keeps the ink pixels whose vertical run of ink is at most
// maxT pixels long: what a horizontal rule is made of. Letters' stems and
// blobs go, so text no longer chains into long runs.
func thinAcross(b *bitmap, maxT int) *bitmap {
	out := newBitmap(b.w, b.h)
	start := make([]int32, b.w) // run start+1 per column, 0 when no run
	flush := func(x, end int) {
		s := int(start[x]) - 1
		if end-s <= maxT {
			for k := s; k < end; k++ {
				out.pix[k*b.w+x] = 1
			}
		}
		start[x] = 0
	}
	for y := 0; y < b.h; y++ {
		row := b.pix[y*b.w : (y+1)*b.w]
		for x, v := range row {
			if v != 0 {
				if start[x] == 0 {
					start[x] = int32(y + 1)
				}
			} else if start[x] != 0 {
				flush(x, y)
			}
		}
	}
	for x := range start {
		if start[x] != 0 {
			flush(x, b.h)
		}
	}
	return out
}
