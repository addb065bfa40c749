package formgen

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/tiff"
)

// EncodePNG writes img as PNG with a pHYs chunk saying dpi (dpi <= 0: no
// pHYs, as from tools that record no resolution).
func EncodePNG(w io.Writer, img image.Image, dpi float64) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("encode png: %w", err)
	}
	b := buf.Bytes()
	if dpi <= 0 {
		_, err := w.Write(b)
		return err
	}
	// 8-byte signature, then IHDR: 4 length + 4 type + 13 data + 4 CRC.
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	ppm := uint32(math.Round(dpi / 0.0254))
	data := make([]byte, 9)
	binary.BigEndian.PutUint32(data[0:], ppm)
	binary.BigEndian.PutUint32(data[4:], ppm)
	data[8] = 1 // unit: metre
	chunk := make([]byte, 0, 21)
	chunk = binary.BigEndian.AppendUint32(chunk, 9)
	chunk = append(chunk, "pHYs"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append(append(append([]byte{}, b[:afterIHDR]...), chunk...), b[afterIHDR:]...)
	_, err := w.Write(out)
	return err
}

// EncodeJPEG writes img as JPEG at quality (1–100) with a JFIF APP0
// segment giving dpi (dpi <= 0: density 1:1 without unit, i.e. no dpi).
func EncodeJPEG(w io.Writer, img image.Image, quality int, dpi float64) error {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return fmt.Errorf("encode jpeg: %w", err)
	}
	b := buf.Bytes()
	app0 := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	if dpi > 0 {
		d := uint16(math.Round(dpi))
		app0[11] = 1 // dots per inch
		binary.BigEndian.PutUint16(app0[12:], d)
		binary.BigEndian.PutUint16(app0[14:], d)
	}
	out := append(append(append([]byte{}, b[:2]...), app0...), b[2:]...)
	_, err := w.Write(out)
	return err
}

// EncodeTIFF writes img as a single-page TIFF (deflate) whose resolution
// tags say dpi (dpi <= 0: the 72 dpi that x/image/tiff writes by default).
func EncodeTIFF(w io.Writer, img image.Image, dpi float64) error {
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, img, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		return fmt.Errorf("encode tiff: %w", err)
	}
	b := buf.Bytes()
	if dpi > 0 {
		if err := patchTIFFResolution(b, uint32(math.Round(dpi))); err != nil {
			return fmt.Errorf("encode tiff: %w", err)
		}
	}
	_, err := w.Write(b)
	return err
}

// patchTIFFResolution rewrites the XResolution and YResolution rationals
// of the first IFD in place.
func patchTIFFResolution(b []byte, dpi uint32) error {
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return fmt.Errorf("not a tiff")
	}
	ifd := int(bo.Uint32(b[4:]))
	n := int(bo.Uint16(b[ifd:]))
	found := 0
	for i := 0; i < n; i++ {
		e := ifd + 2 + 12*i
		tag := bo.Uint16(b[e:])
		if tag != 282 && tag != 283 { // XResolution, YResolution
			continue
		}
		off := int(bo.Uint32(b[e+8:]))
		bo.PutUint32(b[off:], dpi)
		bo.PutUint32(b[off+4:], 1)
		found++
	}
	if found != 2 {
		return fmt.Errorf("resolution tags not found")
	}
	return nil
}

// PDFPage is one page image of a PDF written by EncodePDF.
type PDFPage struct {
	Img image.Image
	DPI float64 // sets the page size: pixels / DPI inches
	// JPEGQuality > 0 stores the page as JPEG (DCTDecode), else as
	// deflated raw samples (FlateDecode), lossless.
	JPEGQuality int
}

// EncodePDF writes a PDF with one full-page image per page, the way scanner
// software does. Grey images (*image.Gray) are stored grey, others RGB.
func EncodePDF(w io.Writer, pages []PDFPage) error {
	var out bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			out.WriteString("\nstream\n")
			out.Write(stream)
			out.WriteString("\nendstream")
		}
		out.WriteString("\nendobj\n")
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects: 1 catalog, 2 pages, then per page: page, content, image.
	kids := ""
	for i := range pages {
		kids += fmt.Sprintf("%d 0 R ", 3+3*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, len(pages)), nil)
	for i, p := range pages {
		b := p.Img.Bounds()
		dpi := p.DPI
		if dpi <= 0 {
			dpi = 300
		}
		wpt, hpt := float64(b.Dx())/dpi*72, float64(b.Dy())/dpi*72
		contN, imgN := 4+3*i, 5+3*i // the page itself is 3+3*i
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im%d %d 0 R >> >> /Contents %d 0 R >>", wpt, hpt, i, imgN, contN), nil)
		content := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im%d Do Q", wpt, hpt, i)
		obj(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
		data, cs, filter, err := pdfImage(p)
		if err != nil {
			return err
		}
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /Filter /%s /Length %d >>", b.Dx(), b.Dy(), cs, filter, len(data)), data)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	_, err := w.Write(out.Bytes())
	return err
}

func pdfImage(p PDFPage) (data []byte, colorSpace, filter string, err error) {
	g, isGray := p.Img.(*image.Gray)
	colorSpace = "DeviceRGB"
	if isGray {
		colorSpace = "DeviceGray"
	}
	if p.JPEGQuality > 0 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, p.Img, &jpeg.Options{Quality: p.JPEGQuality}); err != nil {
			return nil, "", "", fmt.Errorf("encode pdf page: %w", err)
		}
		return buf.Bytes(), colorSpace, "DCTDecode", nil
	}
	b := p.Img.Bounds()
	var raw []byte
	if isGray {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			raw = append(raw, g.Pix[g.PixOffset(b.Min.X, y):g.PixOffset(b.Max.X, y)]...)
		}
	} else {
		raw = make([]byte, 0, b.Dx()*b.Dy()*3)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, gg, bb, _ := p.Img.At(x, y).RGBA()
				raw = append(raw, uint8(r>>8), uint8(gg>>8), uint8(bb>>8))
			}
		}
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, "", "", err
	}
	if err := zw.Close(); err != nil {
		return nil, "", "", err
	}
	return buf.Bytes(), colorSpace, "FlateDecode", nil
}
