package rows

import (
	"image"
	"image/color"
	"math"
	"sort"
)

type run struct {
	y, x0, x1 int32 // x1 exclusive, page coordinates
	comp      int32
}

type cellKey struct{ band, col int }

type component struct {
	area int
	box  image.Rectangle
	mass [8]struct {
		key cellKey
		n   int
	} // the few cells it touches
	cell  cellKey
	kept  bool
	isDot bool
	split bool // a signature-column component cut at the rules between rows
	// strike: a stroke through a whole row touching another row's
	// signature; its signature-column part is cut at the rules, each
	// other column's part goes to the row holding most of it there.
	strike bool
}

// cutCells labels the ink of content (rules already removed) inside the
// table, gives each connected component to the cell holding most of its
// mass, drops dust, and returns for each band (0 = header) the four cells.
func cutCells(content *bitmap, g *grid, px1mm float64) [][4]Cell {
	nb := len(g.h) - 1
	mm2 := 1 / (px1mm * px1mm)
	xl := int(math.Floor(math.Min(g.v[0].at(g.h[0].at(0)), g.v[0].at(g.h[nb].at(0))))) - int(px1mm)
	xr := int(math.Ceil(math.Max(g.v[4].at(g.h[0].at(0)), g.v[4].at(g.h[nb].at(0))))) + int(px1mm)
	xl, xr = max(0, xl), min(content.w, xr)
	mid := float64(xl+xr) / 2
	yt := max(0, int(g.h[0].at(mid)-2*px1mm))
	yb := min(content.h, int(g.h[nb].at(mid)+0.7*g.rowH))

	// Label runs, 8-connected.
	var runs []run
	var parent []int32
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	prevStart, prevEnd := 0, 0
	for y := yt; y < yb; y++ {
		row := content.pix[y*content.w:]
		start := len(runs)
		x := xl
		for x < xr {
			if row[x] == 0 {
				x++
				continue
			}
			s := x
			for x < xr && row[x] != 0 {
				x++
			}
			id := int32(len(parent))
			parent = append(parent, id)
			r := run{int32(y), int32(s), int32(x), id}
			for k := prevStart; k < prevEnd; k++ {
				p := runs[k]
				if p.x1 >= r.x0 && p.x0 <= r.x1 { // overlap or diagonal touch
					a, b := find(p.comp), find(id)
					if a != b {
						parent[b] = a
					}
				}
			}
			runs = append(runs, r)
		}
		prevStart, prevEnd = start, len(runs)
	}
	// Components.
	idx := make(map[int32]int)
	var comps []component
	for i := range runs {
		root := find(runs[i].comp)
		ci, ok := idx[root]
		if !ok {
			ci = len(comps)
			idx[root] = ci
			comps = append(comps, component{box: image.Rect(int(runs[i].x0), int(runs[i].y), int(runs[i].x1), int(runs[i].y)+1)})
		}
		runs[i].comp = int32(ci)
		c := &comps[ci]
		r := runs[i]
		c.area += int(r.x1 - r.x0)
		c.box = c.box.Union(image.Rect(int(r.x0), int(r.y), int(r.x1), int(r.y)+1))
		xm := float64(r.x0+r.x1) / 2
		band := g.bandAt(xm, float64(r.y))
		// Split the run across vertical rules.
		x := int(r.x0)
		for col := -1; col <= 4 && x < int(r.x1); col++ {
			end := int(r.x1)
			if col < 4 {
				end = min(end, int(math.Round(g.xAt(col+1, float64(r.y)))))
			}
			if end > x {
				c.add(cellKey{band, col}, end-x)
				x = end
			}
		}
	}
	// Assign and filter.
	for i := range comps {
		c := &comps[i]
		best := 0
		for k := range c.mass {
			if c.mass[k].n > c.mass[best].n {
				best = k
			}
		}
		c.cell = c.mass[best].key
		c.kept = c.cell.band >= 0 && c.cell.band < nb && c.cell.col >= 0 && c.cell.col < 4 &&
			float64(c.area)*mm2 >= SpeckMaxMM2
	}
	dropRuleRemnants(comps, g, px1mm)
	splitTouchingSignatures(comps, px1mm)
	splitStrikes(comps, px1mm)
	liftUnderlines(comps, g, px1mm)
	assignByBaseline(comps, runs, g, px1mm)
	dropIsolatedDots(comps, px1mm)

	// Cell boxes: the ruled cell, grown to hold its components.
	cells := make([][4]Cell, nb)
	for b := 0; b < nb; b++ {
		for col := 0; col < 4; col++ {
			xm := (g.xAt(col, 0) + g.xAt(col+1, 0)) / 2
			ym := (g.h[b].at(xm) + g.h[b+1].at(xm)) / 2
			x0 := int(math.Round(g.xAt(col, ym)))
			x1 := int(math.Round(g.xAt(col+1, ym)))
			y0 := int(math.Round(g.h[b].at(xm)))
			y1 := int(math.Round(g.h[b+1].at(xm)))
			cells[b][col].Box = image.Rect(x0, y0, x1, y1)
		}
	}
	// A component that crosses a column rule with much ink on both sides
	// (a strike through the whole row, a name running into the postal
	// cell) gives each column its own part; a small overhang stays with
	// the component's column.
	minPiece := int(0.5 * px1mm * px1mm)
	colMass := func(c *component, col int) int {
		n := 0
		for _, m := range c.mass {
			if m.n > 0 && m.key.col == col {
				n += m.n
			}
		}
		return n
	}
	type piece struct {
		band, col, y, x0, x1 int
		split                bool
	}
	var pieces []piece
	for _, r := range runs {
		c := &comps[r.comp]
		if !c.kept {
			continue
		}
		x := int(r.x0)
		for col := -1; col <= 4 && x < int(r.x1); col++ {
			end := int(r.x1)
			if col < 4 {
				end = min(end, int(math.Round(g.xAt(col+1, float64(r.y)))))
			}
			if end <= x {
				continue
			}
			tc := c.cell.col
			if col != tc && col >= 0 && col < 4 && colMass(c, col) >= minPiece {
				tc = col
			}
			band := c.cell.band
			cut := c.split || c.strike && tc == int(SignatureCol)
			if cut {
				band = min(max(1, g.bandAt(float64(x+end)/2, float64(r.y))), nb-1)
			} else if c.strike {
				band = min(max(1, c.bandIn(tc)), nb-1)
			}
			pieces = append(pieces, piece{band, tc, int(r.y), x, end, cut})
			x = end
		}
	}
	for _, p := range pieces {
		cl := &cells[p.band][p.col]
		cl.Box = cl.Box.Union(image.Rect(p.x0, p.y, p.x1, p.y+1))
	}
	for b := range cells {
		for col := range cells[b] {
			cl := &cells[b][col]
			cl.Image = image.NewGray(cl.Box)
			for i := range cl.Image.Pix {
				cl.Image.Pix[i] = 255
			}
		}
	}
	black := color.Gray{0}
	count := make([][4]int, nb)
	split := make([][4]int, nb)
	for _, p := range pieces {
		img := cells[p.band][p.col].Image
		for x := p.x0; x < p.x1; x++ {
			img.SetGray(x, p.y, black)
		}
		count[p.band][p.col] += p.x1 - p.x0
		if p.split {
			split[p.band][p.col] += p.x1 - p.x0
		}
	}
	for b := range cells {
		for col := range cells[b] {
			cl := &cells[b][col]
			n := count[b][col]
			cl.InkMM2 = float64(n) * mm2
			cl.SplitInkMM2 = float64(split[b][col]) * mm2
			if a := cl.Box.Dx() * cl.Box.Dy(); a > 0 {
				cl.Ink = float64(n) / float64(a)
			}
		}
	}
	return cells
}

