package norm

import (
	"image"
	"math"
)

// Side is the side of the output field in pixels; Box the side of the box
// the digit is scaled into.
const (
	Side = 28
	Box  = 20
)

// minContrast is the smallest difference, in 8-bit grey levels, between
// background and ink for a pixel to count as ink: below it the image is
// taken as blank.
const minContrast = 24

// Ink returns, for each pixel of img, how much ink it holds in 0..1 (dark
// ink on light background), stretched between the background level (a high
// percentile) and the typical ink level, with faint paper noise cut to 0.
// It returns nil when the image holds no ink.
func Ink(img *image.Gray) []float32 {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil
	}
	var hist [256]int
	for y := 0; y < h; y++ {
		row := img.Pix[(y)*img.Stride : y*img.Stride+w]
		for _, v := range row {
			hist[v]++
		}
	}
	n := w * h
	bg := Percentile(&hist, n, 0.9)
	// Ink level: the 10th percentile of the pixels clearly darker than
	// the background.
	cut := bg - minContrast
	if cut < 0 {
		return nil
	}
	var inkHist [256]int
	cnt := 0
	for v := 0; v < cut; v++ {
		inkHist[v] = hist[v]
		cnt += hist[v]
	}
	if cnt == 0 {
		return nil
	}
	dark := Percentile(&inkHist, cnt, 0.1)
	span := float32(bg - dark)
	if span < minContrast {
		span = minContrast
	}
	out := make([]float32, n)
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x, v := range row {
			f := (float32(bg) - float32(v)) / span
			// Cut the faint part: paper texture and scanner noise.
			f = (f - 0.15) / 0.85
			if f <= 0 {
				continue
			}
			if f > 1 {
				f = 1
			}
			out[y*w+x] = f
		}
	}
	return out
}

// Percentile returns the grey level at quantile q (0–1) of a histogram of
// n pixels: the first level below which more than int(q·n) pixels lie.
// Packages digits and pipeline share it for a cell's paper and ink levels.
func Percentile(hist *[256]int, n int, q float64) int {
	target := int(q * float64(n))
	acc := 0
	for v := 0; v < 256; v++ {
		acc += hist[v]
		if acc > target {
			return v
		}
	}
	return 255
}

// Normalize returns the 28×28 network input (row-major, ink 1 on
// background 0) for an image of one digit in dark ink on a light
// background, of any size. A blank image gives all zeros.
func Normalize(img *image.Gray) []float32 {
	b := img.Bounds()
	sub := img
	if b.Min.X != 0 || b.Min.Y != 0 {
		sub = &image.Gray{Pix: img.Pix[img.PixOffset(b.Min.X, b.Min.Y):], Stride: img.Stride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	}
	ink := Ink(sub)
	return Field(ink, b.Dx(), b.Dy())
}

// Field does the MNIST normalisation of an ink map of w×h pixels (values
// 0..1, as from Ink): bounding box of the pixels above 0.2 scaled to fit
// Box×Box, centre of mass placed at the centre of a Side×Side field.
func Field(ink []float32, w, h int) []float32 {
	out := make([]float32, Side*Side)
	if ink == nil || w <= 0 || h <= 0 {
		return out
	}
	x0, y0, x1, y1 := w, h, -1, -1
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if ink[y*w+x] > 0.2 {
				if x < x0 {
					x0 = x
				}
				if x > x1 {
					x1 = x
				}
				if y < y0 {
					y0 = y
				}
				if y > y1 {
					y1 = y
				}
			}
		}
	}
	if x1 < 0 {
		return out
	}
	bw, bh := float64(x1-x0+1), float64(y1-y0+1)
	scale := Box / math.Max(bw, bh)
	ow := max(1, int(math.Round(bw*scale)))
	oh := max(1, int(math.Round(bh*scale)))
	small := Resample(ink, w, h, float64(x0), float64(y0), bw, bh, ow, oh)
	// Centre of mass.
	var m, mx, my float64
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			v := float64(small[y*ow+x])
			m += v
			mx += v * (float64(x) + 0.5)
			my += v * (float64(y) + 0.5)
		}
	}
	if m == 0 {
		return out
	}
	ox := int(math.Round(Side/2 - mx/m))
	oy := int(math.Round(Side/2 - my/m))
	for y := 0; y < oh; y++ {
		ty := y + oy
		if ty < 0 || ty >= Side {
			continue
		}
		for x := 0; x < ow; x++ {
			tx := x + ox
			if tx < 0 || tx >= Side {
				continue
			}
			out[ty*Side+tx] = small[y*ow+x]
		}
	}
	return out
}

// Resample maps the rectangle (sx, sy, sw, sh) of the w×h map src onto an
// ow×oh map, averaging over each output pixel's footprint (anti-aliased
// when shrinking, bilinear when enlarging). It computes exactly what
// sampling every footprint point with Bilinear does (TestResampleMatches-
// Bilinear), with the points' coordinates worked out once per column and
// row instead of once per point: it runs for every candidate digit of a
// postal-code cell.
func Resample(src []float32, w, h int, sx, sy, sw, sh float64, ow, oh int) []float32 {
	out := make([]float32, ow*oh)
	fx, fy := sw/float64(ow), sh/float64(oh)
	nx := max(1, int(math.Ceil(fx))+1)
	ny := max(1, int(math.Ceil(fy))+1)
	if fx <= 1 {
		nx = 1
	}
	if fy <= 1 {
		ny = 1
	}
	inv := 1 / float32(nx*ny)
	// The sample points' integer cells and fractions, as Bilinear finds
	// them, along x (ow·nx points) and along y (oh·ny).
	type tap struct {
		i int
		a float32
	}
	taps := func(n, k int, s, f float64) []tap {
		t := make([]tap, n*k)
		for o := 0; o < n; o++ {
			for j := 0; j < k; j++ {
				p := s + (float64(o)+(float64(j)+0.5)/float64(k))*f - 0.5
				pf := math.Floor(p)
				t[o*k+j] = tap{int(pf), float32(p - pf)}
			}
		}
		return t
	}
	tx, ty := taps(ow, nx, sx, fx), taps(oh, ny, sy, fy)
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			var s float32
			for _, v := range ty[y*ny : (y+1)*ny] {
				for _, u := range tx[x*nx : (x+1)*nx] {
					s += interpolate(src, w, h, u.i, v.i, u.a, v.a)
				}
			}
			out[y*ow+x] = s * inv
		}
	}
	return out
}

// Bilinear samples the w×h map m at (x, y) in pixel-centre coordinates,
// 0 outside.
func Bilinear(m []float32, w, h int, x, y float64) float32 {
	xf, yf := math.Floor(x), math.Floor(y)
	return interpolate(m, w, h, int(xf), int(yf), float32(x-xf), float32(y-yf))
}

// interpolate weighs the four pixels from (ix, iy) to (ix+1, iy+1) of the
// w×h map m (0 outside) by the fractions ax, ay: what Bilinear and
// Resample share.
func interpolate(m []float32, w, h, ix, iy int, ax, ay float32) float32 {
	at := func(x, y int) float32 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0
		}
		return m[y*w+x]
	}
	return (1-ay)*((1-ax)*at(ix, iy)+ax*at(ix+1, iy)) + ay*((1-ax)*at(ix, iy+1)+ax*at(ix+1, iy+1))
}
