package digits

import (
	"image"
	"slices"
	"sort"

	"github.com/sheetscan/sheetscan/digits/norm"
	"github.com/sheetscan/sheetscan/internal/flood"
	"github.com/sheetscan/sheetscan/slant"
)

// cell is a binarised postal-code cell with its connected components.
type cell struct {
	w, h   int
	gray   []uint8
	bg     uint8
	strong int // grey level below which a pixel is surely ink
	ink    []bool
	label  []int32 // component index+1 per pixel, 0 for background
	comps  []comp
	digH   float64 // estimated digit height, pixels
	pen    float64 // stroke width, pixels; 0 until strokeWidth
}

type comp struct {
	x0, y0, x1, y1 int // inclusive bounding box
	area           int
	pix            []int32 // pixel offsets y*w+x
}

// atom is the smallest unit of the segmentation lattice: one or more
// components (a digit broken in pieces), possibly restricted to a column
// range (a piece of touching digits cut apart).
type atom struct {
	comps          []int
	cx0, cx1       int // column range kept, inclusive
	x0, y0, x1, y1 int // bounding box of the kept pixels
	area           int
	cutLeft        bool    // the left edge is a cut through ink
	cutStrokes     float64 // ink crossed by that cut, in stroke widths
}

// minContrast is the smallest ink/paper difference, in grey levels, for a
// cell to be read at all.
const minContrast = 40

// newCell binarises img, removes ruled-line residue along the edges and
// labels the connected components. It returns nil for a blank cell.
func newCell(img *image.Gray) *cell {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 4 || h < 4 {
		return nil
	}
	c := &cell{w: w, h: h, gray: make([]uint8, w*h)}
	var hist [256]int
	for y := 0; y < h; y++ {
		off := img.PixOffset(b.Min.X, b.Min.Y+y)
		copy(c.gray[y*w:(y+1)*w], img.Pix[off:off+w])
	}
	for _, v := range c.gray {
		hist[v]++
	}
	n := w * h
	bg := uint8(norm.Percentile(&hist, n, 0.75))
	dark := uint8(norm.Percentile(&hist, n, 0.005))
	if int(bg)-int(dark) < minContrast {
		return nil
	}
	c.bg = bg
	// Hysteresis: pixels clearly darker than the paper seed the
	// strokes, fainter ones (thin or blurred strokes) join them when
	// connected; see components.
	span := float64(int(bg) - int(dark))
	c.strong = int(bg) - max(minContrast/2, int(0.45*span))
	weak := int(bg) - max(minContrast/2, int(0.33*span))
	c.ink = make([]bool, n)
	for i, v := range c.gray {
		c.ink[i] = int(v) < weak
	}
	c.removeLines()
	c.deslant(weak)
	n = c.w * c.h
	c.label = make([]int32, n)
	c.components()
	return c
}

// deslant estimates the slant of the writing (the shear that makes the
// vertical ink projection peakiest, i.e. strokes upright) and removes it,
// so that touching italic digits can be cut apart by vertical cuts. The
// recogniser was trained on slanted digits, so a slightly wrong estimate
// costs little.
func (c *cell) deslant(weak int) {
	w, h := c.w, c.h
	yc := float64(h) / 2
	n := 0
	for _, v := range c.ink {
		if v {
			n++
		}
	}
	pts := make([]slant.Point, 0, n)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if c.ink[y*w+x] {
				pts = append(pts, slant.Point{X: float64(x), Y: float64(y) - yc, W: 1})
			}
		}
	}
	s := slant.Estimate(pts, w, h, shears, 1.05)
	if s == 0 {
		return
	}
	g := slant.Apply(&image.Gray{Pix: c.gray, Stride: w, Rect: image.Rect(0, 0, w, h)}, s, c.bg)
	c.w, c.gray = g.Rect.Dx(), g.Pix
	c.ink = make([]bool, len(g.Pix))
	for i, v := range g.Pix {
		c.ink[i] = int(v) < weak
	}
}

// shears are the slants deslant tries: from 0.3 leaning left to 0.6
// leaning right, by steps of 0.1.
var shears = slant.Steps(-3, 6, 0.1)

