package scanfile

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PageTimeout bounds each run of a poppler tool (pdfinfo, pdfimages,
// pdftoppm) on one file or page.
var PageTimeout = 2 * time.Minute

// renderDPI is the resolution of a PDF page that holds no scan.
const renderDPI = 300

// minScanPPI is the lowest resolution at which an embedded image is taken
// for a scan to render at; below it the page is rendered at renderDPI.
const minScanPPI = 50

// minScanCover is the fraction of the page area the largest image must
// cover to count as the page's scan rather than a logo on a vector page.
const minScanCover = 0.25

var (
	rePages     = regexp.MustCompile(`(?m)^Pages:\s+(\d+)\s*$`)
	rePageSize1 = regexp.MustCompile(`(?m)^Page size:\s+([0-9.]+)\s+x\s+([0-9.]+)\s+pts`)
	rePageSize  = regexp.MustCompile(`(?m)^Page\s+(\d+)\s+size:\s+([0-9.]+)\s+x\s+([0-9.]+)\s+pts`)
)

// openPDF counts the pages and reads their sizes with pdfinfo.
func (d *Doc) openPDF() error {
	ctx, cancel := context.WithTimeout(context.Background(), PageTimeout)
	defer cancel()
	out, err := runTool(ctx, "pdfinfo", "--", d.path)
	if err != nil {
		// pdfinfo fails on an empty page tree, saying so on stderr.
		if msg := err.Error(); strings.Contains(msg, "Invalid page count 0") || strings.Contains(msg, "the last page (0)") {
			return ErrNoPages
		}
		if strings.Contains(err.Error(), "Incorrect password") {
			return fmt.Errorf("encrypted PDF: %w", ErrUnsupported)
		}
		return err
	}
	m := rePages.FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("pdfinfo gives no page count: %w", ErrCorrupt)
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil || n < 0 {
		return fmt.Errorf("pdfinfo page count %q: %w", m[1], ErrCorrupt)
	}
	if n == 0 {
		return ErrNoPages
	}
	d.pages = make([]pageInfo, n)
	if n == 1 {
		if m := rePageSize1.FindSubmatch(out); m != nil {
			d.setPageSize(1, m[1], m[2])
		}
		return nil
	}
	// Without a range pdfinfo gives the first page's size only.
	out, err = runTool(ctx, "pdfinfo", "-f", "1", "-l", strconv.Itoa(n), "--", d.path)
	if err != nil {
		return err
	}
	for _, m := range rePageSize.FindAllSubmatch(out, -1) {
		if i, err := strconv.Atoi(string(m[1])); err == nil {
			d.setPageSize(i, m[2], m[3])
		}
	}
	return nil
}

// setPageSize records the size in points of PDF page i, as pdfinfo wrote it.
func (d *Doc) setPageSize(i int, w, h []byte) {
	wPt, err1 := strconv.ParseFloat(string(w), 64)
	hPt, err2 := strconv.ParseFloat(string(h), 64)
	if err1 == nil && err2 == nil && i >= 1 && i <= len(d.pages) && wPt > 0 && hPt > 0 {
		d.pages[i-1].wPt, d.pages[i-1].hPt = wPt, hPt
	}
}

// pdfImage is one line of `pdfimages -list`.
type pdfImage struct {
	w, h       int
	xppi, yppi float64
}

// ppi is the finer of the image's two resolutions.
func (im pdfImage) ppi() float64 { return math.Max(im.xppi, im.yppi) }

// area is the page area the image covers, in square points.
func (im pdfImage) area() float64 {
	return float64(im.w) / im.xppi * 72 * float64(im.h) / im.yppi * 72
}

// pageImages lists the images drawn on page i.
func (d *Doc) pageImages(ctx context.Context, i int) ([]pdfImage, error) {
	p := strconv.Itoa(i)
	out, err := runTool(ctx, "pdfimages", "-list", "-f", p, "-l", p, "--", d.path)
	if err != nil {
		return nil, err
	}
	var ims []pdfImage
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		// page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
		if len(f) < 14 || f[0] != p || f[2] != "image" {
			continue
		}
		w, err1 := strconv.Atoi(f[3])
		h, err2 := strconv.Atoi(f[4])
		x, err3 := strconv.ParseFloat(f[12], 64)
		y, err4 := strconv.ParseFloat(f[13], 64)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || w <= 0 || h <= 0 || x <= 0 || y <= 0 {
			continue
		}
		ims = append(ims, pdfImage{w: w, h: h, xppi: x, yppi: y})
	}
	return ims, nil
}

