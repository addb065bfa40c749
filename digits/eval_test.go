package digits

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/digits/synth"
	"github.com/sheetscan/sheetscan/postal"
	"github.com/sheetscan/sheetscan/truth"
)

// The tests in this file are measurements, off by default: they read data
// outside the repository given by -mnist or -corpus and report figures.

// TestMNIST reports digit accuracy on the MNIST test split. This split is
// used for this final measurement only, never for training or tuning.
func TestMNIST(t *testing.T) {
	if *mnistDir == "" {
		t.Skip("no -mnist directory")
	}
	m, err := synth.ReadMNIST(*mnistDir, "t10k")
	if err != nil {
		t.Fatal(err)
	}
	good := 0
	var conf [10][10]int
	for i := range m.Labels {
		got := argmax32(Probs(m.Image(i)))
		conf[m.Labels[i]][got]++
		if got == int(m.Labels[i]) {
			good++
		}
	}
	acc := float64(good) / float64(len(m.Labels))
	t.Logf("MNIST test accuracy: %.2f%% (%d/%d)", 100*acc, good, len(m.Labels))
	for d := range conf {
		t.Logf("  %d: %v", d, conf[d])
	}
	if acc < 0.97 {
		t.Errorf("MNIST test accuracy = %.2f%%, want ≥ 97%% (target 99%%)", 100*acc)
	}
}

var (
	mnistVal   = flag.Bool("mnistval", false, "TestMNISTCells: compose cells from the held-out validation digits (last 5,000 of the training split) instead of the test split, for development")
	mnistCells = flag.Int("mnistcells", 1000, "TestMNISTCells: number of cells to compose")
	mnistSeed  = flag.Int64("mnistseed", 42, "TestMNISTCells: random seed of the codes and cell layouts (compare changes on several seeds: at n=1000 one standard error is about 0.7 points)")
	mnistSpace = flag.Bool("mnistspaced", false, "TestMNISTCells: compose every cell with the digits apart (no touching pairs, no group space), to tell what segmentation costs")
)

// TestMNISTCells composes postal-code cells from MNIST test digits (codes
// drawn from the valid codes; random spacing, touching pairs, groups,
// ruled-line residue) and reports the exact-code rate.
func TestMNISTCells(t *testing.T) {
	if *mnistDir == "" {
		t.Skip("no -mnist directory")
	}
	split, from := "t10k", 0
	if *mnistVal {
		split, from = "train", 55000
	}
	m, err := synth.ReadMNIST(*mnistDir, split)
	if err != nil {
		t.Fatal(err)
	}
	byDigit := make([][]int, 10)
	for i := from; i < len(m.Labels); i++ {
		byDigit[m.Labels[i]] = append(byDigit[m.Labels[i]], i)
	}
	lex := postal.Codes()
	r := rand.New(rand.NewSource(*mnistSeed))
	n := max(1, *mnistCells)
	good, rawGood := 0, 0
	digitsRight, digitsRead := 0, 0 // over the raw readings of five digits
	var margins []float64
	for i := 0; i < n; i++ {
		code := lex[r.Intn(len(lex))]
		var ks []synth.Ink
		for _, c := range code {
			idx := byDigit[c-'0']
			ks = append(ks, m.Ink(idx[r.Intn(len(idx))]))
		}
		o := synth.DefaultCellOptions(r)
		if *mnistSpace {
			o.Touch, o.Group = 0, 0
		}
		img := synth.ComposeCell(ks, o, r)
		got := ReadCode(img, lex)
		if len(got.Raw) == len(code) {
			for k := range code {
				if got.Raw[k] == code[k] {
					digitsRight++
				}
			}
			digitsRead += len(code)
		}
		if got.Code != code && *cellDump != "" {
			if err := writePNG(filepath.Join(*cellDump, fmt.Sprintf("mnist_%04d_%s_%s.png", i, code, got.Code)), img); err != nil {
				t.Fatal(err)
			}
		}
		if got.Code == code {
			good++
			margins = append(margins, got.Margin)
		} else if testing.Verbose() && i < 200 {
			t.Logf("cell %d: %q (raw %q, margin %.2f), want %q", i, got.Code, got.Raw, got.Margin, code)
		}
		if got.Raw == code {
			rawGood++
		}
	}
	rate := float64(good) / float64(n)
	t.Logf("cells of MNIST %s digits: exact code %.1f%% ± %.1f (one standard error), raw reading %.1f%%, digits right in the raw readings of five %.2f%% (n=%d, seed %d, lexicon %d codes)",
		split, 100*rate, 100*math.Sqrt(rate*(1-rate)/float64(n)), 100*float64(rawGood)/float64(n),
		100*float64(digitsRight)/float64(max(1, digitsRead)), n, *mnistSeed, len(lex))
}