func (c *component) add(k cellKey, n int) {
	for i := range c.mass {
		if c.mass[i].n > 0 && c.mass[i].key == k {
			c.mass[i].n += n
			return
		}
	}
	for i := range c.mass {
		if c.mass[i].n == 0 {
			c.mass[i].key, c.mass[i].n = k, n
			return
		}
	}
}

// bandAt returns the band holding page point (x, y): 0 is the header,
// -1 above the table, len(g.h)-1 below it.
func (g *grid) bandAt(x, y float64) int {
	i := sort.Search(len(g.h), func(i int) bool { return g.h[i].at(x) > y })
	return i - 1
}

// dropIsolatedDots unkeeps small dot-like components with no writing near
// them in their cell: dust, a pen touching the paper, a punch-hole edge.
// The dot over an i or an accent has its letter close by.
func dropIsolatedDots(comps []component, px1mm float64) {
	mm2 := 1 / (px1mm * px1mm)
	near := int(2.5 * px1mm)
	byCell := make(map[cellKey][]int)
	for i := range comps {
		if comps[i].kept {
			byCell[comps[i].cell] = append(byCell[comps[i].cell], i)
		}
	}
	for _, ids := range byCell {
		for _, i := range ids {
			c := &comps[i]
			side := max(c.box.Dx(), c.box.Dy())
			if float64(c.area)*mm2 >= 1.0 || float64(side) >= 1.5*px1mm {
				continue
			}
			grown := c.box.Inset(-near)
			alone := true
			for _, j := range ids {
				if j != i && comps[j].box.Overlaps(grown) && !comps[j].isDotLike(px1mm) {
					alone = false
					break
				}
			}
			c.isDot = alone
		}
	}
	for i := range comps {
		if comps[i].isDot {
			comps[i].kept = false
		}
	}
}

