package deskew

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "golang.org/x/image/tiff"
)

// truthPage is the part of a truth.json record the tests use.
type truthPage struct {
	File       string  `json:"file"`
	PageInFile int     `json:"page_in_file"`
	FormPage   int     `json:"form_page"`
	DPI        float64 `json:"dpi"`
	UpsideDown bool    `json:"upside_down"`
	Rotation   float64 `json:"rotation_deg"`
	Skew       float64 `json:"skew_deg"`
}

func loadTruth(tb testing.TB, dir string) []truthPage {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		tb.Fatalf("read truth: %v", err)
	}
	var pages []truthPage
	if err := json.Unmarshal(b, &pages); err != nil {
		tb.Fatalf("parse truth: %v", err)
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

func decodePage(tb testing.TB, dir string, p truthPage) (*image.Gray, error) {
	tb.Helper()
	path := filepath.Join(dir, p.File)
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(dir, "scans", p.File)
	}
	if strings.EqualFold(filepath.Ext(path), ".pdf") {
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			return nil, errNoPoppler
		}
		out := filepath.Join(tb.TempDir(), "page")
		pg := fmt.Sprint(max(1, p.PageInFile))
		cmd := exec.Command("pdftoppm", "-r", fmt.Sprint(p.DPI), "-gray", "-png",
			"-f", pg, "-l", pg, "-singlefile", path, out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("pdftoppm %s: %v: %s", p.File, err, msg)
		}
		path = out + ".png"
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", p.File, err)
	}
	g := toGray(img)
	// x/image/tiff decodes min-is-black CCITT pages as negatives (package
	// scanfile handles this properly); a form is mostly paper, so a page
	// darker than mid-grey on average is a negative.
	var sum int
	for _, p := range g.Pix {
		sum += int(p)
	}
	if sum < 128*len(g.Pix) {
		for i, p := range g.Pix {
			g.Pix[i] = 255 - p
		}
	}
	return g, nil
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
