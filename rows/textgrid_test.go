package rows

import (
	"image"
	"math"
	"testing"
)

// TestTextGridWideHeaderWords rebuilds the grid of a table without visible
// rules from its row numbers and header labels, when the labels' letters
// ran together into word-wide blobs (bold print, binarised at 150 dpi):
// "POSTAL" or "SIGNATURE" is then one blob 13–21 mm wide, and a header
// search that kept letter-sized blobs only lost the postal column's right
// side (a generated page's postal column came out 10 mm wide instead of
// 23, and signatures were read in the wrong cells).
// textOnlyPage draws, at 150 dpi, a table without visible rules: row
// numbers 1–10 at 20–30 mm, 9 mm apart from y = 80 mm, and the header
// labels as word-wide blobs over columns ending at 120, 145 and 190 mm.
func textOnlyPage() (bm *bitmap, px1mm float64, fill func(x0, y0, x1, y1 float64)) {
	const dpi = 150.0
	px1mm = dpi / 25.4
	mm := func(v float64) int { return int(math.Round(v * px1mm)) }
	bm = newBitmap(mm(210), mm(297))
	fill = func(x0, y0, x1, y1 float64) {
		for y := mm(y0); y < mm(y1); y++ {
			for x := mm(x0); x < mm(x1); x++ {
				bm.pix[y*bm.w+x] = 1
			}
		}
	}
	const top, pitch = 80.0, 9.0
	for i := 0; i < 10; i++ {
		y := top + float64(i)*pitch + 3
		fill(22, y, 24, y+3) // one digit
		if i == 9 {
			fill(24.6, y, 26.6, y+3) // "10"
		}
	}
	hy := top - 6 // header labels, word by word
	for _, w := range [][2]float64{{58, 72}, {74, 92}, {121, 129}, {130.5, 143.5}, {157, 178}} {
		fill(w[0], hy, w[1], hy+3)
	}
	return bm, px1mm, fill
}

// checkTextGrid checks the grid of textOnlyPage.
func checkTextGrid(t *testing.T, g *grid, px1mm float64) {
	t.Helper()
	if n := len(g.h) - 2; n != 10 {
		t.Errorf("%d rows, want 10", n)
	}
	for i, want := range []float64{120, 145, 190} {
		if got := g.v[i+2].pos / px1mm; math.Abs(got-want) > 4 {
			t.Errorf("column rule %d at %.1f mm, want %.0f mm", i+2, got, want)
		}
	}
}

// TestTextGridWideHeaderWords rebuilds the grid of a table without visible
// rules from its row numbers and header labels, when the labels' letters
// ran together into word-wide blobs (bold print, binarised at 150 dpi):
// "POSTAL" or "SIGNATURE" is then one blob 13–21 mm wide, and a header
// search that kept letter-sized blobs only lost the postal column's right
// side (a generated page's postal column came out 10 mm wide instead of
// 23, and signatures were read in the wrong cells).
func TestTextGridWideHeaderWords(t *testing.T) {
	bm, px1mm, _ := textOnlyPage()
	g, ok := textGrid(bm, px1mm)
	if !ok {
		t.Fatal("textGrid found no grid")
	}
	checkTextGrid(t, g, px1mm)
}

// TestTextGridDashedRules: the column rules of a bilevel scan broke into
// evenly spaced dashes, longer stacks than the row numbers and as regular.
// textGrid must build the grid on the numbers, not on a dashed rule, and
// set the dashes aside to be erased: left in, they made every blank row
// of a generated page look filled.
func TestTextGridDashedRules(t *testing.T) {
	bm, px1mm, fill := textOnlyPage()
	drawn := dashedRules(fill)
	g, ok := textGrid(bm, px1mm)
	if !ok {
		t.Fatal("textGrid found no grid")
	}
	checkTextGrid(t, g, px1mm)
	// The dashes in the header's band may be left out of the stacks;
	// nearly all the others are set aside.
	if len(g.dashes) < drawn*9/10 {
		t.Errorf("%d dashes set aside, want nearly all the %d drawn", len(g.dashes), drawn)
	}
	for _, d := range g.dashes {
		if d.Dx() > int(px1mm) {
			t.Errorf("dash %v set aside is %d px wide: not a dash", d, d.Dx())
		}
	}
}

// dashedRules draws three column rules broken into dashes 5.3 mm apart on
// textOnlyPage, from above the header to below the last row, and returns
// how many dashes it drew.
func dashedRules(fill func(x0, y0, x1, y1 float64)) int {
	n := 0
	for _, x := range []float64{30, 120, 145} {
		for y := 70.0; y < 172; y += 5.3 {
			fill(x, y, x+0.3, y+2.5)
			n++
		}
	}
	return n
}

// TestFindDashedRulesBlankRows: through Find's table search, the dashes of
// broken column rules are erased with the rules, so the blank rows of a
// table without visible rules stay blank.
func TestFindDashedRulesBlankRows(t *testing.T) {
	bm, _, fill := textOnlyPage()
	dashedRules(fill)
	fill(40, 90, 70, 93) // a name written in row 2
	page := image.NewGray(image.Rect(0, 0, bm.w, bm.h))
	for i, v := range bm.pix {
		page.Pix[i] = 255 - 255*v
	}
	tab, _, err := findTable(page, 150)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 10 {
		t.Fatalf("%d rows, want 10", len(tab.Rows))
	}
	for i, r := range tab.Rows {
		if want := i != 1; r.Blank != want {
			t.Errorf("row %d: Blank = %v (ink %.1f mm²), want %v", i+1, r.Blank, r.BlankScore, want)
		}
	}
}
