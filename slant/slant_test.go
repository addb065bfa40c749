package slant

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// TestEstimateFindsTheShear draws strokes leaning by a known shear and
// checks that Estimate returns the shear standing them upright, and 0 for
// upright strokes.
func TestEstimateFindsTheShear(t *testing.T) {
	const w, h = 100, 40
	shears := []float64{-0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6}
	for _, lean := range []float64{-0.4, 0, 0.2, 0.6} {
		var pts []Point
		for _, x0 := range []float64{20, 50, 80} {
			for y := 0; y < h; y++ {
				yy := float64(y) - h/2
				pts = append(pts, Point{X: x0 - lean*yy, Y: yy, W: 1})
			}
		}
		if got := Estimate(pts, w, h, shears, 1.05); got != lean {
			t.Errorf("Estimate(strokes leaning %.1f) = %.1f, want %.1f", lean, got, lean)
		}
	}
}

// TestApplyMovesRows checks where Apply puts a pixel: row y moves right by
// s·y, and by ⌈|s|·h⌉ more for a negative shear; the image widens by that.
func TestApplyMovesRows(t *testing.T) {
	g := image.NewGray(image.Rect(5, 5, 25, 15)) // not at the origin
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	g.SetGray(10, 13, color.Gray{}) // x 5, y 8 within g
	for _, c := range []struct{ s, x float64 }{{0.5, 5 + 0.5*8}, {-0.5, 5 - 0.5*8 + 5}} {
		out := Apply(g, c.s, 255)
		if out.Rect != image.Rect(0, 0, 25, 10) {
			t.Errorf("Apply(%.1f) bounds %v, want (0,0)-(25,10)", c.s, out.Rect)
		}
		darkest, at := 256, -1
		for x := 0; x < out.Rect.Dx(); x++ {
			if v := int(out.GrayAt(x, 8).Y); v < darkest {
				darkest, at = v, x
			}
		}
		if float64(at) != c.x || darkest != 0 {
			t.Errorf("Apply(%.1f): the ink of row 8 is at x %d (grey %d), want %.0f (0)", c.s, at, darkest, c.x)
		}
	}
}

func TestSteps(t *testing.T) {
	got := Steps(-2, 3, 0.1)
	if len(got) != 6 || math.Abs(got[0]+0.2) > 1e-12 || got[2] != 0 || math.Abs(got[5]-0.3) > 1e-12 {
		t.Errorf("Steps(-2, 3, 0.1) = %v, want the six shears -0.2 … 0.3 with 0 among them", got)
	}
}
