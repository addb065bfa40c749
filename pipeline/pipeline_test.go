package pipeline

import (
	"context"
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"testing"

	"github.com/sheetscan/sheetscan/deskew"
	"github.com/sheetscan/sheetscan/rows"
	"github.com/sheetscan/sheetscan/scanfile"
	"github.com/sheetscan/sheetscan/store"
	"github.com/sheetscan/sheetscan/truth"
)

// TestSamplePages runs every sample page through the whole pipeline and
// checks it against the truth: every printed row with its number, blank
// rows blank, and — the promise of the tool — every accepted row right.
func TestSamplePages(t *testing.T) {
	p, pages := sampleProcessor(t)
	defer p.Close()
	ctx := context.Background()
	accepted, filled := 0, 0
	for _, tp := range pages {
		pg := samplePage(t, tp)
		res, err := p.Process(ctx, pg)
		if err != nil {
			t.Fatalf("Process(%s page %d): %v", tp.File, tp.PageInFile, err)
		}
		if res.Page.Status != store.PageOK {
			t.Errorf("%s page %d: status %s (%s), want ok", tp.File, tp.PageInFile, res.Page.Status, res.Page.Error)
			continue
		}
		if res.Page.UpsideDown != tp.UpsideDown {
			t.Errorf("%s page %d: upside down %v, want %v", tp.File, tp.PageInFile, res.Page.UpsideDown, tp.UpsideDown)
		}
		if res.Page.FormPage != tp.FormPage {
			t.Errorf("%s page %d: form page %d, want %d", tp.File, tp.PageInFile, res.Page.FormPage, tp.FormPage)
		}
		if len(res.Rows) != len(tp.Rows) {
			t.Errorf("%s page %d: %d rows, want %d", tp.File, tp.PageInFile, len(res.Rows), len(tp.Rows))
			continue
		}
		for i, r := range res.Rows {
			want := tp.Rows[i]
			if r.Number != want.Number {
				t.Errorf("%s page %d row %d: number %d, want %d", tp.File, tp.PageInFile, i, r.Number, want.Number)
			}
			if r.Blank != want.Blank {
				t.Errorf("%s page %d row %d: blank %v, want %v", tp.File, tp.PageInFile, want.Number, r.Blank, want.Blank)
			}
			if !want.Blank {
				filled++
			}
			if r.Status == store.RowAccepted {
				accepted++
				if truth.Loose(r.Name) != truth.Loose(want.Name) || r.PostalCode != want.PostalCode {
					t.Errorf("%s page %d row %d accepted as %q %q, but %q %q was written", tp.File, tp.PageInFile,
						want.Number, r.Name, r.PostalCode, want.Name, want.PostalCode)
				}
			}
		}
	}
	t.Logf("%d of %d filled rows accepted", accepted, filled)
}

// sampleDir holds the sample scans and their truth.
var sampleDir = filepath.Join("..", "testdata", "scans")

// sampleProcessor returns a Processor and the sample pages' truth; the
// test is skipped where no OCR engine is installed.
func sampleProcessor(t testing.TB) (*Processor, []truth.Page) {
	t.Helper()
	pages, err := truth.Load(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Options{})
	if err != nil {
		t.Skipf("no OCR engine: %v", err)
	}
	return p, pages
}

// samplePage decodes the sample page tp names.
func samplePage(t testing.TB, tp truth.Page) *scanfile.Page {
	t.Helper()
	doc, err := scanfile.Open(filepath.Join(sampleDir, tp.File))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	pg, err := doc.Page(context.Background(), tp.PageInFile)
	if err != nil {
		t.Fatal(err)
	}
	return pg
}

// TestStraightenAndFindTriesTheOtherOrientation gives straightenAndFind a
// page whose orientation deskew got wrong: the table is found once the
// page is turned the other way, and that orientation is kept. A page that
// is not the form either way comes back as deskew had it.
func TestStraightenAndFindTriesTheOtherOrientation(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 60, 40))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 2; y < 8; y++ { // a mark at the top left: "the table's header"
		for x := 2; x < 12; x++ {
			img.Pix[y*img.Stride+x] = 0
		}
	}
	upright := func(g *image.Gray) bool {
		b := g.Bounds()
		return g.GrayAt(b.Min.X+5, b.Min.Y+4).Y < 128
	}
	find := func(g *image.Gray) (*rows.Table, error) {
		if upright(g) {
			return &rows.Table{}, nil
		}
		return nil, fmt.Errorf("no header: %w", rows.ErrNoTable)
	}
	sk, straight, tab, err := straightenAndFind(img, deskew.Result{UpsideDown: true, OrientationConfidence: 0.9}, find)
	if err != nil || tab == nil || sk.UpsideDown || !upright(straight) {
		t.Errorf("straightenAndFind(wrong orientation) = upside down %v, table %v, err %v; want the upright page and its table", sk.UpsideDown, tab != nil, err)
	}
	never := func(*image.Gray) (*rows.Table, error) { return nil, rows.ErrNoTable }
	sk, _, tab, err = straightenAndFind(img, deskew.Result{UpsideDown: true}, never)
	if !errors.Is(err, rows.ErrNoTable) || tab != nil || !sk.UpsideDown {
		t.Errorf("straightenAndFind(not the form) = upside down %v, table %v, err %v; want deskew's estimate and ErrNoTable", sk.UpsideDown, tab != nil, err)
	}
}
