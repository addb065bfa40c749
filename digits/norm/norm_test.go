package norm

import (
	"image"
	"math"
	"math/rand"
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

// TestResampleMatchesBilinear checks Resample against sampling each
// footprint point with Bilinear, bit for bit: the network's inputs, and so
// its trained weights' outputs, must not move.
func TestResampleMatchesBilinear(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for trial := 0; trial < 300; trial++ {
		w, h := 1+r.Intn(70), 1+r.Intn(70)
		src := make([]float32, w*h)
		for i := range src {
			if r.Intn(3) > 0 {
				src[i] = r.Float32()
			}
		}
		sx, sy := r.Float64()*float64(w)/3, r.Float64()*float64(h)/3
		sw, sh := 1+r.Float64()*float64(w), 1+r.Float64()*float64(h)
		ow, oh := 1+r.Intn(30), 1+r.Intn(30)
		got := Resample(src, w, h, sx, sy, sw, sh, ow, oh)
		fx, fy := sw/float64(ow), sh/float64(oh)
		nx, ny := max(1, int(math.Ceil(fx))+1), max(1, int(math.Ceil(fy))+1)
		if fx <= 1 {
			nx = 1
		}
		if fy <= 1 {
			ny = 1
		}
		inv := 1 / float32(nx*ny)
		for y := 0; y < oh; y++ {
			for x := 0; x < ow; x++ {
				var s float32
				for j := 0; j < ny; j++ {
					py := sy + (float64(y)+(float64(j)+0.5)/float64(ny))*fy
					for i := 0; i < nx; i++ {
						px := sx + (float64(x)+(float64(i)+0.5)/float64(nx))*fx
						s += Bilinear(src, w, h, px-0.5, py-0.5)
					}
				}
				if want := s * inv; got[y*ow+x] != want {
					t.Fatalf("trial %d (%dx%d → %dx%d): pixel (%d,%d) = %v, Bilinear gives %v", trial, w, h, ow, oh, x, y, got[y*ow+x], want)
				}
			}
		}
	}
}
