// Package flood finds the connected regions of a mask on a grid: ink
// components of a binary image, clusters of grid cells. It is the one
// flood fill of the image packages (ocr, digits, rows).
package flood

import "image"

// Regions calls visit once for each connected region of the cells of a
// w×h grid (row-major, cell i at x = i%w, y = i/w) for which on is true,
// in the order of their first cell, with the indexes of its cells and
// their bounding box (Max exclusive). Regions are 8-connected when eight
// is true, 4-connected otherwise. The cells of a region come in the order
// of a depth-first fill from its first cell (neighbours above first, left
// to right, for eight; left, right, above, below for four); pix is reused
// by the next call, so visit must copy what it keeps.
func Regions(w, h int, on []bool, eight bool, visit func(pix []int, box image.Rectangle)) {
	seen := make([]bool, w*h)
	var stack, pix []int
	push := func(x, y int) {
		if x < 0 || y < 0 || x >= w || y >= h {
			return
		}
		if j := y*w + x; on[j] && !seen[j] {
			seen[j] = true
			stack = append(stack, j)
		}
	}
	for start := range on[:w*h] {
		if !on[start] || seen[start] {
			continue
		}
		pix = pix[:0]
		stack = append(stack[:0], start)
		seen[start] = true
		x0, y0, x1, y1 := w, h, -1, -1
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			pix = append(pix, i)
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			if eight {
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						push(x+dx, y+dy)
					}
				}
			} else {
				push(x-1, y)
				push(x+1, y)
				push(x, y-1)
				push(x, y+1)
			}
		}
		visit(pix, image.Rect(x0, y0, x1+1, y1+1))
	}
}
