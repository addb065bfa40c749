package pipeline

import (
	"image"
	"sort"

	"github.com/sheetscan/sheetscan/decide"
	"github.com/sheetscan/sheetscan/digits"
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
func readDigits(page *image.Gray, c rows.Cell, tess string) *decide.CodeReading {
	views := postalViews(page, c)
	rs := []digits.CodeReading{digits.ReadCode(views[0], lexicon)}
	agree := false
	if len(views) > 1 {
		rg := digits.ReadCode(views[1], lexicon)
		agree = rs[0].Code != "" && rg.Code == rs[0].Code
		rs = append(rs, rg)
		if codeOf(rs[0]) != codeOf(rg) {
			rs = append(rs, digits.ReadCode(grayCell(page, c), lexicon))
		}
	}
	r, tessChose := pick(rs, tess)
	if r.Segments == 0 {
		return nil
	}
	return &decide.CodeReading{Code: r.Code, Margin: r.Margin, Raw: r.Raw, ViewsAgree: agree, TessChose: tessChose}
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
		d := tally.Distance(codeOf(r), tess)
		for _, x := range c[1:] {
			if dx := tally.Distance(codeOf(x), tess); codeOf(x) != codeOf(r) && dx < d {
				r, d, tessChose = x, dx, true
			}
		}
	}
	return r, tessChose
}

// codeOf is what a reading says was written: the four digits seen, or
// the valid code.
func codeOf(r digits.CodeReading) string {
	if len(r.Raw) == 4 || r.Code == "" {
		return r.Raw
	}
	return r.Code
}

// postalViews returns the views of a postal-code cell the digit reader
// reads: the binary cut cell, then the page's gray under its ink when it
// can be had, both without the line of a row struck through.
func postalViews(page *image.Gray, c rows.Cell) []*image.Gray {
	if c.Image != nil {
		c.Image = rows.RemoveStrike(c.Image)
	}
	views := []*image.Gray{c.Image}
	if g := maskedGray(page, c); g != c.Image {
		views = append(views, g)
	}
	return views
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
	b := c.Image.Rect
	w, h := b.Dx(), b.Dy()
	const grow = 2
	out := image.NewGray(b)
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if c.Image.Pix[y*c.Image.Stride+x] >= 128 {
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
}

// PostalCells straightens a page, finds its table and returns the
// postal-code cells of its filled rows, without reading them: the cells
// cut from labelled pages are what cmd/train-digits teaches the digit
// recogniser with, so that it learns the cells the pipeline really gives
// it (ruled-line residue, the scan's blur and binarisation).
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
		out = append(out, PostalCell{Number: r.Number, Views: postalViews(straight, r.Postal)})
	}
	return out, nil
}
