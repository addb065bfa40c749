package deskew

import (
	"errors"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// syntheticPage draws an upright A4 page at dpi: a block of "text" lines
// (dark bars with taller bumps above them, like ascenders) and a ruled
// table below it.
func syntheticPage(tb testing.TB, dpi float64) *image.Gray {
	tb.Helper()
	mm := dpi / 25.4
	w, h := int(210*mm), int(297*mm)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	fill := func(x0, y0, x1, y1 float64) {
		for y := int(y0); y < int(y1); y++ {
			for x := int(x0); x < int(x1); x++ {
				img.Pix[y*img.Stride+x] = 20
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for line := 0; line < 15; line++ {
		base := (30 + 4.5*float64(line)) * mm
		for x := 20.0; x < 185; x += 2.2 {
			fill(x*mm, base-1.9*mm, (x+1.4)*mm, base) // x-height body
			if rng.IntN(3) == 0 {
				fill(x*mm, base-3*mm, (x+0.4)*mm, base) // ascender
			}
			if rng.IntN(8) == 0 {
				fill((x+1)*mm, base, (x+1.4)*mm, base+0.9*mm) // descender
			}
		}
	}
	for r := 0; r <= 11; r++ {
		y := (110 + 9*float64(r)) * mm
		fill(20*mm, y, 190*mm, y+0.3*mm)
	}
	for _, x := range []float64{20, 32, 110, 145, 190} {
		fill(x*mm, 110*mm, x*mm+0.3*mm, 209*mm)
	}
	return img
}

// TestAngleConvention checks the sign of Angle against imaging.Rotate,
// which turns counter-clockwise: a page turned by +a must read +a.
func TestAngleConvention(t *testing.T) {
	page := syntheticPage(t, 100)
	for _, a := range []float64{-7, 3.5} {
		rot := imaging.Rotate(page, a, color.White)
		g := toGray(rot)
		r, err := Estimate(g, 100)
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(r.Angle - a); d > 0.1 || r.UpsideDown {
			t.Errorf("Estimate(page turned %.1f°) = %.2f° upside down %v, want %.1f° upright", a, r.Angle, r.UpsideDown, a)
		}
		// Straighten must undo it: re-estimating gives about 0.
		s := Straighten(g, r)
		r2, err := Estimate(s, 100)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r2.Angle) > 0.1 {
			t.Errorf("Estimate(Straighten(page turned %.1f°)) = %.2f°, want 0", a, r2.Angle)
		}
	}
}

// TestStraightenGeometry checks the canvas size and the 180° flip.
func TestStraightenGeometry(t *testing.T) {
	img := image.NewGray(image.Rect(10, 20, 110, 70)) // 100×50, offset origin
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	img.SetGray(10, 20, color.Gray{0}) // top-left corner dark
	tests := []struct {
		name string
		r    Result
		w, h int
	}{
		{"none", Result{}, 100, 50},
		{"flip", Result{UpsideDown: true}, 100, 50},
		{"30deg", Result{Angle: 30}, int(math.Ceil(100*math.Cos(math.Pi/6) + 50*0.5)), int(math.Ceil(100*0.5 + 50*math.Cos(math.Pi/6)))},
	}
	for _, tt := range tests {
		out := Straighten(img, tt.r)
		if b := out.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h || b.Min != (image.Point{}) {
			t.Errorf("Straighten(%s) bounds = %v, want 0,0-%d,%d", tt.name, b, tt.w, tt.h)
		}
	}
	if got := Straighten(img, Result{UpsideDown: true}).GrayAt(99, 49).Y; got != 0 {
		t.Errorf("Straighten(flip) bottom-right = %d, want 0 (the old top-left)", got)
	}
	// Corners added by a rotation are white.
	if got := Straighten(img, Result{Angle: 30}).GrayAt(0, 0).Y; got != 255 {
		t.Errorf("Straighten(30°) corner = %d, want 255", got)
	}
}

// TestLowConfidence: pages with no straight printed structure must not
// give a confident answer, and must not panic.
func TestLowConfidence(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 827, 1170))
	for i := range blank.Pix {
		blank.Pix[i] = 245
	}
	noise := image.NewGray(image.Rect(0, 0, 827, 1170))
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.IntN(256))
	}
	specks := image.NewGray(image.Rect(0, 0, 1240, 1754))
	for i := range specks.Pix {
		specks.Pix[i] = 240
		if rng.IntN(200) == 0 {
			specks.Pix[i] = 0
		}
	}
	black := image.NewGray(image.Rect(0, 0, 300, 400))
	tests := []struct {
		name string
		img  *image.Gray
		dpi  float64
	}{
		{"blank", blank, 100},
		{"noise", noise, 100},
		{"specks", specks, 150},
		{"black", black, 0},
		{"tiny", image.NewGray(image.Rect(0, 0, 9, 9)), 300},
	}
	for _, tt := range tests {
		r, err := Estimate(tt.img, tt.dpi)
		if err != nil {
			t.Errorf("Estimate(%s): %v", tt.name, err)
			continue
		}
		if r.Confidence > 0.3 || r.OrientationConfidence > 0.3 {
			t.Errorf("Estimate(%s) = %+v, want confidences <= 0.3", tt.name, r)
		}
		if math.IsNaN(r.Angle) || math.Abs(r.Angle) > maxAngle {
			t.Errorf("Estimate(%s) angle = %v, want within ±%v", tt.name, r.Angle, maxAngle)
		}
		_ = Straighten(tt.img, r)
	}
	for _, img := range []*image.Gray{nil, image.NewGray(image.Rect(0, 0, 0, 0))} {
		if _, err := Estimate(img, 150); !errors.Is(err, ErrEmpty) {
			t.Errorf("Estimate(empty) error = %v, want ErrEmpty", err)
		}
	}
}

