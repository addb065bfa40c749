package formgen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"testing"

	"golang.org/x/image/tiff"
)

func testImage() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	return g
}

// pngDPI reads the pHYs chunk; 0 when absent.
func pngDPI(tb testing.TB, b []byte) float64 {
	tb.Helper()
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if typ == "pHYs" {
			ppm := binary.BigEndian.Uint32(b[i+8:])
			if b[i+16] != 1 {
				tb.Fatalf("pHYs unit %d, want 1 (metre)", b[i+16])
			}
			return float64(ppm) * 0.0254
		}
		i += 12 + n
	}
	return 0
}

func TestEncodePNGDPI(t *testing.T) {
	for _, dpi := range []float64{0, 150, 200, 300} {
		var buf bytes.Buffer
		if err := EncodePNG(&buf, testImage(), dpi); err != nil {
			t.Fatal(err)
		}
		if got := pngDPI(t, buf.Bytes()); math.Abs(got-dpi) > 0.5 {
			t.Errorf("EncodePNG(dpi %v): pHYs says %.1f dpi", dpi, got)
		}
		// The chunk CRC is right: the standard decoder accepts the file.
		if _, err := png.Decode(bytes.NewReader(buf.Bytes())); err != nil {
			t.Errorf("EncodePNG(dpi %v): %v", dpi, err)
		}
	}
}

func TestEncodeJPEGDPI(t *testing.T) {
	for _, dpi := range []float64{0, 150, 300} {
		var buf bytes.Buffer
		if err := EncodeJPEG(&buf, testImage(), 90, dpi); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if !bytes.Equal(b[2:4], []byte{0xFF, 0xE0}) || string(b[6:11]) != "JFIF\x00" {
			t.Fatalf("EncodeJPEG: no JFIF APP0 after SOI: % x", b[:12])
		}
		unit, x := b[13], binary.BigEndian.Uint16(b[14:])
		switch {
		case dpi == 0 && unit != 0:
			t.Errorf("EncodeJPEG(no dpi): density unit %d, want 0", unit)
		case dpi > 0 && (unit != 1 || float64(x) != dpi):
			t.Errorf("EncodeJPEG(dpi %v): unit %d density %d", dpi, unit, x)
		}
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("EncodeJPEG(dpi %v): %v", dpi, err)
		}
	}
}

// tiffXRes reads the XResolution rational of the first IFD.
func tiffXRes(tb testing.TB, b []byte) float64 {
	tb.Helper()
	bo := binary.ByteOrder(binary.LittleEndian)
	if string(b[:2]) == "MM" {
		bo = binary.BigEndian
	}
	ifd := int(bo.Uint32(b[4:]))
	for i := 0; i < int(bo.Uint16(b[ifd:])); i++ {
		e := ifd + 2 + 12*i
		if bo.Uint16(b[e:]) == 282 {
			off := int(bo.Uint32(b[e+8:]))
			return float64(bo.Uint32(b[off:])) / float64(bo.Uint32(b[off+4:]))
		}
	}
	tb.Fatal("no XResolution tag")
	return 0
}

func TestEncodeTIFFDPI(t *testing.T) {
	for _, dpi := range []float64{150, 200} {
		var buf bytes.Buffer
		img := image.NewRGBA(image.Rect(0, 0, 20, 10))
		img.Set(3, 4, color.RGBA{200, 10, 10, 255})
		if err := EncodeTIFF(&buf, img, dpi); err != nil {
			t.Fatal(err)
		}
		if got := tiffXRes(t, buf.Bytes()); got != dpi {
			t.Errorf("EncodeTIFF(dpi %v): XResolution %v", dpi, got)
		}
		dec, err := tiff.Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("EncodeTIFF(dpi %v): %v", dpi, err)
		}
		if r, _, _, _ := dec.At(3, 4).RGBA(); r>>8 != 200 {
			t.Errorf("EncodeTIFF: pixel (3,4) red %d, want 200", r>>8)
		}
	}
}

func TestEncodePDFStructure(t *testing.T) {
	var buf bytes.Buffer
	pages := []PDFPage{
		{Img: testImage(), DPI: 150},
		{Img: image.NewRGBA(image.Rect(0, 0, 60, 20)), DPI: 300, JPEGQuality: 80},
	}
	if err := EncodePDF(&buf, pages); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Fatalf("EncodePDF: bad header or trailer")
	}
	// Every xref entry points at its object.
	m := regexp.MustCompile(`startxref\n(\d+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(b[xref:], -1)
	if len(entries) != 2+3*len(pages) {
		t.Fatalf("xref has %d objects, want %d", len(entries), 2+3*len(pages))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", i+1, b[off:off+10], want)
		}
	}
	// Page sizes follow the dpi: 40 px at 150 dpi = 19.2 pt.
	if !bytes.Contains(b, []byte("/MediaBox [0 0 19.20 14.40]")) || !bytes.Contains(b, []byte("/MediaBox [0 0 14.40 4.80]")) {
		t.Errorf("EncodePDF: page sizes do not follow the dpi")
	}
	if c := bytes.Count(b, []byte("/Type /Page ")); c != len(pages) {
		t.Errorf("EncodePDF: %d pages, want %d", c, len(pages))
	}
}

func TestDigitGlyphHook(t *testing.T) {
	// A glyph in the MNIST polarity: a white bar on black.
	glyph := image.NewGray(image.Rect(0, 0, 28, 28))
	for y := 4; y < 24; y++ {
		for x := 12; x < 16; x++ {
			glyph.SetGray(x, y, color.Gray{255})
		}
	}
	calls := map[int]int{}
	e := Entry{Font: "comic-neue", Postal: "75011", Ink: InkBlack,
		DigitGlyph: func(d int) image.Image { calls[d]++; return glyph }}
	rng := newTestRand()
	img, truth := Render(OriginalLayout(1), []Entry{e}, 150, rng)
	if calls[7] != 1 || calls[5] != 1 || calls[0] != 1 || calls[1] != 2 {
		t.Errorf("DigitGlyph calls %v, want one per digit of 75011", calls)
	}
	if truth.Rows[0].PostalCode != "75011" {
		t.Errorf("truth postal %q, want 75011", truth.Rows[0].PostalCode)
	}
	// Five vertical bars: count dark runs across the middle of the postal cell.
	cell := truth.CellBoxPx(0, CellPostal).Inset(3)
	best := 0
	for y := cell.Min.Y; y < cell.Max.Y; y++ {
		runs, in := 0, false
		for x := cell.Min.X; x < cell.Max.X; x++ {
			d := gray(img.At(x, y)) < 128
			if d && !in {
				runs++
			}
			in = d
		}
		if runs > best {
			best = runs
		}
	}
	if best != 5 {
		t.Errorf("postal cell shows %d bars, want 5 (ink where the glyph is white)", best)
	}
}
