package scanfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/tiff"
)

// MaxPixels is the largest page, in pixels (width × height), that Page will
// decode. A4 at 600 dpi is about 35 megapixels; anything announcing more than
// this limit is treated as a decompression bomb and refused with ErrTooLarge
// before its pixels are decoded. Change it only before opening files: it is
// read without synchronisation.
var MaxPixels int64 = 120_000_000

// Sentinel errors, wrapped (with the file and page) in an *Error.
var (
	// ErrEmpty reports a zero-byte file.
	ErrEmpty = errors.New("empty file")
	// ErrUnsupported reports a file that is none of the handled formats
	// (or a variant of one that is not handled, such as BigTIFF).
	ErrUnsupported = errors.New("unsupported file format")
	// ErrNoPages reports a file that is well-formed but holds no page.
	ErrNoPages = errors.New("no pages")
	// ErrTooLarge reports a page whose header announces more than MaxPixels
	// pixels.
	ErrTooLarge = errors.New("image too large")
	// ErrCorrupt reports a truncated or damaged file; the underlying
	// decoder's error is wrapped alongside it.
	ErrCorrupt = errors.New("damaged file")
)

// Error is the error type returned by Open and Page: it carries the file and
// the page so that a batch can report them. Page is 0 for errors about the
// whole file.
type Error struct {
	Op   string // "open" or "decode"
	Path string
	Page int // 1-based; 0 when the error is not about one page
	Err  error
}

func (e *Error) Error() string {
	if e.Page > 0 {
		return fmt.Sprintf("%s %s page %d: %v", e.Op, e.Path, e.Page, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Op, e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Format names, as returned by Doc.Format.
const (
	FormatPNG  = "png"
	FormatJPEG = "jpeg"
	FormatTIFF = "tiff"
	FormatPDF  = "pdf"
)

// Supported reports whether path has one of the extensions the importer takes
// (.png .jpg .jpeg .tif .tiff .pdf, any case). It looks at the name only; Open
// decides from the content.
func Supported(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf":
		return true
	}
	return false
}

// Page is one decoded page.
type Page struct {
	Index int         // 1-based within the file
	Image *image.Gray // 8-bit gray, 0 = black, 255 = white; bounds start at (0,0)
	// DPI is the resolution to use downstream, in pixels per inch.
	DPI float64
	// DPISource says where DPI comes from: "tag" (the file's metadata, or for
	// PDF the native resolution of the embedded scan), "size" (inferred from
	// the pixel size, the sheet being A4 210×297 mm, because the metadata was
	// missing or implausible) or "render" (a PDF page without a scan,
	// rasterised at 300 dpi).
	DPISource string
}

// DPI sources, as found in Page.DPISource.
const (
	DPIFromTag    = "tag"
	DPIFromSize   = "size"
	DPIFromRender = "render"
)

// pageInfo is what Open learns about one page from the headers.
type pageInfo struct {
	width, height int     // pixels; 0 when unknown before rendering (PDF)
	tagDPI        float64 // horizontal resolution from metadata, 0 if none
	ifd           int64   // TIFF: offset of this page's IFD
	invert        bool    // TIFF: x/image/tiff decodes this page as a negative
	jpeg          bool    // TIFF: JPEG compression, decoded here
	err           error   // a page known to exist but unreadable (damaged TIFF chain)
	wPt, hPt      float64 // PDF: page size in points
}

// Doc is an opened scan file. It is not safe for concurrent use. The caller
// must Close it.
type Doc struct {
	path   string
	f      *os.File
	size   int64
	format string
	pages  []pageInfo
	tiff   *tiffFile // TIFF only
}

// Open opens the scan file at path, detects its format from its magic bytes
// and counts its pages, reading headers only. It fails for a zero-byte file
// (ErrEmpty), an unknown format (ErrUnsupported), a file without pages
// (ErrNoPages), a damaged header or PDF (ErrCorrupt), and a single-image file
// whose header announces more than MaxPixels pixels (ErrTooLarge). Errors are
// *Error values naming the file.
func Open(path string) (*Doc, error) {
	d, err := open(path)
	if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	return d, nil
}

func open(path string) (*Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	d := &Doc{path: path, f: f}
	if err := d.init(); err != nil {
		f.Close()
		return nil, err
	}
	return d, nil
}

func (d *Doc) init() error {
	st, err := d.f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("is a directory: %w", ErrUnsupported)
	}
	d.size = st.Size()
	if d.size == 0 {
		return ErrEmpty
	}
	head := make([]byte, 1024)
	n, err := d.f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return err
	}
	d.format, err = sniff(head[:n])
	if err != nil {
		return err
	}
	switch d.format {
	case FormatPNG:
		err = d.openPNG()
	case FormatJPEG:
		err = d.openJPEG()
	case FormatTIFF:
		err = d.openTIFF()
	case FormatPDF:
		err = d.openPDF()
	}
	if err != nil {
		return err
	}
	if len(d.pages) == 0 {
		return ErrNoPages
	}
	return nil
}

