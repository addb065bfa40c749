package rows

import (
	"image"

	"github.com/sheetscan/sheetscan/internal/flood"
)

// Pieces counts the separate pieces of writing in a cell image as Find
// cuts it (Cell.Image: black ink on white): the groups of touching ink
// (8-connected) at least two fifths as tall as the tallest, so that the
// dot of an i or an accent does not count. Block capitals and print-like
// hands give about one piece per letter; joined-up writing gives far
// fewer, a word often being one stroke. Package decide weighs the pieces
// against the letters read: where the letters touch, a reader cannot see
// where one ends, and its confidence says less.
func Pieces(img *image.Gray) int {
	if img == nil {
		return 0
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	ink := make([]bool, w*h)
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x, v := range row {
			ink[y*w+x] = v < 128
		}
	}
	var heights []int
	tallest := 0
	flood.Regions(w, h, ink, true, func(_ []int, box image.Rectangle) {
		heights = append(heights, box.Dy())
		tallest = max(tallest, box.Dy())
	})
	n := 0
	for _, t := range heights {
		if 5*t >= 2*tallest {
			n++
		}
	}
	return n
}