// scanPPI returns the native resolution of the scan on a page of area
// pagePt2 square points: that of its largest image, provided the images at
// that resolution (a scan may come in bands) cover at least minScanCover
// of the page and it is at least minScanPPI. ok is false for a page without
// such a scan (vector text, a logo).
func scanPPI(ims []pdfImage, pagePt2 float64) (ppi float64, ok bool) {
	var big pdfImage
	for _, im := range ims {
		if im.w*im.h > big.w*big.h {
			big = im
		}
	}
	if big.w == 0 || big.ppi() < minScanPPI {
		return 0, false
	}
	cover := 0.0
	for _, im := range ims {
		if math.Abs(im.ppi()-big.ppi()) <= 0.02*big.ppi() {
			cover += im.area()
		}
	}
	return big.ppi(), cover >= minScanCover*pagePt2
}

// renderPDF rasterises page i at the native resolution of its scan, so
// that the scan's pixels are kept one to one, or at renderDPI when it has
// none.
func (d *Doc) renderPDF(ctx context.Context, i int, info pageInfo) (*image.Gray, float64, string, error) {
	ctx, cancel := context.WithTimeout(ctx, PageTimeout)
	defer cancel()
	if info.wPt <= 0 || info.hPt <= 0 {
		// Without a size the pixel guard cannot run before rendering.
		return nil, 0, "", fmt.Errorf("pdfinfo gives no size for the page: %w", ErrCorrupt)
	}
	ims, err := d.pageImages(ctx, i)
	if err != nil {
		return nil, 0, "", err
	}
	dpi, src := float64(renderDPI), DPIFromRender
	if ppi, ok := scanPPI(ims, info.wPt*info.hPt); ok {
		dpi, src = ppi, DPIFromTag
	}
	w, h := math.Ceil(info.wPt/72*dpi), math.Ceil(info.hPt/72*dpi)
	if w*h > float64(MaxPixels) || w > float64(MaxPixels) || h > float64(MaxPixels) {
		return nil, 0, "", fmt.Errorf("%.0f×%.0f pixels at %g dpi, limit %d: %w", w, h, dpi, MaxPixels, ErrTooLarge)
	}
	g, err := pdftoppm(ctx, d.path, i, dpi)
	if err != nil {
		return nil, 0, "", err
	}
	return g, dpi, src, nil
}

// pdftoppm renders page i of a PDF at dpi to gray, reading the PGM from the
// tool's output as it comes.
func pdftoppm(ctx context.Context, path string, i int, dpi float64) (*image.Gray, error) {
	p := strconv.Itoa(i)
	cmd := exec.CommandContext(ctx, "pdftoppm", "-f", p, "-l", p, "-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-gray", "--", path)
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %w", err)
	}
	g, perr := readPGM(bufio.NewReaderSize(out, 1<<16))
	if perr != nil {
		// A page we refuse (too large) or cannot parse: stop the tool
		// rather than wait for it to render the rest.
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if perr != nil && errors.Is(perr, ErrTooLarge) {
		return nil, perr
	}
	if werr != nil && perr == nil {
		return nil, toolError(ctx, "pdftoppm", werr, stderr.Bytes())
	}
	if perr != nil {
		if werr != nil && stderr.Len() > 0 {
			return nil, toolError(ctx, "pdftoppm", werr, stderr.Bytes())
		}
		return nil, fmt.Errorf("pdftoppm output: %w", corrupt(perr))
	}
	if msg := renderErrors(stderr.Bytes()); msg != "" {
		// poppler renders what it can of a damaged page and still exits
		// 0: a page with a missing or broken scan would pass for a page
		// of blank rows.
		return nil, fmt.Errorf("pdftoppm: %s: %w", msg, ErrCorrupt)
	}
	return g, nil
}