// removeLines erases long horizontal runs in the top and bottom quarter
// and long vertical runs in the left and right tenth: remains of the ruled
// lines. A stroke crossing such a line loses the line's thickness only.
func (c *cell) removeLines() {
	w, h := c.w, c.h
	minRun := max(8, w/4)
	for y := 0; y < h; y++ {
		if y >= h/4 && y < h-h/4 {
			continue
		}
		row := c.ink[y*w : (y+1)*w]
		for x := 0; x < w; {
			if !row[x] {
				x++
				continue
			}
			e := x
			// Bridge one-pixel gaps: residue of a slightly tilted line
			// breaks up.
			for e < w && (row[e] || (e+1 < w && row[e+1])) {
				e++
			}
			if e-x >= minRun {
				for i := x; i < e; i++ {
					row[i] = false
					c.gray[y*w+i] = c.bg
				}
			}
			x = e
		}
	}
	minV := max(8, h*6/10)
	for x := 0; x < w; x++ {
		if x >= w/10 && x < w-w/10 {
			continue
		}
		for y := 0; y < h; {
			if !c.ink[y*w+x] {
				y++
				continue
			}
			e := y
			for e < h && (c.ink[e*w+x] || (e+1 < h && c.ink[(e+1)*w+x])) {
				e++
			}
			if e-y >= minV {
				for i := y; i < e; i++ {
					c.ink[i*w+x] = false
					c.gray[i*w+x] = c.bg
				}
			}
			y = e
		}
	}
}

// components labels 8-connected ink components and estimates the digit
// height; specks are dropped.
func (c *cell) components() {
	w, h := c.w, c.h
	var all []comp
	flood.Regions(w, h, c.ink, true, func(pix []int, box image.Rectangle) {
		cp := comp{x0: box.Min.X, y0: box.Min.Y, x1: box.Max.X - 1, y1: box.Max.Y - 1, area: len(pix)}
		cp.pix = make([]int32, len(pix))
		hasStrong := false
		for k, p := range pix {
			cp.pix[k] = int32(p)
			hasStrong = hasStrong || int(c.gray[p]) < c.strong
		}
		if !hasStrong {
			// Faint everywhere: paper texture or a shadow.
			for _, p := range pix {
				c.ink[p] = false
			}
			return
		}
		all = append(all, cp)
	})
	if len(all) == 0 {
		return
	}
	// Digit height: median height of the big components.
	maxArea := 0
	for _, cp := range all {
		maxArea = max(maxArea, cp.area)
	}
	var hs []int
	for _, cp := range all {
		if cp.area*4 >= maxArea {
			hs = append(hs, cp.y1-cp.y0+1)
		}
	}
	sort.Ints(hs)
	c.digH = float64(hs[len(hs)/2])
	if c.digH < 6 {
		c.digH = 6
	}
	// Keep components that are not specks, labelled densely.
	minSide := 0.25 * c.digH
	minArea := max(3, int(c.digH*c.digH/200))
	for _, cp := range all {
		wd, ht := float64(cp.x1-cp.x0+1), float64(cp.y1-cp.y0+1)
		if cp.area < minArea || (wd < minSide && ht < minSide) {
			continue
		}
		// A thin stroke spanning nearly the whole cell height is a
		// ruled line (the cell was cut a little wide), not a digit;
		// likewise a flat stroke spanning most of its width.
		touches := cp.y0 == 0 || cp.y1 == h-1
		if (ht >= 0.85*float64(h) || (touches && ht >= 0.7*float64(h))) && wd < 0.2*ht || (wd >= 0.6*float64(w) && ht < 0.15*wd) {
			continue
		}
		// A flat stroke hugging the top or bottom edge is what is left
		// of a ruled line between digits.
		nearEdge := cp.y0 <= 2 || cp.y1 >= h-3
		if nearEdge && ht < 0.2*c.digH && wd > 0.5*c.digH {
			continue
		}
		c.comps = append(c.comps, cp)
		id := int32(len(c.comps))
		for _, p := range cp.pix {
			c.label[p] = id
		}
	}
}

