package rows

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/disintegration/imaging"
	"github.com/sheetscan/sheetscan/truth"
	_ "golang.org/x/image/tiff"
)

var residual = flag.Float64("residual", 0, "straighten sample pages leaving this skew, degrees counter-clockwise (deskew's residual error)")

var corpusDir = flag.String("corpus", "", "directory of a labelled corpus (scans/, truth.json) for TestCorpus; empty skips it")

// truthPage and truthRow are the truth.json records (package truth).
type (
	truthPage = truth.Page
	truthRow  = truth.Row
)

func loadTruth(tb testing.TB, dir string) []truthPage {
	tb.Helper()
	ps, err := truth.Load(dir)
	if err != nil {
		tb.Fatalf("read truth: %v", err)
	}
	return ps
}

// loadPage decodes page p of a scan as the tool does (package scanfile).
func loadPage(tb testing.TB, path string, page int, dpi float64) image.Image {
	tb.Helper()
	if filepath.Ext(path) == ".pdf" {
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			tb.Skip("pdftoppm not on PATH")
		}
	}
	g, err := truth.Decode(filepath.Dir(path), truth.Page{File: filepath.Base(path), PageInFile: page, DPI: dpi})
	if err != nil {
		tb.Fatalf("decode %s page %d: %v", path, page, err)
	}
	return g
}

func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	return g
}

// straighten undoes the truth's rotation and returns the upright page and
// a function mapping a point of the printed page (mm) to it.
func straighten(tb testing.TB, img image.Image, tp truthPage) (*image.Gray, func(xmm, ymm float64) (float64, float64)) {
	tb.Helper()
	b := img.Bounds()
	rot := imaging.Rotate(img, -tp.RotationDeg+*residual, color.White)
	g := toGray(rot)
	a := tp.PageToImage
	th := (-tp.RotationDeg + *residual) * math.Pi / 180
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	ncx, ncy := float64(g.Bounds().Dx())/2, float64(g.Bounds().Dy())/2
	sin, cos := math.Sincos(th)
	mapPt := func(xmm, ymm float64) (float64, float64) {
		px, py := xmm*300/25.4, ymm*300/25.4
		ix := a[0]*px + a[1]*py + a[2]
		iy := a[3]*px + a[4]*py + a[5]
		dx, dy := ix-cx, iy-cy
		// A counter-clockwise turn on screen (y down).
		return ncx + dx*cos + dy*sin, ncy - dx*sin + dy*cos
	}
	return g, mapPt
}

// tessReader reads row numbers with the tesseract command.
type tessReader struct{ calls int }

func (r *tessReader) ReadNumber(cell *image.Gray) (string, float64, error) {
	r.calls++
	var buf bytes.Buffer
	if err := png.Encode(&buf, cell); err != nil {
		return "", 0, err
	}
	cmd := exec.Command("tesseract", "stdin", "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789", "tsv")
	cmd.Stdin = &buf
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		return "", 0, fmt.Errorf("tesseract: %w", err)
	}
	var text string
	conf := 1.0
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 12 || f[0] != "5" || strings.TrimSpace(f[11]) == "" {
			continue
		}
		c, _ := strconv.ParseFloat(f[10], 64)
		text += strings.TrimSpace(f[11])
		conf = math.Min(conf, c/100)
	}
	if text == "" {
		conf = 0
	}
	return text, conf, nil
}

func haveTesseract() bool {
	_, err := exec.LookPath("tesseract")
	return err == nil
}

// scaleGray resizes g by factor f (linear filter).
func scaleGray(g *image.Gray, f float64) *image.Gray {
	b := g.Bounds()
	return toGray(imaging.Resize(g, int(float64(b.Dx())*f), int(float64(b.Dy())*f), imaging.Linear))
}

// batchReader answers ReadNumber from one tesseract run over many cells,
// which is far faster than a process per cell: a first Find records the
// cells (answering ""), run reads them all, a second Find gets the answers.
type batchReader struct {
	tb   testing.TB
	res  map[string][2]string // text, conf
	seen map[string]*image.Gray
	keys []string
}

func newBatchReader(tb testing.TB) *batchReader {
	return &batchReader{tb: tb, res: map[string][2]string{}, seen: map[string]*image.Gray{}}
}

func cellKeyOf(g *image.Gray) string {
	h := sha256.Sum256(g.Pix)
	return fmt.Sprintf("%v%x", g.Bounds(), h[:8])
}

func (r *batchReader) ReadNumber(cell *image.Gray) (string, float64, error) {
	k := cellKeyOf(cell)
	if v, ok := r.res[k]; ok {
		c, _ := strconv.ParseFloat(v[1], 64)
		return v[0], c, nil
	}
	if _, ok := r.seen[k]; !ok {
		r.seen[k] = cell
		r.keys = append(r.keys, k)
	}
	return "", 0, nil
}

// run reads every recorded cell with one tesseract process.
func (r *batchReader) run() {
	r.tb.Helper()
	if len(r.keys) == 0 {
		return
	}
	dir := r.tb.TempDir()
	var list strings.Builder
	for i, k := range r.keys {
		p := filepath.Join(dir, fmt.Sprintf("c%04d.png", i))
		f, err := os.Create(p)
		if err != nil {
			r.tb.Fatal(err)
		}
		png.Encode(f, r.seen[k])
		f.Close()
		fmt.Fprintln(&list, p)
		r.res[k] = [2]string{"", "0"}
	}
	lp := filepath.Join(dir, "list.txt")
	os.WriteFile(lp, []byte(list.String()), 0o644)
	cmd := exec.Command("tesseract", lp, "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789", "tsv")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		r.tb.Fatalf("tesseract: %v", err)
	}
	texts := make([]string, len(r.keys))
	confs := make([]float64, len(r.keys))
	for i := range confs {
		confs[i] = 1
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 12 || f[0] != "5" || strings.TrimSpace(f[11]) == "" {
			continue
		}
		pg, _ := strconv.Atoi(f[1])
		if pg < 1 || pg > len(texts) {
			continue
		}
		c, _ := strconv.ParseFloat(f[10], 64)
		texts[pg-1] += strings.TrimSpace(f[11])
		confs[pg-1] = math.Min(confs[pg-1], c/100)
	}
	for i, k := range r.keys {
		if texts[i] != "" {
			r.res[k] = [2]string{texts[i], strconv.FormatFloat(confs[i], 'f', 3, 64)}
		}
	}
	r.keys = nil
}