// sniff names the format from the first bytes of a file.
func sniff(head []byte) (string, error) {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG, nil
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return FormatJPEG, nil
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return FormatTIFF, nil
	case bytes.HasPrefix(head, []byte("II+\x00")), bytes.HasPrefix(head, []byte("MM\x00+")):
		return "", fmt.Errorf("BigTIFF: %w", ErrUnsupported)
	case bytes.Contains(head, []byte("%PDF-")):
		// The PDF header may follow some junk within the first 1024 bytes.
		return FormatPDF, nil
	}
	return "", ErrUnsupported
}

// Path returns the path the Doc was opened with.
func (d *Doc) Path() string { return d.path }

// Format returns the detected format: "png", "jpeg", "tiff" or "pdf".
func (d *Doc) Format() string { return d.format }

// NumPages returns the number of pages, at least 1.
func (d *Doc) NumPages() int { return len(d.pages) }

// Close releases the file.
func (d *Doc) Close() error {
	if d.f == nil {
		return nil
	}
	err := d.f.Close()
	d.f = nil
	return err
}

// Page decodes page i (1-based) to 8-bit gray. Pages are decoded on demand,
// one per call; nothing is cached. A page announcing more than MaxPixels
// pixels fails with ErrTooLarge before decoding; a truncated or damaged page
// fails with ErrCorrupt. ctx bounds the external tools used for PDF and is
// checked before decoding other formats (an image decode is not interrupted
// midway).
func (d *Doc) Page(ctx context.Context, i int) (*Page, error) {
	p, err := d.page(ctx, i)
	if err != nil {
		return nil, &Error{Op: "decode", Path: d.path, Page: i, Err: err}
	}
	return p, nil
}

func (d *Doc) page(ctx context.Context, i int) (p *Page, err error) {
	if d.f == nil {
		return nil, os.ErrClosed
	}
	if i < 1 || i > len(d.pages) {
		return nil, fmt.Errorf("no page %d in %d", i, len(d.pages))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	info := d.pages[i-1]
	if info.err != nil {
		return nil, info.err
	}
	if info.width > 0 && info.height > 0 {
		if err := checkPixels(info.width, info.height); err != nil {
			return nil, err
		}
	}
	// The decoders are fuzzed upstream, but a panic on a hostile file must
	// not take the whole batch down.
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("decoder panic: %v: %w", r, ErrCorrupt)
		}
	}()
	var g *image.Gray
	var dpi float64
	src := DPIFromTag
	switch d.format {
	case FormatPNG, FormatJPEG:
		g, err = d.decodeImage()
		dpi = info.tagDPI
	case FormatTIFF:
		g, err = d.decodeTIFF(info)
		dpi = info.tagDPI
	case FormatPDF:
		g, dpi, src, err = d.renderPDF(ctx, i, info)
	}
	if err != nil {
		return nil, err
	}
	if src != DPIFromRender {
		dpi, src = resolveDPI(dpi, g.Rect.Dx(), g.Rect.Dy())
	}
	return &Page{Index: i, Image: g, DPI: dpi, DPISource: src}, nil
}

// checkPixels refuses a page of w×h pixels larger than MaxPixels.
func checkPixels(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("bad size %d×%d: %w", w, h, ErrCorrupt)
	}
	if int64(w) > MaxPixels || int64(h) > MaxPixels || int64(w)*int64(h) > MaxPixels {
		return fmt.Errorf("%d×%d pixels, limit %d: %w", w, h, MaxPixels, ErrTooLarge)
	}
	return nil
}

// corrupt marks a decoder error as a damaged file (ErrCorrupt), or as
// ErrUnsupported when the decoder says the file is valid but uses a feature
// it lacks (JPEG-compressed TIFF, 12-bit JPEG, …), keeping the original.
func corrupt(err error) error {
	if err == nil || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrUnsupported) {
		return err
	}
	var (
		ej jpeg.UnsupportedError
		ep png.UnsupportedError
		et tiff.UnsupportedError
	)
	if errors.As(err, &ej) || errors.As(err, &ep) || errors.As(err, &et) {
		return fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}
