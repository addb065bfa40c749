package pipeline

import (
	"image"
	"math"
	"slices"
	"sort"

	"github.com/sheetscan/sheetscan/decide"
	"github.com/sheetscan/sheetscan/digits"
	"github.com/sheetscan/sheetscan/digits/norm"
	"github.com/sheetscan/sheetscan/internal/flood"
	"github.com/sheetscan/sheetscan/postal"
	"github.com/sheetscan/sheetscan/rows"
	"github.com/sheetscan/sheetscan/scanfile"
	"github.com/sheetscan/sheetscan/tally"
)

// lexicon is the list of valid postal codes the digit reader decodes
// against.
var lexicon = postal.Codes()

// readDigits reads a postal-code cell with the handwritten-digit
// recogniser, constrained to valid La Poste codes, twice: on the binary cell
// the rows package cut, and on the page's gray pixels under its ink
// (maskedGray). The gray reading was the better one on low-resolution
// scans (thin strokes broken by the page-wide binarisation), the binary one
// on some generated fonts; keeping the one with the better score raised
// exact codes on every labelled set but one (cmd/evaluate: samples 88.5 →
// 91.2 %, MNIST-digit pages 71.2 → 81.7 %, the `cal` set 73.2 → 72.1 %).
//
// When the two readings say different things, the recogniser also reads
// the page's gray under the whole cell box (grayCell), which owes nothing
// to the rows package's cut: the digits it lost at a rule or gave to
// another row are there (and so are the rules and the neighbours'
// strokes, which is why it is not the first view). On the cut cells of the
// thirteen calibration sets, that third reading, taken in about one cell
// in six, kept what was written 18 more times (2,339 of 2,792); read
// always, it gained 23, for half again the recogniser's time. Through the
// pipeline (cmd/evaluate), postal exact rose on 15 of 18 corpora (samples
// 94.8 → 95.5 %) and fell by one code on one.
//
// Among the readings, tess, Tesseract's reading of the cell, decides if it
// has four digits or more: the one fewer digit edits away from it
// (tally.Distance, where a swap of two digits is one edit: the same
// choices as plain Levenshtein on the cut cells) is kept, the better score
// otherwise. With two readings, that kept what was
// written 2,321 times against 2,285 by score alone, and gained on twelve
// sets. Shorter Tesseract readings ("32") are noise: letting them decide
// lost a code that had been accepted. Whether the first two readings gave
// the same code, and whether Tesseract chose, is part of the evidence:
// decide trusts no code another reading contradicts. It returns nil when
// the cell holds no digit-like ink.
//
// The second view also has back the tops of digits written across the
// rule above the row (withTops): top is that rule's y on the page, px1mm
// the page's pixels per millimetre.
func readDigits(page *image.Gray, c rows.Cell, top int, px1mm float64, tess string) *decide.CodeReading {
	views, across := postalViews(page, unstruck(c), top, px1mm)
	rs := []digits.CodeReading{digits.ReadCode(views[0], lexicon)}
	agree := false
	if len(views) > 1 {
		rg := digits.ReadCode(views[1], lexicon)
		agree = rs[0].Code != "" && rg.Code == rs[0].Code
		rs = append(rs, rg)
		if rs[0].Written() != rg.Written() {
			rs = append(rs, digits.ReadCode(grayCell(page, c), lexicon))
		}
	}
	r, tessChose := pick(rs, tess)
	if r.Segments == 0 {
		return nil
	}
	return &decide.CodeReading{Code: r.Code, Margin: r.Margin, Raw: r.Raw, ViewsAgree: agree, TessChose: tessChose, AcrossRule: across}
}

// pick chooses among the recogniser's readings of a cell: the best score,
// unless another says something else and is fewer edits away from
// Tesseract's reading tess, of four digits or more (tessChose). Readings
// of no ink are left out; with none left, it returns the zero reading.
func pick(rs []digits.CodeReading, tess string) (r digits.CodeReading, tessChose bool) {
	var c []digits.CodeReading
	for _, x := range rs {
		if x.Segments > 0 {
			c = append(c, x)
		}
	}
	if len(c) == 0 {
		return digits.CodeReading{}, false
	}
	sort.SliceStable(c, func(i, j int) bool { return c[i].Score > c[j].Score })
	r = c[0]
	if len(tess) >= 4 {
		d := tally.Distance(r.Written(), tess)
		for _, x := range c[1:] {
			if dx := tally.Distance(x.Written(), tess); x.Written() != r.Written() && dx < d {
				r, d, tessChose = x, dx, true
			}
		}
	}
	return r, tessChose
}

