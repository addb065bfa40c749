package rows

import (
	"image"
	"math"
	"slices"
	"sort"
)

// tracef logs the fallback's reasoning; tests may set it.
var tracef = func(format string, args ...any) {}

// blob is a connected component of ink.
type blob struct {
	box  image.Rectangle
	area int
}

// blobs labels the 8-connected components of bm inside r.
func blobs(bm *bitmap, r image.Rectangle) []blob {
	r = r.Intersect(image.Rect(0, 0, bm.w, bm.h))
	type rn struct{ x0, x1, y, id int32 }
	var runs []rn
	var parent []int32
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	ps, pe := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := bm.pix[y*bm.w:]
		start := len(runs)
		for x := r.Min.X; x < r.Max.X; {
			if row[x] == 0 {
				x++
				continue
			}
			s := x
			for x < r.Max.X && row[x] != 0 {
				x++
			}
			id := int32(len(parent))
			parent = append(parent, id)
			cur := rn{int32(s), int32(x), int32(y), id}
			for k := ps; k < pe; k++ {
				if p := runs[k]; p.x1 >= cur.x0 && p.x0 <= cur.x1 {
					a, b := find(p.id), find(id)
					if a != b {
						parent[b] = a
					}
				}
			}
			runs = append(runs, cur)
		}
		ps, pe = start, len(runs)
	}
	idx := map[int32]int{}
	var out []blob
	for _, q := range runs {
		root := find(q.id)
		rb := image.Rect(int(q.x0), int(q.y), int(q.x1), int(q.y)+1)
		i, ok := idx[root]
		if !ok {
			idx[root] = len(out)
			out = append(out, blob{box: rb})
			i = len(out) - 1
		}
		out[i].box = out[i].box.Union(rb)
		out[i].area += int(q.x1 - q.x0)
	}
	return out
}

// mergeBlobs joins blobs on the same text line whose horizontal gap is at
// most gap pixels, into word- or label-like boxes.
func mergeBlobs(bs []blob, gap int) []blob { return mergeBlobsRel(bs, gap, 0) }

// mergeBlobsRel is mergeBlobs with the gap allowed to reach rel times the
// smaller height of the two blobs.
func mergeBlobsRel(bs []blob, gap int, rel float64) []blob {
	sort.Slice(bs, func(i, j int) bool { return bs[i].box.Min.X < bs[j].box.Min.X })
	used := make([]bool, len(bs))
	var out []blob
	for i := range bs {
		if used[i] {
			continue
		}
		cur := bs[i]
		used[i] = true
		for changed := true; changed; {
			changed = false
			for j := range bs {
				if used[j] {
					continue
				}
				b := bs[j].box
				ov := min(cur.box.Max.Y, b.Max.Y) - max(cur.box.Min.Y, b.Min.Y)
				hgap := max(b.Min.X-cur.box.Max.X, cur.box.Min.X-b.Max.X)
				if ov*2 >= min(cur.box.Dy(), b.Dy()) && hgap <= max(gap, int(rel*float64(min(cur.box.Dy(), b.Dy())))) {
					cur.box = cur.box.Union(b)
					cur.area += bs[j].area
					used[j] = true
					changed = true
				}
			}
		}
		out = append(out, cur)
	}
	return out
}

