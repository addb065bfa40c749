package scanfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"

	"golang.org/x/image/tiff"
)

// TIFF tags read here.
const (
	tagNewSubfileType = 254
	tagImageWidth     = 256
	tagImageLength    = 257
	tagXResolution    = 282
	tagResolutionUnit = 296
	tagCompression    = 259
	tagPhotometric    = 262
)

// Bounds on hostile files.
const (
	maxIFDs = 10000 // pages in one TIFF
)

// tiffFile is the TIFF structure (header and IFD chain) of a file or of an
// EXIF block.
type tiffFile struct {
	r     io.ReaderAt
	size  int64
	bo    binary.ByteOrder
	head  [8]byte // the file's header, patched per page by decode
	first int64   // offset of the first IFD
}

// ifdEntry is one 12-byte IFD entry; value holds the value or its offset.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    [4]byte
}

func newTIFFStructure(r io.ReaderAt, size int64) (*tiffFile, error) {
	t := &tiffFile{r: r, size: size}
	if _, err := r.ReadAt(t.head[:], 0); err != nil {
		return nil, fmt.Errorf("tiff header: %w: %w", ErrCorrupt, err)
	}
	switch string(t.head[:4]) {
	case "II*\x00":
		t.bo = binary.LittleEndian
	case "MM\x00*":
		t.bo = binary.BigEndian
	case "II+\x00", "MM\x00+":
		return nil, fmt.Errorf("BigTIFF: %w", ErrUnsupported)
	default:
		return nil, fmt.Errorf("tiff header: %w", ErrUnsupported)
	}
	t.first = int64(t.bo.Uint32(t.head[4:]))
	return t, nil
}

// readIFD reads the IFD at off and returns its entries and the offset of the
// next IFD (0 at the end of the chain).
func (t *tiffFile) readIFD(off int64) ([]ifdEntry, int64, error) {
	if off < 8 || off+2 > t.size {
		return nil, 0, fmt.Errorf("IFD offset %d outside the file: %w", off, ErrCorrupt)
	}
	var b [12]byte
	if _, err := t.r.ReadAt(b[:2], off); err != nil {
		return nil, 0, fmt.Errorf("IFD at %d: %w: %w", off, ErrCorrupt, err)
	}
	n := int64(t.bo.Uint16(b[:2]))
	end := off + 2 + 12*n + 4
	if n == 0 || end > t.size {
		return nil, 0, fmt.Errorf("IFD at %d with %d entries: %w", off, n, ErrCorrupt)
	}
	raw := make([]byte, 12*n+4)
	if _, err := t.r.ReadAt(raw, off+2); err != nil {
		return nil, 0, fmt.Errorf("IFD at %d: %w: %w", off, ErrCorrupt, err)
	}
	entries := make([]ifdEntry, n)
	for i := range entries {
		e := raw[12*i:]
		entries[i] = ifdEntry{tag: t.bo.Uint16(e), typ: t.bo.Uint16(e[2:]), count: t.bo.Uint32(e[4:])}
		copy(entries[i].value[:], e[8:12])
	}
	return entries, int64(t.bo.Uint32(raw[12*n:])), nil
}

func find(ifd []ifdEntry, tag uint16) (ifdEntry, bool) {
	for _, e := range ifd {
		if e.tag == tag {
			return e, true
		}
	}
	return ifdEntry{}, false
}

// uintTag returns the first value of a SHORT or LONG tag.
func (t *tiffFile) uintTag(ifd []ifdEntry, tag uint16) (uint32, bool) {
	e, ok := find(ifd, tag)
	if !ok || e.count < 1 {
		return 0, false
	}
	switch e.typ {
	case 3: // SHORT
		return uint32(t.bo.Uint16(e.value[:])), true
	case 4: // LONG
		return t.bo.Uint32(e.value[:]), true
	}
	return 0, false
}

