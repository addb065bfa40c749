package digits

import (
	"math/rand"
	"testing"

	"github.com/sheetscan/sheetscan/digits/synth"
)

// TestAlign cuts composed cells into the digits of their code: one image
// per digit, left to right, each read as its digit; a code the cell does
// not hold is refused rather than forced onto it.
func TestAlign(t *testing.T) {
	gs := goGlyphs(t)
	r := rand.New(rand.NewSource(7))
	for i, c := range []struct {
		code string
		opt  synth.CellOptions
	}{
		{"75011", synth.CellOptions{Height: 40}},
		{"13008", synth.CellOptions{Height: 40, Touch: 1}},
		{"69003", synth.CellOptions{Height: 24, Group: 1}},
		{"4200", synth.CellOptions{Height: 40}},
	} {
		img := synth.ComposeCell(glyphInks(gs[i%len(gs)], c.code), c.opt, r)
		got, ok := Align(img, c.code, nil)
		if !ok || len(got) != len(c.code) {
			t.Errorf("Align(%s cell) = %d images, ok %v; want %d", c.code, len(got), ok, len(c.code))
			continue
		}
		for k, g := range got {
			if d := argmax32(Probs(g)); d != int(c.code[k]-'0') {
				t.Errorf("Align(%s cell): image %d read %d, want %c", c.code, k, d, c.code[k])
			}
		}
		if _, ok := Align(img, "10000"[:len(c.code)], nil); ok && c.code[0] != '1' {
			t.Errorf("Align(%s cell, a code it does not hold) succeeded", c.code)
		}
	}
	img := synth.ComposeCell(glyphInks(gs[0], "75011"), synth.CellOptions{Height: 40}, r)
	// Not a 4- or 5-digit code, or one leaving out a digit-sized mark.
	for _, code := range []string{"", "750111", "75a11", "7501"} {
		if _, ok := Align(img, code, nil); ok {
			t.Errorf("Align(cell of 75011, %q) succeeded", code)
		}
	}
	if _, ok := Align(nil, "75011", nil); ok {
		t.Errorf("Align(nil) succeeded")
	}
}

// TestAlignJunk checks the junk AlignJunk returns beside the digits: never
// one of the digits, and in a cell of touching digits, the cuts that run
// two digits together or split one.
func TestAlignJunk(t *testing.T) {
	gs := goGlyphs(t)
	r := rand.New(rand.NewSource(9))
	img := synth.ComposeCell(glyphInks(gs[0], "13008"), synth.CellOptions{Height: 40, Touch: 1}, r)
	got, junk, ok := AlignJunk(img, "13008", nil)
	if !ok || len(got) != 5 {
		t.Fatalf("AlignJunk(13008 cell) = %d digits, ok %v", len(got), ok)
	}
	if len(junk) == 0 {
		t.Fatal("AlignJunk(cell of touching digits) gave no junk")
	}
	for k, j := range junk {
		for _, d := range got {
			if j.Bounds().Size() == d.Bounds().Size() && string(j.Pix) == string(d.Pix) {
				t.Errorf("junk %d is one of the digits", k)
			}
		}
	}
}

func TestIsJunk(t *testing.T) {
	owner := []int{0, 0, -1, 1, 2, 2}
	for _, c := range []struct {
		i, j int
		want bool
	}{
		{0, 2, false}, // digit 0
		{0, 3, false}, // digit 0 and a mark left out
		{0, 1, true},  // part of digit 0
		{1, 4, true},  // across digits 0 and 1
		{2, 3, false}, // only the mark
		{3, 4, false}, // digit 1
		{4, 5, true},  // part of digit 2
		{3, 6, true},  // digits 1 and 2
	} {
		if got := isJunk(owner, c.i, c.j); got != c.want {
			t.Errorf("isJunk(%v, %d, %d) = %v, want %v", owner, c.i, c.j, got, c.want)
		}
	}
}