// textGrid rebuilds the table's grid from its printed text when the rules
// cannot be seen (grey rules lost to a bilevel scan or a photocopy): the
// row numbers form a regular vertical stack on the left, the header's
// three labels sit centred over the name, postal and signature columns.
// The rules it returns are marked unseen, so nothing is erased along them.
func textGrid(ink *bitmap, px1mm float64) (*grid, bool) {
	all := blobs(ink, image.Rect(0, 0, ink.w, ink.h))
	if len(all) > 40000 {
		tracef("textGrid: %d ink blobs: noise or a photo", len(all))
		return nil, false
	}
	mm := func(v float64) int { return int(math.Round(v * px1mm)) }
	var digits []blob
	for _, b := range all {
		h, w := b.box.Dy(), b.box.Dx()
		if h >= mm(1.4) && h <= mm(5) && w >= 1 && w <= mm(4) && float64(b.area) >= 0.2*px1mm*px1mm {
			digits = append(digits, b)
		}
	}
	// The digits of a number are a stroke's width apart, or more where
	// a proportional face gives a 1 wide margins: the two ones of "11"
	// stood 1.0 mm apart at 200 dpi (0.4 of their height), "11" fell
	// apart, and its lone ones, each with a neighbour, were taken for the
	// start of a text line.
	nums := mergeBlobsRel(digits, mm(0.8), 0.5)
	var cands []blob
	for _, n := range nums {
		if n.box.Dx() <= mm(7) {
			cands = append(cands, n)
		}
	}
	// Regular vertical stacks, aligned left, centre or right, tried
	// longest first (then leftmost): the row numbers, unless a longer
	// stack is something else, such as a column rule broken into evenly
	// spaced dashes on a bilevel scan (36 "rows" 5.3 mm apart), which
	// then finds no header over it.
	type stack struct {
		chain []blob
		pitch float64
	}
	var stacks []stack
	for _, key := range []func(image.Rectangle) int{
		func(r image.Rectangle) int { return r.Min.X },
		func(r image.Rectangle) int { return (r.Min.X + r.Max.X) / 2 },
		func(r image.Rectangle) int { return r.Max.X },
	} {
		for _, a := range cands {
			var st []blob
			for _, b := range cands {
				if abs(key(a.box)-key(b.box)) <= mm(1.2) {
					st = append(st, b)
				}
			}
			if len(st) < 5 {
				continue
			}
			sort.Slice(st, func(i, j int) bool { return st[i].box.Min.Y < st[j].box.Min.Y })
			chain, pitch := regularChain(st, px1mm)
			if len(chain) < 5 {
				continue
			}
			stacks = append(stacks, stack{chain, pitch})
		}
	}
	sort.SliceStable(stacks, func(i, j int) bool {
		if len(stacks[i].chain) != len(stacks[j].chain) {
			return len(stacks[i].chain) > len(stacks[j].chain)
		}
		return stacks[i].chain[0].box.Min.X < stacks[j].chain[0].box.Min.X
	})
	// A stack of slivers is a column rule broken into evenly spaced
	// dashes on a bilevel scan (a 36-"row" stack 5.3 mm apart, 0.3 mm
	// wide), not numbers: its dashes are set aside, to be erased with
	// the rules. A stack sharing members with one tried before is part
	// of it.
	var tries []stack
	var dashes []image.Rectangle
	used := map[image.Rectangle]bool{}
	for _, st := range stacks {
		var ws []float64
		for _, b := range st.chain {
			ws = append(ws, float64(b.box.Dx()))
		}
		if median(ws) < 0.6*px1mm {
			for _, b := range st.chain {
				dashes = append(dashes, b.box)
			}
			continue
		}
		shared := 0
		for _, b := range st.chain {
			if used[b.box] {
				shared++
			}
		}
		if shared > 0 {
			continue
		}
		for _, b := range st.chain {
			used[b.box] = true
		}
		tries = append(tries, st)
	}
	if len(tries) == 0 {
		tracef("textGrid: %d digit groups, no stack of 5", len(cands))
		return nil, false
	}
	// The dashes are no header words nor text beside the numbers.
	kept := all
	if len(dashes) > 0 {
		kept = nil
		for _, b := range all {
			dash := false
			for _, d := range dashes {
				if b.box.In(d) {
					dash = true
					break
				}
			}
			if !dash {
				kept = append(kept, b)
			}
		}
	}
	for _, st := range tries[:min(len(tries), maxStacks)] {
		if g, ok := gridFromStack(kept, st.chain, st.pitch, ink.w, px1mm); ok {
			g.dashes = dashes
			return g, true
		}
	}
	return nil, false
}

// maxStacks is how many candidate stacks of row numbers textGrid tries.
const maxStacks = 3

