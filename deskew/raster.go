package deskew

import (
	"image"
	"math"
)

// grey is a compact grey image the analysis works on.
type grey struct {
	pix  []uint8
	w, h int
	dpi  float64
}

// downscale averages f×f blocks of img (the remainder at the right and
// bottom edges is dropped).
func downscale(img *image.Gray, f int) grey {
	b := img.Rect
	w, h := b.Dx()/f, b.Dy()/f
	g := grey{pix: make([]uint8, w*h), w: w, h: h}
	if f == 1 {
		for y := 0; y < h; y++ {
			copy(g.pix[y*w:(y+1)*w], img.Pix[y*img.Stride:y*img.Stride+w])
		}
		return g
	}
	acc := make([]uint32, w)
	n := uint32(f * f)
	for y := 0; y < h; y++ {
		clear(acc)
		for dy := 0; dy < f; dy++ {
			row := img.Pix[(y*f+dy)*img.Stride:]
			row = row[:w*f]
			for x := range acc {
				s := uint32(0)
				for _, p := range row[x*f : x*f+f] {
					s += uint32(p)
				}
				acc[x] += s
			}
		}
		out := g.pix[y*w : (y+1)*w]
		for x, s := range acc {
			out[x] = uint8((s + n/2) / n)
		}
	}
	return g
}

// binarise marks ink: pixels clearly darker than the mean of their
// neighbourhood (about 3 mm across). Comparing with the local mean rather
// than a global level keeps shadows, tinted paper and the flat inside of a
// dark scanner bed out; only the rim of a dark area next to paper is kept,
// and it follows the page edge, which has the page's skew anyway.
func binarise(g grey) []bool {
	w, h := g.w, g.h
	r := max(2, int(math.Round(g.dpi*0.12)))
	// Integral image with a zero row and column in front.
	iw := w + 1
	integ := make([]int64, iw*(h+1))
	for y := 0; y < h; y++ {
		var rowSum int64
		src := g.pix[y*w : (y+1)*w]
		prev := integ[y*iw : (y+1)*iw]
		cur := integ[(y+1)*iw : (y+2)*iw]
		for x, p := range src {
			rowSum += int64(p)
			cur[x+1] = prev[x+1] + rowSum
		}
	}
	ink := make([]bool, w*h)
	for y := 0; y < h; y++ {
		y0, y1 := max(0, y-r), min(h, y+r+1)
		for x := 0; x < w; x++ {
			x0, x1 := max(0, x-r), min(w, x+r+1)
			s := integ[y1*iw+x1] - integ[y0*iw+x1] - integ[y1*iw+x0] + integ[y0*iw+x0]
			n := int64((y1 - y0) * (x1 - x0))
			p := int64(g.pix[y*w+x])
			// p < 0.85*mean and mean-p > 20 grey levels, in integers:
			// faint enough for thin grey rules, well above JPEG noise.
			if 20*p*n < 17*s && s-p*n > 20*n {
				ink[y*w+x] = true
			}
		}
	}
	return ink
}

// point is an ink pixel of the work image.
type point struct{ x, y int32 }

func inkPoints(ink []bool, w, h int) []point {
	n := 0
	for _, b := range ink {
		if b {
			n++
		}
	}
	pts := make([]point, 0, n)
	for y := 0; y < h; y++ {
		for x, b := range ink[y*w : (y+1)*w] {
			if b {
				pts = append(pts, point{int32(x), int32(y)})
			}
		}
	}
	return pts
}

