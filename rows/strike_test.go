package rows

import (
	"image"
	"math"
	"testing"
)

// digitCell draws five ring-shaped "digits" of pen width pen in a w×h
// cell, and, when bar, a flat bar on top of each like a 7's (the bars do
// not touch). It returns the cell and the digits' ink mask.
func digitCell(w, h, pen int, bar bool) (*image.Gray, []bool) {
	img := image.NewGray(image.Rect(100, 50, 100+w, 50+h)) // not at the origin, as cells are
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	mask := make([]bool, w*h)
	dw := w / 7
	for d := 0; d < 5; d++ {
		cx, cy := float64(w/7+d*dw+dw/2), float64(h)/2
		rx, ry := float64(dw)*0.35, float64(h)*0.3
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
				r := math.Hypot(dx, dy)
				on := math.Abs(r-1)*math.Min(rx, ry) < float64(pen)/2
				if bar && math.Abs(float64(y)-(cy-ry)) < float64(pen)/2 && math.Abs(float64(x)-cx) <= rx+float64(pen) {
					on = true
				}
				if on {
					img.Pix[y*img.Stride+x] = 0
					mask[y*w+x] = true
				}
			}
		}
	}
	return img, mask
}

// strike draws a straight pen line from the left edge to the right one,
// rising rise pixels, pen pixels thick, through y0 at the left edge.
func strike(img *image.Gray, y0, rise float64, pen int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for x := 0; x < w; x++ {
		yc := y0 + rise*float64(x)/float64(w)
		for y := 0; y < h; y++ {
			if math.Abs(float64(y)-yc) < float64(pen)/2 {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
}

func TestRemoveStrike(t *testing.T) {
	for _, tc := range []struct {
		name      string
		w, h, pen int
		rise      float64
		bar       bool
	}{
		{"300dpi", 300, 100, 3, -6, false},
		{"150dpi", 150, 50, 2, 3, false},
		{"200dpi, bars", 200, 70, 2, -4, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, digits := digitCell(tc.w, tc.h, tc.pen, tc.bar)
			if got := RemoveStrike(img); got != img {
				t.Fatalf("RemoveStrike changed a cell with no strike")
			}
			y0 := float64(tc.h)*0.5 + 0.3*float64(tc.pen)
			strike(img, y0, tc.rise, tc.pen)
			out := RemoveStrike(img)
			if out == img {
				t.Fatalf("RemoveStrike found no strike")
			}
			if out.Rect != img.Rect {
				t.Fatalf("bounds %v, want %v", out.Rect, img.Rect)
			}
			// Off the digits, no ink is left; on them, most of it is.
			var left, kept, total int
			for y := 0; y < tc.h; y++ {
				for x := 0; x < tc.w; x++ {
					black := out.Pix[y*out.Stride+x] < 128
					if digits[y*tc.w+x] {
						total++
						if black {
							kept++
						}
					} else if black {
						left++
					}
				}
			}
			if most := 2 * tc.pen * tc.pen * 5; left > most {
				t.Errorf("%d pixels of the line left off the digits, want at most %d", left, most)
			}
			if float64(kept) < 0.9*float64(total) {
				t.Errorf("%d of %d digit pixels kept, want 90 %%", kept, total)
			}
		})
	}
}

// BenchmarkRemoveStrike times a 300 dpi postal cell: without a strike,
// with one, and with writing up to both sides (the full search).
func BenchmarkRemoveStrike(b *testing.B) {
	plain, _ := digitCell(300, 100, 3, false)
	struck, _ := digitCell(300, 100, 3, false)
	strike(struck, 52, -6, 3)
	ends, _ := digitCell(300, 100, 3, false)
	for y := 20; y < 80; y++ {
		for x := 0; x < 300; x++ {
			if x < 30 || x >= 270 {
				ends.Pix[y*ends.Stride+x] = 0 // writing up to both sides
			}
		}
	}
	for _, c := range []struct {
		name string
		img  *image.Gray
	}{{"plain", plain}, {"struck", struck}, {"ends", ends}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				RemoveStrike(c.img)
			}
		})
	}
}
