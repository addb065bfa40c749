package scanfile

import (
	"bytes"
	"context"
	"image"
	"path/filepath"
	"testing"

	"golang.org/x/image/tiff"
)

// BenchmarkPage decodes one A4 page at 300 dpi (2480×3508) per iteration
// from each raster format, plus two sample scans: a 200 dpi bilevel G4
// TIFF and a 150 dpi PDF (its pdfimages and pdftoppm runs included).
// Run: GOMAXPROCS=1 go test ./scanfile -run '^$' -bench Page -benchtime 5x
func BenchmarkPage(b *testing.B) {
	g := formLike(2480, 3508)
	rgb := image.NewNRGBA(g.Rect)
	for i, v := range g.Pix {
		// Blue-ish ink on cream paper.
		rgb.Pix[4*i], rgb.Pix[4*i+1], rgb.Pix[4*i+2], rgb.Pix[4*i+3] = v, v, uint8(min(255, int(v)+30)), 255
	}
	var tb bytes.Buffer
	if err := tiff.Encode(&tb, g, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	files := []struct{ name, path string }{
		{"png-gray-300dpi", writeFile(b, dir, "gray.png", encodePNG(b, g, 300))},
		{"jpeg-colour-300dpi", writeFile(b, dir, "colour.jpg", encodeJPEG(b, rgb, jpegMeta{jfifUnit: 1, jfifDensity: 300}))},
		{"tiff-deflate-gray-300dpi", writeFile(b, dir, "gray.tif", tb.Bytes())},
		{"tiff-g4-bilevel-200dpi", filepath.Join("..", "testdata", "scans", "Numérisation 13.tif")},
		{"pdf-jpeg-gray-150dpi", filepath.Join("..", "testdata", "scans", "IMG_9461.pdf")},
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			d, err := Open(f.path)
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Page(context.Background(), 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
