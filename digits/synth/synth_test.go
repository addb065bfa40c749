package synth

import (
	"encoding/binary"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

func TestReadMNIST(t *testing.T) {
	dir := t.TempDir()
	img := binary.BigEndian.AppendUint32(nil, 0x803)
	img = binary.BigEndian.AppendUint32(img, 2)
	img = binary.BigEndian.AppendUint32(img, 28)
	img = binary.BigEndian.AppendUint32(img, 28)
	px := make([]byte, 2*784)
	px[784+10] = 255 // one ink pixel in the second digit
	img = append(img, px...)
	lab := binary.BigEndian.AppendUint32(nil, 0x801)
	lab = binary.BigEndian.AppendUint32(lab, 2)
	lab = append(lab, 7, 3)
	if err := os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), img, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), lab, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadMNIST(dir, "t10k")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Labels) != 2 || m.Labels[1] != 3 {
		t.Fatalf("labels = %v, want [7 3]", m.Labels)
	}
	if g := m.Image(1); g.Pix[10] != 0 || g.Pix[11] != 255 {
		t.Errorf("Image(1) pixels 10, 11 = %d, %d; want ink 0 on white 255", g.Pix[10], g.Pix[11])
	}
	if _, err := ReadMNIST(dir, "train"); err == nil {
		t.Error("ReadMNIST(missing split) succeeded, want error")
	}
	if err := os.WriteFile(filepath.Join(dir, "bad-images-idx3-ubyte"), img[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad-labels-idx1-ubyte"), lab, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMNIST(dir, "bad"); err == nil {
		t.Error("ReadMNIST(truncated) succeeded, want error")
	}
}

func TestFontFilesSkipsReservedFonts(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"Kristi.ttf", "fonts-klee/Klee.ttf", "Hand.ttf"} {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := FontFiles([]string{filepath.Join(dir, "*.ttf"), filepath.Join(dir, "*/*.ttf")})
	if len(got) != 1 || filepath.Base(got[0]) != "Hand.ttf" {
		t.Errorf("FontFiles = %v, want only Hand.ttf", got)
	}
}

func TestParseGlyphs(t *testing.T) {
	g, err := ParseGlyphs(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	for d, k := range g.Digits {
		if k.W < 5 || k.H < 20 {
			t.Errorf("digit %d glyph is %d×%d, want a visible glyph about 45 pixels high", d, k.W, k.H)
		}
	}
	if g.Digits[1].W >= g.Digits[0].W {
		t.Errorf("glyph 1 is %d wide, 0 is %d: want 1 narrower", g.Digits[1].W, g.Digits[0].W)
	}
}

// TestComposeCell checks that composition is reproducible from a seed and
// that a group space widens the cell.
func TestComposeCell(t *testing.T) {
	g, err := ParseGlyphs(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	ks := []Ink{g.Digits[7], g.Digits[5], g.Digits[0], g.Digits[1], g.Digits[1]}
	a := ComposeCell(ks, CellOptions{Height: 30}, rand.New(rand.NewSource(1)))
	b := ComposeCell(ks, CellOptions{Height: 30}, rand.New(rand.NewSource(1)))
	if a.Bounds() != b.Bounds() || string(a.Pix) != string(b.Pix) {
		t.Error("ComposeCell with the same seed gave different cells")
	}
	grouped := ComposeCell(ks, CellOptions{Height: 30, Group: 1}, rand.New(rand.NewSource(1)))
	if grouped.Bounds().Dx() <= a.Bounds().Dx() {
		t.Errorf("cell with group space is %d wide, without %d: want wider", grouped.Bounds().Dx(), a.Bounds().Dx())
	}
	dark := 0
	for _, v := range a.Pix {
		if v < 128 {
			dark++
		}
	}
	if dark < 50 {
		t.Errorf("composed cell has %d dark pixels, want the digits' ink", dark)
	}
}

// TestElastic checks that the elastic distortion leaves the ink in place
// when alpha is 0, and otherwise moves it without losing it, the same way
// for the same seed.
func TestElastic(t *testing.T) {
	g, err := ParseGlyphs(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	k := g.Digits[8].Crop(0.05, 1)
	mass := func(k Ink) (s float64) {
		for _, v := range k.Pix {
			s += float64(v)
		}
		return s
	}
	still := k.Elastic(0, 6, rand.New(rand.NewSource(1)))
	if still.W != k.W || still.H != k.H {
		t.Fatalf("alpha 0 gave %d×%d, want %d×%d", still.W, still.H, k.W, k.H)
	}
	for i, v := range still.Pix {
		if d := v - k.Pix[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("alpha 0 moved ink at pixel %d: %v, want %v", i, v, k.Pix[i])
		}
	}
	const alpha = 3
	a := k.Elastic(alpha, 6, rand.New(rand.NewSource(1)))
	b := k.Elastic(alpha, 6, rand.New(rand.NewSource(1)))
	if string(float32Bytes(a.Pix)) != string(float32Bytes(b.Pix)) {
		t.Error("Elastic with the same seed gave different inks")
	}
	if m0, m1 := mass(k), mass(a); m1 < 0.85*m0 || m1 > 1.15*m0 {
		t.Errorf("ink mass %.0f after distortion, %.0f before: want it kept within 15 %%", m1, m0)
	}
	// The distorted ink, back on the original canvas, differs from it.
	m := (a.W - k.W) / 2
	var moved float64
	for y := 0; y < k.H; y++ {
		for x := 0; x < k.W; x++ {
			d := float64(a.At(x+m, y+m) - k.At(x, y))
			moved += d * d
		}
	}
	if moved < 0.05*mass(k) {
		t.Errorf("squared change %.1f for ink mass %.0f: the distortion barely moved the digit", moved, mass(k))
	}
}

func float32Bytes(p []float32) []byte {
	b := make([]byte, 0, 4*len(p))
	for _, v := range p {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}