// gridFromStack builds the grid on a stack of row numbers (best, bestPitch
// apart) and the header labels above it, or fails.
func gridFromStack(all, best []blob, bestPitch float64, inkW int, px1mm float64) (*grid, bool) {
	mm := func(v float64) int { return int(math.Round(v * px1mm)) }
	// Trim the ends: the first word of a text line above or below the
	// table can fall in line with the numbers, but it has a neighbour.
	for len(best) > 0 && !isolatedStack(all, best[:1], px1mm) {
		best = best[1:]
	}
	for len(best) > 0 && !isolatedStack(all, best[len(best)-1:], px1mm) {
		best = best[:len(best)-1]
	}
	if len(best) >= 5 && crowdedStack(all, best, px1mm) {
		tracef("textGrid: stack of %d has other text between its members", len(best))
		return nil, false
	}
	if len(best) >= 5 && !isolatedStack(all, best, px1mm) {
		tracef("textGrid: stack of %d is text, not row numbers", len(best))
		return nil, false
	}
	if len(best) < 5 {
		tracef("textGrid: best stack %d once trimmed", len(best))
		return nil, false
	}
	p := bestPitch
	// Row centres, filling numbers not seen.
	var centres []float64
	for i, b := range best {
		c := float64(b.box.Min.Y+b.box.Max.Y) / 2
		if i > 0 {
			prev := centres[len(centres)-1]
			for k := int(math.Round((c-prev)/p)) - 1; k > 0; k-- {
				centres = append(centres, prev+p)
				prev += p
			}
		}
		centres = append(centres, c)
	}
	numR := 0
	numL := inkW
	for _, b := range best {
		numR = max(numR, b.box.Max.X)
		numL = min(numL, b.box.Min.X)
	}
	top := centres[0] - p/2
	// Header labels: text in the band above the first row, right of the
	// numbers. Blobs up to a word wide count: the letters of a bold label
	// run together on a binarised scan ("SIGNATURE" one 21 mm blob).
	var hb []blob
	for _, b := range all {
		if float64(b.box.Max.Y) <= top+float64(mm(0.5)) && float64(b.box.Min.Y) >= top-1.8*p &&
			b.box.Min.X > numR+mm(1) && b.box.Dy() >= mm(1) && b.box.Dy() <= mm(6) && b.box.Dx() <= mm(30) {
			hb = append(hb, b)
		}
	}
	// Words of a label are a space apart; labels are further apart.
	var hts []float64
	for _, b := range hb {
		hts = append(hts, float64(b.box.Dy()))
	}
	// Merge letters into words, then words into the three labels: every
	// split of the words into three runs is tried, widest gaps first, and
	// the first whose columns look like the form's (narrow number column,
	// widest name column) wins. Gaps alone can mislead: "NOM, PRENOM" may
	// be as spaced as "CODE POSTAL" and "SIGNATURE" over a narrow column.
	words := mergeBlobs(hb, int(math.Max(0.3*median(hts), 0.4*px1mm)))
	sort.Slice(words, func(i, j int) bool { return words[i].box.Min.X < words[j].box.Min.X })
	for len(words) > 9 { // specks and stray writing: merge the closest
		bi, bg := 0, math.MaxInt
		for i := 0; i+1 < len(words); i++ {
			if g := words[i+1].box.Min.X - words[i].box.Max.X; g < bg {
				bi, bg = i, g
			}
		}
		words[bi].box = words[bi].box.Union(words[bi+1].box)
		words[bi].area += words[bi+1].area
		words = append(words[:bi+1], words[bi+2:]...)
	}
	if len(words) < 3 {
		tracef("textGrid: stack of %d, pitch %.1f mm, header words %v (top %.0f)", len(best), p/px1mm, words, top)
		return nil, false
	}
	join := func(ws []blob) blob {
		b := ws[0]
		for _, w := range ws[1:] {
			b.box = b.box.Union(w.box)
			b.area += w.area
		}
		return b
	}
	cx := func(b blob) float64 { return float64(b.box.Min.X+b.box.Max.X) / 2 }
	// Labels are usually centred in their columns; each boundary stays in
	// the gap between two labels whatever the alignment.
	clamp := func(v float64, lo, hi int) float64 {
		return math.Max(float64(lo)+0.5*px1mm, math.Min(float64(hi)-0.5*px1mm, v))
	}
	x0 := float64(numL) - 1.5*px1mm
	x1 := float64(numR) + 1.5*px1mm
	columns := func(l [3]blob) (x2, x3, x4 float64) {
		x2 = clamp(2*cx(l[0])-x1, l[0].box.Max.X, l[1].box.Min.X)
		x3 = clamp(2*cx(l[1])-x2, l[1].box.Max.X, l[2].box.Min.X)
		x4 = math.Max(2*cx(l[2])-x3, float64(l[2].box.Max.X)+px1mm)
		return
	}
	var labels [3]blob
	var x2, x3, x4 float64
	found, bestGap := false, -1
	for i := 0; i+2 < len(words); i++ {
		for j := i + 1; j+1 < len(words); j++ {
			l := [3]blob{join(words[:i+1]), join(words[i+1 : j+1]), join(words[j+1:])}
			a, b, c := columns(l)
			w := [4]float64{x1 - x0, a - x1, b - a, c - b}
			if !formWidths(w, false) {
				continue
			}
			gap := min(words[i+1].box.Min.X-words[i].box.Max.X, words[j+1].box.Min.X-words[j].box.Max.X)
			if gap > bestGap {
				found, bestGap, labels = true, gap, l
				x2, x3, x4 = a, b, c
			}
		}
	}
	if !found {
		tracef("textGrid: no split of header words %v gives the form's columns", words)
		return nil, false
	}
	if !(x0 < x1 && x1 < x2 && x2 < x3 && x3 < x4) {
		tracef("textGrid: labels %v give columns %.0f %.0f %.0f %.0f %.0f", labels, x0, x1, x2, x3, x4)
		return nil, false
	}
	hdrTop := top - p
	for _, l := range labels {
		hdrTop = math.Min(hdrTop, float64(l.box.Min.Y)-0.3*p)
	}
	g := &grid{rowH: p}
	flat := func(v float64) rule { return rule{pos: v, thick: 0} }
	g.h = append(g.h, flat(hdrTop), flat(top))
	for i := range centres {
		if i+1 < len(centres) {
			g.h = append(g.h, flat((centres[i]+centres[i+1])/2))
		} else {
			g.h = append(g.h, flat(centres[i]+p/2))
		}
	}
	g.v = [5]rule{flat(x0), flat(x1), flat(x2), flat(x3), flat(x4)}
	g.inferred = make([]bool, len(g.h))
	for i := range g.inferred {
		g.inferred[i] = true
	}
	if err := g.check(px1mm); err != nil {
		tracef("textGrid: %v", err)
		return nil, false
	}
	return g, true
}

