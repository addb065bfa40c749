// Package slant measures and removes the slant of handwriting: the shear
// that stands its strokes upright. Package digits uses it on postal-code
// cells before cutting touching digits apart, package ocr on name cells
// before reading them.
package slant

import (
	"image"
	"math"
)

// Point is a point of ink: X and Y in pixels, Y counted from the image's
// middle row (downwards), W its weight (1 for binary ink).
type Point struct{ X, Y, W float64 }

// Steps returns the shears step·k for k from lo to hi: the grid Estimate
// tries.
func Steps(lo, hi int, step float64) []float64 {
	var s []float64
	for k := lo; k <= hi; k++ {
		s = append(s, step*float64(k))
	}
	return s
}

// Estimate returns the shear s, one of shears, under which (x' = x + s·y)
// the vertical projection of pts is peakiest: the largest sum of squared
// column totals, as strokes stand upright. The score of a zero shear is
// multiplied by upright (above 1: upright writing is common, so it wins
// near ties). w and h are the image's size; shears must lie within ±2.
func Estimate(pts []Point, w, h int, shears []float64, upright float64) float64 {
	proj := make([]float64, 2*w+2*h)
	best, bestV := 0.0, -1.0
	for _, s := range shears {
		clear(proj)
		for _, p := range pts {
			proj[int(p.X+s*p.Y+float64(h))] += p.W
		}
		var v float64
		for _, q := range proj {
			v += q * q
		}
		if s == 0 {
			v *= upright
		}
		if v > bestV {
			best, bestV = s, v
		}
	}
	return best
}

// Apply returns g sheared by s, at the origin: row y (from the top) moves
// right by s·y, and everything by ⌈|s|·h⌉ more when s < 0, so that no ink
// leaves the image, which widens by ⌈|s|·h⌉. Gray levels are interpolated
// along the row; pixels from outside g are fill.
func Apply(g *image.Gray, s float64, fill uint8) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	ext := int(math.Ceil(math.Abs(s) * float64(h)))
	nw := w + ext
	out := image.NewGray(image.Rect(0, 0, nw, h))
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		at := func(i int) float64 {
			if i < 0 || i >= w {
				return float64(fill)
			}
			return float64(row[i])
		}
		off := s * float64(y)
		if s < 0 {
			off += float64(ext)
		}
		for x := 0; x < nw; x++ {
			sx := float64(x) - off
			i0 := int(math.Floor(sx))
			t := sx - float64(i0)
			out.Pix[y*out.Stride+x] = uint8(math.Round((1-t)*at(i0) + t*at(i0+1)))
		}
	}
	return out
}