// postalViews returns the views of a postal-code cell the digit reader
// always reads: the binary cut cell c, then the page's gray under its ink
// with the tops of digits written across the rule above put back
// (withTops, which says whether it put any back), when it can be had. c
// comes without the line of a row struck through (unstruck), and so do
// both views.
func postalViews(page *image.Gray, c rows.Cell, top int, px1mm float64) (views []*image.Gray, across bool) {
	views = []*image.Gray{c.Image}
	if g, a := withTops(page, c, top, px1mm); g != c.Image {
		views, across = append(views, g), a
	}
	return views, across
}

// unstruck returns the cell c without the line of a row struck through
// (rows.RemoveStrike).
func unstruck(c rows.Cell) rows.Cell {
	if c.Image != nil {
		c.Image = rows.RemoveStrike(c.Image)
	}
	return c
}

// withTops returns maskedGray's view of the postal-code cell c (its cut
// image without the strike, unstruck) with the tops of digits written
// across the rule above the row put back, the rule lying near top (page
// y). Removing that rule cuts such digits where they cross it at a
// slant (a run of ink across the rule no longer than the rule is thick is
// taken for the rule), and the rows package then gives the pieces above
// it, joined to nothing, to the row above: the top of a 5, the upper loop
// of an 8 are lost and the code misread. So where the cut keeps a stroke
// just under the rule and the page has ink just above it, the piece of
// ink above is put back with the rule's pixels between them, unless it
// reaches more than 2.5 mm above the rule (the row above's writing coming
// down). The rule's other pixels are left out. across reports whether
// anything was put back.
//
// On the cut cells of the thirteen calibration sets and mnistval (the
// pipeline's three views, the better score), codes written above the
// line were read right 128 times in 206 instead of 108, the others 2,627
// times in 2,947 instead of 2,628.
func withTops(page *image.Gray, c rows.Cell, top int, px1mm float64) (view *image.Gray, across bool) {
	cut := c.Image
	src, ok := page.SubImage(c.Box).(*image.Gray)
	if !ok || src.Rect.Empty() || cut == nil || !cut.Rect.Eq(src.Rect) {
		return maskedGray(page, c), false
	}
	b := cut.Rect
	w, h := b.Dx(), b.Dy()
	kept := func(x, y int) bool {
		return x >= 0 && y >= 0 && x < w && y < h && cut.Pix[y*cut.Stride+x] < 128
	}
	// Ink on the page: darker than midway between the paper (the 90th
	// percentile) and the median of the ink the cut kept.
	var all, inkv [256]int
	n, nInk := 0, 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := src.Pix[y*src.Stride+x]
			all[v]++
			n++
			if kept(x, y) {
				inkv[v]++
				nInk++
			}
		}
	}
	if nInk == 0 {
		return maskedGray(page, c), false
	}
	th := (norm.Percentile(&all, n, 0.9) + norm.Percentile(&inkv, nInk, 0.5)) / 2
	ink := func(x, y int) bool {
		return x >= 0 && y >= 0 && x < w && y < h && int(src.Pix[y*src.Stride+x]) < th
	}
	rowInk := func(y int) int {
		k := 0
		for x := 0; x < w; x++ {
			if ink(x, y) {
				k++
			}
		}
		return k
	}
	// The rule: the row with most ink within 1 mm of top, and the rows
	// around it that are ink over more than half the cell's width.
	ty, mm := top-b.Min.Y, int(px1mm)
	best, ry := -1, ty
	for y := max(0, ty-mm); y <= min(h-1, ty+mm); y++ {
		if k := rowInk(y); k > best {
			best, ry = k, y
		}
	}
	if best <= w/2 {
		return maskedGray(page, c), false
	}
	lo, hi := ry, ry
	for lo > 0 && rowInk(lo-1) > w/2 {
		lo--
	}
	for hi < h-1 && rowInk(hi+1) > w/2 {
		hi++
	}
	mask := inkMask(cut)
	// The pieces of ink above the rule, by label (region index + 1).
	var pieces [][]int
	var tops []int
	label := make([]int32, lo*w)
	above := make([]bool, lo*w)
	for i := range above {
		above[i] = ink(i%w, i/w)
	}
	flood.Regions(w, lo, above, true, func(pix []int, box image.Rectangle) {
		pieces, tops = append(pieces, slices.Clone(pix)), append(tops, box.Min.Y)
		for _, i := range pix {
			label[i] = int32(len(pieces))
		}
	})
	used := make([]bool, len(pieces))
	reach := int(0.6*px1mm) + 3
	highest := max(0, lo-int(math.Round(2.5*px1mm)))
	for x := 0; x < w; x++ {
		// A kept stroke leaving the rule downwards, reached through the
		// page's ink...
		kb := -1
		for y := hi + 1; y <= min(h-1, hi+reach) && ink(x, y); y++ {
			if kept(x, y) {
				kb = y
				break
			}
		}
		// ...and, above the rule, ink the cut did not keep.
		ka := -1
		for y := lo - 1; y >= max(0, lo-reach); y-- {
			if kept(x, y) {
				break
			}
			if ink(x, y) {
				ka = y
				break
			}
		}
		if kb < 0 || ka < 0 {
			continue
		}
		// Each piece once, from its first column; a piece reaching more
		// than 2.5 mm above the rule is the row above's.
		k := label[ka*w+x] - 1
		if used[k] {
			continue
		}
		used[k] = true
		if tops[k] < highest {
			continue
		}
		for _, i := range pieces[k] {
			mask[i] = true
		}
		for y := ka; y <= kb; y++ {
			mask[y*w+x] = true
		}
		across = true
	}
	view = grownMask(src, mask, w, h)
	for y := lo; y <= hi; y++ {
		for x := 0; x < w; x++ {
			if !mask[y*w+x] {
				view.Pix[y*view.Stride+x] = 255
			}
		}
	}
	return view, across
}