// isolatedStack tells printed row numbers from the first words of text
// lines: a number stands alone in its cell, with several millimetres of
// paper before any writing on its right, while words are a space apart.
func isolatedStack(all []blob, st []blob, px1mm float64) bool {
	var gaps []float64
	for _, n := range st {
		gap := 30 * px1mm
		for _, b := range all {
			// Letters only: a speck of dust next to a number is no word.
			if b.box.Dy() < int(px1mm) || float64(b.area) < SpeckMaxMM2*px1mm*px1mm {
				continue
			}
			if b.box.Min.X >= n.box.Max.X && b.box.Max.Y > n.box.Min.Y && b.box.Min.Y < n.box.Max.Y {
				gap = math.Min(gap, float64(b.box.Min.X-n.box.Max.X))
			}
		}
		gaps = append(gaps, gap)
	}
	return median(gaps) >= 2.5*px1mm
}

// crowdedStack tells a column of row numbers, with nothing but paper
// between them, from words at the start of every other line of text.
func crowdedStack(all []blob, st []blob, px1mm float64) bool {
	col := st[0].box
	for _, b := range st[1:] {
		col = col.Union(b.box)
	}
	member := map[image.Rectangle]bool{}
	for _, b := range st {
		member[b.box] = true
	}
	others := 0
	for _, b := range all {
		if b.box.In(col) && float64(b.box.Dy()) >= 1*px1mm && !member[b.box] {
			inside := false
			for _, m := range st {
				if b.box.In(m.box) {
					inside = true
					break
				}
			}
			if !inside {
				others++
			}
		}
	}
	return float64(others) > 0.3*float64(len(st))
}

