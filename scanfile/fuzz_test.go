package scanfile

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpen writes arbitrary bytes to a file, opens it and decodes every
// page: nothing may panic, and no decoded page may exceed MaxPixels (kept
// small here so that the fuzzer does not spend its time on big pages).
// Run: go test ./scanfile -run '^$' -fuzz FuzzOpen -fuzztime 5s
func FuzzOpen(f *testing.F) {
	oldMax, oldTimeout := MaxPixels, PageTimeout
	MaxPixels, PageTimeout = 1<<20, 10*time.Second
	f.Cleanup(func() { MaxPixels, PageTimeout = oldMax, oldTimeout })

	img := sheet(40, 56)
	tiffLE, _ := buildTIFF(binary.LittleEndian, []tiffPage{{img: img, dpi: 5}, {img: sheet(20, 28), subfile: 1}, {img: img}})
	tiffBE, _ := buildTIFF(binary.BigEndian, []tiffPage{{img: img, dpi: 5}})
	f.Add(encodePNG(f, img, 5))
	f.Add(encodeJPEG(f, img, jpegMeta{jfifUnit: 1, jfifDensity: 5, exifDPI: 5}))
	f.Add(encodeJPEG(f, photo(32, 24), jpegMeta{}))
	f.Add(tiffLE)
	f.Add(tiffBE)
	f.Add(imagePDF(60, 85, 50))
	f.Add(vectorPDF())
	f.Add(noPagesPDF())
	f.Add(bombPNG(100000, 100000))
	for _, name := range []string{"multipage_le.tif", "multipage_be.tif"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := Open(path)
		if err != nil {
			return
		}
		defer d.Close()
		if d.NumPages() < 1 {
			t.Fatalf("Open succeeded with %d pages", d.NumPages())
		}
		ctx := context.Background()
		for i := 1; i <= d.NumPages() && i <= 4; i++ {
			p, err := d.Page(ctx, i)
			if err != nil {
				continue
			}
			w, h := p.Image.Rect.Dx(), p.Image.Rect.Dy()
			if int64(w)*int64(h) > MaxPixels {
				t.Fatalf("page %d decoded to %d×%d, beyond MaxPixels %d", i, w, h, MaxPixels)
			}
			if w <= 0 || h <= 0 || len(p.Image.Pix) < w*h || !(p.DPI > 0) {
				t.Fatalf("page %d: %d×%d with %d bytes at %g dpi", i, w, h, len(p.Image.Pix), p.DPI)
			}
		}
	})
}
