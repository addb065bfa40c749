package rows

import (
	"image"
	"image/color"
	"testing"
)

// TestFindRulesTrimsStrays draws a rule with, in line with it but well
// apart, a few short strokes (the stems of justified text at a table's
// border, as on a generated page whose paragraphs had the table's width).
// Trimmed, the rule keeps its own extent; untrimmed, the strokes stretched
// it, which once moved a table's top 50 mm into the text above it.
func TestFindRulesTrimsStrays(t *testing.T) {
	const dpi = 300
	px1mm := dpi / 25.4
	b := newBitmap(2000, 40)
	set := func(x0, x1, y int) {
		for x := x0; x < x1; x++ {
			b.pix[y*b.w+x] = 1
		}
	}
	for y := 19; y <= 21; y++ {
		set(900, 1900, y) // the rule: 85 mm
		set(100, 171, y)  // strokes of 6 mm, 10 mm apart
		set(290, 361, y)
		set(480, 551, y)
	}
	mm := func(v float64) int { return int(v*px1mm + 0.5) }
	find := func(trim bool) rule {
		t.Helper()
		rs := findRules(b, 0, b.w, 0, b.h, mm(5), mm(1), mm(30), 1.2*px1mm, px1mm, trim)
		if len(rs) != 1 {
			t.Fatalf("trim %v: %d rules, want 1", trim, len(rs))
		}
		return rs[0]
	}
	if r := find(true); r.lo != 900 || r.hi != 1900 || r.cover != 1000 {
		t.Errorf("trimmed rule spans %d..%d covering %d, want 900..1900 covering 1000", r.lo, r.hi, r.cover)
	}
	if r := find(false); r.lo != 100 {
		t.Errorf("untrimmed rule starts at %d, want 100 (the strays count)", r.lo)
	}
	// A rule broken in places (faint print, pen strokes erased across
	// it) stays whole: runs of 20 mm with gaps of 8 mm, 71 % covered.
	b = newBitmap(2000, 40)
	for y := 19; y <= 21; y++ {
		for x0 := 200; x0 < 1800; x0 += 330 {
			set(x0, x0+236, y)
		}
	}
	if r := find(true); r.lo != 200 || r.hi != 1756 {
		t.Errorf("broken rule spans %d..%d, want 200..1756", r.lo, r.hi)
	}
}

// TestStripLines checks that ragged rule remnants around a number cell
// (the corner of the ruled lines, dithered: every third pixel missing)
// are wiped, with their fringe, and the printed digits kept.
func TestStripLines(t *testing.T) {
	cell := image.NewGray(image.Rect(10, 20, 130, 120))
	for i := range cell.Pix {
		cell.Pix[i] = 255
	}
	b := cell.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		for _, y := range []int{21, 22, 23, 117} { // top rule 3 px thick, bottom rule
			if x%3 != 0 {
				cell.SetGray(x, y, color.Gray{})
			}
		}
	}
	cell.SetGray(40, 24, color.Gray{}) // a ragged speck just under the rule
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if y%3 != 0 {
			cell.SetGray(11, y, color.Gray{}) // left rule
		}
	}
	for y := 60; y < 85; y++ { // a printed "1", 25 px high
		cell.SetGray(30, y, color.Gray{})
		cell.SetGray(31, y, color.Gray{})
	}
	got := inkBounds(stripLines(cell, 2))
	if want := image.Rect(30, 60, 32, 85); got != want {
		t.Errorf("ink after stripLines at %v, want the digit alone at %v", got, want)
	}
	if inkBounds(cell) == got {
		t.Error("stripLines changed the cell it was given")
	}
}
