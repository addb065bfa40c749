package pipeline

import (
	"image"
	"image/color"
	"testing"

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
