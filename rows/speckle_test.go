package rows

import (
	"image"
	"math/rand"
	"testing"
)

// TestClearSpeckle: a field of grain (40 % of the pixels, at random) is
// cleared; ruled lines, a bold block of strokes and a small patch of
// grain (under speckleMinMM) are kept.
func TestClearSpeckle(t *testing.T) {
	const dpi = 150
	px1mm := dpi / 25.4
	mm := func(v float64) int { return int(v * px1mm) }
	bm := newBitmap(mm(200), mm(120))
	set := func(r image.Rectangle, fill func(x, y int) bool) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if fill(x, y) {
					bm.pix[y*bm.w+x] = 1
				}
			}
		}
	}
	count := func(r image.Rectangle) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				n += int(bm.pix[y*bm.w+x])
			}
		}
		return n
	}
	rng := rand.New(rand.NewSource(1))
	grain := func(int, int) bool { return rng.Float64() < 0.4 }
	field := image.Rect(mm(160), 0, mm(200), mm(120)) // the bed along the side
	patch := image.Rect(mm(5), mm(5), mm(11), mm(11)) // 6 mm: too small to judge
	set(field, grain)
	set(patch, grain)
	var rules []image.Rectangle
	for y := 20.0; y <= 100; y += 8 {
		rules = append(rules, image.Rect(mm(20), mm(y), mm(150), mm(y)+2))
	}
	for _, x := range []float64{20, 30, 90, 120, 150} {
		rules = append(rules, image.Rect(mm(x), mm(20), mm(x)+2, mm(100)))
	}
	for _, r := range rules {
		set(r, func(int, int) bool { return true })
	}
	// Bold capitals: 3-pixel strokes every 5 pixels, 10 mm by 30 mm.
	bold := image.Rect(mm(35), mm(40), mm(65), mm(50))
	set(bold, func(x, y int) bool { return x%5 < 3 || y%9 < 3 })
	keep := map[string]image.Rectangle{"patch": patch, "bold": bold}
	before := map[string]int{}
	for k, r := range keep {
		before[k] = count(r)
	}
	var ruleInk int
	for _, r := range rules {
		ruleInk += count(r)
	}

	clearSpeckle(bm, px1mm)

	if n := count(field); n > 0 {
		t.Errorf("%d pixels of grain left in the field", n)
	}
	for k, r := range keep {
		if n := count(r); n != before[k] {
			t.Errorf("%s: %d of %d pixels left", k, n, before[k])
		}
	}
	n := 0
	for _, r := range rules {
		n += count(r)
	}
	if n != ruleInk {
		t.Errorf("rules: %d of %d pixels left", n, ruleInk)
	}
}