// renderErrors returns the first error lines poppler printed while
// rendering, ignoring font complaints (a substituted font does not hide a
// scan), or "" when there are none.
func renderErrors(stderr []byte) string {
	var errs []string
	for _, line := range strings.Split(string(stderr), "\n") {
		if strings.Contains(line, "Error") && !strings.Contains(strings.ToLower(line), "font") {
			errs = append(errs, strings.TrimSpace(line))
		}
	}
	switch {
	case len(errs) == 0:
		return ""
	case len(errs) > 2:
		return strings.Join(errs[:2], "; ") + fmt.Sprintf("; … (%d errors)", len(errs))
	}
	return strings.Join(errs, "; ")
}

// readPGM reads one binary PGM (P5) image, refusing more than MaxPixels.
func readPGM(r *bufio.Reader) (*image.Gray, error) {
	var magic [2]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, err
	}
	if magic != [2]byte{'P', '5'} {
		return nil, fmt.Errorf("not a binary PGM (%q)", magic[:])
	}
	var v [3]int
	for k := range v {
		n, err := pgmInt(r)
		if err != nil {
			return nil, err
		}
		v[k] = n
	}
	w, h, maxval := v[0], v[1], v[2]
	if err := checkPixels(w, h); err != nil {
		return nil, err
	}
	if maxval < 1 || maxval > 65535 {
		return nil, fmt.Errorf("PGM maxval %d", maxval)
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	if maxval == 255 {
		if _, err := io.ReadFull(r, g.Pix); err != nil {
			return nil, err
		}
		return g, nil
	}
	bpp := 1
	if maxval > 255 {
		bpp = 2
	}
	row := make([]byte, w*bpp)
	for y := 0; y < h; y++ {
		if _, err := io.ReadFull(r, row); err != nil {
			return nil, err
		}
		dst := g.Pix[y*g.Stride : y*g.Stride+w]
		for x := range dst {
			s := int(row[x*bpp])
			if bpp == 2 {
				s = s<<8 | int(row[x*bpp+1])
			}
			dst[x] = uint8(min(s, maxval) * 255 / maxval)
		}
	}
	return g, nil
}

// pgmInt reads a decimal header field, skipping whitespace and comments,
// and the single whitespace byte after it.
func pgmInt(r *bufio.Reader) (int, error) {
	n, digits := 0, 0
	for {
		c, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
			digits++
			if digits > 9 {
				return 0, errors.New("PGM header number too long")
			}
		case digits > 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return n, nil
		case c == '#' && digits == 0:
			if _, err := r.ReadString('\n'); err != nil {
				return 0, err
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			return 0, fmt.Errorf("bad PGM header byte %q", c)
		}
	}
}

// runTool runs a poppler tool and returns its standard output.
func runTool(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &limitedWriter{w: &stdout, n: 16 << 20}
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	if err := cmd.Run(); err != nil {
		return nil, toolError(ctx, name, err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// toolError describes a failed tool run: a timeout, a missing tool, or a
// damaged PDF with the tool's first complaint.
func toolError(ctx context.Context, name string, err error, stderr []byte) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", name, ctx.Err())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return fmt.Errorf("%s: %w", name, err) // not found, cannot start
	}
	msg := strings.TrimSpace(string(stderr))
	if lines := strings.Split(msg, "\n"); len(lines) > 2 {
		msg = strings.Join(lines[:2], "; ") + "; …"
	} else {
		msg = strings.ReplaceAll(msg, "\n", "; ")
	}
	if msg == "" {
		msg = err.Error()
	}
	return fmt.Errorf("%s: %s: %w", name, msg, ErrCorrupt)
}

// limitedWriter keeps the first n bytes written and discards the rest, so a
// tool's chatter cannot fill memory.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
