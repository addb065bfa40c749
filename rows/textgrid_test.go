package rows

import (
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
func TestTextGridWideHeaderWords(t *testing.T) {
	const dpi = 150.0
	px1mm := dpi / 25.4
	mm := func(v float64) int { return int(math.Round(v * px1mm)) }
	bm := newBitmap(mm(210), mm(297))
	fill := func(x0, y0, x1, y1 float64) {
		for y := mm(y0); y < mm(y1); y++ {
			for x := mm(x0); x < mm(x1); x++ {
				bm.pix[y*bm.w+x] = 1
			}
		}
	}
	// Columns: numbers 20–30 mm, name 30–120, postal 120–145, signature
	// 145–190. Rows 9 mm high from y = 80 mm.
	const top, pitch = 80.0, 9.0
	for i := 0; i < 10; i++ {
		y := top + float64(i)*pitch + 3
		if i < 9 {
			fill(22, y, 24, y+3) // one digit
		} else {
			fill(22, y, 24, y+3) // "10": two digits
			fill(24.6, y, 26.6, y+3)
		}
	}
	hy := top - 6 // header labels, word by word
	for _, w := range [][2]float64{{58, 72}, {74, 92}, {121, 129}, {130.5, 143.5}, {157, 178}} {
		fill(w[0], hy, w[1], hy+3)
	}
	g, ok := textGrid(bm, px1mm)
	if !ok {
		t.Fatal("textGrid found no grid")
	}
	if n := len(g.h) - 2; n != 10 {
		t.Errorf("%d rows, want 10", n)
	}
	for i, want := range []float64{120, 145, 190} {
		if got := g.v[i+2].pos / px1mm; math.Abs(got-want) > 4 {
			t.Errorf("column rule %d at %.1f mm, want %.0f mm", i+2, got, want)
		}
	}
}