// maskedGray returns the page's gray pixels where the cut cell kept ink,
// grown by a pixel or two so that the anti-aliased fringe and faint parts
// of thin strokes come along, and paper elsewhere: the ruled lines and the
// other rows' writing stay out (rows removed them), while the digit reader
// binarises the strokes at its own threshold instead of inheriting the
// page-wide one, which breaks thin strokes on low-resolution scans.
func maskedGray(page *image.Gray, c rows.Cell) *image.Gray {
	src, ok := page.SubImage(c.Box).(*image.Gray)
	if !ok || src.Rect.Empty() || c.Image == nil || !c.Image.Rect.Eq(src.Rect) {
		return c.Image
	}
	return grownMask(src, inkMask(c.Image), c.Image.Rect.Dx(), c.Image.Rect.Dy())
}

// inkMask returns the ink of a binary cell image (black below 128), row
// by row.
func inkMask(img *image.Gray) []bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	mask := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x, v := range img.Pix[y*img.Stride : y*img.Stride+w] {
			mask[y*w+x] = v < 128
		}
	}
	return mask
}

// grownMask returns src's pixels within 2 pixels of the w×h mask, paper
// (255) elsewhere.
func grownMask(src *image.Gray, mask []bool, w, h int) *image.Gray {
	const grow = 2
	out := image.NewGray(src.Rect)
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if !mask[y*w+x] {
				continue
			}
			for yy := max(0, y-grow); yy <= min(h-1, y+grow); yy++ {
				for xx := max(0, x-grow); xx <= min(w-1, x+grow); xx++ {
					out.Pix[yy*out.Stride+xx] = src.Pix[yy*src.Stride+xx]
				}
			}
		}
	}
	return out
}

// PostalCell is the postal-code cell of a filled row as the digit
// recogniser reads it, in the two views readDigits always reads (not the
// third, read when they disagree).
type PostalCell struct {
	Number int           // printed row number
	Views  []*image.Gray // postalViews
	// Untopped is the second view as maskedGray gives it, without
	// withTops' change (the tops of digits written across the rule above
	// put back, the rule's rows cleared); nil when there is no second
	// view.
	Untopped *image.Gray
}

// WithoutTops returns the cell's views with the second one as it was
// before withTops: the cells the committed network was tuned on.
func (c PostalCell) WithoutTops() []*image.Gray {
	if c.Untopped == nil {
		return c.Views[:1]
	}
	return []*image.Gray{c.Views[0], c.Untopped}
}

// PostalCells straightens a page, finds its table and returns the
// postal-code cells of its filled rows, without reading them: the cells
// cut from labelled pages are what cmd/train-digits teaches the digit
// recogniser with, so that it learns the cells the pipeline really gives
// it (ruled-line residue, the scan's blur and binarisation), and measures
// it on.
func (p *Processor) PostalCells(pg *scanfile.Page) ([]PostalCell, error) {
	_, straight, tab, err := p.table(pg)
	if err != nil {
		return nil, err
	}
	var out []PostalCell
	for _, r := range tab.Rows {
		if r.Blank || !written(r.Postal) {
			continue
		}
		u := unstruck(r.Postal)
		c := PostalCell{Number: r.Number}
		c.Views, _ = postalViews(straight, u, r.Box.Min.Y, pg.DPI/25.4)
		if len(c.Views) > 1 {
			c.Untopped = maskedGray(straight, u)
		}
		out = append(out, c)
	}
	return out, nil
}
