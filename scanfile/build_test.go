package scanfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// Builders of small test files whose properties are known by construction.

// writeFile writes b to name under dir and returns the path.
func writeFile(tb testing.TB, dir, name string, b []byte) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// sheet is a w×h gray page: white paper with a black rectangle in its upper
// left quarter, at (w/8, h/8)–(w/4, h/4).
func sheet(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := h / 8; y < h/4; y++ {
		for x := w / 8; x < w/4; x++ {
			g.Pix[y*g.Stride+x] = 0
		}
	}
	return g
}

// checkSheet verifies that g shows sheet(w, h): black inside the rectangle,
// white far from it.
func checkSheet(tb testing.TB, name string, g *image.Gray) {
	tb.Helper()
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if in := g.GrayAt(3*w/16, 3*h/16).Y; in > 64 {
		tb.Errorf("%s: rectangle pixel = %d, want black (≤ 64)", name, in)
	}
	if out := g.GrayAt(3*w/4, 3*h/4).Y; out < 192 {
		tb.Errorf("%s: paper pixel = %d, want white (≥ 192)", name, out)
	}
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(&b, binary.BigEndian, crc.Sum32())
	return b.Bytes()
}

// encodePNG encodes img as PNG, with a pHYs chunk stating dpi when dpi > 0.
func encodePNG(tb testing.TB, img image.Image, dpi float64) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	if dpi <= 0 {
		return b.Bytes()
	}
	raw := b.Bytes()
	const ihdrEnd = 8 + 8 + 13 + 4
	phys := make([]byte, 9)
	ppm := uint32(dpi/0.0254 + 0.5)
	binary.BigEndian.PutUint32(phys, ppm)
	binary.BigEndian.PutUint32(phys[4:], ppm)
	phys[8] = 1
	out := append([]byte{}, raw[:ihdrEnd]...)
	out = append(out, pngChunk("pHYs", phys)...)
	return append(out, raw[ihdrEnd:]...)
}

// bombPNG is a PNG whose header announces w×h 8-bit gray pixels, followed
// by a tiny IDAT: a decoder that trusted the header would allocate w×h bytes.
func bombPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8] = 8 // bit depth
	b.Write(pngChunk("IHDR", ihdr))
	b.Write(pngChunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01}))
	b.Write(pngChunk("IEND", nil))
	return b.Bytes()
}

// jpegMeta is the resolution metadata to put in a JPEG.
type jpegMeta struct {
	jfifUnit      byte   // 0 none (aspect only), 1 dpi, 2 dots per cm; no JFIF segment when jfifDensity is 0
	jfifDensity   uint16 // per unit
	exifDPI       uint32 // XResolution in dpi in an EXIF IFD0; no EXIF when 0
	exifBigEndian bool
}

// encodeJPEG encodes img as JPEG with the given metadata segments.
func encodeJPEG(tb testing.TB, img image.Image, m jpegMeta) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	raw := b.Bytes()
	out := append([]byte{}, raw[:2]...) // SOI
	if m.jfifDensity > 0 {
		seg := []byte("JFIF\x00\x01\x02")
		seg = append(seg, m.jfifUnit)
		seg = binary.BigEndian.AppendUint16(seg, m.jfifDensity)
		seg = binary.BigEndian.AppendUint16(seg, m.jfifDensity)
		seg = append(seg, 0, 0)
		out = append(out, 0xff, 0xe0)
		out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
		out = append(out, seg...)
	}
	if m.exifDPI > 0 {
		var bo binary.AppendByteOrder = binary.LittleEndian
		if m.exifBigEndian {
			bo = binary.BigEndian
		}
		t := buildTIFFStructure(bo, []tiffEntry{
			{tag: tagXResolution, typ: 5, rational: [2]uint32{m.exifDPI, 1}},
			{tag: tagResolutionUnit, typ: 3, value: 2},
		})
		seg := append([]byte("Exif\x00\x00"), t...)
		out = append(out, 0xff, 0xe1)
		out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
		out = append(out, seg...)
	}
	return append(out, raw[2:]...)
}

// tiffEntry is an IFD entry for the test TIFF builder: SHORT/LONG values in
// value, RATIONAL in rational.
type tiffEntry struct {
	tag, typ uint16
	value    uint32
	rational [2]uint32
}

// buildTIFFStructure lays out a header and one IFD (entries in the given
// order, which must be ascending) with its rationals after it.
func buildTIFFStructure(bo binary.AppendByteOrder, entries []tiffEntry) []byte {
	var b []byte
	if bo == binary.LittleEndian {
		b = []byte("II*\x00")
	} else {
		b = []byte("MM\x00*")
	}
	b = bo.AppendUint32(b, 8)
	extra := uint32(8 + 2 + 12*len(entries) + 4)
	b = bo.AppendUint16(b, uint16(len(entries)))
	var tail []byte
	for _, e := range entries {
		b = bo.AppendUint16(b, e.tag)
		b = bo.AppendUint16(b, e.typ)
		b = bo.AppendUint32(b, 1)
		switch e.typ {
		case 3:
			b = bo.AppendUint16(b, uint16(e.value))
			b = append(b, 0, 0)
		case 5:
			b = bo.AppendUint32(b, extra+uint32(len(tail)))
			tail = bo.AppendUint32(tail, e.rational[0])
			tail = bo.AppendUint32(tail, e.rational[1])
		default:
			b = bo.AppendUint32(b, e.value)
		}
	}
	b = bo.AppendUint32(b, 0)
	return append(b, tail...)
}

