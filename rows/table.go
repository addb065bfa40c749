package rows

import (
	"fmt"
	"image"
	"math"
	"slices"
	"sort"
)

// grid is the table's ruled lines: horizontal rules top to bottom (header
// top, header bottom = first row's top, ..., last row's bottom) and the
// five vertical rules left to right.
type grid struct {
	h        []rule
	v        [5]rule
	rowH     float64           // median row height, pixels
	inferred []bool            // h[i] was inferred (a missing rule), not seen
	extra    []rule            // full-width straight lines that are not rules (folds)
	dashes   []image.Rectangle // pieces of column rules broken into dashes (textGrid), to erase
}

// yAt returns the y of horizontal rule i at x.
func (g *grid) yAt(i int, x float64) float64 { return g.h[i].at(x) }

// xAt returns the x of vertical rule i at y.
func (g *grid) xAt(i int, y float64) float64 { return g.v[i].at(y) }

// verticalRules returns the vertical lines of the binarised page at least
// 30 mm long: the candidates for the table's column rules.
func verticalRules(bm *bitmap, px1mm float64) []rule {
	mm := func(v float64) int { return max(1, int(math.Round(v*px1mm))) }
	tr := thinAcross(bm.transpose(), mm(1.2))
	return findRules(tr, 0, tr.w, 0, tr.h, mm(5), mm(1), mm(30), 1.2*px1mm, px1mm, true)
}

// horizontalRules returns the horizontal lines covering at least minCover
// pixels in the box x0,y0–x1,y1 of the binarised page, in the page's
// coordinates.
func horizontalRules(bm *bitmap, x0, y0, x1, y1, minCover int, px1mm float64) []rule {
	mm := func(v float64) int { return max(1, int(math.Round(v*px1mm))) }
	sub := thinAcross(bm.crop(x0, y0, x1, y1), mm(1.2))
	hs := findRules(sub, 0, sub.w, 0, sub.h, mm(5), mm(1), minCover, 1.2*px1mm, px1mm, false)
	for k := range hs {
		hs[k].pos += float64(y0) - hs[k].slope*float64(x0)
		hs[k].lo += x0
		hs[k].hi += x0
	}
	return hs
}

