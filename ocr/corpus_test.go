package ocr

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/truth"
	_ "golang.org/x/image/tiff"
)

// The corpus evaluation reads the labelled sample scans outside the
// repository; it is off unless -corpus names their directory.
var (
	corpusDir   = flag.String("corpus", "", "directory of labelled scans (truth.json, scans/) for TestCorpus; empty skips it")
	corpusDump  = flag.String("corpus-dump", "", "directory to write the cut cells to, for a look")
	corpusCache = flag.String("corpus-cache", "", "directory caching the cut cells between runs of TestCorpus (cutting takes about a minute)")
)

// toGray converts img to gray, taking the luma plane directly for JPEG
// (draw.Draw's generic path is slow on full pages).
func toGray(img image.Image) *image.Gray {
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		b := m.Bounds()
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:(y+1)*g.Stride], m.Y[y*m.YStride:y*m.YStride+b.Dx()])
		}
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	return g
}

// scan is one decoded page with the factor from the truth's image pixels
// to its own (truth.DecodeScale).
type scan struct {
	img   *image.Gray
	scale float64
}

// cutCell samples the rectangle [x0,x1]×[y0,y1] (millimetres on the upright
// printed page) out of a scan through the page-to-image affine, at the
// scan's resolution, so the cell comes out straight and upright.
func cutCell(sc scan, p truth.Page, x0, y0, x1, y1 float64) *image.Gray {
	src, k := sc.img, sc.scale
	pxPerMM := p.DPI / 25.4
	w := int(math.Round((x1 - x0) * pxPerMM))
	h := int(math.Round((y1 - y0) * pxPerMM))
	dst := image.NewGray(image.Rect(0, 0, w, h))
	a := p.PageToImage
	page := 300 / 25.4 // page coordinates are at 300 dpi
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			x := (x0 + (float64(i)+0.5)/pxPerMM) * page
			y := (y0 + (float64(j)+0.5)/pxPerMM) * page
			dst.Pix[j*dst.Stride+i] = bilinear(src, k*(a[0]*x+a[1]*y+a[2])-0.5, k*(a[3]*x+a[4]*y+a[5])-0.5)
		}
	}
	return dst
}

func bilinear(g *image.Gray, x, y float64) uint8 {
	b := g.Bounds()
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		if x < b.Min.X || y < b.Min.Y || x >= b.Max.X || y >= b.Max.Y {
			return 255
		}
		return float64(g.Pix[(y-b.Min.Y)*g.Stride+x-b.Min.X])
	}
	v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
	return uint8(math.Round(v))
}

// corpusCell is one filled cell of the corpus with its truth.
type corpusCell struct {
	id     string
	field  Field
	truth  string
	img    *image.Gray
	notes  []string
	writer string // handwriting font of the row
}

// corpusCells cuts the name and postal-code cells of every filled row. The
// row box starts after the number column. The column boundaries predicted
// from name_frac and cp_frac (of the table width: this fits the ruled
// lines of the dev corpus better than formgen's "width right of the number
// column") are snapped to the ruled line found nearby.
func corpusCells(tb testing.TB, dir string) []corpusCell {
	tb.Helper()
	if *corpusCache != "" {
		if cells, ok := loadCellCache(tb, *corpusCache); ok {
			return cells
		}
	}
	var cells []corpusCell
	pages, err := truth.Load(dir)
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	for _, p := range pages {
		var src scan
		for _, r := range p.Rows {
			if r.Blank || r.Name == "" && r.PostalCode == "" {
				continue
			}
			if src.img == nil {
				if src.img, src.scale, err = truth.DecodeScale(dir, p); err != nil {
					tb.Fatalf("corpus: %s page %d: %v", p.File, p.PageInFile, err)
				}
			}
			tableW := r.BoxMM[2] - r.BoxMM[0] + p.Layout.NumW
			nameX1 := r.BoxMM[0] + p.Layout.NameFrac*tableW
			cpX1 := nameX1 + p.Layout.CPFrac*tableW
			nameX1, cpX1 = snapToRule(src, p, r, nameX1), snapToRule(src, p, r, cpX1)
			id := fmt.Sprintf("%s-p%d-r%02d", strings.ReplaceAll(p.File, " ", "_"), p.PageInFile, r.Number)
			if r.Name != "" {
				cells = append(cells, corpusCell{id + "-name", Name, r.Name, cutCell(src, p, r.BoxMM[0], r.BoxMM[1], nameX1, r.BoxMM[3]), r.Notes, r.Writer})
			}
			if r.PostalCode != "" {
				cells = append(cells, corpusCell{id + "-cp", Postal, r.PostalCode, cutCell(src, p, nameX1, r.BoxMM[1], cpX1, r.BoxMM[3]), r.Notes, r.Writer})
			}
		}
	}
	if *corpusCache != "" {
		saveCellCache(tb, *corpusCache, cells)
	}
	return cells
}

// snapToRule returns the x (mm) of the vertical ruled line of row r nearest
// to the predicted x, within 7 mm, or x itself when no line is found. The
// line is a column of the straightened row that is dark over most of the
// row's height.
func snapToRule(src scan, p truth.Page, r truth.Row, x float64) float64 {
	const reach = 7.0
	y0, y1 := r.BoxMM[1]+0.8, r.BoxMM[3]-0.8
	strip := cutCell(src, p, x-reach, y0, x+reach, y1)
	w, h := strip.Bounds().Dx(), strip.Bounds().Dy()
	best, bestN := -1, h*7/10
	for i := 0; i < w; i++ {
		n := 0
		for j := 0; j < h; j++ {
			if strip.Pix[j*strip.Stride+i] < 128 {
				n++
			}
		}
		if n > bestN || n == bestN && best >= 0 && abs(i-w/2) < abs(best-w/2) {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return x
	}
	return x - reach + (float64(best)+0.5)/(p.DPI/25.4)
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

type cachedCell struct {
	ID     string
	Field  Field
	Truth  string
	Notes  []string
	Writer string
}

func saveCellCache(tb testing.TB, dir string, cells []corpusCell) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	var idx []cachedCell
	for _, c := range cells {
		writePNG(tb, filepath.Join(dir, c.id+".png"), c.img)
		idx = append(idx, cachedCell{c.id, c.field, c.truth, c.notes, c.writer})
	}
	b, _ := json.Marshal(idx)
	if err := os.WriteFile(filepath.Join(dir, "index.json"), b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func loadCellCache(tb testing.TB, dir string) ([]corpusCell, bool) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return nil, false
	}
	var idx []cachedCell
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, false
	}
	var cells []corpusCell
	for _, c := range idx {
		if c.Writer == "" {
			return nil, false // a cache from before writers were recorded
		}
		f, err := os.Open(filepath.Join(dir, c.ID+".png"))
		if err != nil {
			return nil, false
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			return nil, false
		}
		cells = append(cells, corpusCell{c.ID, c.Field, c.Truth, toGray(img), c.Notes, c.Writer})
	}
	return cells, true
}

func writePNG(tb testing.TB, path string, img image.Image) {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestCorpusDump(t *testing.T) {
	if *corpusDir == "" || *corpusDump == "" {
		t.Skip("needs -corpus DIR and -corpus-dump DIR")
	}
	for _, c := range corpusCells(t, *corpusDir) {
		writePNG(t, filepath.Join(*corpusDump, c.id+".png"), c.img)
	}
}
