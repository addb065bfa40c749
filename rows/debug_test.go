package rows

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// writeOverlay writes the straightened page with the binarised ink in
// gray and the grid found on it in red, for eyes only.
func writeOverlay(tb testing.TB, path string, page *image.Gray, dpi float64) {
	tb.Helper()
	px1mm := dpi / 25.4
	bm := binarize(page, dpi, ruleK)
	b := page.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			v := page.GrayAt(b.Min.X+x, b.Min.Y+y).Y/2 + 128
			if bm.pix[y*bm.w+x] != 0 {
				v = 60
			}
			out.Set(x, y, color.Gray{v})
		}
	}
	vs := verticalRules(bm, px1mm)
	for _, r := range vs {
		for y := r.lo; y < r.hi; y++ {
			out.Set(int(r.at(float64(y)))+2, y, color.RGBA{0, 0, 255, 255})
			out.Set(int(r.at(float64(y)))+3, y, color.RGBA{0, 0, 255, 255})
		}
	}
	g, _, err := findGrid(bm, vs, px1mm)
	if err != nil {
		tb.Logf("overlay: %v", err)
	} else {
		for _, r := range g.h {
			for x := 0; x < b.Dx(); x++ {
				out.Set(x, int(r.at(float64(x))), color.RGBA{255, 0, 0, 255})
			}
		}
		for _, r := range g.v {
			for y := 0; y < b.Dy(); y++ {
				out.Set(int(r.at(float64(y))), y, color.RGBA{255, 0, 0, 255})
			}
		}
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, out)
}
