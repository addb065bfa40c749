package pipeline

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"github.com/sheetscan/sheetscan/digits"
	"github.com/sheetscan/sheetscan/rows"
)

// TestMaskedGray checks that the digit reader gets the page's own gray
// levels around the ink the rows package kept, and paper where it removed
// something (a ruled line, another row's writing).
func TestMaskedGray(t *testing.T) {
	page := image.NewGray(image.Rect(0, 0, 60, 40))
	for i := range page.Pix {
		page.Pix[i] = 230 // paper
	}
	for x := 0; x < 60; x++ {
		page.SetGray(x, 5, grayOf(20)) // a ruled line, removed by rows
	}
	for y := 10; y < 30; y++ {
		page.SetGray(30, y, grayOf(40))  // a stroke's core
		page.SetGray(31, y, grayOf(150)) // its faint fringe
	}
	box := image.Rect(10, 2, 50, 35)
	cut := image.NewGray(box)
	for i := range cut.Pix {
		cut.Pix[i] = 255
	}
	for y := 10; y < 30; y++ {
		cut.SetGray(30, y, grayOf(0)) // rows kept the core only
	}
	got := maskedGray(page, rows.Cell{Box: box, Image: cut})
	if got.Rect != box {
		t.Fatalf("bounds %v, want %v", got.Rect, box)
	}
	for _, c := range []struct {
		x, y int
		want uint8
	}{
		{30, 20, 40},  // the core keeps its gray
		{31, 20, 150}, // the fringe comes along
		{30, 5, 255},  // the ruled line stays out
		{45, 20, 255}, // far paper is white
	} {
		if v := got.GrayAt(c.x, c.y).Y; v != c.want {
			t.Errorf("pixel (%d,%d) = %d, want %d", c.x, c.y, v, c.want)
		}
	}
	// Without a cut image of the same bounds, the cut image is used.
	if g := maskedGray(page, rows.Cell{Box: box}); g != nil {
		t.Errorf("no cut image: got %v, want nil", g.Rect)
	}
}

func grayOf(v uint8) color.Gray { return color.Gray{Y: v} }

// TestWithTops draws a digit written across the rule above its row: its
// top (a bar 2 mm above the rule, as on a 5) joined to the rest by a
// slanted stroke that the rule's removal cut, so that the cut cell keeps
// only what lies under the rule. withTops must put the top back, with
// the stroke through the rule, and leave out the rest of the rule and a
// taller stroke of the row above coming down to the rule over another of
// the digit's strokes.
func TestWithTops(t *testing.T) {
	const px1mm = 4.0 // about 100 dpi, small enough to draw by hand
	page := image.NewGray(image.Rect(0, 0, 80, 60))
	for i := range page.Pix {
		page.Pix[i] = 230
	}
	ink := func(x, y int) { page.SetGray(x, y, grayOf(30)) }
	for x := 0; x < 80; x++ {
		ink(x, 20) // the rule above the row, at y 20
		ink(x, 21)
	}
	for x := 20; x <= 32; x++ {
		ink(x, 12) // the digit's top, 2 mm above the rule
		ink(x, 13)
	}
	for y := 13; y <= 40; y++ {
		ink(20+(y-13)/4, y) // its stroke down through the rule
		ink(21+(y-13)/4, y)
	}
	for y := 0; y <= 19; y++ {
		ink(45, y) // the row above's stroke, 5 mm down to the rule
		ink(46, y)
	}
	for y := 22; y <= 40; y++ {
		ink(45, y) // another stroke of the digit, from the rule down
		ink(46, y)
	}
	box := image.Rect(0, 5, 80, 50)
	cut := image.NewGray(box)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			v := uint8(255)
			if y >= 23 && page.GrayAt(x, y).Y < 128 {
				v = 0 // rows kept what lies under the rule
			}
			cut.SetGray(x, y, grayOf(v))
		}
	}
	c := rows.Cell{Box: box, Image: cut}
	got, across := withTops(page, c, 20, px1mm)
	if !across {
		t.Error("withTops put nothing back")
	}
	if got.Rect != box {
		t.Fatalf("bounds %v, want %v", got.Rect, box)
	}
	for _, p := range []struct {
		x, y int
		want uint8
		what string
	}{
		{26, 12, 30, "the digit's top"},
		{22, 20, 30, "its stroke through the rule"},
		{45, 30, 30, "the ink the cut kept"},
		{5, 20, 255, "the rule elsewhere"},
		{45, 10, 255, "the row above's stroke, over the digit's"},
	} {
		if v := got.GrayAt(p.x, p.y).Y; v != p.want {
			t.Errorf("%s, pixel (%d,%d) = %d, want %d", p.what, p.x, p.y, v, p.want)
		}
	}
	// Without the rule where it was said to be, the view is maskedGray's.
	plain := maskedGray(page, c)
	if g, across := withTops(page, c, 45, px1mm); !bytes.Equal(g.Pix, plain.Pix) || across {
		t.Errorf("no rule near the row's top: want maskedGray's view and nothing put back, got across %v", across)
	}
}