func (c *component) isDotLike(px1mm float64) bool {
	mm2 := 1 / (px1mm * px1mm)
	return float64(c.area)*mm2 < 1.0 && float64(max(c.box.Dx(), c.box.Dy())) < 1.5*px1mm
}

// assignByBaseline moves writing that crosses a rule to the row it is
// written on. Components of one column that sit side by side on a line
// (the letters of a word, the strokes of a signature) are grouped; the
// group belongs to the band holding its baseline, taken as the height
// above which 85 % of its ink lies, raised by a tenth of a row so that
// writing sitting on the bottom rule stays in its row. Writing that rises
// above its top rule, or whose descenders cross the bottom one, so stays
// with its own row although much of its ink lies outside it.
func assignByBaseline(comps []component, runs []run, g *grid, px1mm float64) {
	var ids []int
	for i := range comps {
		// Signatures are scribbles, not text on a line: they keep the
		// row holding most of their ink.
		if c := comps[i].cell; comps[i].kept && c.band >= 1 && (c.col == int(NameCol) || c.col == int(PostalCol)) {
			ids = append(ids, i)
		}
	}
	if len(ids) == 0 {
		return
	}
	sort.Slice(ids, func(a, b int) bool { return comps[ids[a]].box.Min.X < comps[ids[b]].box.Min.X })
	parent := make(map[int]int, len(ids))
	for _, i := range ids {
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
	gap := int(1.5 * px1mm)
	if len(ids) > 0 {
		// Sorted by left edge: a piece cut by a rule may start left of
		// its partner by up to its width; widen the search accordingly.
		gap = max(gap, int(0.5*px1mm))
	}
	for a, i := range ids {
		ci := comps[i].box
		for _, j := range ids[a+1:] {
			cj := comps[j].box
			if cj.Min.X > ci.Max.X+gap {
				break
			}
			if comps[i].cell.col != comps[j].cell.col {
				continue
			}
			ov := min(ci.Max.Y, cj.Max.Y) - max(ci.Min.Y, cj.Min.Y)
			// Overlap measured against the taller: letters of one word
			// overlap most of it, words of two rows only a little. Two
			// pieces facing each other across a rule are one stroke the
			// rule's removal cut.
			if 2*ov >= max(ci.Dy(), cj.Dy()) || cutByRule(ci, cj, g, px1mm) {
				if ra, rb := find(i), find(j); ra != rb {
					parent[rb] = ra
				}
			}
		}
	}
	type group struct {
		box  image.Rectangle
		hist map[int]int
		n    int
	}
	groups := map[int]*group{}
	for _, i := range ids {
		r := find(i)
		gr := groups[r]
		if gr == nil {
			gr = &group{box: comps[i].box, hist: map[int]int{}}
			groups[r] = gr
		}
		gr.box = gr.box.Union(comps[i].box)
	}
	inGroup := make(map[int32]*group)
	for _, i := range ids {
		inGroup[int32(i)] = groups[find(i)]
	}
	for _, r := range runs {
		if gr := inGroup[r.comp]; gr != nil {
			gr.hist[int(r.y)] += int(r.x1 - r.x0)
			gr.n += int(r.x1 - r.x0)
		}
	}
	band := map[*group]int{}
	for _, gr := range groups {
		acc, y85 := 0, gr.box.Max.Y
		for y := gr.box.Min.Y; y < gr.box.Max.Y; y++ {
			acc += gr.hist[y]
			if float64(acc) >= 0.85*float64(gr.n) {
				y85 = y
				break
			}
		}
		x := float64(gr.box.Min.X+gr.box.Max.X) / 2
		band[gr] = g.bandAt(x, float64(y85)-0.1*g.rowH)
	}
	nb := len(g.h) - 1
	for _, i := range ids {
		if b := band[groups[find(i)]]; b >= 1 && b < nb {
			comps[i].cell.band = b
		}
	}
}

// cutByRule reports whether boxes a and b face each other across a
// horizontal rule, less than 0.6 mm apart, overlapping horizontally: the
// two ends of a stroke whose crossing pixels were taken for the rule.
func cutByRule(a, b image.Rectangle, g *grid, px1mm float64) bool {
	if a.Min.Y > b.Min.Y {
		a, b = b, a
	}
	if min(a.Max.X, b.Max.X) <= max(a.Min.X, b.Min.X) {
		return false
	}
	gapV := b.Min.Y - a.Max.Y
	if gapV < 0 || float64(gapV) > 0.6*px1mm+2 {
		return false
	}
	x := float64(max(a.Min.X, b.Min.X)+min(a.Max.X, b.Max.X)) / 2
	return g.bandAt(x, float64(a.Max.Y)-1) != g.bandAt(x, float64(b.Min.Y)+1)
}

// dropRuleRemnants unkeeps thin slivers lying along a rule: what a blurred
// or thick rule leaves beside the pixels removeRules took.
func dropRuleRemnants(comps []component, g *grid, px1mm float64) {
	thin := int(0.5*px1mm) + 1
	near := 0.6 * px1mm
	for i := range comps {
		c := &comps[i]
		if !c.kept {
			continue
		}
		cx := float64(c.box.Min.X+c.box.Max.X) / 2
		cy := float64(c.box.Min.Y+c.box.Max.Y) / 2
		if c.box.Dy() <= thin {
			for _, r := range append(g.h[:len(g.h):len(g.h)], g.extra...) {
				if r.thick > 0 && math.Abs(r.at(cx)-cy) <= near {
					c.kept = false
					break
				}
			}
		}
		if c.kept && c.box.Dx() <= thin {
			for k := range g.v {
				if g.v[k].thick > 0 && math.Abs(g.v[k].at(cy)-cx) <= near {
					c.kept = false
					break
				}
			}
		}
	}
}

// signatureShareMM2 is how much of one piece of ink must lie in the
// signature column of a row for that row to hold a signature of its own
// there (about a short initial's worth): what splitTouchingSignatures asks
// of each of two rows, and splitStrikes of the row a strike touches.
const signatureShareMM2 = 5.0

// splitTouchingSignatures marks signature-column components with much ink
// in two rows (at least 35 % and signatureShareMM2 in each): two
// signatures touching across a rule. They are cut at the rule instead of
// going whole to one row, which would leave the other unsigned.
func splitTouchingSignatures(comps []component, px1mm float64) {
	mm2 := 1 / (px1mm * px1mm)
	for i := range comps {
		c := &comps[i]
		if !c.kept || c.cell.col != int(SignatureCol) {
			continue
		}
		per := map[int]int{}
		total := 0
		for _, m := range c.mass {
			if m.n > 0 && m.key.col == int(SignatureCol) {
				per[m.key.band] += m.n
				total += m.n
			}
		}
		big := 0
		for _, n := range per {
			if float64(n) >= 0.35*float64(total) && float64(n)*mm2 >= signatureShareMM2 {
				big++
			}
		}
		c.split = big >= 2
	}
}

// splitStrikes marks a component that runs through three columns and has
// much ink (signatureShareMM2 or more) in the signature column of a second
// row: a strike through a whole row that touches another row's
// signature, most often one rising from the row below. Whole, it went to
// the row holding most of its ink, and took the struck row's name and
// code with it: the struck row read blank, and its neighbour struck
// (unseen7). Now its signature-column part is cut at the rules, as
// splitTouchingSignatures cuts two touching signatures, and its name and
// code each go to the row holding most of their ink (writing that crosses
// its own rule stays whole).
func splitStrikes(comps []component, px1mm float64) {
	mm2 := 1 / (px1mm * px1mm)
	for i := range comps {
		c := &comps[i]
		if !c.kept || c.split {
			continue
		}
		cols := map[int]bool{}
		home := c.bandIn(int(NameCol))
		other := 0
		for _, m := range c.mass {
			if m.n > 0 && m.key.col >= int(NameCol) && m.key.col <= int(SignatureCol) {
				cols[m.key.col] = true
				if m.key.col == int(SignatureCol) && m.key.band != home {
					other = max(other, m.n)
				}
			}
		}
		c.strike = len(cols) >= 3 && float64(other)*mm2 >= signatureShareMM2
	}
}

// bandIn returns the band holding most of c's ink in column col, or
// c's own band when it has none there.
func (c *component) bandIn(col int) int {
	best, n := c.cell.band, 0
	for _, m := range c.mass {
		if m.key.col == col && m.n > n {
			best, n = m.key.band, m.n
		}
	}
	return best
}

// liftUnderlines gives to the row above a long flat stroke (at most 2.5 mm
// high, six times as wide as high) lying in the top half of a signature
// cell: the underline or flourish of the signature above, drawn on or
// just under its bottom rule.
func liftUnderlines(comps []component, g *grid, px1mm float64) {
	for i := range comps {
		c := &comps[i]
		if !c.kept || c.cell.col != int(SignatureCol) || c.cell.band < 2 || c.split {
			continue
		}
		if float64(c.box.Dy()) > 2.5*px1mm || float64(c.box.Dx()) < 8*px1mm || c.box.Dx() < 6*c.box.Dy() {
			continue
		}
		x := float64(c.box.Min.X+c.box.Max.X) / 2
		top := g.h[c.cell.band].at(x)
		if float64(c.box.Max.Y) <= top+0.5*g.rowH {
			c.cell.band--
		}
	}
}