// rationalTag returns the first value of a RATIONAL tag.
func (t *tiffFile) rationalTag(ifd []ifdEntry, tag uint16) (float64, bool) {
	e, ok := find(ifd, tag)
	if !ok || e.typ != 5 || e.count < 1 {
		return 0, false
	}
	var b [8]byte
	if _, err := t.r.ReadAt(b[:], int64(t.bo.Uint32(e.value[:]))); err != nil {
		return 0, false
	}
	num, den := t.bo.Uint32(b[:]), t.bo.Uint32(b[4:])
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// resolution returns the horizontal resolution of an IFD in pixels per
// inch, 0 when absent or without an absolute unit.
func (t *tiffFile) resolution(ifd []ifdEntry) float64 {
	x, ok := t.rationalTag(ifd, tagXResolution)
	if !ok {
		return 0
	}
	unit, ok := t.uintTag(ifd, tagResolutionUnit)
	if !ok {
		unit = 2 // the default is inches
	}
	switch unit {
	case 2:
		return x
	case 3:
		return x * 2.54
	}
	return 0
}

// openTIFF walks the IFD chain, keeping full-resolution images as pages.
// An IFD that cannot be read after good ones becomes a broken page, which
// Page reports, so that a damaged tail loses no page silently; a file whose
// first IFD is broken fails to open.
func (d *Doc) openTIFF() error {
	t, err := newTIFFStructure(d.f, d.size)
	if err != nil {
		return err
	}
	d.tiff = t
	seen := map[int64]bool{}
	broken := func(err error) error {
		if len(d.pages) == 0 {
			return err
		}
		d.pages = append(d.pages, pageInfo{err: err})
		return nil
	}
	for off := t.first; off != 0; {
		if seen[off] {
			return broken(fmt.Errorf("IFD chain loops back to offset %d: %w", off, ErrCorrupt))
		}
		if len(seen) >= maxIFDs {
			return broken(fmt.Errorf("more than %d IFDs: %w", maxIFDs, ErrCorrupt))
		}
		seen[off] = true
		ifd, next, err := t.readIFD(off)
		if err != nil {
			return broken(err)
		}
		if st, ok := t.uintTag(ifd, tagNewSubfileType); ok && st&1 != 0 {
			off = next // a reduced-resolution copy (thumbnail), not a page
			continue
		}
		w, okw := t.uintTag(ifd, tagImageWidth)
		h, okh := t.uintTag(ifd, tagImageLength)
		if !okw || !okh || w == 0 || h == 0 {
			if err := broken(fmt.Errorf("IFD at %d without a size: %w", off, ErrCorrupt)); err != nil {
				return err
			}
			off = next
			continue
		}
		// x/image/tiff maps CCITT white runs to white whatever the
		// photometric interpretation, unlike libtiff and the TIFF spec for
		// which a run of coding white is bit 0, so black under BlackIsZero.
		// Such pages come out as a negative: decodeTIFF turns them back.
		comp, _ := t.uintTag(ifd, tagCompression)
		photo, _ := t.uintTag(ifd, tagPhotometric)
		invert := (comp == 3 || comp == 4) && photo == 1
		d.pages = append(d.pages, pageInfo{width: int(w), height: int(h), tagDPI: t.resolution(ifd), ifd: off, invert: invert, jpeg: comp == 7})
		off = next
	}
	return nil
}

// decode decodes the image of the IFD at off with x/image/tiff, which only
// reads the first IFD: it is given a view of the file whose header points
// at off. Offsets inside IFDs are absolute, so nothing else changes.
func (t *tiffFile) decode(off int64) (image.Image, error) {
	v := &tiffView{r: t.r, head: t.head}
	t.bo.PutUint32(v.head[4:], uint32(off))
	return tiff.Decode(io.NewSectionReader(v, 0, t.size))
}

// tiffView is an io.ReaderAt over a TIFF file with its 8-byte header
// replaced, so that no page needs a copy of the file.
type tiffView struct {
	r    io.ReaderAt
	head [8]byte
}

func (v *tiffView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	if off < int64(len(v.head)) {
		n = copy(p, v.head[off:])
		if n == len(p) {
			return n, nil
		}
	}
	m, err := v.r.ReadAt(p[n:], off+int64(n))
	return n + m, err
}
