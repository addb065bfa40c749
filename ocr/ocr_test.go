package ocr

import (
	"image"
	"image/draw"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sheetscan/sheetscan/internal/tessdata"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// renderCell draws text in black on a white cell h pixels tall, the text
// size a fraction of it as in a table row, with a ruled line along the top
// and bottom edges when lines is set and mild noise, so the reader sees what
// a cut cell looks like.
func renderCell(tb testing.TB, text string, h int, lines bool) *image.Gray {
	tb.Helper()
	b, err := os.ReadFile("testdata/LiberationSans-Regular.ttf")
	if err != nil {
		tb.Fatal(err)
	}
	f, err := opentype.Parse(b)
	if err != nil {
		tb.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(h) * 0.5, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		tb.Fatal(err)
	}
	defer face.Close()
	d := &font.Drawer{Face: face}
	w := d.MeasureString(text).Ceil() + 2*h
	g := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(g, g.Bounds(), image.White, image.Point{}, draw.Src)
	d.Dst, d.Src = g, image.Black
	d.Dot = fixed.P(h, h*3/4)
	d.DrawString(text)
	if lines {
		for x := 0; x < w; x++ {
			g.Pix[x], g.Pix[(h-1)*g.Stride+x] = 0, 0
		}
	}
	rng := rand.New(rand.NewSource(int64(len(text))))
	for i, p := range g.Pix {
		v := int(p) + rng.Intn(31) - 15
		g.Pix[i] = uint8(min(255, max(0, v)))
	}
	return g
}

// cer is the character error rate of got against want after folding case
// and accents.
func cer(want, got string) float64 {
	fw := []rune(fold(want))
	return float64(levenshtein(fw, []rune(fold(got)))) / float64(max(1, len(fw)))
}

func TestReadPrinted(t *testing.T) {
	r := newTestReader(t)
	tests := []struct {
		name   string
		text   string
		field  Field
		h      int
		maxCER float64
	}{
		{"name", "DUPONT Marie", Name, 50, 0.1},
		{"name accents", "LEFÈVRE Hélène", Name, 60, 0.15},
		{"name hyphen small", "MARTIN-LEROY Jean", Name, 36, 0.15},
		{"postal", "75011", Postal, 50, 0},
		{"postal large", "20200", Postal, 120, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lines := range []bool{false, true} {
				rd, err := r.Read(renderCell(t, tt.text, tt.h, lines), tt.field)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("Read(%q, lines=%v) = %q conf %.0f, %d chars", tt.text, lines, rd.Text, rd.Conf, len(rd.Chars))
				if c := cer(tt.text, rd.Text); c > tt.maxCER {
					t.Errorf("Read(%q, lines=%v) = %q, CER %.2f, want ≤ %.2f", tt.text, lines, rd.Text, c, tt.maxCER)
				}
				if rd.Conf <= 0 || rd.Conf > 100 {
					t.Errorf("Read(%q).Conf = %.1f, want in (0, 100]", tt.text, rd.Conf)
				}
				if !strings.HasPrefix(rd.Variant, variantCrop.name+"/") {
					t.Errorf("Read(%q).Variant = %q, want %s/<lang>", tt.text, rd.Variant, variantCrop.name)
				}
				if n := len([]rune(strings.ReplaceAll(rd.Text, " ", ""))); len(rd.Chars) != n {
					t.Errorf("Read(%q): %d chars for text %q of %d letters", tt.text, len(rd.Chars), rd.Text, n)
				}
			}
		})
	}
}

// TestWhitelist reads letters in a postal cell: the digits-only whitelist
// must keep any letter out of the reading.
func TestWhitelist(t *testing.T) {
	r := newTestReader(t)
	for _, text := range []string{"PARIS", "75 Lyon", "2A004"} {
		rd, err := r.Read(renderCell(t, text, 50, false), Postal)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("Read(%q, Postal) = %q", text, rd.Text)
		if strings.Trim(rd.Text, "0123456789 ") != "" {
			t.Errorf("Read(%q, Postal) = %q, want digits only", text, rd.Text)
		}
		for _, c := range rd.Chars {
			for _, a := range c.Alts {
				if strings.Trim(a.Text, "0123456789") != "" {
					t.Errorf("Read(%q, Postal): alternative %q is not a digit", text, a.Text)
				}
			}
		}
	}
	// And the name whitelist keeps digits out of names.
	rd, err := r.Read(renderCell(t, "ROSE 1er", 50, false), Name)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(rd.Text, "0123456789") {
		t.Errorf("Read(%q, Name) = %q, want no digit", "ROSE 1er", rd.Text)
	}
}

