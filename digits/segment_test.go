package digits

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// drawOne draws, dark on light paper, a 1 (an upright bar at x 20–23)
// and a narrow 0 (a ring from x 26 to 42), 40 pixels high, joined, when
// joined, by a short stroke one stroke wide: a 1 written touching the
// digit beside it, the two together narrower than two digits, so that
// wideCuts leave them whole. Another 0 stands apart at x 90, as the rest
// of a code would.
func drawOne(joined bool) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 120, 60))
	for i := range img.Pix {
		img.Pix[i] = 235
	}
	ink := func(x, y int) { img.SetGray(x, y, color.Gray{Y: 30}) }
	for y := 10; y < 50; y++ {
		for x := 20; x < 24; x++ {
			ink(x, y)
		}
	}
	ring := func(cx, rx float64) {
		for y := 0; y < 60; y++ {
			for x := 0; x < 120; x++ {
				// An ellipse 2rx wide and 40 high, its stroke about 4
				// thick.
				d := math.Hypot((float64(x)-cx)/rx, (float64(y)-30)/20)
				if d <= 1 && d >= 1-4.0/(rx+2) {
					ink(x, y)
				}
			}
		}
	}
	ring(34, 8)
	ring(90, 12)
	if joined {
		for y := 28; y < 32; y++ {
			for x := 24; x < 30; x++ {
				if img.GrayAt(x, y).Y > 128 {
					ink(x, y)
				}
			}
		}
	}
	return img
}

// TestOneCuts: a 1 touching its neighbour is set apart, the cut between
// the two, and read; apart, nothing is cut. (Without oneCuts, the cell
// joined was read "00".)
func TestOneCuts(t *testing.T) {
	for _, joined := range []bool{false, true} {
		c := newCell(drawOne(joined))
		if c == nil {
			t.Fatal("newCell: blank")
		}
		as := c.atoms(true)
		var starts []int
		cuts := 0
		for _, a := range as {
			starts = append(starts, a.cx0)
			if a.cutLeft {
				cuts++
			}
		}
		if len(as) < 3 || as[0].x0 != 20 || as[0].x1 > 25 {
			t.Fatalf("joined %v: atoms start at columns %v, want the 1 (x 20–23) alone first, then the 0s", joined, starts)
		}
		if x := as[1].cx0; x > 26 {
			t.Errorf("joined %v: the atom after the 1 starts at column %d, want the 0's left edge (x 26) or before", joined, x)
		}
		if !joined && cuts > 0 {
			t.Errorf("apart: %d cuts through ink (atoms at %v), want none", cuts, starts)
		}
		if joined && !as[1].cutLeft {
			t.Errorf("joined: no cut through the stroke joining the 1 to the 0 (atoms at %v)", starts)
		}
		if r := ReadCode(drawOne(joined), nil); r.Raw != "100" {
			t.Errorf("joined %v: read %q, want \"100\"", joined, r.Raw)
		}
	}
}
