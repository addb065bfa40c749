package deskew

import (
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	_ "image/png"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sheetscan/sheetscan/truth"
	_ "golang.org/x/image/tiff"
)

// truthPage is a truth.json record (package truth).
type truthPage = truth.Page

func loadTruth(tb testing.TB, dir string) []truthPage {
	tb.Helper()
	pages, err := truth.Load(dir)
	if err != nil {
		tb.Fatalf("read truth: %v", err)
	}
	return pages
}

// errNoPoppler marks a PDF that cannot be rasterised on this machine.
var errNoPoppler = fmt.Errorf("pdftoppm not installed")

var (
	pageCacheMu sync.Mutex
	pageCache   = map[string]*image.Gray{}
)

// loadPage decodes page p of dir/scans or dir (whichever holds the file)
// as grey. PDFs are rasterised with pdftoppm at the truth resolution.
// Pages of the repository's samples are decoded once per test binary;
// callers must not modify the image.
func loadPage(tb testing.TB, dir string, p truthPage) (*image.Gray, error) {
	tb.Helper()
	key := fmt.Sprintf("%s\x00%s\x00%d", dir, p.File, p.PageInFile)
	cache := dir == samplesDir
	if cache {
		pageCacheMu.Lock()
		g := pageCache[key]
		pageCacheMu.Unlock()
		if g != nil {
			return g, nil
		}
	}
	g, err := decodePage(tb, dir, p)
	if cache && err == nil {
		pageCacheMu.Lock()
		pageCache[key] = g
		pageCacheMu.Unlock()
	}
	return g, err
}

// decodePage decodes a page as the tool does (package scanfile).
func decodePage(tb testing.TB, dir string, p truthPage) (*image.Gray, error) {
	tb.Helper()
	if strings.EqualFold(filepath.Ext(p.File), ".pdf") {
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			return nil, errNoPoppler
		}
	}
	return truth.Decode(dir, p)
}

// toGray converts any decoded image to grey, with fast paths for the
// common decoder outputs.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			copy(out.Pix[y*out.Stride:], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:b.Dx()])
		}
		return out
	case *image.Paletted:
		var lut [256]uint8
		for i, c := range m.Palette {
			lut[i] = color.GrayModel.Convert(c).(color.Gray).Y
		}
		for y := 0; y < b.Dy(); y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:b.Dx()]
			dst := out.Pix[y*out.Stride:]
			for x, ci := range row {
				dst[x] = lut[ci]
			}
		}
		return out
	case *image.NRGBA:
		for y := 0; y < b.Dy(); y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:4*b.Dx()]
			dst := out.Pix[y*out.Stride:]
			for x := range b.Dx() {
				r, g, bl := uint32(row[4*x]), uint32(row[4*x+1]), uint32(row[4*x+2])
				dst[x] = uint8((19595*r + 38470*g + 7471*bl + 1<<15) >> 16)
			}
		}
		return out
	case *image.YCbCr:
		for y := 0; y < b.Dy(); y++ {
			copy(out.Pix[y*out.Stride:], m.Y[m.YOffset(b.Min.X, b.Min.Y+y):][:b.Dx()])
		}
		return out
	}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.Pix[y*out.Stride+x] = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
		}
	}
	return out
}

// angleDiff returns a-b folded into (-180, 180].
func angleDiff(a, b float64) float64 {
	d := a - b
	for d > 180 {
		d -= 360
	}
	for d <= -180 {
		d += 360
	}
	return d
}