// atoms groups components into blobs (pieces of one digit stacked over
// each other), then cuts blobs too wide for one digit at minima of their
// vertical ink projection, and, with ones, any blob where a 1 touches
// the digit beside it (oneCuts). Atoms come sorted left to right.
func (c *cell) atoms(ones bool) []atom {
	idx := make([]int, len(c.comps))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return c.comps[idx[a]].x0 < c.comps[idx[b]].x0 })
	var blobs []atom
	for _, i := range idx {
		cp := c.comps[i]
		if n := len(blobs); n > 0 {
			b := &blobs[n-1]
			ov := min(b.x1, cp.x1) - max(b.x0, cp.x0) + 1
			narrow := min(b.x1-b.x0, cp.x1-cp.x0) + 1
			if float64(ov) >= 0.5*float64(narrow) {
				b.comps = append(b.comps, i)
				b.x0, b.x1 = min(b.x0, cp.x0), max(b.x1, cp.x1)
				b.y0, b.y1 = min(b.y0, cp.y0), max(b.y1, cp.y1)
				b.area += cp.area
				b.cx0, b.cx1 = b.x0, b.x1
				continue
			}
		}
		blobs = append(blobs, atom{comps: []int{i}, x0: cp.x0, y0: cp.y0, x1: cp.x1, y1: cp.y1, cx0: cp.x0, cx1: cp.x1, area: cp.area})
	}
	var out []atom
	for _, b := range blobs {
		out = append(out, c.split(b, ones)...)
	}
	return out
}

// splitWidth is the blob width, in digit heights, above which a blob is
// cut: a wide 0 or a slanted 7 stays whole, two touching digits do not.
const splitWidth = 0.7

// split cuts a blob wider than one digit at the columns where the least
// ink crosses, keeping cuts at least a third of a digit height apart, and,
// with ones, any blob where a 1 touches the digit beside it (oneCuts).
func (c *cell) split(b atom, ones bool) []atom {
	H := c.digH
	wd := float64(b.x1 - b.x0 + 1)
	if wd <= splitWidth*H && !ones {
		return []atom{b}
	}
	cols := c.columns(b)
	var cuts []int
	if wd > splitWidth*H {
		cuts = c.wideCuts(cols)
	}
	if ones {
		cuts = append(cuts, c.oneCuts(cols, cuts)...)
	}
	if len(cuts) == 0 {
		return []atom{b}
	}
	sort.Ints(cuts)
	var out []atom
	lo := b.x0
	for i := 0; i <= len(cuts); i++ {
		hi := b.x1
		if i < len(cuts) {
			hi = b.x0 + cuts[i] - 1
		}
		a := atom{comps: b.comps, cx0: lo, cx1: hi, x0: c.w, y0: c.h, x1: -1, y1: -1, cutLeft: i > 0}
		if i > 0 {
			a.cutStrokes = float64(cols[cuts[i-1]].ink) / c.strokeWidth()
		}
		for _, ci := range b.comps {
			for _, p := range c.comps[ci].pix {
				x, y := int(p)%c.w, int(p)/c.w
				if x < lo || x > hi {
					continue
				}
				a.x0, a.x1 = min(a.x0, x), max(a.x1, x)
				a.y0, a.y1 = min(a.y0, y), max(a.y1, y)
				a.area++
			}
		}
		if a.area > 0 {
			out = append(out, a)
		}
		lo = hi + 1
	}
	return out
}

// wideCuts chooses the cuts of a blob too wide for one digit, as columns
// of cols, its columns: the deepest local minima of its vertical ink
// projection, as many as the width suggests digits, plus one for the
// lattice to refuse.
func (c *cell) wideCuts(cols []column) []int {
	H := c.digH
	proj := func(x int) int { return cols[x].ink }
	wd := float64(len(cols))
	want := int(wd/(0.62*H)+0.5) - 1
	want = max(1, min(4, want)) + 1 // one spare cut for the lattice to refuse
	margin := int(0.25 * H)
	type cand struct{ x, v int }
	var cs []cand
	for x := margin; x < len(cols)-margin; x++ {
		// Local minimum (plateaus count once, at their left end).
		p, left, right := proj(x), proj(x-1), proj(x+1)
		if p <= left && p <= right && (p < left || x == margin || left != p) {
			cs = append(cs, cand{x, p})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].v != cs[j].v {
			return cs[i].v < cs[j].v
		}
		return cs[i].x < cs[j].x
	})
	var cuts []int
	gap := int(0.33 * H)
	for _, cd := range cs {
		if len(cuts) == want {
			break
		}
		ok := true
		for _, x := range cuts {
			if abs(x-cd.x) < gap {
				ok = false
				break
			}
		}
		if ok {
			cuts = append(cuts, cd.x)
		}
	}
	return cuts
}

