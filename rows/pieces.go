package rows

import "image"

// Pieces counts the separate pieces of writing in a cell image as Find
// cuts it (Cell.Image: black ink on white): the groups of touching ink
// (8-connected) at least two fifths as tall as the tallest, so that the dot
// of an i or an accent does not count. Block capitals and
// print-like hands give about one piece per letter; joined-up writing
// gives far fewer, a word often being one stroke. Package decide weighs
// the pieces against the letters read: where the letters touch, a reader
// cannot see where one ends, and its confidence says less.
func Pieces(img *image.Gray) int {
	if img == nil {
		return 0
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return 0
	}
	ink := func(x, y int) bool { return img.Pix[(y)*img.Stride+x] < 128 }
	seen := make([]bool, w*h)
	var heights []int
	var stack []int
	for y := range h {
		for x := range w {
			if seen[y*w+x] || !ink(x, y) {
				continue
			}
			seen[y*w+x] = true
			stack = append(stack[:0], y*w+x)
			top, bottom := y, y
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				px, py := p%w, p/w
				top, bottom = min(top, py), max(bottom, py)
				for ny := max(py-1, 0); ny <= min(py+1, h-1); ny++ {
					for nx := max(px-1, 0); nx <= min(px+1, w-1); nx++ {
						if q := ny*w + nx; !seen[q] && ink(nx, ny) {
							seen[q] = true
							stack = append(stack, q)
						}
					}
				}
			}
			heights = append(heights, bottom-top+1)
		}
	}
	tallest := 0
	for _, t := range heights {
		tallest = max(tallest, t)
	}
	n := 0
	for _, t := range heights {
		if 5*t >= 2*tallest {
			n++
		}
	}
	return n
}
