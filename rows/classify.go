package rows

import (
	"image"
	"math"
)

// classify sets Blank, Signed and Struck with their scores.
func classify(r *Row, px1mm float64) {
	r.BlankScore = r.Name.InkMM2 + r.Postal.InkMM2 + r.Signature.InkMM2
	r.Blank = r.BlankScore < BlankMinInk
	r.SignedScore = r.Signature.InkMM2
	r.Signed = r.SignedScore >= SignedMinInk
	if r.Name.InkMM2 >= BlankMinInk {
		r.StruckScore = strikeSpan(r.Name.Image, px1mm)
	}
	r.Struck = r.StruckScore >= StruckMinSpan
}

// strikeSpan measures the longest nearly horizontal stroke through the
// middle of the writing in img, as a share of the writing's width.
//
// Horizontal stroke pixels are those on a horizontal run of at least 2 mm
// (a pen line drawn at up to about 10° gives such runs; letters rarely
// do, except the bars of capitals). Runs are chained when they nearly
// touch (gaps up to 1.5 mm along, 0.6 mm across); a chain's extent counts
// if its middle lies within the middle half of the writing's height, so
// underlines and the bars at the top of capitals do not.
func strikeSpan(img *image.Gray, px1mm float64) float64 {
	b := img.Bounds()
	ink := inkBounds(img)
	if ink.Dx() < int(3*px1mm) {
		return 0
	}
	minRun := int(2 * px1mm)
	type hrun struct{ y, x0, x1, chain int }
	var runs []hrun
	for y := ink.Min.Y; y < ink.Max.Y; y++ {
		row := img.Pix[(y-b.Min.Y)*img.Stride:]
		x := ink.Min.X - b.Min.X
		end := ink.Max.X - b.Min.X
		for x < end {
			if row[x] >= 128 {
				x++
				continue
			}
			s := x
			for x < end && row[x] < 128 {
				x++
			}
			if x-s >= minRun {
				runs = append(runs, hrun{y, s + b.Min.X, x + b.Min.X, len(runs)})
			}
		}
	}
	if len(runs) == 0 {
		return 0
	}
	parent := make([]int, len(runs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	gx, gy := int(1.5*px1mm), max(1, int(0.6*px1mm))
	for i := range runs {
		for j := i + 1; j < len(runs) && runs[j].y-runs[i].y <= gy; j++ {
			if runs[j].x0 <= runs[i].x1+gx && runs[i].x0 <= runs[j].x1+gx {
				a, c := find(i), find(j)
				if a != c {
					parent[c] = a
				}
			}
		}
	}
	type chain struct {
		x0, x1 int
		ysum   float64
		n      int
	}
	chains := map[int]*chain{}
	for i, r := range runs {
		k := find(i)
		c := chains[k]
		if c == nil {
			c = &chain{x0: r.x0, x1: r.x1}
			chains[k] = c
		}
		c.x0, c.x1 = min(c.x0, r.x0), max(c.x1, r.x1)
		c.ysum += float64(r.y) * float64(r.x1-r.x0)
		c.n += r.x1 - r.x0
	}
	lo := float64(ink.Min.Y) + 0.25*float64(ink.Dy())
	hi := float64(ink.Min.Y) + 0.75*float64(ink.Dy())
	best := 0.0
	for _, c := range chains {
		ym := c.ysum / float64(c.n)
		if c.x1-c.x0 > ink.Dx()/4 {
			tracef("strike chain x %d..%d ym %.0f band %.0f..%.0f", c.x0, c.x1, ym, lo, hi)
		}
		if ym < lo || ym > hi {
			continue
		}
		best = math.Max(best, float64(c.x1-c.x0)/float64(ink.Dx()))
	}
	return best
}
