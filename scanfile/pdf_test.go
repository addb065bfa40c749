package scanfile

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPDF(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()

	t.Run("scan at its native resolution", func(t *testing.T) {
		// 413×585 is A4 at 50 dpi; the page is sized so that the image
		// fills it at 50 ppi.
		path := writeFile(t, dir, "scan 50.pdf", imagePDF(413, 585, 50))
		p := onlyPage(t, path)
		if sz := p.Image.Rect.Size(); abs(sz.X-413) > 1 || abs(sz.Y-585) > 1 {
			t.Errorf("Page(1) size = %v, want 413×585 ±1", sz)
		}
		if p.DPI != 50 || p.DPISource != DPIFromTag {
			t.Errorf("Page(1) DPI = %.2f %q, want 50 tag", p.DPI, p.DPISource)
		}
		checkSheet(t, path, p.Image)
	})

	t.Run("scan on a page sized at 72 dpi", func(t *testing.T) {
		// The same pixels on a page 413×585 points large: the PDF says 72
		// ppi, the software default, so the A4 rule gives 50 dpi.
		path := writeFile(t, dir, "scan 72.pdf", imagePDF(413, 585, 72))
		p := onlyPage(t, path)
		if sz := p.Image.Rect.Size(); abs(sz.X-413) > 1 || abs(sz.Y-585) > 1 {
			t.Errorf("Page(1) size = %v, want 413×585 ±1", sz)
		}
		if math.Abs(p.DPI-585/a4LongInch) > 0.5 || p.DPISource != DPIFromSize {
			t.Errorf("Page(1) DPI = %.2f %q, want %.2f size", p.DPI, p.DPISource, 585/a4LongInch)
		}
		checkSheet(t, path, p.Image)
	})

	t.Run("vector page rendered at 300 dpi", func(t *testing.T) {
		path := writeFile(t, dir, "vector.pdf", vectorPDF())
		p := onlyPage(t, path)
		// A4 (595.28×841.89 pt) at 300 dpi.
		if sz := p.Image.Rect.Size(); abs(sz.X-2480) > 2 || abs(sz.Y-3508) > 2 {
			t.Errorf("Page(1) size = %v, want 2480×3508 ±2", sz)
		}
		if p.DPI != 300 || p.DPISource != DPIFromRender {
			t.Errorf("Page(1) DPI = %.2f %q, want 300 render", p.DPI, p.DPISource)
		}
		// The rectangle 74..224 × 630..730 pt (from the bottom) is black:
		// its centre (149, 680) pt is pixel (620, 675) at 300 dpi.
		if v := p.Image.GrayAt(149*300/72, 675).Y; v > 64 {
			t.Errorf("pixel inside the drawn rectangle = %d, want black", v)
		}
		if v := p.Image.GrayAt(1240, 3000).Y; v < 192 {
			t.Errorf("paper pixel = %d, want white", v)
		}
	})

	t.Run("page beyond MaxPixels refused before rendering", func(t *testing.T) {
		defer func(old int64) { MaxPixels = old }(MaxPixels)
		MaxPixels = 100_000 // the page is 413×585 = 241 605 pixels
		path := writeFile(t, dir, "big.pdf", imagePDF(413, 585, 50))
		d, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		_, err = d.Page(ctx, 1)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("Page(1) error = %v, want ErrTooLarge", err)
		}
		checkFileError(t, path, err)
	})

	t.Run("damaged page stream", func(t *testing.T) {
		// The image object's dictionary is broken: poppler renders a blank
		// page and exits 0, complaining on stderr only.
		data := imagePDF(413, 585, 50)
		s := string(data)
		i := strings.Index(s, "/Subtype /Image")
		data = []byte(s[:i] + "/Subtype /Imag}" + s[i+len("/Subtype /Image"):])
		path := writeFile(t, dir, "damaged.pdf", data)
		_, err := decodeAll(t, path)
		t.Logf("damaged page: %v", err)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("decode damaged page: error = %v, want ErrCorrupt", err)
		}
		checkFileError(t, path, err)
	})
}

// onlyPage opens a one-page file and decodes its page.
func onlyPage(tb testing.TB, path string) *Page {
	tb.Helper()
	d, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer d.Close()
	if d.NumPages() != 1 {
		tb.Fatalf("Open(%q).NumPages() = %d, want 1", path, d.NumPages())
	}
	p, err := d.Page(context.Background(), 1)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestScanPPI(t *testing.T) {
	a4 := 595.28 * 841.89
	// A 150 ppi A4 scan is 1240×1754 pixels.
	tests := []struct {
		name   string
		ims    []pdfImage
		want   float64
		wantOK bool
	}{
		{"one full-page scan", []pdfImage{{1240, 1754, 150, 150}}, 150, true},
		{"no image", nil, 0, false},
		{"a small logo at 600 ppi", []pdfImage{{600, 300, 600, 600}}, 0, false},
		{"scan in 4 bands", []pdfImage{{1240, 439, 150, 150}, {1240, 439, 150, 150}, {1240, 439, 150, 150}, {1240, 437, 150, 150}}, 150, true},
		{"scan and a logo", []pdfImage{{300, 300, 600, 600}, {1240, 1754, 150, 150}}, 150, true},
		{"non-square: the finer", []pdfImage{{1700, 1170, 204, 98}}, 204, true},
		{"a 20 ppi thumbnail stretched over the page", []pdfImage{{165, 234, 20, 20}}, 0, false},
	}
	for _, tt := range tests {
		got, ok := scanPPI(tt.ims, a4)
		if ok != tt.wantOK || (ok && got != tt.want) {
			t.Errorf("scanPPI(%s) = %g, %v; want %g, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}