// TestCorpus cuts the postal-code cells of the labelled scans (using the
// truth's geometry, which the tool itself never sees) and reports the
// exact-code rate. Four-digit codes count as right when Code is the code
// with its leading zero restored.
func TestCorpus(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory")
	}
	corpusRate(t, *corpusDir)
}

// TestSampleScans reads the postal codes of the sample scans kept in the
// repository (testdata/scans). Their writers are among the training fonts,
// so the bound is a regression guard, not a measure of accuracy on unseen
// hand writing.
func TestSampleScans(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes ten scanned pages")
	}
	good, n := corpusRate(t, filepath.Join("..", "testdata", "scans"))
	if rate := float64(good) / float64(n); rate < 0.85 {
		t.Errorf("exact postal codes on the sample scans = %d/%d = %.1f%%, want ≥ 85%%", good, n, 100*rate)
	}
}

// corpusRate reads every postal-code cell of the corpus in dir and
// returns the number of 5-digit codes read exactly and their total.
func corpusRate(t *testing.T, dir string) (good, n int) {
	t.Helper()
	pages, err := truth.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	lex := postal.Codes()
	valid := map[string]bool{}
	for _, c := range lex {
		valid[c] = true
	}
	var n4, good4, blanks, blankOK, notInLex int
	// How a margin threshold would sort readings: accepted and, of
	// those, wrong.
	marginSteps := []float64{1, 2, 3, 5}
	accepted := make([]int, len(marginSteps))
	acceptedWrong := make([]int, len(marginSteps))
	var wrongConfident int
	for _, p := range pages {
		img, scale, err := truth.DecodeScale(dir, p)
		if err != nil {
			t.Errorf("%s page %d: %v", p.File, p.PageInFile, err)
			continue
		}
		for _, row := range p.Rows {
			cell := cutCell(img, scale, p, row.BoxMM)
			if *cellDump != "" {
				name := fmt.Sprintf("%s_p%d_r%02d_%s.png", strings.ReplaceAll(p.File, " ", "_"), p.PageInFile, row.Number, row.PostalCode)
				if err := writePNG(filepath.Join(*cellDump, name), cell); err != nil {
					t.Fatal(err)
				}
			}
			got := ReadCode(cell, lex)
			want := row.PostalCode
			switch {
			case row.Blank || want == "":
				if row.Blank {
					blanks++
					if got.Code == "" {
						blankOK++
					}
				}
				continue
			case len(want) == 4:
				n4++
				if got.Code == "0"+want || got.Raw == want {
					good4++
				} else if testing.Verbose() {
					t.Logf("%s p%d row %d: 4-digit %q read %q (raw %q, margin %.2f)", p.File, p.PageInFile, row.Number, want, got.Code, got.Raw, got.Margin)
				}
				continue
			}
			if !valid[want] {
				notInLex++
			}
			n++
			for k, th := range marginSteps {
				if got.Margin >= th {
					accepted[k]++
					if got.Code != want {
						acceptedWrong[k]++
					}
				}
			}
			if got.Code == want {
				good++
			} else {
				if got.Margin > 3 {
					wrongConfident++
				}
				if testing.Verbose() {
					t.Logf("%s p%d row %d: %q (raw %q, margin %.2f, score %.2f), want %q %v",
						p.File, p.PageInFile, row.Number, got.Code, got.Raw, got.Margin, got.Score, want, row.Notes)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no postal codes in the corpus")
	}
	t.Logf("corpus %s: exact 5-digit codes %d/%d = %.1f%% (%d wrong with margin > 3; %d truths not in lexicon); 4-digit codes %d/%d; blank rows read as no code %d/%d",
		dir, good, n, 100*float64(good)/float64(n), wrongConfident, notInLex, good4, n4, blankOK, blanks)
	for k, th := range marginSteps {
		t.Logf("  margin ≥ %.0f: %d/%d codes accepted (%.1f%%), %d of them wrong", th, accepted[k], n, 100*float64(accepted[k])/float64(n), acceptedWrong[k])
	}
	return good, n
}

var cellDump = flag.String("cells", "", "with -corpus: write the cut postal-code cells as PNG into this directory; with -mnist: the misread composed cells")

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// cutCell samples the postal-code cell of a row from the scan at the scan's
// resolution through the page-to-image affine. The column fractions of the
// truth are only approximate for some layouts, so the cell edges snap to
// the nearest vertical line within 6 mm of where the fractions put them;
// the cell is then inset by 0.5 mm so that the ruled lines mostly stay
// out (what remains is residue to cope with).
func cutCell(img *image.Gray, scale float64, p truth.Page, box [4]float64) *image.Gray {
	// The column fractions are of the whole table width, number column
	// included; box_mm starts after the number column.
	tw := box[2] - box[0] + p.Layout.NumW
	const slack = 6.0
	x0 := box[0] + p.Layout.NameFrac*tw - slack
	x1 := box[0] + (p.Layout.NameFrac+p.Layout.CPFrac)*tw + slack
	y0, y1 := box[1]+0.5, box[3]-0.5
	dpi := p.DPI
	if dpi <= 0 {
		dpi = 200
	}
	wide := sample(img, scale, p, dpi, x0, y0, x1, y1)
	w, h := wide.Bounds().Dx(), wide.Bounds().Dy()
	// Darkness per column, middle rows only.
	col := make([]int, w)
	for y := h / 10; y < h-h/10; y++ {
		for x := 0; x < w; x++ {
			col[x] += 255 - int(wide.Pix[y*w+x])
		}
	}
	px := func(mm float64) int { return int(mm / 25.4 * dpi) }
	// best returns the line column nearest to want, -1 if none.
	best := func(lo, hi, want int) int {
		b := -1
		for x := max(0, lo); x < min(w, hi); x++ {
			if col[x] >= 45*(h-h/5) && (b < 0 || abs(x-want) < abs(b-want)) {
				b = x
			}
		}
		return b
	}
	l, r := px(0.5), w-px(0.5)
	if b := best(0, px(2*slack), px(slack)); b >= 0 {
		l = b + px(0.5)
	} else {
		l = px(slack + 0.5)
	}
	if b := best(w-px(2*slack), w, w-px(slack)); b >= 0 {
		r = b - px(0.5)
	} else {
		r = w - px(slack+0.5)
	}
	if r-l < px(5) {
		l, r = px(slack+0.5), w-px(slack+0.5)
	}
	return wide.SubImage(image.Rect(l, 0, r, h)).(*image.Gray)
}

// sample resamples the page rectangle (x0, y0)–(x1, y1), in mm, at dpi.
func sample(img *image.Gray, scale float64, p truth.Page, dpi, x0, y0, x1, y1 float64) *image.Gray {
	w := int((x1 - x0) / 25.4 * dpi)
	h := int((y1 - y0) / 25.4 * dpi)
	out := image.NewGray(image.Rect(0, 0, w, h))
	a := p.PageToImage
	for i := range a {
		a[i] *= scale
	}
	b := img.Bounds()
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			// Page position in 300-dpi pixels.
			X := (x0 + (float64(u)+0.5)*25.4/dpi) * 300 / 25.4
			Y := (y0 + (float64(v)+0.5)*25.4/dpi) * 300 / 25.4
			ix, iy := a[0]*X+a[1]*Y+a[2]-0.5, a[3]*X+a[4]*Y+a[5]-0.5
			fx, fy := math.Floor(ix), math.Floor(iy)
			tx, ty := ix-fx, iy-fy
			at := func(x, y int) float64 {
				if x < b.Min.X || y < b.Min.Y || x >= b.Max.X || y >= b.Max.Y {
					return 255
				}
				return float64(img.Pix[(y-b.Min.Y)*img.Stride+x-b.Min.X])
			}
			X0, Y0 := int(fx), int(fy)
			val := (1-ty)*((1-tx)*at(X0, Y0)+tx*at(X0+1, Y0)) + ty*((1-tx)*at(X0, Y0+1)+tx*at(X0+1, Y0+1))
			out.Pix[v*w+u] = uint8(math.Round(val))
		}
	}
	return out
}