// regularChain returns the longest run of st (sorted by y) whose spacings
// are whole multiples (1–3) of one row pitch between 5 and 16 mm, and that
// pitch.
func regularChain(st []blob, px1mm float64) ([]blob, float64) {
	if len(st) < 2 {
		return nil, 0
	}
	var diffs []float64
	for i := 1; i < len(st); i++ {
		diffs = append(diffs, float64(st[i].box.Min.Y+st[i].box.Max.Y-st[i-1].box.Min.Y-st[i-1].box.Max.Y)/2)
	}
	var best []blob
	var bestP float64
	for _, p := range diffs {
		if p < 5*px1mm || p > 16*px1mm {
			continue
		}
		var cur []blob
		for i := range st {
			if len(cur) > 0 {
				d := float64(st[i].box.Min.Y+st[i].box.Max.Y-cur[len(cur)-1].box.Min.Y-cur[len(cur)-1].box.Max.Y) / 2
				k := math.Round(d / p)
				if k < 1 || k > 3 || math.Abs(d-k*p) > 0.15*p {
					if len(cur) > len(best) {
						best, bestP = cur, p
					}
					cur = nil
				}
			}
			cur = append(cur, st[i])
		}
		if len(cur) > len(best) {
			best, bestP = cur, p
		}
	}
	// Refine the pitch over the chain. Numbers are printed on every row:
	// a chain that skips many steps is something else.
	if len(best) >= 2 {
		var sum, n float64
		for i := 1; i < len(best); i++ {
			d := float64(best[i].box.Min.Y+best[i].box.Max.Y-best[i-1].box.Min.Y-best[i-1].box.Max.Y) / 2
			k := math.Round(d / bestP)
			sum += d
			n += k
		}
		if n > 1.25*float64(len(best)-1) {
			return nil, 0
		}
		bestP = sum / n
	}
	return best, bestP
}

// snapToRules moves the rules of a grid built from the printed text
// (textGrid) onto the ruled lines the page shows near them (rules, the
// binarised page; vs, its vertical lines, verticalRules), so that they
// are erased from the ink as a ruled grid's are. A page whose rules
// findGrid could not group still has them (the justified notice under
// the table, flush with its border, stretched two column rules through
// its lines), and writing joined to a rule left in the ink went with
// the rule: on such a page of unseen4 two signed rows were read blank.
// A rule with no line near keeps its place and stays in the ink (a page
// that lost its grey rules). g itself is returned when the snapped grid
// does not pass check.
func snapToRules(g *grid, rules *bitmap, vs []rule, px1mm float64) *grid {
	mm := func(v float64) int { return max(1, int(math.Round(v*px1mm))) }
	nh := len(g.h)
	xl, xr := g.v[0].pos, g.v[4].pos
	yt, yb := g.h[0].pos, g.h[nh-1].pos
	mid, ym := (xl+xr)/2, (yt+yb)/2
	s := &grid{h: slices.Clone(g.h), v: g.v, rowH: g.rowH, inferred: slices.Clone(g.inferred), extra: g.extra, dashes: g.dashes}

	cx0, cx1 := max(0, int(xl)-mm(3)), min(rules.w, int(xr)+mm(3))
	cy0, cy1 := max(0, int(yt)-mm(3)), min(rules.h, int(yb)+mm(3))
	if cx1-cx0 < mm(20) || cy1-cy0 < mm(20) {
		return g
	}
	hs := horizontalRules(rules, cx0, cy0, cx1, cy1, int(0.5*(xr-xl)), px1mm)
	for i := range s.h {
		if k := nearestRule(hs, s.h[i].at(mid), mid, 0.3*g.rowH); k >= 0 {
			s.h[i], s.inferred[i] = hs[k], false
		}
	}
	for i := 1; i < nh; i++ {
		if s.h[i].at(mid)-s.h[i-1].at(mid) < 0.5*g.rowH {
			return g // two rules snapped to one line, or crossed
		}
	}
	var cols []rule // the vertical lines spanning most of the table
	for _, v := range vs {
		if min(float64(v.hi), yb)-max(float64(v.lo), yt) >= 0.6*(yb-yt) {
			cols = append(cols, v)
		}
	}
	for i := range s.v {
		if k := nearestRule(cols, s.v[i].at(ym), ym, 2.5*px1mm); k >= 0 {
			s.v[i] = cols[k]
		}
	}
	if s.check(px1mm) != nil {
		return g
	}
	return s
}

// nearestRule returns the index of the rule of rs nearest to across at
// along, if nearer than within; else -1.
func nearestRule(rs []rule, across, along, within float64) int {
	best := -1
	for k, r := range rs {
		if d := math.Abs(r.at(along) - across); d < within {
			best, within = k, d
		}
	}
	return best
}
