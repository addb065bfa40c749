package scanfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
)

// openPNG reads the PNG header: size, and resolution from the pHYs chunk.
func (d *Doc) openPNG() error {
	cfg, err := png.DecodeConfig(io.NewSectionReader(d.f, 0, d.size))
	if err != nil {
		return corrupt(err)
	}
	if err := checkPixels(cfg.Width, cfg.Height); err != nil {
		return err
	}
	d.pages = []pageInfo{{width: cfg.Width, height: cfg.Height, tagDPI: pngDPI(io.NewSectionReader(d.f, 0, d.size))}}
	return nil
}

// pngDPI returns the resolution in the pHYs chunk, 0 when absent or not in
// pixels per metre. Only the chunks before the first IDAT are read.
func pngDPI(r io.Reader) float64 {
	br := bufio.NewReader(r)
	if _, err := br.Discard(8); err != nil {
		return 0
	}
	var hdr [8]byte
	for range 1000 {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return 0
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		typ := string(hdr[4:8])
		switch typ {
		case "IDAT", "IEND":
			return 0
		case "pHYs":
			if n != 9 {
				return 0
			}
			var p [9]byte
			if _, err := io.ReadFull(br, p[:]); err != nil {
				return 0
			}
			if p[8] != 1 { // unit: 1 = metre, 0 = aspect ratio only
				return 0
			}
			return float64(binary.BigEndian.Uint32(p[:4])) * 0.0254
		}
		if n > 1<<30 {
			return 0
		}
		if _, err := br.Discard(int(n) + 4); err != nil { // data and CRC
			return 0
		}
	}
	return 0
}

// openJPEG reads the JPEG header: size, and resolution from EXIF or JFIF.
func (d *Doc) openJPEG() error {
	cfg, err := jpeg.DecodeConfig(io.NewSectionReader(d.f, 0, d.size))
	if err != nil {
		return corrupt(err)
	}
	if err := checkPixels(cfg.Width, cfg.Height); err != nil {
		return err
	}
	d.pages = []pageInfo{{width: cfg.Width, height: cfg.Height}}
	long := max(cfg.Width, cfg.Height)
	for _, dpi := range jpegDPIs(io.NewSectionReader(d.f, 0, d.size)) {
		// Cameras and libraries write 72 dpi defaults in one place and the
		// real value in the other: take the first plausible one.
		if plausibleDPI(dpi, long) {
			d.pages[0].tagDPI = dpi
			break
		}
	}
	return nil
}

// jpegDPIs returns the resolutions the JPEG's metadata states, EXIF first
// then JFIF. Only the segments before the first scan are read.
func jpegDPIs(r io.Reader) []float64 {
	br := bufio.NewReader(r)
	var exif, jfif float64
	var m [4]byte
	if _, err := io.ReadFull(br, m[:2]); err != nil || m[0] != 0xff || m[1] != 0xd8 {
		return nil
	}
	for range 1000 {
		// Markers may be preceded by fill bytes 0xff.
		b, err := br.ReadByte()
		if err != nil || b != 0xff {
			break
		}
		for b == 0xff {
			if b, err = br.ReadByte(); err != nil {
				break
			}
		}
		if err != nil || b == 0xda || b == 0xd9 { // start of scan, end of image
			break
		}
		if b == 0x01 || (b >= 0xd0 && b <= 0xd7) { // markers without length
			continue
		}
		if _, err := io.ReadFull(br, m[:2]); err != nil {
			break
		}
		n := int(binary.BigEndian.Uint16(m[:2])) - 2
		if n < 0 {
			break
		}
		if b != 0xe0 && b != 0xe1 {
			if _, err := br.Discard(n); err != nil {
				break
			}
			continue
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(br, seg); err != nil {
			break
		}
		switch {
		case b == 0xe0 && len(seg) >= 12 && bytes.HasPrefix(seg, []byte("JFIF\x00")):
			x := float64(binary.BigEndian.Uint16(seg[8:10]))
			switch seg[7] {
			case 1:
				jfif = x
			case 2:
				jfif = x * 2.54
			}
		case b == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			exif = exifDPI(seg[6:])
		}
	}
	var out []float64
	for _, v := range []float64{exif, jfif} {
		if v > 0 {
			out = append(out, v)
		}
	}
	return out
}

// exifDPI reads XResolution and ResolutionUnit from IFD0 of an EXIF block
// (a TIFF structure); 0 when absent.
func exifDPI(b []byte) float64 {
	t, err := newTIFFStructure(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return 0
	}
	ifd, _, err := t.readIFD(t.first)
	if err != nil {
		return 0
	}
	return t.resolution(ifd)
}

// decodeImage decodes the whole PNG or JPEG file to gray.
func (d *Doc) decodeImage() (*image.Gray, error) {
	r := bufio.NewReader(io.NewSectionReader(d.f, 0, d.size))
	var img image.Image
	var err error
	if d.format == FormatPNG {
		img, err = png.Decode(r)
	} else {
		img, err = jpeg.Decode(r)
	}
	if err != nil {
		return nil, corrupt(err)
	}
	return toGray(img), nil
}

// decodeTIFF decodes the TIFF page whose IFD starts at info.ifd.
func (d *Doc) decodeTIFF(info pageInfo) (*image.Gray, error) {
	if info.jpeg {
		return d.tiff.decodeJPEGPage(info)
	}
	img, err := d.tiff.decode(info.ifd)
	if err != nil {
		return nil, corrupt(err)
	}
	if b := img.Bounds(); b.Dx() != info.width || b.Dy() != info.height {
		return nil, fmt.Errorf("decoded %d×%d, IFD says %d×%d: %w", b.Dx(), b.Dy(), info.width, info.height, ErrCorrupt)
	}
	g := toGray(img)
	if info.invert {
		for i, v := range g.Pix {
			g.Pix[i] = 255 - v
		}
	}
	return g, nil
}