// TestDegradedSynthetic turns the synthetic page by known angles and adds
// the degradations of real scans; each case says what it exercises.
func TestDegradedSynthetic(t *testing.T) {
	tests := []struct {
		name     string
		dpi      float64
		rot      float64 // counter-clockwise, degrees, 180+skew when upside down
		bed      uint8   // grey of the corners a scanner shows around the page
		noise    float64 // Gaussian noise sigma, grey levels
		bilevel  bool    // threshold after everything else
		level    float64 // the threshold when bilevel (0: mid-grey)
		shadow   bool    // dark gradient along the left edge
		wantSkew float64
		wantFlip bool
	}{
		{name: "dark bed 150 dpi", dpi: 150, rot: 4, bed: 25, wantSkew: 4},
		{name: "noisy 200 dpi", dpi: 200, rot: -2.5, bed: 230, noise: 12, wantSkew: -2.5},
		{name: "bilevel 300 dpi", dpi: 300, rot: -6, bed: 255, bilevel: true, noise: 20, wantSkew: -6},
		{name: "shadow", dpi: 150, rot: 1.2, bed: 200, shadow: true, wantSkew: 1.2},
		{name: "upside down dark bed", dpi: 150, rot: 183, bed: 40, noise: 6, wantSkew: 3, wantFlip: true},
		{name: "upside down bilevel", dpi: 200, rot: 171, bed: 255, bilevel: true, wantSkew: -9, wantFlip: true},
		{name: "steep 14 degrees", dpi: 150, rot: 14, bed: 240, wantSkew: 14},
		{name: "steep -30 degrees", dpi: 150, rot: -30, bed: 240, wantSkew: -30},
		{name: "100 dpi", dpi: 100, rot: -3, bed: 240, wantSkew: -3},
		// The bed just darker than the threshold turns to speckle that
		// fills the corners: its profile was sharper at 44° than the
		// page's at 7° (a generated page refused as not the form).
		{name: "speckled bed bilevel 150 dpi", dpi: 150, rot: 7.4, bed: 190, noise: 8, bilevel: true, level: 184, wantSkew: 7.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := rotate(syntheticPage(t, tt.dpi), tt.rot, tt.bed)
			rng := rand.New(rand.NewPCG(5, 6))
			w := img.Rect.Dx()
			for i, p := range img.Pix {
				v := float64(p)
				if tt.shadow {
					if x := float64(i%w) / float64(w); x < 0.15 {
						v *= 0.5 + x/0.3
					}
				}
				v += rng.NormFloat64() * tt.noise
				if tt.bilevel {
					level := tt.level
					if level == 0 {
						level = 128
					}
					v = 255
					if float64(p)+rng.NormFloat64()*tt.noise < level {
						v = 0
					}
				}
				img.Pix[i] = uint8(math.Max(0, math.Min(255, v)))
			}
			r, err := Estimate(img, tt.dpi)
			if err != nil {
				t.Fatal(err)
			}
			if d := math.Abs(r.Angle - tt.wantSkew); d > 0.1 {
				t.Errorf("Estimate(%s) = %.3f°, want %.3f°", tt.name, r.Angle, tt.wantSkew)
			}
			if r.UpsideDown != tt.wantFlip {
				t.Errorf("Estimate(%s) upside down = %v, want %v (confidence %.2f)", tt.name, r.UpsideDown, tt.wantFlip, r.OrientationConfidence)
			}
			if r.Confidence < 0.5 {
				t.Errorf("Estimate(%s) confidence = %.2f, want >= 0.5 for a clean ruled page", tt.name, r.Confidence)
			}
		})
	}
}