// TestPostalCells cuts the postal-code cells of a sample page as the
// trainer of the digit recogniser gets them: one per filled row that has
// ink in its postal cell, in both views (and both again without withTops'
// change), which digits.Align can cut into the digits the truth says were
// written.
func TestPostalCells(t *testing.T) {
	p, pages := sampleProcessor(t)
	defer p.Close()
	tp := pages[0]
	cells, err := p.PostalCells(samplePage(t, tp))
	if err != nil {
		t.Fatalf("PostalCells(%s): %v", tp.File, err)
	}
	want := map[int]string{}
	for _, r := range tp.Rows {
		if r.PostalCode != "" {
			want[r.Number] = r.PostalCode
		}
	}
	if len(cells) < len(want) {
		t.Errorf("PostalCells(%s) = %d cells, want at least the %d rows with a code", tp.File, len(cells), len(want))
	}
	aligned, views := 0, 0
	for _, c := range cells {
		if len(c.Views) != 2 || !c.Views[0].Rect.Eq(c.Views[1].Rect) {
			t.Errorf("row %d: %d views, want the binary and the gray cell of the same box", c.Number, len(c.Views))
			continue
		}
		if wt := c.WithoutTops(); len(wt) != 2 || wt[0] != c.Views[0] || !wt[1].Rect.Eq(c.Views[1].Rect) {
			t.Errorf("row %d: the views without tops are not the binary cell and a gray one of the same box", c.Number)
		}
		code, ok := want[c.Number]
		if !ok {
			continue
		}
		for _, v := range c.Views {
			views++
			if _, ok := digits.Align(v, code, nil); ok {
				aligned++
			}
		}
	}
	t.Logf("%d of %d views of written codes aligned", aligned, views)
	if views == 0 || aligned < views*3/4 {
		t.Errorf("%d of %d views of written codes aligned with the truth, want most", aligned, views)
	}
}

func TestPick(t *testing.T) {
	sure := digits.CodeReading{Code: "75011", Raw: "75011", Score: -0.5, Segments: 5}
	other := digits.CodeReading{Code: "75014", Raw: "75014", Score: -2, Segments: 5}
	third := digits.CodeReading{Code: "75015", Raw: "75015", Score: -3, Segments: 5}
	four := digits.CodeReading{Code: "06000", Raw: "6000", Score: -3, Segments: 4}
	none := digits.CodeReading{}
	for _, c := range []struct {
		name      string
		rs        []digits.CodeReading
		tess      string
		want      string
		tessChose bool
	}{
		{"better score, no Tesseract reading", []digits.CodeReading{other, sure}, "", "75011", false},
		{"better score, Tesseract agrees with it", []digits.CodeReading{other, sure}, "75011", "75011", false},
		{"Tesseract nearer the other", []digits.CodeReading{sure, other}, "75014", "75014", true},
		{"Tesseract one edit from each: the score decides", []digits.CodeReading{sure, other}, "75017", "75011", false},
		{"Tesseract nearer four digits", []digits.CodeReading{sure, four}, "6000", "06000", true},
		{"one view blank", []digits.CodeReading{none, other}, "75011", "75014", false},
		{"no ink at all", []digits.CodeReading{none, none}, "75011", "", false},
		{"the same code", []digits.CodeReading{sure, sure}, "75014", "75011", false},
		{"Tesseract saw under four digits", []digits.CodeReading{sure, four}, "600", "75011", false},
		{"three readings, Tesseract nearest the third", []digits.CodeReading{sure, other, third}, "75015", "75015", true},
		{"three readings, the best score first whatever the order", []digits.CodeReading{third, other, sure}, "", "75011", false},
	} {
		r, chose := pick(c.rs, c.tess)
		if r.Code != c.want || chose != c.tessChose {
			t.Errorf("%s: pick = %q (Tesseract chose: %v), want %q (%v)", c.name, r.Code, chose, c.want, c.tessChose)
		}
	}
}

// BenchmarkReadDigits times the digit recogniser's reading of a postal
// cell as the pipeline makes it (the two views, and the third when they
// disagree), over the filled postal cells of the sample pages; ms/cell
// is the figure the digits issue bounds (5 ms on one core).
func BenchmarkReadDigits(b *testing.B) {
	p, pages := sampleProcessor(b)
	defer p.Close()
	type cell struct {
		page  *image.Gray
		c     rows.Cell
		top   int
		px1mm float64
	}
	var cells []cell
	for _, tp := range pages {
		pg := samplePage(b, tp)
		_, straight, tab, err := p.table(pg)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range tab.Rows {
			if !r.Blank && written(r.Postal) {
				cells = append(cells, cell{straight, r.Postal, r.Box.Min.Y, pg.DPI / 25.4})
			}
		}
	}
	if len(cells) == 0 {
		b.Fatal("no postal cells")
	}
	b.ResetTimer()
	for b.Loop() {
		for _, c := range cells {
			readDigits(c.page, c.c, c.top, c.px1mm, "")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(cells)), "ms/cell")
}