// findGrid locates the ruled table on the binarised page, among vs, its
// vertical lines (verticalRules). The vertical rules come first: long,
// thin, parallel and sharing the same extent, they are what text, photos
// and page edges never look like. Their extent gives the table's box,
// inside which the horizontal rules are sought.
//
// narrow reports a grid that check refuses only for a name column a
// little narrower than the signature's, returned with a nil error: Find
// takes it when textGrid finds no grid of its own.
func findGrid(bm *bitmap, vs []rule, px1mm float64) (g *grid, narrow bool, err error) {
	mm := func(v float64) int { return max(1, int(math.Round(v*px1mm))) }
	// The group of vertical rules sharing one extent, with most members.
	var group []rule
	for _, a := range vs {
		tol := max(mm(5), (a.hi-a.lo)/20)
		var like []rule
		for _, b := range vs {
			if abs(a.lo-b.lo) <= tol && abs(a.hi-b.hi) <= tol {
				like = append(like, b)
			}
		}
		if len(like) > len(group) || (len(like) == len(group) && len(like) > 0 && like[0].hi-like[0].lo > group[0].hi-group[0].lo) {
			group = like
		}
	}
	if len(group) < 3 {
		return nil, false, fmt.Errorf("rows: %d parallel vertical rules: %w", len(group), ErrNoTable)
	}
	var los, his []int
	for _, v := range group {
		los = append(los, v.lo)
		his = append(his, v.hi)
	}
	top, bot := float64(medianInt(los)), float64(medianInt(his))
	ymid := (top + bot) / 2
	sort.Slice(group, func(i, j int) bool { return group[i].at(ymid) < group[j].at(ymid) })
	if bot-top < 20*px1mm {
		return nil, false, fmt.Errorf("rows: ruled block %.0f mm high: %w", (bot-top)/px1mm, ErrNoTable)
	}

	// Horizontal rules across the box (wider than the vertical rules seen:
	// a faint border may be missing from them).
	// The search starts higher than the rules' top: a rule may have lost
	// its top end (the header's column rules cut by a fold across the
	// page); tableEnds finds the table's own top among them.
	pad := mm(3)
	gx0, gx1 := group[0].at(ymid), group[len(group)-1].at(ymid)
	x0, x1 := max(0, int(gx0)-mm(40)), min(bm.w, int(gx1)+mm(40))
	y0, y1 := max(0, int(top)-mm(15)), min(bm.h, int(bot)+pad)
	hs := horizontalRules(bm, x0, y0, x1, y1, int(0.5*(gx1-gx0)), px1mm)
	xlo, xhi := gx0, gx1
	if len(hs) >= 2 {
		var hl, hh []int
		for _, h := range hs {
			hl = append(hl, h.lo)
			hh = append(hh, h.hi)
		}
		// The rules' ends mark the table; a vertical line beyond them
		// (a page edge) is not one of its columns.
		xlo, xhi = float64(medianInt(hl)), float64(medianInt(hh))
	}
	width := xhi - xlo
	if width < 60*px1mm {
		return nil, false, fmt.Errorf("rows: ruled block %.0f mm wide: %w", width/px1mm, ErrNoTable)
	}
	mid := (xlo + xhi) / 2
	sort.Slice(hs, func(i, j int) bool { return hs[i].at(mid) < hs[j].at(mid) })
	near := 3 * px1mm
	var inTable []rule // the vertical rules within the table's width
	for _, v := range vs {
		if x := v.at(ymid); x >= xlo-near && x <= xhi+near {
			inTable = append(inTable, v)
		}
	}
	top, bot = tableEnds(inTable, hs, top, bot, mid, width, near, 8*px1mm)
	for len(hs) > 0 && hs[len(hs)-1].at(mid) > bot+near {
		hs = hs[:len(hs)-1]
	}
	for len(hs) > 0 && hs[0].at(mid) < top-near {
		hs = hs[1:]
	}
	// The outer rules sit at the vertical rules' ends; add them if unseen.
	if len(hs) == 0 || hs[0].at(mid) > top+near {
		hs = append([]rule{{pos: top, lo: int(xlo), hi: int(xhi), thick: 1}}, hs...)
	}
	if hs[len(hs)-1].at(mid) < bot-near {
		hs = append(hs, rule{pos: bot, lo: int(xlo), hi: int(xhi), thick: 1})
	}
	if len(hs) < 3 {
		return nil, false, fmt.Errorf("rows: %d horizontal rules: %w", len(hs), ErrNoTable)
	}
	g = &grid{h: hs}
	g.regularize(mid, xlo, xhi, px1mm)
	if len(g.h) < 3 {
		return nil, false, fmt.Errorf("rows: %d rows after regularising: %w", len(g.h)-2, ErrNoTable)
	}
	// Column rules: every vertical rule spanning most of the table (a
	// border or a rule broken in the header may fall out of the group).
	var cols []rule
	for _, v := range vs {
		if ov := math.Min(float64(v.hi), bot) - math.Max(float64(v.lo), top); ov >= 0.6*(bot-top) {
			cols = append(cols, v)
		}
	}
	if !g.pickColumns(cols, xlo, xhi, ymid, px1mm) {
		return nil, false, fmt.Errorf("rows: %d vertical rules in the table: %w", len(group), ErrNoTable)
	}
	if err := g.check(px1mm); err != nil {
		if g.checkWidths(px1mm, true) == nil {
			return g, true, nil
		}
		return nil, false, err
	}
	return g, false, nil
}

// tableEnds returns the top and bottom of the table, top and bot being
// where the vertical rules vs start and end by their median (foldReach is
// how far above top a fold may have cut them all). A table ends
// at a full horizontal rule (covered from end to end, unlike a line of
// text) where two of its vertical rules end. Justified text in line with
// some column rules (the notice under the table, flush with its border)
// stretches them down through its lines, and the median with them: the
// bottom is then the last full rule above bot where two rules end. A fold
// across the page can cut the header's column rules short, and the median
// of their tops with them: the top is then the first full rule above top
// where two rules start. When a fold's shadow cuts the tops of all the
// column rules alike, they start inside the header, where no rule runs
// across: the top is then the nearest full rule above, within foldReach.
// hs are sorted by their height at x = mid.
func tableEnds(vs, hs []rule, top, bot, mid, width, near, foldReach float64) (float64, float64) {
	full := func(h rule) bool {
		return float64(h.hi-h.lo) >= 0.9*width && float64(h.cover) >= 0.9*float64(h.hi-h.lo)
	}
	ending := func(y float64, end func(rule) int) bool {
		n := 0
		for _, v := range vs {
			if math.Abs(float64(end(v))-y) <= near {
				n++
			}
		}
		return n >= 2
	}
	seen := top
	for _, h := range hs {
		y := h.at(mid)
		if y >= seen-near {
			break
		}
		if full(h) && ending(y, func(v rule) int { return v.lo }) {
			top = y
			break
		}
	}
	if top == seen && !slices.ContainsFunc(hs, func(h rule) bool { return full(h) && math.Abs(h.at(mid)-seen) <= near }) {
		// The rules start where no rule runs across: a fold's shadow
		// took the top ends of them all alike (unseen4, a page folded
		// 3 mm under its top rule).
		for _, h := range hs {
			if y := h.at(mid); y < seen-near && y >= seen-foldReach && full(h) {
				top = y
			}
		}
	}
	for i := len(hs) - 1; i >= 0; i-- {
		h := hs[i]
		y := h.at(mid)
		if y < bot-near && full(h) {
			if ending(y, func(v rule) int { return v.hi }) {
				bot = y
			}
			break
		}
	}
	return top, bot
}