// tiffPage is one page of a TIFF made by buildTIFF: uncompressed 8-bit
// gray, BlackIsZero.
type tiffPage struct {
	img     *image.Gray
	dpi     uint32 // XResolution in dpi, none when 0
	subfile uint32 // NewSubfileType; 1 = reduced-resolution copy
}

// buildTIFF writes a classic TIFF with one IFD per page, each IFD followed
// by its pixel data. Returns the file and each IFD's offset.
func buildTIFF(bo binary.AppendByteOrder, pages []tiffPage) ([]byte, []uint32) {
	var b []byte
	if bo == binary.LittleEndian {
		b = []byte("II*\x00")
	} else {
		b = []byte("MM\x00*")
	}
	b = bo.AppendUint32(b, 8)
	var offs []uint32
	for k, p := range pages {
		w, h := p.img.Rect.Dx(), p.img.Rect.Dy()
		entries := []tiffEntry{
			{tag: tagNewSubfileType, typ: 4, value: p.subfile},
			{tag: tagImageWidth, typ: 4, value: uint32(w)},
			{tag: tagImageLength, typ: 4, value: uint32(h)},
			{tag: 258, typ: 3, value: 8},             // BitsPerSample
			{tag: tagCompression, typ: 3, value: 1},  // none
			{tag: tagPhotometric, typ: 3, value: 1},  // BlackIsZero
			{tag: 273, typ: 4},                       // StripOffsets, set below
			{tag: 277, typ: 3, value: 1},             // SamplesPerPixel
			{tag: 278, typ: 4, value: uint32(h)},     // RowsPerStrip
			{tag: 279, typ: 4, value: uint32(w * h)}, // StripByteCounts
		}
		if p.dpi > 0 {
			entries = append(entries,
				tiffEntry{tag: tagXResolution, typ: 5, rational: [2]uint32{p.dpi, 1}},
				tiffEntry{tag: 283, typ: 5, rational: [2]uint32{p.dpi, 1}},
				tiffEntry{tag: tagResolutionUnit, typ: 3, value: 2})
		}
		ifd := uint32(len(b))
		offs = append(offs, ifd)
		rationals := ifd + uint32(2+12*len(entries)+4)
		nRat := 0
		for _, e := range entries {
			if e.typ == 5 {
				nRat++
			}
		}
		data := rationals + uint32(8*nRat)
		b = bo.AppendUint16(b, uint16(len(entries)))
		var tail []byte
		for _, e := range entries {
			b = bo.AppendUint16(b, e.tag)
			b = bo.AppendUint16(b, e.typ)
			b = bo.AppendUint32(b, 1)
			switch {
			case e.tag == 273:
				b = bo.AppendUint32(b, data)
			case e.typ == 3:
				b = bo.AppendUint16(b, uint16(e.value))
				b = append(b, 0, 0)
			case e.typ == 5:
				b = bo.AppendUint32(b, rationals+uint32(len(tail)))
				tail = bo.AppendUint32(tail, e.rational[0])
				tail = bo.AppendUint32(tail, e.rational[1])
			default:
				b = bo.AppendUint32(b, e.value)
			}
		}
		next := uint32(0)
		if k < len(pages)-1 {
			next = data + uint32(w*h)
		}
		b = bo.AppendUint32(b, next)
		b = append(b, tail...)
		for y := 0; y < h; y++ {
			b = append(b, p.img.Pix[y*p.img.Stride:y*p.img.Stride+w]...)
		}
	}
	return b, offs
}

// pdfFile lays out a PDF from its objects (numbered from 1) with a correct
// cross-reference table.
func pdfFile(objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objects))
	for i, o := range objects {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// noPagesPDF is a well-formed PDF whose page tree is empty.
func noPagesPDF() []byte {
	return pdfFile("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>")
}

// vectorPDF is a one-page A4 PDF holding a filled rectangle and no image.
func vectorPDF() []byte {
	content := "0 g 74 630 150 100 re f"
	return pdfFile(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	)
}

// imagePDF is a one-page PDF whose page is covered by one w×h 8-bit gray
// image (the sheet pattern) at dpi, the page being sized to fit it.
func imagePDF(w, h int, dpi float64) []byte {
	wPt, hPt := float64(w)/dpi*72, float64(h)/dpi*72
	content := fmt.Sprintf("q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q", wPt, hPt)
	pix := sheet(w, h).Pix
	return pdfFile(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.4f %.4f] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>", wPt, hPt),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", w, h, len(pix), pix),
	)
}

// corruptPDF starts like a PDF and then is noise: no xref, no trailer.
func corruptPDF() []byte {
	b := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	for i := 0; i < 2000; i++ {
		b = append(b, byte(i*7919>>3))
	}
	return b
}

// photo is a small colour, photo-like image: a smooth gradient with a few
// discs, nothing like a form.
func photo(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	discs := []struct {
		x, y, r int
		c       color.NRGBA
	}{{w / 3, h / 3, w / 6, color.NRGBA{200, 40, 40, 255}}, {2 * w / 3, h / 2, w / 5, color.NRGBA{40, 160, 60, 255}}, {w / 2, 4 * h / 5, w / 8, color.NRGBA{240, 220, 60, 255}}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{uint8(40 + 150*y/h), uint8(90 + 100*x/w), uint8(220 - 80*y/h), 255}
			for _, d := range discs {
				if (x-d.x)*(x-d.x)+(y-d.y)*(y-d.y) < d.r*d.r {
					c = d.c
				}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}
