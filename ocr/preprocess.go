package ocr

import (
	"image"
	"math"

	"github.com/sheetscan/sheetscan/internal/flood"
	"github.com/sheetscan/sheetscan/slant"
)

// A variant is one way of preparing a cell for Tesseract.
type variant struct {
	name string
	// inkHeight is the height in pixels the ink's bounding box is scaled
	// to (0 = no scaling); binary selects a black-and-white output instead
	// of cleaned gray levels.
	inkHeight float64
	binary    bool
	crop      bool
	// pack closes up the gaps between the characters (groups of ink
	// columns) to a uniform spacing: for postal codes, often written
	// "75 004", whose wide gaps make Tesseract drop digits.
	pack bool
	// deslant shears the writing upright (see deslant).
	deslant bool
}

// Preprocessing variants measured by TestCorpus. Read uses "crop";
// ReadAll's other readings use "crop" with the other model and "crop-bin".
var (
	variantRaw     = variant{name: "raw"}
	variantCrop    = variant{name: "crop", inkHeight: 40, crop: true}
	variantCropBin = variant{name: "crop-bin", inkHeight: 40, binary: true, crop: true}
	variantCropLow = variant{name: "crop-28", inkHeight: 28, crop: true}
	variantPack    = variant{name: "pack", inkHeight: 40, crop: true, pack: true}
	variantPack48  = variant{name: "pack-48", inkHeight: 48, crop: true, pack: true}
	variantCropHi  = variant{name: "crop-56", inkHeight: 56, crop: true}
)

// prepare returns the image given to Tesseract for cell, or nil if the cell
// holds no ink.
//
// Steps: Otsu threshold; removal of ruled-line remnants along the cell
// border (rows or columns in the outer band that are mostly dark); removal of
// specks (components smaller than a fraction of the cell height squared) and
// of thin fragments touching the border; crop to the remaining ink with a
// margin of a fifth of its height; scale so the ink is v.inkHeight pixels
// tall; white border.
func prepare(cell *image.Gray, v variant) *image.Gray {
	if !v.crop {
		b := cell.Bounds()
		if b.Dx() < 4 || b.Dy() < 4 {
			return nil
		}
		return pad(copyGray(cell), b.Dy()/4+4)
	}
	clean := cleanCell(cell, v.binary)
	if clean == nil {
		return nil
	}
	out := clean
	if v.deslant {
		out = deslant(out)
	}
	if v.pack {
		out = packColumns(out, clean.Bounds().Dy()/4+1)
	}
	if v.inkHeight > 0 {
		out = resize(out, v.inkHeight/float64(clean.Bounds().Dy()))
	}
	return pad(out, int(v.inkHeight/2)+4)
}

// copyGray returns a copy of g with bounds at the origin.
func copyGray(cell *image.Gray) *image.Gray {
	b := cell.Bounds()
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		copy(g.Pix[y*w:(y+1)*w], cell.Pix[y*cell.Stride:y*cell.Stride+w])
	}
	return g
}

// cleanCell returns the ink of cell cropped with a margin of a fifth of its
// height, everything that is not kept ink painted white, or nil if the cell
// holds no ink.
func cleanCell(cell *image.Gray, binary bool) *image.Gray {
	b := cell.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 4 || h < 4 {
		return nil
	}
	g := copyGray(cell)
	thr, contrast := otsu(g)
	if contrast < 40 {
		return nil
	}
	ink := make([]bool, w*h)
	dark := 0
	for i, p := range g.Pix {
		ink[i] = int(p) <= thr
		if ink[i] {
			dark++
		}
	}
	if dark > w*h/2 {
		// Light writing on a dark ground (a negative scan): invert.
		for i, p := range g.Pix {
			g.Pix[i] = 255 - p
			ink[i] = !ink[i]
		}
		thr = 254 - thr
	}
	removeRules(ink, w, h)
	keep, box := components(ink, w, h)
	if box.Empty() {
		return nil
	}
	// Clean gray image: background and dropped components white, kept ink
	// contrast-stretched so that the threshold maps to mid-gray.
	clean := image.NewGray(box)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			val := uint8(255)
			if binary {
				if keep[y*w+x] {
					val = 0
				}
			} else if near(keep, w, h, x, y) {
				p := float64(g.Pix[y*w+x])
				s := p * 128 / float64(thr+1)
				if int(p) > thr {
					s = 128 + (p-float64(thr))*127/float64(256-thr)
				}
				val = uint8(math.Min(255, s))
			}
			clean.Pix[(y-box.Min.Y)*clean.Stride+x-box.Min.X] = val
		}
	}
	return clean
}

