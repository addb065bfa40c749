package rows

import (
	"image"
	"math"
	"sort"
)

// RemoveStrike returns a copy of a cut cell (black ink on white, as Cell.Image)
// with a pen line that crosses the whole cell erased, or img itself when
// there is none. A row struck through runs its line through every cell to
// the right of the name, the postal code's included, and a digit reader
// sees it as part of the digits: on the calibration sets, struck rows'
// codes were misread twice as often as the others' (cmd/evaluate).
//
// The line is the straight line, within about 6° of the horizontal, that
// finds ink in the most columns; it counts as a strike when it does so in
// 85 % of the cell's columns and in most of each end tenth: a row of
// digits does not stretch from edge to edge along a line, a strike does.
// Along it, the ink band as thick as the line is cleared, except where
// ink continues both above and below, so strokes crossing it stay whole.
func RemoveStrike(img *image.Gray) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 20 || h < 6 {
		return img
	}
	ink := func(x, y int) bool {
		return y >= 0 && y < h && img.Pix[y*img.Stride+x] < 128
	}
	// Columns: every one on narrow cells, every other one on wide ones.
	step := 1
	if w > 200 {
		step = 2
	}
	edge := max(2, w/10)
	maxRise := 0.1 * float64(w) // tan 6° across the cell, in pixels
	cols := (w + step - 1) / step
	ends := (edge + step - 1) / step
	// A strike finds ink in most columns of both end tenths; most cells
	// have none there, and are done with at once.
	inkyCols := func(x0, x1 int) int {
		n := 0
		for x := x0; x < x1; x += step {
			for y := 0; y < h; y++ {
				if ink(x, y) {
					n++
					break
				}
			}
		}
		return n
	}
	if float64(inkyCols(0, edge)) < 0.6*float64(ends) || float64(inkyCols(w-edge, w)) < 0.6*float64(ends) {
		return img
	}
	maxMiss := cols - int(math.Ceil(0.85*float64(cols)))
	var best struct {
		y0, rise float64
		n        int
	}
	for rise := -maxRise; rise <= maxRise; rise++ {
		s := rise / float64(w)
		for y0 := 0; y0 < h; y0++ {
			n, miss, left, right := 0, 0, 0, 0
			for x := 0; x < w && miss <= maxMiss; x += step {
				y := int(math.Round(float64(y0) + s*float64(x)))
				if !ink(x, y) && !ink(x, y-1) && !ink(x, y+1) {
					miss++
				} else {
					n++
					if x < edge {
						left++
					} else if x >= w-edge {
						right++
					}
				}
			}
			if n > best.n && float64(n) >= 0.85*float64(cols) &&
				float64(left) >= 0.6*float64(ends) && float64(right) >= 0.6*float64(ends) {
				best.y0, best.rise, best.n = float64(y0), rise, n
			}
		}
	}
	if best.n == 0 {
		return img
	}
	s := best.rise / float64(w)
	lineAt := func(x int) int { return int(math.Round(best.y0 + s*float64(x))) }
	// The line's thickness: the median height of the ink runs it passes
	// through, which are mostly the line alone.
	var runs []int
	for x := 0; x < w; x++ {
		if y0, y1, ok := runAround(ink, x, lineAt(x)); ok {
			runs = append(runs, y1-y0)
		}
	}
	if len(runs) == 0 {
		return img
	}
	sort.Ints(runs)
	thick := runs[len(runs)/2]
	half := (thick+1)/2 + 1
	out := image.NewGray(b)
	for y := 0; y < h; y++ {
		copy(out.Pix[y*out.Stride:y*out.Stride+w], img.Pix[y*img.Stride:y*img.Stride+w])
	}
	for x := 0; x < w; x++ {
		yc := lineAt(x)
		lo, hi := yc-half, yc+half
		if ink(x, lo-1) && ink(x, hi+1) {
			continue // a stroke crossing the line
		}
		for y := max(0, lo); y <= min(h-1, hi); y++ {
			out.Pix[y*out.Stride+x] = 255
		}
	}
	return out
}

// runAround returns the vertical ink run of column x through row y or its
// neighbours, y1 exclusive.
func runAround(ink func(x, y int) bool, x, y int) (y0, y1 int, ok bool) {
	switch {
	case ink(x, y):
	case ink(x, y-1):
		y--
	case ink(x, y+1):
		y++
	default:
		return 0, 0, false
	}
	y0, y1 = y, y+1
	for ink(x, y0-1) {
		y0--
	}
	for ink(x, y1) {
		y1++
	}
	return y0, y1, true
}