// border returns the index of the rule of vs (sorted by their x at ymid)
// that is the table's border at x, an end of the horizontal rules, on the
// side dir (-1 left, +1 right): the nearest within 4 mm of x; else the
// nearest beyond x within 8 mm, for no column rule lies outside the rules'
// ends, which can stop short of the border (the dotted ends of a bilevel
// scan's rules scattered, their median 5 mm inside the border, and every
// row number lost its first digit); -1 when there is none.
func border(vs []rule, x, ymid, dir, px1mm float64) int {
	near, outer := 4*px1mm, 8*px1mm
	best, bestCost := -1, math.Inf(1)
	for i, v := range vs {
		d := v.at(ymid) - x
		cost := math.Abs(d)
		switch {
		case cost <= near:
		case d*dir > 0 && cost <= outer:
			cost += outer // only when none lies within near
		default:
			continue
		}
		if cost < bestCost {
			best, bestCost = i, cost
		}
	}
	return best
}

// pickColumns chooses the five vertical rules among vs: the borders at
// the horizontal rules' ends (border), and the three strongest rules
// between them.
func (g *grid) pickColumns(vs []rule, xlo, xhi, ymid, px1mm float64) bool {
	sort.Slice(vs, func(i, j int) bool { return vs[i].at(ymid) < vs[j].at(ymid) })
	left := border(vs, xlo, ymid, -1, px1mm)
	right := border(vs, xhi, ymid, +1, px1mm)
	lrule := rule{pos: xlo, lo: 0, hi: 0}
	rrule := rule{pos: xhi}
	if left >= 0 {
		lrule = vs[left]
	}
	if right >= 0 {
		rrule = vs[right]
	}
	var inner []rule
	for _, v := range vs {
		x := v.at(ymid)
		if x > lrule.at(ymid)+3*px1mm && x < rrule.at(ymid)-3*px1mm {
			inner = append(inner, v)
		}
	}
	if len(inner) < 3 {
		return false
	}
	if len(inner) > 3 {
		sort.Slice(inner, func(i, j int) bool { return inner[i].cover > inner[j].cover })
		inner = inner[:3]
		sort.Slice(inner, func(i, j int) bool { return inner[i].at(ymid) < inner[j].at(ymid) })
	}
	g.v = [5]rule{lrule, inner[0], inner[1], inner[2], rrule}
	return true
}

