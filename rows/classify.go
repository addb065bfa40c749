package rows

import (
	"image"
	"math"
)

// classify sets Blank, Signed and Struck with their scores.
//
// Only ink in the middle 60 % of the row's height counts for Blank and
// Signed: writing that belongs to the row crosses that band even when it
// rises above the line or sits on the bottom one, while the tails of the
// neighbours' writing and signatures, and underlines lying on a rule, hug
// the rules.
func classify(r *Row, px1mm float64) {
	core := func(c Cell) float64 {
		h := r.Box.Dy()
		y0, y1 := r.Box.Min.Y+h/5, r.Box.Max.Y-h/5
		return float64(blackIn(c.Image, y0, y1)) / (px1mm * px1mm)
	}
	sig := core(r.Signature)
	r.BlankScore = core(r.Name) + core(r.Postal) + sig
	r.Blank = r.BlankScore < BlankMinInk
	r.SignedScore = sig
	r.Signed = r.SignedScore >= SignedMinInk
	if r.Name.InkMM2 >= BlankMinInk {
		r.StruckScore = strikeSpan(r.Name.Image, px1mm)
	}
	r.Struck = r.StruckScore >= StruckMinSpan
}

// strikeSpan measures the longest nearly horizontal pen line through the
// middle of the writing in img, as a share of the writing's width.
//
// Only pixels on horizontal runs of at least 1 mm count (a pen line at up
// to 10° gives such runs; letters' stems do not). Straight paths at -8° to
// 8° are walked across the writing, with their centre anywhere in the
// middle 60 % of its height, so underlines (at the bottom of the writing)
// do not count; a path is hit where such pixels lie within 0.3 mm of it,
// and a stretch ends at a gap of more than 0.6 mm. Letters' bars and
// cursive joins leave gaps between letters; a strike line does not.
func strikeSpan(img *image.Gray, px1mm float64) float64 {
	b := img.Bounds()
	ink := inkBounds(img)
	if ink.Dx() < int(3*px1mm) || ink.Dy() < 2 {
		return 0
	}
	w, h := ink.Dx(), ink.Dy()
	minRun := max(2, int(math.Round(1.0*px1mm)))
	// Column-major prefix sums of the horizontal-stroke mask.
	pre := make([]int32, w*(h+1))
	mask := make([]bool, w*h)
	for y := 0; y < h; y++ {
		row := img.Pix[(y+ink.Min.Y-b.Min.Y)*img.Stride+(ink.Min.X-b.Min.X):]
		x := 0
		for x < w {
			if row[x] >= 128 {
				x++
				continue
			}
			s := x
			for x < w && row[x] < 128 {
				x++
			}
			if x-s >= minRun {
				for k := s; k < x; k++ {
					mask[y*w+k] = true
				}
			}
		}
	}
	for x := 0; x < w; x++ {
		col := pre[x*(h+1):]
		for y := 0; y < h; y++ {
			col[y+1] = col[y]
			if mask[y*w+x] {
				col[y+1]++
			}
		}
	}
	hit := func(x, y0, y1 int) bool {
		y0, y1 = max(0, y0), min(h, y1)
		if y1 <= y0 {
			return false
		}
		col := pre[x*(h+1):]
		return col[y1]-col[y0] > 0
	}
	t := max(1, int(math.Round(0.3*px1mm)))
	gapMax := max(1, int(math.Round(0.6*px1mm)))
	best := 0
	xc := float64(w) / 2
	for deg := -8; deg <= 8; deg++ {
		tan := math.Tan(float64(deg) * math.Pi / 180)
		for yc := int(0.2 * float64(h)); yc <= int(0.8*float64(h)); yc++ {
			first, last := -1, -1
			for x := 0; x < w; x++ {
				y := int(math.Round(float64(yc) + tan*(float64(x)-xc)))
				if !hit(x, y-t, y+t+1) {
					continue
				}
				if last < 0 || x-last > gapMax {
					first = x
				}
				last = x
				if last-first > best {
					best = last - first
				}
			}
		}
	}
	return float64(best) / float64(w)
}

// blackIn counts the black pixels of img in rows y0 to y1 (exclusive).
func blackIn(img *image.Gray, y0, y1 int) int {
	b := img.Bounds()
	y0, y1 = max(y0, b.Min.Y), min(y1, b.Max.Y)
	n := 0
	for y := y0; y < y1; y++ {
		for _, v := range img.Pix[(y-b.Min.Y)*img.Stride : (y-b.Min.Y)*img.Stride+b.Dx()] {
			if v < 128 {
				n++
			}
		}
	}
	return n
}
