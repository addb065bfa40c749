package scanfile

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
)

// More TIFF tags, for JPEG-compressed pages.
const (
	tagStripOffsets    = 273
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagTileWidth       = 322
	tagTileLength      = 323
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagJPEGTables      = 347
)

// uintsTag returns the values of a SHORT or LONG tag, at most max of them.
func (t *tiffFile) uintsTag(ifd []ifdEntry, tag uint16, max int) ([]uint32, error) {
	e, ok := find(ifd, tag)
	if !ok {
		return nil, nil
	}
	size := map[uint16]int{3: 2, 4: 4}[e.typ]
	if size == 0 || e.count == 0 || int64(e.count) > int64(max) {
		return nil, fmt.Errorf("tag %d: type %d, %d values: %w", tag, e.typ, e.count, ErrCorrupt)
	}
	raw := e.value[:]
	if n := int64(e.count) * int64(size); n > 4 {
		raw = make([]byte, n)
		if _, err := t.r.ReadAt(raw, int64(t.bo.Uint32(e.value[:]))); err != nil {
			return nil, fmt.Errorf("tag %d: %w: %w", tag, ErrCorrupt, err)
		}
	}
	v := make([]uint32, e.count)
	for i := range v {
		if size == 2 {
			v[i] = uint32(t.bo.Uint16(raw[2*i:]))
		} else {
			v[i] = t.bo.Uint32(raw[4*i:])
		}
	}
	return v, nil
}

// bytesTag returns the bytes of a BYTE or UNDEFINED tag, at most max.
func (t *tiffFile) bytesTag(ifd []ifdEntry, tag uint16, max int) ([]byte, error) {
	e, ok := find(ifd, tag)
	if !ok {
		return nil, nil
	}
	if (e.typ != 1 && e.typ != 7) || int64(e.count) > int64(max) {
		return nil, fmt.Errorf("tag %d: type %d, %d bytes: %w", tag, e.typ, e.count, ErrCorrupt)
	}
	if e.count <= 4 {
		return append([]byte{}, e.value[:e.count]...), nil
	}
	b := make([]byte, e.count)
	if _, err := t.r.ReadAt(b, int64(t.bo.Uint32(e.value[:]))); err != nil {
		return nil, fmt.Errorf("tag %d: %w: %w", tag, ErrCorrupt, err)
	}
	return b, nil
}

// decodeJPEGPage decodes a TIFF page with JPEG compression (Compression 7),
// which x/image/tiff does not handle: each strip or tile is a JPEG stream,
// completed by the shared tables of JPEGTables, decoded with image/jpeg and
// pasted in place.
func (t *tiffFile) decodeJPEGPage(info pageInfo) (*image.Gray, error) {
	ifd, _, err := t.readIFD(info.ifd)
	if err != nil {
		return nil, err
	}
	w, h := info.width, info.height
	tables, err := t.bytesTag(ifd, tagJPEGTables, 1<<20)
	if err != nil {
		return nil, err
	}
	bw, bh := w, h
	offTag, countTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if tw, ok := t.uintTag(ifd, tagTileWidth); ok {
		tl, ok := t.uintTag(ifd, tagTileLength)
		if !ok || tw == 0 || tl == 0 {
			return nil, fmt.Errorf("tile without a size: %w", ErrCorrupt)
		}
		bw, bh = int(min(tw, 1<<20)), int(min(tl, 1<<20))
		offTag, countTag = tagTileOffsets, tagTileByteCounts
	} else if rps, ok := t.uintTag(ifd, tagRowsPerStrip); ok && rps > 0 && int64(rps) < int64(h) {
		bh = int(rps)
	}
	across, down := (w+bw-1)/bw, (h+bh-1)/bh
	n := across * down
	offs, err := t.uintsTag(ifd, offTag, n)
	if err != nil {
		return nil, err
	}
	counts, err := t.uintsTag(ifd, countTag, n)
	if err != nil {
		return nil, err
	}
	if len(offs) != n || len(counts) != n {
		return nil, fmt.Errorf("%d strips or tiles listed, %d needed: %w", min(len(offs), len(counts)), n, ErrCorrupt)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for k := 0; k < n; k++ {
		if int64(offs[k])+int64(counts[k]) > t.size {
			return nil, fmt.Errorf("strip %d beyond the end of the file: %w", k, ErrCorrupt)
		}
		data := make([]byte, counts[k])
		if _, err := t.r.ReadAt(data, int64(offs[k])); err != nil {
			return nil, fmt.Errorf("strip %d: %w: %w", k, ErrCorrupt, err)
		}
		stream := joinJPEG(tables, data)
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(stream))
		if err != nil {
			return nil, fmt.Errorf("strip %d: %w", k, corrupt(err))
		}
		if cfg.Width > bw || cfg.Height > bh {
			return nil, fmt.Errorf("strip %d is %d×%d, more than %d×%d: %w", k, cfg.Width, cfg.Height, bw, bh, ErrCorrupt)
		}
		img, err := jpeg.Decode(bytes.NewReader(stream))
		if err != nil {
			return nil, fmt.Errorf("strip %d: %w", k, corrupt(err))
		}
		at := image.Pt((k%across)*bw, (k/across)*bh)
		g := toGray(img)
		draw.Draw(out, g.Rect.Add(at), g, image.Point{}, draw.Src)
	}
	return out, nil
}

// joinJPEG makes one JPEG stream of the shared tables (SOI, tables, EOI)
// and an abbreviated strip (SOI, frame, scan, EOI).
func joinJPEG(tables, strip []byte) []byte {
	if len(tables) < 4 || !bytes.HasPrefix(tables, []byte{0xff, 0xd8}) || !bytes.HasPrefix(strip, []byte{0xff, 0xd8}) {
		return strip
	}
	tables = bytes.TrimSuffix(tables, []byte{0xff, 0xd9})
	out := make([]byte, 0, len(tables)+len(strip))
	return append(append(out, tables...), strip[2:]...)
}