// regularize drops lines that cut a row in two (a long pen stroke taken for
// a rule) and splits bands holding several rows (a rule too broken to be
// seen) into equal rows.
func (g *grid) regularize(mid, xlo, xhi, px1mm float64) {
	for {
		if len(g.h) < 4 {
			break
		}
		hts := make([]float64, 0, len(g.h)-2)
		for i := 2; i < len(g.h); i++ {
			hts = append(hts, g.h[i].at(mid)-g.h[i-1].at(mid))
		}
		med := median(hts)
		worst, wi := 0.0, -1
		for i := 1; i < len(g.h); i++ {
			d := g.h[i].at(mid) - g.h[i-1].at(mid)
			if d < 0.6*med && (wi < 0 || d < worst) {
				worst, wi = d, i
			}
		}
		if wi < 0 {
			break
		}
		// Drop the one of the two lines that is off the lattice of equally
		// spaced rules (a fold, a pen stroke); on a tie, the weaker one.
		// Never an outer line if avoidable.
		support := func(i int) int {
			n := 0
			for j := range g.h {
				if j == i {
					continue
				}
				k := (g.h[j].at(mid) - g.h[i].at(mid)) / med
				if math.Abs(k-math.Round(k)) < 0.12 {
					n++
				}
			}
			return n
		}
		drop := wi
		switch {
		case wi == len(g.h)-1:
			drop = wi - 1
		case wi-1 == 0:
			drop = wi
		case support(wi-1) < support(wi):
			drop = wi - 1
		case support(wi-1) == support(wi) && g.h[wi-1].cover < g.h[wi].cover:
			drop = wi - 1
		}
		// A line as long as the rules that is not one (a fold, a
		// photocopier streak) is erased like them; a pen stroke is not
		// that long and straight and stays.
		if r := g.h[drop]; r.lo <= int(xlo+3*px1mm) && r.hi >= int(xhi-3*px1mm) && float64(r.cover) >= 0.85*(xhi-xlo) {
			g.extra = append(g.extra, r)
		}
		g.h = append(g.h[:drop], g.h[drop+1:]...)
	}
	g.inferred = make([]bool, len(g.h))
	if len(g.h) < 3 {
		return
	}
	hts := make([]float64, 0, len(g.h)-2)
	for i := 2; i < len(g.h); i++ {
		hts = append(hts, g.h[i].at(mid)-g.h[i-1].at(mid))
	}
	med := median(hts)
	g.rowH = med
	var out []rule
	var inf []bool
	out = append(out, g.h[0])
	inf = append(inf, false)
	for i := 1; i < len(g.h); i++ {
		a, b := g.h[i-1], g.h[i]
		d := b.at(mid) - a.at(mid)
		if n := int(math.Round(d / med)); i >= 2 && n >= 2 && d > 1.6*med {
			for k := 1; k < n; k++ {
				f := float64(k) / float64(n)
				r := a
				r.pos = a.pos + f*(b.pos-a.pos)
				r.slope = a.slope + f*(b.slope-a.slope)
				r.cover = 0
				r.thick = 0 // not seen: erase nothing along it
				out = append(out, r)
				inf = append(inf, true)
			}
		}
		out = append(out, b)
		inf = append(inf, false)
	}
	g.h, g.inferred = out, inf
}

// crop returns the part of b in [x0,x1)×[y0,y1) as a new bitmap.
func (b *bitmap) crop(x0, y0, x1, y1 int) *bitmap {
	c := newBitmap(x1-x0, y1-y0)
	for y := y0; y < y1; y++ {
		copy(c.pix[(y-y0)*c.w:(y-y0+1)*c.w], b.pix[y*b.w+x0:y*b.w+x1])
	}
	return c
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func medianInt(v []int) int {
	s := append([]int(nil), v...)
	sort.Ints(s)
	return s[len(s)/2]
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// check rejects grids that are not the petition's table: its rows are 5 to
// 16 mm high and mostly equal, its number column is the narrowest and its
// name column the widest (formWidths).
func (g *grid) check(px1mm float64) error { return g.checkWidths(px1mm, false) }

// checkWidths is check, with narrowName letting the name column be a
// little narrower than the signature's (formWidths).
func (g *grid) checkWidths(px1mm float64, narrowName bool) error {
	if g.rowH < 5*px1mm || g.rowH > 16*px1mm {
		return fmt.Errorf("rows: rows %.1f mm high: %w", g.rowH/px1mm, ErrNoTable)
	}
	mid := (g.v[0].pos + g.v[4].pos) / 2
	regular := 0
	for i := 2; i < len(g.h); i++ {
		if d := g.h[i].at(mid) - g.h[i-1].at(mid); math.Abs(d-g.rowH) <= 0.15*g.rowH {
			regular++
		}
	}
	if float64(regular) < 0.6*float64(len(g.h)-2) {
		return fmt.Errorf("rows: %d of %d rows of equal height: %w", regular, len(g.h)-2, ErrNoTable)
	}
	ym := (g.h[0].at(mid) + g.h[len(g.h)-1].at(mid)) / 2
	var w [4]float64
	for c := range w {
		w[c] = g.xAt(c+1, ym) - g.xAt(c, ym)
	}
	if !formWidths(w, narrowName) {
		return fmt.Errorf("rows: column widths %.0f, %.0f, %.0f, %.0f mm: %w", w[0]/px1mm, w[1]/px1mm, w[2]/px1mm, w[3]/px1mm, ErrNoTable)
	}
	return nil
}

// formWidths reports whether four column widths are the form's: the
// number column narrowest, the name column wider than the postal code's
// and than the signature's, or, with narrowName, at least 0.8 of the
// signature's. Campaigns print the name column widest as a rule, and the
// rule tells a wrong choice of rules from the right one; but a generated
// layout gave name 71 mm, signature 72 mm, and its page was refused. Find
// takes such a grid only when the printed text gives none (textGrid).
func formWidths(w [4]float64, narrowName bool) bool {
	if !(w[0] < w[1] && w[0] < w[2] && w[0] < w[3] && w[1] > w[2]) {
		return false
	}
	if narrowName {
		return w[1] >= 0.8*w[3]
	}
	return w[1] > w[3]
}