// column describes the ink of one column of a blob.
type column struct {
	ink      int // pixels
	runs     int // vertical runs of ink
	longest  int // the longest run
	top, bot int // the highest and lowest ink, cell rows; bot < 0 without ink
}

// columns returns the columns of blob b, left to right.
func (c *cell) columns(b atom) []column {
	w := b.x1 - b.x0 + 1
	cols := make([]column, w)
	on := make([]bool, w*c.h)
	for _, ci := range b.comps {
		for _, p := range c.comps[ci].pix {
			x, y := int(p)%c.w-b.x0, int(p)/c.w
			on[y*w+x] = true
		}
	}
	for x := range cols {
		col := column{top: c.h, bot: -1}
		run := 0
		for y := 0; y <= c.h; y++ {
			if y < c.h && on[y*w+x] {
				col.ink++
				col.top, col.bot = min(col.top, y), y
				run++
				continue
			}
			if run > 0 {
				col.runs++
				col.longest = max(col.longest, run)
			}
			run = 0
		}
		cols[x] = col
	}
	return cols
}

// oneCuts returns cuts that set apart a 1 written touching the digit
// beside it ("13", "20157", "44116"): in each piece of the blob between
// the cuts it has (have, columns of cols), at either end, a narrow part
// (at most oneWidth digit heights) holding an upright stroke (a run of
// ink down one column of oneHeight digit heights), joined to the rest by
// one stroke crossing the column of the cut, of no more ink than
// oneJoinStrokes stroke widths. The rest must be a digit (a third of a
// digit height wide and half of one high, not the bar of a 7) or another
// upright stroke; the pieces a cut leaves are looked at again, so that
// "116" gives 1, 1, 6. wideCuts keep a quarter of a digit height from the
// blob's ends and a third of one between cuts, and blobs under splitWidth
// are not cut at all, so such a 1 was read as part of its neighbour and
// the code lost a digit: the most common way a five-digit code was read
// with four on the pipeline's cut cells of the development sets. The
// lattice still reads the blob whole when that scores better (a cut costs
// cutPenalty). No cut comes within a fifth of a digit height of another.
func (c *cell) oneCuts(cols []column, have []int) []int {
	sides := c.sidesOf(cols)
	var added []int
	for range 3 {
		cuts := slices.Sorted(slices.Values(append(slices.Clone(have), added...)))
		var found []int
		near := func(x int) bool {
			close := func(y int) bool { return float64(abs(x-y)) < 0.2*c.digH }
			return slices.ContainsFunc(cuts, close) || slices.ContainsFunc(found, close)
		}
		lo := 0
		for k := 0; k <= len(cuts); k++ {
			hi := len(cols)
			if k < len(cuts) {
				hi = cuts[k]
			}
			for _, x := range c.endCuts(cols, sides, lo, hi) {
				if !near(x) {
					found = append(found, x)
				}
			}
			lo = hi
		}
		if len(found) == 0 {
			break
		}
		added = append(added, found...)
	}
	return added
}

// sides tells, for each column boundary x of a blob (0 to its width),
// what lies left of it (columns before x) and right of it (columns from
// x on): the height of the ink, and whether it holds an upright stroke
// (a 1's).
type sides struct {
	before, after     []int
	upBefore, upAfter []bool
}

// tall reports whether a column holds a run of ink as tall as a 1's.
func (c *cell) tall(col column) bool { return float64(col.longest) >= oneHeight*c.digH }

// sidesOf returns the sides of every column boundary of a blob.
func (c *cell) sidesOf(cols []column) sides {
	n := len(cols)
	s := sides{make([]int, n+1), make([]int, n+1), make([]bool, n+1), make([]bool, n+1)}
	for x, t, b := 0, c.h, -1; x < n; x++ {
		if cols[x].bot >= 0 {
			t, b = min(t, cols[x].top), max(b, cols[x].bot)
		}
		s.before[x+1], s.upBefore[x+1] = b-t+1, s.upBefore[x] || c.tall(cols[x])
	}
	for x, t, b := n-1, c.h, -1; x >= 0; x-- {
		if cols[x].bot >= 0 {
			t, b = min(t, cols[x].top), max(b, cols[x].bot)
		}
		s.after[x], s.upAfter[x] = b-t+1, s.upAfter[x+1] || c.tall(cols[x])
	}
	return s
}

