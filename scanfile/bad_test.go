package scanfile

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// decodeAll opens path and decodes every page, returning the first error.
func decodeAll(tb testing.TB, path string) (pages int, err error) {
	tb.Helper()
	d, err := Open(path)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	for i := 1; i <= d.NumPages(); i++ {
		p, err := d.Page(context.Background(), i)
		if err != nil {
			return i - 1, err
		}
		if n := int64(p.Image.Rect.Dx()) * int64(p.Image.Rect.Dy()); n > MaxPixels {
			tb.Errorf("%s page %d: %d pixels decoded, MaxPixels is %d", path, i, n, MaxPixels)
		}
	}
	return d.NumPages(), nil
}

// checkFileError checks that err is a non-nil *Error naming the file.
func checkFileError(tb testing.TB, path string, err error) {
	tb.Helper()
	var e *Error
	if !errors.As(err, &e) {
		tb.Errorf("error for %s = %v (%T), want an *Error", path, err, err)
		return
	}
	if e.Path != path || !strings.Contains(err.Error(), path) {
		tb.Errorf("error %q does not name the file %q", err, path)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	jpegBomb := encodeJPEG(t, sheet(64, 64), jpegMeta{})
	// Make the SOF0 frame announce 65535×65535 pixels (4.3 gigapixels).
	if i := strings.Index(string(jpegBomb), "\xff\xc0"); i < 0 {
		t.Fatal("no SOF0 in the encoded JPEG")
	} else {
		copy(jpegBomb[i+5:], []byte{0xff, 0xff, 0xff, 0xff})
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"zero.png", nil, ErrEmpty},
		{"text.tif", []byte("this is a text file, not a TIFF\n"), ErrUnsupported},
		{"bomb.png", bombPNG(100000, 100000), ErrTooLarge},
		{"wide bomb.png", bombPNG(1<<31-1, 1), ErrTooLarge},
		{"bomb.jpg", jpegBomb, ErrTooLarge},
		{"nopages.pdf", noPagesPDF(), ErrNoPages},
		{"corrupt.pdf", corruptPDF(), ErrCorrupt},
		{"bigtiff.tif", []byte("II+\x00\x08\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00"), ErrUnsupported},
		{"header only.tif", []byte("II*\x00"), ErrCorrupt},
		{"png signature only.png", []byte("\x89PNG\r\n\x1a\n"), ErrCorrupt},
		{"jpeg SOI only.jpg", []byte("\xff\xd8\xff"), ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, tt.name, tt.data)
			_, err := decodeAll(t, path)
			if !errors.Is(err, tt.want) {
				t.Fatalf("decode %q: error = %v, want %v", tt.name, err, tt.want)
			}
			checkFileError(t, path, err)
		})
	}

	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(dir, "missing.png")
		_, err := Open(path)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(missing) error = %v, want fs.ErrNotExist", err)
		}
		checkFileError(t, path, err)
	})
	t.Run("directory", func(t *testing.T) {
		path := filepath.Join(dir, "dir.tif")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := Open(path)
		if err == nil {
			t.Fatal("Open(directory) succeeded")
		}
		checkFileError(t, path, err)
	})
}

// TestTruncated cuts each sample scan at several points: every cut must be
// an error naming the file (and the page when Open succeeded), never a
// half-grey page.
func TestTruncated(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{filepath.Join("..", "testdata", "scans"), "testdata"} {
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !Supported(e.Name()) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, frac := range []float64{0.01, 0.5, 0.9} {
				n := int(float64(len(data)) * frac)
				path := writeFile(t, dir, e.Name(), data[:n])
				_, err := decodeAll(t, path)
				if err == nil {
					t.Errorf("decode %q cut to %d of %d bytes: no error", e.Name(), n, len(data))
					continue
				}
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("decode %q cut to %d of %d bytes: error = %v, want ErrCorrupt", e.Name(), n, len(data), err)
				}
				checkFileError(t, path, err)
			}
		}
	}
}

func TestPageArguments(t *testing.T) {
	d, err := Open(filepath.Join("testdata", "multipage_le.tif"))
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, -1, 4} {
		if _, err := d.Page(context.Background(), i); err == nil {
			t.Errorf("Page(%d) of a 3-page file succeeded", i)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Page(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Page(cancelled ctx, 1) error = %v, want context.Canceled", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Page(context.Background(), 1); err == nil {
		t.Error("Page after Close succeeded")
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestSupported(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"a.png", true}, {"B.PNG", true}, {"scan.jpg", true}, {"IMG_6048.JPG", true}, {"x.jpeg", true},
		{"Numérisation 13.tif", true}, {"x.TIFF", true}, {"doc.Pdf", true},
		{"notes.txt", false}, {"archive.tif.gz", false}, {"png", false}, {"", false}, {"dir.tif/", false},
	}
	for _, tt := range tests {
		if got := Supported(tt.path); got != tt.want {
			t.Errorf("Supported(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