func TestReadNumber(t *testing.T) {
	r := newTestReader(t)
	for _, want := range []string{"12", "7", "35", "21"} {
		got, conf, err := r.ReadNumber(renderCell(t, want, 40, true))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("ReadNumber(%q) = %q, want %q", want, got, want)
		}
		if conf < 0.5 || conf > 1 {
			t.Errorf("ReadNumber(%q) conf = %.2f, want in [0.5, 1] for clean print", want, conf)
		}
	}
}

// TestBlank gives cells without writing: no Tesseract call, empty reading.
func TestBlank(t *testing.T) {
	r := newTestReader(t)
	white := renderCell(t, "", 50, false)
	lines := renderCell(t, "", 50, true)
	for name, cell := range map[string]*image.Gray{"white": white, "ruled": lines} {
		rd, err := r.Read(cell, Name)
		if err != nil {
			t.Fatal(err)
		}
		if rd.Text != "" || len(rd.Words) != 0 {
			t.Errorf("Read(%s blank cell) = %q, want empty", name, rd.Text)
		}
	}
	if n := r.name.calls + r.digits.calls; n != 0 {
		t.Errorf("blank cells made %d Tesseract calls, want 0", n)
	}
}

func TestReadAll(t *testing.T) {
	r := newTestReader(t)
	rds, err := r.ReadAll(renderCell(t, "BERNARD Luc", 50, true), Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(rds) != 3 {
		t.Fatalf("ReadAll gave %d readings of a name, want 3", len(rds))
	}
	seen := map[string]bool{}
	for _, rd := range rds {
		if seen[rd.Variant] {
			t.Errorf("ReadAll variant %q twice, want three different readings", rd.Variant)
		}
		seen[rd.Variant] = true
	}
	for _, rd := range rds {
		if c := cer("BERNARD Luc", rd.Text); c > 0.1 {
			t.Errorf("ReadAll variant %s = %q, CER %.2f, want ≤ 0.1", rd.Variant, rd.Text, c)
		}
	}
}

// TestConcurrentReaders runs two Readers in two goroutines on different
// fields: each must read as it does alone (whitelists and settings must not
// leak between clients).
func TestConcurrentReaders(t *testing.T) {
	newTestReader(t) // skip early without Tesseract
	cells := []struct {
		text  string
		field Field
	}{{"GARNIER Paul", Name}, {"69003", Postal}}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for _, c := range cells {
		cell := renderCell(t, c.text, 50, false)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := NewReader(Options{})
			if err != nil {
				errs <- err.Error()
				return
			}
			defer r.Close()
			for i := 0; i < 8; i++ {
				rd, err := r.Read(cell, c.field)
				if err != nil {
					errs <- err.Error()
					return
				}
				if cer(c.text, rd.Text) > 0.1 {
					errs <- "read " + c.text + " as " + rd.Text
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestRecycle lowers the recycling period and checks that the Reader
// replaces its client and keeps reading correctly.
func TestRecycle(t *testing.T) {
	r := newTestReader(t)
	r.recycle = 3
	cell := renderCell(t, "13008", 50, false)
	for i := 0; i < 8; i++ {
		rd, err := r.Read(cell, Postal)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if rd.Text != "13008" {
			t.Errorf("call %d after recycling: Read = %q, want %q", i, rd.Text, "13008")
		}
	}
	// 8 calls with a period of 3: clients for calls 1-3, 4-6, 7-8.
	if r.digits.created != 3 {
		t.Errorf("clients created = %d, want 3", r.digits.created)
	}
}

func TestClosed(t *testing.T) {
	r := newTestReader(t)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(renderCell(t, "12", 40, false), Number); err == nil {
		t.Error("Read after Close: no error, want one")
	}
}

func BenchmarkRead(b *testing.B) {
	r := newTestReader(b)
	for _, bc := range []struct {
		name  string
		text  string
		field Field
	}{{"name", "DUPONT-MOREAU Jean-Pierre", Name}, {"postal", "75011", Postal}} {
		cell := renderCell(b, bc.text, 50, true)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Read(cell, bc.field); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkImageFormat compares handing the cell to Leptonica as PGM (what
// Reader does) or PNG bytes.
func BenchmarkImageFormat(b *testing.B) {
	r := newTestReader(b)
	cell := renderCell(b, "DUPONT-MOREAU Jean-Pierre", 50, true)
	for _, usePNG := range []bool{false, true} {
		name := "pgm"
		if usePNG {
			name = "png"
		}
		b.Run(name, func(b *testing.B) {
			r.usePNG = usePNG
			for b.Loop() {
				if _, err := r.Read(cell, Name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestNewReaderBadLanguage(t *testing.T) {
	newTestReader(t) // skip early without Tesseract
	for _, o := range []Options{{Lang: "nosuchlang"}, {DigitLang: "nosuchlang"}} {
		r, err := NewReader(o)
		if err == nil {
			r.Close()
			t.Errorf("NewReader(%+v): no error, want one for a missing language", o)
		}
	}
}

func TestSingleLanguage(t *testing.T) {
	newTestReader(t)
	r, err := NewReader(Options{Lang: "fra", DigitLang: "fra"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rds, err := r.ReadAll(renderCell(t, "31000", 50, false), Postal)
	if err != nil {
		t.Fatal(err)
	}
	// One model: the second reading must come from another preprocessing.
	if len(rds) != 2 || rds[0].Variant == rds[1].Variant {
		t.Fatalf("ReadAll with one language gave %d readings %v, want two different variants", len(rds), rds)
	}
	for _, rd := range rds {
		if rd.Text != "31000" {
			t.Errorf("ReadAll variant %s = %q, want %q", rd.Variant, rd.Text, "31000")
		}
	}
}

// TestReadOther reads a name and a postal code with the model of another
// family: by
// default Latin when it is installed, none when OtherLang is "-", and an
// error when the language asked for is missing.
func TestReadOther(t *testing.T) {
	newTestReader(t)
	cell := renderCell(t, "DUPONT Marie", 50, true)
	r, err := NewReader(Options{OtherLang: "Latin"})
	if err != nil {
		t.Skipf("Latin model not installed (tesseract-ocr-script-latn): %v", err)
	}
	defer r.Close()
	rds, err := r.ReadOther(cell, Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(rds) != 1 || rds[0].Variant != variantCrop.name+"/Latin" || cer("DUPONT Marie", rds[0].Text) > 0.1 {
		t.Fatalf("ReadOther = %+v, want one Latin reading of %q", rds, "DUPONT Marie")
	}
	rds, err = r.ReadOther(renderCell(t, "75011", 50, true), Postal)
	if err != nil || len(rds) != 1 || rds[0].Text != "75011" {
		t.Fatalf("ReadOther(75011, Postal) = %+v, %v, want one reading 75011", rds, err)
	}
	for _, o := range []Options{{}, {OtherLang: "-"}} {
		r, err := NewReader(o)
		if err != nil {
			t.Fatal(err)
		}
		rds, err := r.ReadOther(cell, Name)
		r.Close()
		if want := map[string]int{"": 1, "-": 0}[o.OtherLang]; err != nil || len(rds) != want {
			t.Errorf("OtherLang %q: ReadOther gave %d readings (%v), want %d", o.OtherLang, len(rds), err, want)
		}
	}
	if r, err := NewReader(Options{OtherLang: "nosuchlang"}); err == nil {
		r.Close()
		t.Error("NewReader(OtherLang nosuchlang): no error, want one for a missing language")
	}
}

// TestMissing starts a Reader on a tessdata folder holding only the French
// model: it reads, and names the optional models it goes without.
func TestMissing(t *testing.T) {
	r := newTestReader(t)
	if len(r.Missing()) != 0 {
		t.Skipf("the optional models are not all installed here: %v", r.Missing())
	}
	fra := tessdata.File("fra")
	if fra == "" {
		t.Skip("fra.traineddata not found")
	}
	dir := t.TempDir()
	if err := os.Symlink(fra, filepath.Join(dir, "fra.traineddata")); err != nil {
		t.Fatal(err)
	}
	only, err := NewReader(Options{DataPath: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer only.Close()
	if got, want := strings.Join(only.Missing(), "; "), "Latin (tesseract-ocr-script-latn); eng (tesseract-ocr-eng)"; got != want {
		t.Errorf("Missing() = %q, want %q", got, want)
	}
	if rd, err := only.Read(renderCell(t, "75011", 50, false), Postal); err != nil || rd.Text != "75011" {
		t.Errorf("Read with fra alone = %q, %v, want 75011", rd.Text, err)
	}
	if rds, err := only.ReadOther(renderCell(t, "DUPONT Marie", 50, false), Name); err != nil || len(rds) != 0 {
		t.Errorf("ReadOther without Latin = %v, %v, want no reading", rds, err)
	}
}
