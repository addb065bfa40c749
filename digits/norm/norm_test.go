package norm

import (
	"image"
	"math"
	"testing"
)

// rect returns a w×h white image with a dark filled rectangle.
func rect(tb testing.TB, w, h int, r image.Rectangle, ink uint8) *image.Gray {
	tb.Helper()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[y*w+x] = ink
		}
	}
	return g
}

// stats returns the bounding box (pixels above 0.2) and centre of mass of
// a field.
func stats(f []float32) (bw, bh int, cx, cy float64) {
	x0, y0, x1, y1 := Side, Side, -1, -1
	var m float64
	for y := 0; y < Side; y++ {
		for x := 0; x < Side; x++ {
			v := float64(f[y*Side+x])
			m += v
			cx += v * (float64(x) + 0.5)
			cy += v * (float64(y) + 0.5)
			if v > 0.2 {
				x0, x1 = min(x0, x), max(x1, x)
				y0, y1 = min(y0, y), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return 0, 0, 0, 0
	}
	return x1 - x0 + 1, y1 - y0 + 1, cx / m, cy / m
}

func TestNormalizeGeometry(t *testing.T) {
	cases := []struct {
		name   string
		img    *image.Gray
		bw, bh int // expected box in the field
	}{
		{"tall bar, big image", rect(t, 100, 120, image.Rect(40, 10, 60, 110), 20), 4, 20},
		{"tall bar, small image", rect(t, 20, 30, image.Rect(8, 3, 12, 23), 60), 4, 20},
		{"wide bar", rect(t, 90, 40, image.Rect(5, 15, 85, 25), 0), 20, 2},
		{"offset sub-image", rect(t, 60, 60, image.Rect(30, 30, 50, 50), 0).SubImage(image.Rect(25, 25, 60, 60)).(*image.Gray), 20, 20},
	}
	for _, c := range cases {
		f := Normalize(c.img)
		bw, bh, cx, cy := stats(f)
		if abs(bw-c.bw) > 1 || abs(bh-c.bh) > 1 {
			t.Errorf("Normalize(%s): box %d×%d, want %d×%d (longer side scaled to %d)", c.name, bw, bh, c.bw, c.bh, Box)
		}
		if math.Abs(cx-Side/2) > 0.6 || math.Abs(cy-Side/2) > 0.6 {
			t.Errorf("Normalize(%s): centre of mass (%.2f, %.2f), want (14, 14) within a rounding step", c.name, cx, cy)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestNormalizeBlank(t *testing.T) {
	for _, c := range []struct {
		name string
		img  *image.Gray
	}{
		{"white", rect(t, 30, 30, image.Rectangle{}, 0)},
		{"faint mark", rect(t, 30, 30, image.Rect(10, 10, 20, 20), 230)},
		{"empty", image.NewGray(image.Rectangle{})},
	} {
		for i, v := range Normalize(c.img) {
			if v != 0 {
				t.Errorf("Normalize(%s)[%d] = %v, want an all-zero field", c.name, i, v)
				break
			}
		}
	}
}

// TestNormalizeContrastInvariant checks that pale ink on grey paper gives
// the same field as black ink on white.
func TestNormalizeContrastInvariant(t *testing.T) {
	a := Normalize(rect(t, 40, 50, image.Rect(10, 5, 25, 45), 0))
	b := rect(t, 40, 50, image.Rect(10, 5, 25, 45), 120)
	for i := range b.Pix {
		b.Pix[i] -= 40 // grey paper, paler ink
	}
	fb := Normalize(b)
	var d float64
	for i := range a {
		d += math.Abs(float64(a[i] - fb[i]))
	}
	if d > 1 {
		t.Errorf("field difference between black-on-white and pale-on-grey = %.2f, want < 1", d)
	}
}
