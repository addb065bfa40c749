package main

import (
	"compress/gzip"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// writeIDX writes a tiny IDX file of bytes, gzipped when gz.
func writeIDX(tb testing.TB, path string, dims []uint32, data []byte, gz bool) {
	tb.Helper()
	b := []byte{0, 0, 8, byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	b = append(b, data...)
	if gz {
		f, err := os.Create(path + ".gz")
		if err != nil {
			tb.Fatal(err)
		}
		zw := gzip.NewWriter(f)
		zw.Write(b)
		zw.Close()
		f.Close()
		return
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestLoadMNIST(t *testing.T) {
	dir := t.TempDir()
	// Ten 2×3 images, image i filled with byte 10*i, labelled 9-i.
	var pix, labels []byte
	for i := 0; i < 10; i++ {
		for k := 0; k < 6; k++ {
			pix = append(pix, byte(10*i))
		}
		labels = append(labels, byte(9-i))
	}
	writeIDX(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), []uint32{10, 3, 2}, pix, false)
	writeIDX(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), []uint32{10}, labels, true)
	m, err := loadMNIST(dir, "test")
	if err != nil {
		t.Fatalf("loadMNIST: %v", err)
	}
	glyph := m.glyph(rand.New(rand.NewSource(1)))
	for d := 0; d < 10; d++ {
		g := glyph(d)
		if b := g.Bounds(); b.Dx() != 2 || b.Dy() != 3 {
			t.Fatalf("digit %d: %v image, want 2×3", d, b)
		}
		if r, _, _, _ := g.At(1, 2).RGBA(); int(r>>8) != 10*(9-d) {
			t.Errorf("digit %d: pixel %d, want %d (the image labelled %d)", d, r>>8, 10*(9-d), d)
		}
	}
	if _, err := loadMNIST(t.TempDir(), "test"); err == nil {
		t.Errorf("loadMNIST(empty dir) succeeded")
	}
}

// TestLoadMNISTTrainSplit checks that pages made to teach the digit reader
// use the training split without its last 5,000 digits, which
// cmd/train-digits keeps for validation.
func TestLoadMNISTTrainSplit(t *testing.T) {
	dir := t.TempDir()
	n := mnistTrainUsed + 10
	pix, labels := make([]byte, n), make([]byte, n)
	for i := range labels {
		labels[i] = byte(i % 10)
		pix[i] = byte(i % 10)
	}
	writeIDX(t, filepath.Join(dir, "train-images-idx3-ubyte"), []uint32{uint32(n), 1, 1}, pix, true)
	writeIDX(t, filepath.Join(dir, "train-labels-idx1-ubyte"), []uint32{uint32(n)}, labels, false)
	m, err := loadMNIST(dir, "train")
	if err != nil {
		t.Fatalf("loadMNIST(train): %v", err)
	}
	total := 0
	for _, s := range m {
		total += len(s)
	}
	if total != mnistTrainUsed {
		t.Errorf("loaded %d training digits, want the first %d", total, mnistTrainUsed)
	}
	if _, err := loadMNIST(dir, "test"); err == nil {
		t.Errorf("loadMNIST(test) read the training files")
	}
	if _, err := loadMNIST(dir, "validation"); err == nil {
		t.Errorf("loadMNIST(validation) succeeded")
	}
	// The val split is exactly the digits the train split leaves out.
	v, err := loadMNIST(dir, "val")
	if err != nil {
		t.Fatalf("loadMNIST(val): %v", err)
	}
	total = 0
	for d, s := range v {
		for _, g := range s {
			if int(g.Pix[0]) != d {
				t.Errorf("val digit labelled %d has pixel %d", d, g.Pix[0])
			}
		}
		total += len(s)
	}
	if total != n-mnistTrainUsed {
		t.Errorf("val split has %d digits, want the last %d", total, n-mnistTrainUsed)
	}
}
