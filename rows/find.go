package rows

import (
	"fmt"
	"image"
	"math"
)

// Find locates the ruled table on an upright, straightened page scanned at
// dpi dots per inch (150–300) and returns its printed rows with their cells
// cut and classified.
//
// nr reads the printed row numbers; it may be nil, in which case rows are
// numbered 1, 2, … from their order, NumberSource is SourceInferred and
// FormPage is 0. A page without the table yields an error wrapping
// ErrNoTable. Find is safe for concurrent use if nr is.
func Find(page *image.Gray, dpi float64, nr NumberReader) (*Table, error) {
	t, numCells, err := findTable(page, dpi)
	if err != nil {
		return nil, err
	}
	numberRows(t, page, page.Bounds().Min, numCells, nr, dpi/25.4)
	if off := page.Bounds().Min; off != (image.Point{}) {
		for i := range t.Rows {
			r := &t.Rows[i]
			r.Box = r.Box.Add(off)
			for _, c := range []*Cell{&r.Name, &r.Postal, &r.Signature} {
				c.Box = c.Box.Add(off)
				c.Image.Rect = c.Image.Rect.Add(off)
			}
		}
	}
	return t, nil
}

// findTable does Find's work but the numbering: it returns the table with
// row boxes and cells in the bitmaps' coordinates (page minus its
// Bounds().Min) and each row's number cell, binary, in the same
// coordinates.
func findTable(page *image.Gray, dpi float64) (*Table, []*image.Gray, error) {
	if page == nil || page.Bounds().Empty() {
		return nil, nil, fmt.Errorf("rows: empty page: %w", ErrNoTable)
	}
	if dpi <= 0 {
		return nil, nil, fmt.Errorf("rows: dpi %v", dpi)
	}
	px1mm := dpi / 25.4
	off := page.Bounds().Min
	bms := binarize2(page, dpi, ruleK, inkK)
	clearSpeckle(bms[0], px1mm) // the rules' bitmap only: the writing stays whole
	vs := verticalRules(bms[0], px1mm)
	g, narrow, err := findGrid(bms[0], vs, px1mm)
	if err != nil || narrow {
		tg, ok := textGrid(bms[1], px1mm)
		switch {
		case ok:
			g = snapToRules(tg, bms[0], vs, px1mm)
		case narrow:
			// Keep the grid with its narrow name column.
		default:
			return nil, nil, err
		}
	}
	if len(g.h) < 3 {
		return nil, nil, fmt.Errorf("rows: no rows under the header: %w", ErrNoTable)
	}
	content := bms[1]
	mid := (g.v[0].pos + g.v[4].pos) / 2
	top, bot := g.h[0].at(mid), g.h[len(g.h)-1].at(mid)
	xl := int(math.Min(g.xAt(0, top), g.xAt(0, bot)) - 2*px1mm)
	xr := int(math.Max(g.xAt(4, top), g.xAt(4, bot)) + 2*px1mm)
	removeRules(content, g, xl, xr, int(top-2*px1mm), int(bot+2*px1mm), px1mm)
	for _, d := range g.dashes {
		content.clear(d)
	}
	cells := cutCells(content, g, px1mm)

	t := &Table{RowHeight: g.rowH}
	ym := (top + bot) / 2
	for i := range t.ColX {
		t.ColX[i] = int(math.Round(g.xAt(i, ym))) + off.X
	}
	t.Box = image.Rect(t.ColX[0], int(math.Round(top))+off.Y, t.ColX[4], int(math.Round(bot))+off.Y)
	hdr := cells[0]
	t.HeaderFound = hdr[NameCol].InkMM2 >= BlankMinInk && hdr[PostalCol].InkMM2 >= BlankMinInk && hdr[SignatureCol].InkMM2 >= BlankMinInk

	numCells := make([]*image.Gray, 0, len(cells)-1)
	for b := 1; b < len(cells); b++ {
		c := cells[b]
		r := Row{Index: b - 1}
		xm := (g.xAt(0, ym) + g.xAt(4, ym)) / 2
		r.Box = image.Rect(int(math.Round(g.xAt(0, ym))), int(math.Round(g.h[b].at(xm))),
			int(math.Round(g.xAt(4, ym))), int(math.Round(g.h[b+1].at(xm))))
		r.Name, r.Postal, r.Signature = c[NameCol], c[PostalCol], c[SignatureCol]
		classify(&r, px1mm)
		numCells = append(numCells, c[NumberCol].Image)
		t.Rows = append(t.Rows, r)
	}
	return t, numCells, nil
}