// near reports whether (x, y) is a kept ink pixel or touches one, so that
// the anti-aliased edge of strokes survives.
func near(keep []bool, w, h, x, y int) bool {
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			xx, yy := x+dx, y+dy
			if xx >= 0 && yy >= 0 && xx < w && yy < h && keep[yy*w+xx] {
				return true
			}
		}
	}
	return false
}

// otsu returns Otsu's threshold of g and the difference between the mean
// gray levels of the two classes (a low value means a blank cell).
func otsu(g *image.Gray) (thr int, contrast float64) {
	var hist [256]float64
	for _, p := range g.Pix {
		hist[p]++
	}
	total := float64(len(g.Pix))
	sum := 0.0
	for i, n := range hist {
		sum += float64(i) * n
	}
	var wB, sumB, best float64
	for t := 0; t < 256; t++ {
		wB += hist[t]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(t) * hist[t]
		mB, mF := sumB/wB, (sum-sumB)/wF
		if between := wB * wF * (mB - mF) * (mB - mF); between > best {
			best, thr, contrast = between, t, mF-mB
		}
	}
	return thr, contrast
}

// removeRules clears rows in the top and bottom fifth, and columns in the
// outer band at the left and right, that are mostly ink: remnants of the
// table's ruled lines when the cell was cut a little too wide.
func removeRules(ink []bool, w, h int) {
	band := h/5 + 1
	for y := 0; y < h; y++ {
		if y >= band && y < h-band {
			continue
		}
		n := 0
		for x := 0; x < w; x++ {
			if ink[y*w+x] {
				n++
			}
		}
		if n > w/2 {
			for x := 0; x < w; x++ {
				ink[y*w+x] = false
			}
		}
	}
	for x := 0; x < w; x++ {
		if x >= band && x < w-band {
			continue
		}
		n := 0
		for y := 0; y < h; y++ {
			if ink[y*w+x] {
				n++
			}
		}
		if n > h/2 {
			for y := 0; y < h; y++ {
				ink[y*w+x] = false
			}
		}
	}
}

// components labels the 8-connected ink components and keeps those that
// are neither specks nor thin border fragments. It returns the kept mask
// and the bounding box of the kept ink.
func components(ink []bool, w, h int) ([]bool, image.Rectangle) {
	keep := make([]bool, w*h)
	minArea := max(4, h*h/400) // a speck: under about (h/20)²
	var box image.Rectangle
	flood.Regions(w, h, ink, true, func(pix []int, r image.Rectangle) {
		cw, ch := r.Dx(), r.Dy()
		if len(pix) < minArea {
			return
		}
		x0, y0, x1, y1 := r.Min.X, r.Min.Y, r.Max.X-1, r.Max.Y-1
		touches := x0 == 0 || y0 == 0 || x1 == w-1 || y1 == h-1
		if touches && (ch <= max(2, h/12) && cw > ch*4 || cw <= max(2, h/12) && ch > cw*4 && (x0 == 0 || x1 == w-1)) {
			return // a piece of ruled line
		}
		for _, i := range pix {
			keep[i] = true
		}
		box = box.Union(r)
	})
	if !box.Empty() {
		m := box.Dy()/5 + 1
		box = image.Rect(box.Min.X-m, box.Min.Y-m, box.Max.X+m, box.Max.Y+m).Intersect(image.Rect(0, 0, w, h))
	}
	return keep, box
}

