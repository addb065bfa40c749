package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sheetscan/sheetscan/digits/cnn"
	"github.com/sheetscan/sheetscan/pipeline"
	"github.com/sheetscan/sheetscan/truth"
)

// sampleSetup returns the committed digit network and the folder of the
// sample scans; the test is skipped without an OCR engine.
func sampleSetup(t *testing.T) (*cnn.Net, string) {
	t.Helper()
	if p, err := pipeline.New(pipeline.Options{}); err != nil {
		t.Skipf("no OCR engine: %v", err)
	} else {
		p.Close()
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "digits", "model.bin"))
	if err != nil {
		t.Fatal(err)
	}
	net, err := cnn.Load(b)
	if err != nil {
		t.Fatal(err)
	}
	return net, filepath.Join("..", "..", "testdata", "scans")
}

// TestPageCells cuts the sample scans' postal-code cells into labelled
// digit samples: five (or four) per aligned view, labelled with the
// digits of the codes written on the pages.
func TestPageCells(t *testing.T) {
	net, dir := sampleSetup(t)
	got, err := pageCells(context.Background(), []string{dir}, net, 2, 0, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := truth.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var written [10]int // digits written in unstruck codes
	codes := 0
	for _, p := range pages {
		for _, r := range p.Rows {
			if !r.Blank && !r.Struck && (len(r.PostalCode) == 4 || len(r.PostalCode) == 5) {
				codes++
				for _, c := range r.PostalCode {
					written[c-'0']++
				}
			}
		}
	}
	var labels [10]int
	for _, s := range got {
		if len(s.x) != 28*28 || s.label < 0 || s.label > 9 {
			t.Fatalf("sample with %d inputs, label %d", len(s.x), s.label)
		}
		labels[s.label]++
	}
	// Two views per code, most of them aligned.
	if len(got) < 2*codes*4*3/4 {
		t.Errorf("%d digit samples from %d codes, want most of their %d digits twice", len(got), codes, codes*5)
	}
	for d := range labels {
		if labels[d] > 2*written[d] {
			t.Errorf("%d samples labelled %d, but only %d were written", labels[d], d, written[d])
		}
	}
}

// TestPageCellsJunk checks the junk samples: the same digit samples as
// without junk, in the same order, and besides them at most junk per
// aligned view, labelled cnn.Junk.
func TestPageCellsJunk(t *testing.T) {
	net, dir := sampleSetup(t)
	plain, err := pageCells(context.Background(), []string{dir}, net, 2, 0, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	const perView = 3
	withJunk, err := pageCells(context.Background(), []string{dir}, net, 2, perView, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var digits []sample
	junk := 0
	for _, s := range withJunk {
		if s.label == cnn.Junk {
			junk++
			continue
		}
		digits = append(digits, s)
	}
	if len(digits) != len(plain) {
		t.Fatalf("%d digit samples with junk, %d without", len(digits), len(plain))
	}
	for i := range digits {
		if digits[i].label != plain[i].label {
			t.Fatalf("digit sample %d labelled %d with junk, %d without", i, digits[i].label, plain[i].label)
		}
	}
	// Views aligned ≥ digit samples / 5.
	if junk == 0 || junk > perView*len(plain)/4 {
		t.Errorf("%d junk samples for %d digit samples, want some and at most %d per view", junk, len(plain), perView)
	}
}

// TestCutCellCodes measures the committed network on the sample scans'
// cut cells: one line for the corpus, every unstruck code of 4 or 5
// digits whose cell was found counted once, and never more codes right
// by the better view than by either, nor by either than there are.
func TestCutCellCodes(t *testing.T) {
	net, dir := sampleSetup(t)
	got, err := cutCellCodes(context.Background(), []string{dir}, net, 2, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].corpus != filepath.Base(dir) {
		t.Fatalf("cutCellCodes = %+v, want one line for %s", got, filepath.Base(dir))
	}
	pages, err := truth.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	codes := 0
	for _, p := range pages {
		for _, r := range p.Rows {
			if !r.Blank && !r.Struck && (len(r.PostalCode) == 4 || len(r.PostalCode) == 5) {
				codes++
			}
		}
	}
	c := got[0]
	t.Logf("%d of %d codes found in cut cells; %d read right by the better view, %d by either", c.codes, codes, c.better, c.either)
	if c.codes > codes || c.codes < codes*9/10 {
		t.Errorf("%d codes counted, want most of the %d written, and no more", c.codes, codes)
	}
	if c.better > c.either || c.either > c.codes {
		t.Errorf("better %d, either %d, codes %d: want better ≤ either ≤ codes", c.better, c.either, c.codes)
	}
	// The samples' codes are the ones the network reads best (96 % of
	// them through the pipeline): most must be read here too.
	if c.better < c.codes*8/10 {
		t.Errorf("%d of %d codes read right, want most", c.better, c.codes)
	}
}
