package scanfile

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
)

func TestResolveDPI(t *testing.T) {
	tests := []struct {
		name       string
		tag        float64
		w, h       int
		wantDPI    float64
		wantSource string
	}{
		{"A4 at 300, tagged", 300, 2480, 3508, 300, DPIFromTag},
		{"landscape A4 at 200, tagged", 200, 2339, 1654, 200, DPIFromTag},
		{"bed margin, tagged 200: 314 mm long side is within 15 %", 200, 1819, 2473, 200, DPIFromTag},
		{"non-standard tag kept", 254, 2100, 2970, 254, DPIFromTag},
		{"no tag, A4 at 150", 0, 1240, 1754, 150, DPIFromSize},
		{"72 dpi default ignored", 72, 1686, 2398, 200, DPIFromSize},
		{"96 dpi default ignored", 96, 2480, 3508, 300, DPIFromSize},
		{"tag implying an A5 sheet ignored", 300, 1240, 1754, 150, DPIFromSize},
		{"tag implying a 2 m sheet ignored", 10, 1240, 1754, 150, DPIFromSize},
		{"bed margin 6 % snaps down to 150", 0, 1376, 1854, 150, DPIFromSize},
		{"3 % short of 300 snaps up", 0, 2490, 3404, 300, DPIFromSize},
		{"between standards: kept as inferred", 0, 1500, 2046, 2046 / a4LongInch, DPIFromSize},
		{"100 dpi is not a standard value", 0, 827, 1169, 1169 / a4LongInch, DPIFromSize},
		{"NaN tag ignored", math.NaN(), 2480, 3508, 300, DPIFromSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dpi, src := resolveDPI(tt.tag, tt.w, tt.h)
			if math.Abs(dpi-tt.wantDPI) > 0.01 || src != tt.wantSource {
				t.Errorf("resolveDPI(%g, %d, %d) = %.2f %q, want %.2f %q", tt.tag, tt.w, tt.h, dpi, src, tt.wantDPI, tt.wantSource)
			}
		})
	}
}

// TestMetadataDPI checks that each place a file states its resolution is
// read, on A4 pages small enough to be quick: 248×351 pixels is A4 at 30 dpi
// (a valid tag under the A4 test), so tags of 30 are kept.
func TestMetadataDPI(t *testing.T) {
	dir := t.TempDir()
	img := sheet(248, 351)
	tiffLE, _ := buildTIFF(binary.LittleEndian, []tiffPage{{img: img, dpi: 30}})
	tiffBE, _ := buildTIFF(binary.BigEndian, []tiffPage{{img: img, dpi: 30}})
	tiffNone, _ := buildTIFF(binary.LittleEndian, []tiffPage{{img: img}})
	tests := []struct {
		name       string
		data       []byte
		wantFormat string
		wantDPI    float64
		wantSource string
	}{
		{"png pHYs", encodePNG(t, img, 30), FormatPNG, 30, DPIFromTag},
		{"png without pHYs", encodePNG(t, img, 0), FormatPNG, 351 / a4LongInch, DPIFromSize},
		{"png pHYs 72", encodePNG(t, img, 72), FormatPNG, 351 / a4LongInch, DPIFromSize},
		{"jpeg JFIF dpi", encodeJPEG(t, img, jpegMeta{jfifUnit: 1, jfifDensity: 30}), FormatJPEG, 30, DPIFromTag},
		{"jpeg JFIF dots per cm", encodeJPEG(t, img, jpegMeta{jfifUnit: 2, jfifDensity: 12}), FormatJPEG, 30.48, DPIFromTag},
		{"jpeg JFIF aspect only", encodeJPEG(t, img, jpegMeta{jfifUnit: 0, jfifDensity: 30}), FormatJPEG, 351 / a4LongInch, DPIFromSize},
		{"jpeg EXIF little-endian", encodeJPEG(t, img, jpegMeta{exifDPI: 30}), FormatJPEG, 30, DPIFromTag},
		{"jpeg EXIF big-endian", encodeJPEG(t, img, jpegMeta{exifDPI: 30, exifBigEndian: true}), FormatJPEG, 30, DPIFromTag},
		{"jpeg JFIF 72 and EXIF 30: the plausible one", encodeJPEG(t, img, jpegMeta{jfifUnit: 1, jfifDensity: 72, exifDPI: 30}), FormatJPEG, 30, DPIFromTag},
		{"jpeg without metadata", encodeJPEG(t, img, jpegMeta{}), FormatJPEG, 351 / a4LongInch, DPIFromSize},
		{"tiff little-endian", tiffLE, FormatTIFF, 30, DPIFromTag},
		{"tiff big-endian", tiffBE, FormatTIFF, 30, DPIFromTag},
		{"tiff without resolution", tiffNone, FormatTIFF, 351 / a4LongInch, DPIFromSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The extension says nothing: the format comes from the content.
			path := writeFile(t, dir, "page.dat", tt.data)
			d, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer d.Close()
			if d.Format() != tt.wantFormat || d.NumPages() != 1 {
				t.Fatalf("Open = %s with %d pages, want %s with 1", d.Format(), d.NumPages(), tt.wantFormat)
			}
			p, err := d.Page(context.Background(), 1)
			if err != nil {
				t.Fatalf("Page(1): %v", err)
			}
			if math.Abs(p.DPI-tt.wantDPI) > 0.05 || p.DPISource != tt.wantSource {
				t.Errorf("Page(1) DPI = %.2f %q, want %.2f %q", p.DPI, p.DPISource, tt.wantDPI, tt.wantSource)
			}
			if p.Image.Rect != img.Rect {
				t.Errorf("Page(1) size = %v, want %v", p.Image.Rect, img.Rect)
			}
			checkSheet(t, tt.name, p.Image)
		})
	}
}
