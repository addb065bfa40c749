package rows

import (
	"image"
	"math"

	"github.com/sheetscan/sheetscan/internal/flood"
)

// clearSpeckle erases from bm the wide areas thick with ink that no
// writing or print makes: a grey scanner bed around a skewed page, which a
// bilevel scan turns into speckle. Left in, it forms "rules" wherever its
// grain runs straight, and its edge along the page's side reads as a
// border: a generated page skewed 7° on such a bed had its columns taken
// from the bed's edge and a wedge of bed 10 mm high (all its rows cut
// wrong). The page is cut in cells of speckleCellMM; a region of speckled
// cells at least speckleMinMM across both ways is cleared. Find clears
// only the bitmap it seeks the rules in, never the one the cells are cut
// from, so that nothing written is lost should some writing pass for
// grain.
func clearSpeckle(bm *bitmap, px1mm float64) {
	c := max(2, int(speckleCellMM*px1mm+0.5))
	cw, ch := (bm.w+c-1)/c, (bm.h+c-1)/c
	dense := make([]bool, cw*ch)
	for cy := 0; cy < ch; cy++ {
		for cx := 0; cx < cw; cx++ {
			x0, y0 := cx*c, cy*c
			x1, y1 := min(bm.w, x0+c), min(bm.h, y0+c)
			dense[cy*cw+cx] = speckled(bm, x0, y0, x1, y1)
		}
	}
	minCells := int(math.Round(speckleMinMM / speckleCellMM))
	flood.Regions(cw, ch, dense, false, func(region []int, box image.Rectangle) {
		if box.Dx() < minCells || box.Dy() < minCells {
			return
		}
		// The region and the cells around it: those the grain only
		// partly covers are too sparse to pass, yet as much grain.
		for _, k := range region {
			kx, ky := k%cw, k/cw
			y0, y1 := max(0, ky*c-c), min(bm.h, ky*c+2*c)
			x0, x1 := max(0, kx*c-c), min(bm.w, kx*c+2*c)
			for y := y0; y < y1; y++ {
				clear(bm.pix[y*bm.w+x0 : y*bm.w+x1])
			}
		}
	})
}

// speckled reports whether the box x0,y0–x1,y1 of bm is thick with ink
// (speckleDensity) in grains: runs of ink speckleMaxRun pixels long or
// shorter on average, across and down. A scanner's grain is a pixel or two
// at any resolution; strokes and rules are longer at least one way (on
// the 48 sample pages, at most 34 cells of 2 mm per page pass, scattered;
// 841 on the speckled page).
func speckled(bm *bitmap, x0, y0, x1, y1 int) bool {
	ink, across, down := 0, 0, 0
	for y := y0; y < y1; y++ {
		row := bm.pix[y*bm.w:]
		for x := x0; x < x1; x++ {
			if row[x] == 0 {
				continue
			}
			ink++
			if x == x0 || row[x-1] == 0 {
				across++
			}
			if y == y0 || bm.pix[(y-1)*bm.w+x] == 0 {
				down++
			}
		}
	}
	return ink > 0 && float64(ink) >= speckleDensity*float64((x1-x0)*(y1-y0)) &&
		float64(ink) < speckleMaxRun*float64(across) && float64(ink) < speckleMaxRun*float64(down)
}

const (
	speckleMaxRun  = 3.0
	speckleCellMM  = 2.0
	speckleDensity = 0.3
	speckleMinMM   = 8
)
