package scanfile

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var corpusDir = flag.String("corpus", "", "also check every scan of this corpus directory (with scans/ and truth.json), e.g. /work/shared/corpus/dev; off by default")

// truthPage is the part of a truth.json record this package can check.
type truthPage struct {
	File        string   `json:"file"`
	PageInFile  int      `json:"page_in_file"`
	DPI         float64  `json:"dpi"`
	DPIMetadata *float64 `json:"dpi_metadata"`
	ImageSize   [2]int   `json:"image_size"`
	Format      string   `json:"format"`
}

// loadTruth returns the truth records of a directory grouped by file, pages
// in order.
func loadTruth(tb testing.TB, path string) map[string][]truthPage {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var recs []truthPage
	if err := json.Unmarshal(b, &recs); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	byFile := map[string][]truthPage{}
	for _, r := range recs {
		byFile[r.File] = append(byFile[r.File], r)
	}
	for _, ps := range byFile {
		sort.Slice(ps, func(i, j int) bool { return ps[i].PageInFile < ps[j].PageInFile })
	}
	return byFile
}

// wantSource is the DPISource a page should get: metadata is trusted unless
// absent or a software default (72/96 dpi); the sample scans' metadata is
// otherwise right.
func (p truthPage) wantSource() string {
	if p.DPIMetadata == nil || *p.DPIMetadata == 72 || *p.DPIMetadata == 96 {
		return DPIFromSize
	}
	return DPIFromTag
}

// checkScans decodes every file listed in dir/truth.json and compares page
// count, format, size (±2 px for PDF, rendered from points) and DPI (±2 %).
func checkScans(t *testing.T, dir string) {
	t.Helper()
	truth := loadTruth(t, filepath.Join(dir, "truth.json"))
	names := make([]string, 0, len(truth))
	for name := range truth {
		names = append(names, name)
	}
	sort.Strings(names)
	ctx := context.Background()
	var pagesSeen, fromTag, sizeOK int // sizeOK: pages where the A4 size rule alone is within 2 %
	var worst float64
	worstName := ""
	defer func() {
		t.Logf("%d pages: %d DPI from metadata, %d from size; worst DPI error %.2f %% (%s); without metadata the size rule alone would be within 2 %% on %d", pagesSeen, fromTag, pagesSeen-fromTag, 100*worst, worstName, sizeOK)
	}()
	for _, name := range names {
		pages := truth[name]
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if _, err := os.Stat(path); err != nil {
				path = filepath.Join(dir, "scans", name)
			}
			d, err := Open(path)
			if err != nil {
				t.Fatalf("Open(%q): %v", name, err)
			}
			defer d.Close()
			if got := d.NumPages(); got != len(pages) {
				t.Fatalf("Open(%q).NumPages() = %d, want %d", name, got, len(pages))
			}
			if got, want := d.Format(), pages[0].Format; got != want {
				t.Errorf("Open(%q).Format() = %q, want %q", name, got, want)
			}
			for _, want := range pages {
				p, err := d.Page(ctx, want.PageInFile)
				if err != nil {
					t.Errorf("Page(%q, %d): %v", name, want.PageInFile, err)
					continue
				}
				tol := 0
				if d.Format() == FormatPDF {
					tol = 2
				}
				w, h := p.Image.Rect.Dx(), p.Image.Rect.Dy()
				if abs(w-want.ImageSize[0]) > tol || abs(h-want.ImageSize[1]) > tol {
					t.Errorf("Page(%q, %d) size = %d×%d, want %d×%d", name, want.PageInFile, w, h, want.ImageSize[0], want.ImageSize[1])
				}
				pagesSeen++
				if p.DPISource == DPIFromTag {
					fromTag++
				}
				if math.Abs(sizeDPI(max(w, h))-want.DPI)/want.DPI <= 0.02 {
					sizeOK++
				}
				if e := math.Abs(p.DPI-want.DPI) / want.DPI; e > worst {
					worst, worstName = e, fmt.Sprintf("%s page %d: %.1f for %.0f", name, want.PageInFile, p.DPI, want.DPI)
				}
				if math.Abs(p.DPI-want.DPI)/want.DPI > 0.02 {
					t.Errorf("Page(%q, %d).DPI = %.1f (%s), want %.0f ±2 %%", name, want.PageInFile, p.DPI, p.DPISource, want.DPI)
				}
				if p.DPISource != want.wantSource() {
					t.Errorf("Page(%q, %d).DPISource = %q, want %q", name, want.PageInFile, p.DPISource, want.wantSource())
				}
				if p.Index != want.PageInFile {
					t.Errorf("Page(%q, %d).Index = %d", name, want.PageInFile, p.Index)
				}
				// A scanned form is mostly paper: a page decoded inverted or
				// as noise would fail this.
				if m := meanGray(p.Image); m < 140 {
					t.Errorf("Page(%q, %d) mean gray = %.0f, want paper-light (≥ 140)", name, want.PageInFile, m)
				}
			}
		})
	}
}