// rotate returns img rotated counter-clockwise (as seen on screen) by deg
// degrees about its centre, on a canvas that holds the whole rotated
// image, fill where nothing maps.
func rotate(img *image.Gray, deg float64, fill uint8) *image.Gray {
	b := img.Rect
	w, h := b.Dx(), b.Dy()
	deg = math.Mod(deg, 360)
	if deg < 0 {
		deg += 360
	}
	switch deg {
	case 0:
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			copy(out.Pix[y*out.Stride:y*out.Stride+w], img.Pix[y*img.Stride:])
		}
		return out
	case 180:
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := img.Pix[y*img.Stride : y*img.Stride+w]
			dst := out.Pix[(h-1-y)*out.Stride:]
			for x, p := range src {
				dst[w-1-x] = p
			}
		}
		return out
	}
	rad := deg * math.Pi / 180
	c, s := math.Cos(rad), math.Sin(rad)
	ow := int(math.Ceil(math.Abs(float64(w)*c) + math.Abs(float64(h)*s) - 1e-6))
	oh := int(math.Ceil(math.Abs(float64(w)*s) + math.Abs(float64(h)*c) - 1e-6))
	out := image.NewGray(image.Rect(0, 0, ow, oh))
	cxi, cyi := float64(w)/2, float64(h)/2
	cxo, cyo := float64(ow)/2, float64(oh)/2
	fw, fh := float64(w-1), float64(h-1)
	for yo := 0; yo < oh; yo++ {
		v := float64(yo) + 0.5 - cyo
		u := 0.5 - cxo
		// Input position (pixel-centre coordinates) of output (0, yo);
		// it moves by (c, s) per output pixel to the right.
		xi := cxi + u*c - v*s - 0.5
		yi := cyi + u*s + v*c - 0.5
		dst := out.Pix[yo*out.Stride : yo*out.Stride+ow]
		for xo := range dst {
			dst[xo] = sample(img, xi, yi, fw, fh, fill)
			xi += c
			yi += s
		}
	}
	return out
}

// sample interpolates img bilinearly at (x, y) in pixel-centre
// coordinates relative to its bounds; outside is fill.
func sample(img *image.Gray, x, y, fw, fh float64, fill uint8) uint8 {
	if x < -1 || y < -1 || x > fw+1 || y > fh+1 {
		return fill
	}
	x0f, y0f := math.Floor(x), math.Floor(y)
	ax, ay := x-x0f, y-y0f
	x0, y0 := int(x0f), int(y0f)
	if x0 >= 0 && y0 >= 0 && x0f < fw && y0f < fh {
		i := y0*img.Stride + x0
		p := img.Pix[i : i+img.Stride+2]
		top := float64(p[0]) + ax*(float64(p[1])-float64(p[0]))
		bot := float64(p[img.Stride]) + ax*(float64(p[img.Stride+1])-float64(p[img.Stride]))
		return uint8(top + ay*(bot-top) + 0.5)
	}
	at := func(xx, yy int) float64 {
		if xx < 0 || yy < 0 || xx > int(fw) || yy > int(fh) {
			return float64(fill)
		}
		return float64(img.Pix[yy*img.Stride+xx])
	}
	top := at(x0, y0) + ax*(at(x0+1, y0)-at(x0, y0))
	bot := at(x0, y0+1) + ax*(at(x0+1, y0+1)-at(x0, y0+1))
	return uint8(top + ay*(bot-top) + 0.5)
}

// thinInk returns the ink points that lie on vertical ink runs shorter
// than maxRun pixels. It keeps ruled lines, the horizontal strokes of
// print and text baselines, and drops solid areas and their rims (the
// edge of a dark scanner bed, a shadow, a punch hole) and long vertical
// strokes, none of which tells the skew of the lines better and the first
// of which may not even follow it (the border of a re-rotated image).
func thinInk(ink []bool, w, h, maxRun int) []point {
	runLen := make([]int32, w*h) // length of the vertical run through each pixel
	for x := 0; x < w; x++ {
		for y := 0; y < h; {
			if !ink[y*w+x] {
				y++
				continue
			}
			y0 := y
			for y < h && ink[y*w+x] {
				y++
			}
			for k := y0; k < y; k++ {
				runLen[k*w+x] = int32(y - y0)
			}
		}
	}
	var pts []point
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if i := y*w + x; ink[i] && int(runLen[i]) < maxRun {
				pts = append(pts, point{int32(x), int32(y)})
			}
		}
	}
	return pts
}
