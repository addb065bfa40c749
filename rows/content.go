package rows

import "math"

// removeRules clears the ruled lines of g from bm in place, keeping pen
// strokes that cross them: across each rule, a run of ink no longer than
// the rule is thick is rule; a longer run going through to both sides is
// a stroke crossing it and stays whole; a run on one side only is a
// stroke touching the rule, and loses the rule's pixels.
func removeRules(bm *bitmap, g *grid, x0, x1, y0, y1 int, px1mm float64) {
	for _, r := range g.h {
		clearRule(bm, r, false, max(0, x0), min(bm.w, x1), px1mm)
	}
	for _, r := range g.extra {
		clearRule(bm, r, false, max(0, x0), min(bm.w, x1), px1mm)
	}
	for _, r := range g.v {
		clearRule(bm, r, true, max(0, y0), min(bm.h, y1), px1mm)
	}
}

func clearRule(bm *bitmap, r rule, vertical bool, from, to int, px1mm float64) {
	if r.thick <= 0 {
		return // a rule placed from the text or interpolated, not seen
	}
	half := int(math.Ceil(r.thick/2 + 0.25*px1mm))
	limit := int(math.Max(r.thick*1.8, r.thick+2)+0.5) + int(0.15*px1mm)
	hb := int(math.Ceil(r.thick/2 + 0.5))
	get := func(along, across int) bool {
		if vertical {
			return bm.at(across, along)
		}
		return bm.at(along, across)
	}
	set0 := func(along, across int) {
		if vertical {
			bm.pix[along*bm.w+across] = 0
		} else {
			bm.pix[across*bm.w+along] = 0
		}
	}
	acrossMax := bm.h
	if vertical {
		acrossMax = bm.w
	}
	for a := from; a < to; a++ {
		c := int(math.Round(r.at(float64(a))))
		lo, hi := c-half, c+half
		p := lo
		for p <= hi {
			if p < 0 || p >= acrossMax || !get(a, p) {
				p++
				continue
			}
			s := p
			for s-1 >= 0 && get(a, s-1) {
				s--
			}
			e := p
			for e+1 < acrossMax && get(a, e+1) {
				e++
			}
			above, below := s < c-hb, e > c+hb
			switch {
			case e-s+1 <= limit:
				for q := s; q <= e; q++ {
					set0(a, q)
				}
			case above != below:
				// A stroke ending on the rule: clear the rule under it,
				// so writing only touching the line does not join the
				// writing of the next row through it.
				for q := max(s, c-hb); q <= min(e, c+hb); q++ {
					set0(a, q)
				}
			}
			p = e + 1
		}
	}
}