func TestScans(t *testing.T) {
	checkScans(t, filepath.Join("..", "testdata", "scans"))
}

// TestCorpus runs the same checks on a whole corpus when -corpus is given.
func TestCorpus(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory given")
	}
	checkScans(t, *corpusDir)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// meanGray is the mean pixel value of g, 0 black to 255 white.
func meanGray(g *image.Gray) float64 {
	b := g.Bounds()
	var sum int64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(b.Min.X, y):g.PixOffset(b.Max.X, y)] {
			sum += int64(v)
		}
	}
	return float64(sum) / float64(b.Dx()*b.Dy())
}

// TestCorpusInk measures, on the colour pages of a -corpus directory, how
// much darker than paper each written row is once in gray, by ink colour:
// paper is a row's median gray, ink its 2nd percentile (rows with a
// signature or name; the box is shrunk vertically to keep the rulings out,
// the column rulings are under 1 % of the samples).
func TestCorpusInk(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory given")
	}
	b, err := os.ReadFile(filepath.Join(*corpusDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct {
		File        string     `json:"file"`
		PageInFile  int        `json:"page_in_file"`
		PageToImage [6]float64 `json:"page_to_image"`
		Degr        struct {
			Mode string `json:"mode"`
		} `json:"degradations"`
		Rows []struct {
			Blank bool       `json:"blank"`
			Ink   string     `json:"ink"`
			Box   [4]float64 `json:"box_mm"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatal(err)
	}
	contrast := map[string][]int{}
	for _, r := range recs {
		if r.Degr.Mode != "RGB" {
			continue
		}
		d, err := Open(filepath.Join(*corpusDir, "scans", r.File))
		if err != nil {
			t.Fatal(err)
		}
		p, err := d.Page(context.Background(), r.PageInFile)
		d.Close()
		if err != nil {
			t.Fatal(err)
		}
		a := r.PageToImage
		for _, row := range r.Rows {
			if row.Blank {
				continue
			}
			var vals []int
			x0, y0, x1, y1 := row.Box[0], row.Box[1], row.Box[2], row.Box[3]
			y0, y1 = y0+0.2*(y1-y0), y1-0.2*(y1-y0)
			for v := y0; v < y1; v += 0.15 {
				for u := x0; u < x1; u += 0.15 {
					px, py := u/25.4*300, v/25.4*300 // upright page at 300 dpi
					x := int(a[0]*px + a[1]*py + a[2])
					y := int(a[3]*px + a[4]*py + a[5])
					if image.Pt(x, y).In(p.Image.Rect) {
						vals = append(vals, int(p.Image.GrayAt(x, y).Y))
					}
				}
			}
			if len(vals) < 100 {
				continue
			}
			sort.Ints(vals)
			contrast[row.Ink] = append(contrast[row.Ink], vals[len(vals)/2]-vals[len(vals)/50])
		}
	}
	for ink, cs := range contrast {
		sort.Ints(cs)
		t.Logf("ink %-6s rows %3d: paper − ink gray: min %d, median %d, max %d", ink, len(cs), cs[0], cs[len(cs)/2], cs[len(cs)-1])
		if cs[0] < 40 {
			t.Errorf("ink %s: a row with only %d gray levels between ink and paper", ink, cs[0])
		}
	}
}