// endCuts returns the cuts of oneCuts at the two ends of the piece
// [lo, hi) of a blob of columns cols. The rest a cut leaves is measured
// in the whole blob (sd): a piece may end at a cut through the digit
// beside.
func (c *cell) endCuts(cols []column, sd sides, lo, hi int) []int {
	H, pen := c.digH, c.strokeWidth()
	n := len(cols)
	thinnest := max(2, int(0.75*pen+0.5)) // the narrowest 1, in columns
	if hi-lo < 2*thinnest+2 {
		return nil
	}
	widest := int(oneWidth * H)
	// Whether the piece holds an upright stroke between two columns.
	upright := func(a, b int) bool {
		return slices.ContainsFunc(cols[a:b], c.tall)
	}
	var cuts []int
	for _, left := range []bool{true, false} {
		best, bestV := -1, 0
		for d := thinnest; d <= widest && lo+d < hi-1; d++ {
			x := lo + d
			if !left {
				x = hi - 1 - d
			}
			// The narrow part, left of x or right of it, and the rest.
			one, rest, restH, restUp := upright(lo, x), n-x, sd.after[x], sd.upAfter[x+1]
			if !left {
				one, rest, restH, restUp = upright(x+1, hi), x+1, sd.before[x+1], sd.upBefore[x]
			}
			digit := float64(rest) >= H/3 && float64(restH) >= 0.5*H
			if one && (digit || restUp) &&
				cols[x].runs == 1 && float64(cols[x].ink) <= oneJoinStrokes*pen &&
				cols[x].ink <= cols[x-1].ink && cols[x].ink <= cols[x+1].ink &&
				(best < 0 || cols[x].ink < bestV) {
				best, bestV = x, cols[x].ink
			}
		}
		if best < 0 {
			continue
		}
		if !left {
			best++ // the cut column starts the right part
		}
		cuts = append(cuts, best)
	}
	return cuts
}

// The shape of a 1 written touching its neighbour (oneCuts), in digit
// heights and stroke widths.
const (
	oneWidth       = 0.35
	oneHeight      = 0.6
	oneJoinStrokes = 1.5
)

// strokeWidth estimates the pen width as the median length of vertical
// ink runs (most cross a horizontal or slanted stroke), computed once.
func (c *cell) strokeWidth() float64 {
	if c.pen > 0 {
		return c.pen
	}
	var runs []int
	for x := 0; x < c.w; x++ {
		n := 0
		for y := 0; y <= c.h; y++ {
			if y < c.h && c.label[y*c.w+x] != 0 {
				n++
				continue
			}
			if n > 0 {
				runs = append(runs, n)
			}
			n = 0
		}
	}
	c.pen = 2
	if len(runs) > 0 {
		sort.Ints(runs)
		c.pen = max(1, float64(runs[len(runs)/2]))
	}
	return c.pen
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// crop renders the atoms as one digit image: their pixels and the
// anti-aliased fringe around them keep their grey, everything else
// (other digits, specks) becomes paper.
func (c *cell) crop(as []atom) *image.Gray {
	x0, y0, x1, y1 := c.w, c.h, -1, -1
	for _, a := range as {
		x0, x1 = min(x0, a.x0), max(x1, a.x1)
		y0, y1 = min(y0, a.y0), max(y1, a.y1)
	}
	x0, y0 = max(0, x0-1), max(0, y0-1)
	x1, y1 = min(c.w-1, x1+1), min(c.h-1, y1+1)
	g := image.NewGray(image.Rect(0, 0, x1-x0+1, y1-y0+1))
	for i := range g.Pix {
		g.Pix[i] = c.bg
	}
	in := func(x, y int) bool {
		l := c.label[y*c.w+x]
		if l == 0 {
			return false
		}
		for _, a := range as {
			if x < a.cx0 || x > a.cx1 {
				continue
			}
			for _, ci := range a.comps {
				if int(l) == ci+1 {
					return true
				}
			}
		}
		return false
	}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			keep := in(x, y)
			if !keep && !c.ink[y*c.w+x] {
				keep = (x > 0 && in(x-1, y)) || (x+1 < c.w && in(x+1, y)) || (y > 0 && in(x, y-1)) || (y+1 < c.h && in(x, y+1))
			}
			if keep && c.gray[y*c.w+x] < c.bg {
				g.Pix[(y-y0)*g.Stride+x-x0] = c.gray[y*c.w+x]
			}
		}
	}
	return g
}