// resize scales g by s: bilinear when enlarging, box average when
// shrinking.
func resize(g *image.Gray, s float64) *image.Gray {
	b := g.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dw, dh := max(1, int(math.Round(float64(sw)*s))), max(1, int(math.Round(float64(sh)*s)))
	dst := image.NewGray(image.Rect(0, 0, dw, dh))
	at := func(x, y int) float64 {
		x = min(max(x, 0), sw-1)
		y = min(max(y, 0), sh-1)
		return float64(g.Pix[y*g.Stride+x])
	}
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var v float64
			if s >= 1 {
				fx, fy := (float64(x)+0.5)/s-0.5, (float64(y)+0.5)/s-0.5
				x0, y0 := int(math.Floor(fx)), int(math.Floor(fy))
				ax, ay := fx-float64(x0), fy-float64(y0)
				v = at(x0, y0)*(1-ax)*(1-ay) + at(x0+1, y0)*ax*(1-ay) + at(x0, y0+1)*(1-ax)*ay + at(x0+1, y0+1)*ax*ay
			} else {
				sx0, sy0 := int(float64(x)/s), int(float64(y)/s)
				sx1, sy1 := max(sx0+1, int(float64(x+1)/s)), max(sy0+1, int(float64(y+1)/s))
				n := 0.0
				for yy := sy0; yy < sy1; yy++ {
					for xx := sx0; xx < sx1; xx++ {
						v += at(xx, yy)
						n++
					}
				}
				v /= n
			}
			dst.Pix[y*dst.Stride+x] = uint8(math.Round(v))
		}
	}
	return dst
}

// pad surrounds g with a white border of m pixels: Tesseract reads text
// touching the image edge badly.
func pad(g *image.Gray, m int) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w+2*m, h+2*m))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < h; y++ {
		copy(out.Pix[(y+m)*out.Stride+m:], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	return out
}

// packColumns rebuilds g with its runs of inked columns (characters, or
// characters overlapping horizontally) separated by exactly gap white
// columns.
func packColumns(g *image.Gray, gap int) *image.Gray {
	h := g.Bounds().Dy()
	runs := columnRuns(g, 0)
	if len(runs) == 0 {
		return g
	}
	width := gap * (len(runs) + 1)
	for _, r := range runs {
		width += r.x1 - r.x0
	}
	out := image.NewGray(image.Rect(0, 0, width, h))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	at := gap
	for _, r := range runs {
		for y := 0; y < h; y++ {
			copy(out.Pix[y*out.Stride+at:], g.Pix[y*g.Stride+r.x0:y*g.Stride+r.x1])
		}
		at += r.x1 - r.x0 + gap
	}
	return out
}

// run is a range [x0, x1) of columns.
type run struct{ x0, x1 int }

// columnRuns returns the runs of columns of g holding ink (a pixel darker
// than 200), runs separated by at most bridge white columns merged.
func columnRuns(g *image.Gray, bridge int) []run {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	inked := make([]bool, w)
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			if g.Pix[y*g.Stride+x] < 200 {
				inked[x] = true
				break
			}
		}
	}
	var runs []run
	for x := 0; x < w; x++ {
		if !inked[x] {
			continue
		}
		if n := len(runs); n > 0 && x-runs[n-1].x1 <= bridge {
			runs[n-1].x1 = x + 1
		} else {
			runs = append(runs, run{x, x + 1})
		}
	}
	return runs
}

// deslant returns g (dark writing on white) sheared so that its strokes
// stand upright: the shear, between -0.7 and 0.7 (35°), that makes the
// vertical projection of the ink peakiest. Slanted handwriting (cursive
// fonts, hurried hands) is read better upright. Writing that is already
// upright, or nearly, is returned as it is.
func deslant(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 4 || h < 4 {
		return g
	}
	var pts []slant.Point
	yc := float64(h) / 2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if p := g.Pix[y*g.Stride+x]; p < 200 {
				pts = append(pts, slant.Point{X: float64(x), Y: float64(y) - yc, W: float64(255-p) / 255})
			}
		}
	}
	s := slant.Estimate(pts, w, h, nameShears, 1.02)
	if math.Abs(s) < 0.1 {
		return g
	}
	return slant.Apply(g, s, 255)
}

// nameShears are the slants deslant tries: up to 0.7 (35°) either way, by
// steps of 0.05.
var nameShears = slant.Steps(-14, 14, 0.05)
