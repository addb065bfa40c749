package main

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// mnistDigits holds handwritten digit images by label, white ink on black
// as formgen.Entry.DigitGlyph expects.
type mnistDigits [10][]*image.Gray

// loadMNIST reads the MNIST test set (t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte, optionally .gz) from dir. The test set, not the
// training set, so that a digit reader trained on MNIST is not scored on
// digits it has seen.
func loadMNIST(dir string) (*mnistDigits, error) {
	imgs, err := readIDX(filepath.Join(dir, "t10k-images-idx3-ubyte"), 3)
	if err != nil {
		return nil, err
	}
	labels, err := readIDX(filepath.Join(dir, "t10k-labels-idx1-ubyte"), 1)
	if err != nil {
		return nil, err
	}
	if imgs.dims[0] != labels.dims[0] {
		return nil, fmt.Errorf("mnist %s: %d images, %d labels", dir, imgs.dims[0], labels.dims[0])
	}
	h, w := imgs.dims[1], imgs.dims[2]
	var out mnistDigits
	for i := 0; i < imgs.dims[0]; i++ {
		d := int(labels.data[i])
		if d > 9 {
			return nil, fmt.Errorf("mnist %s: label %d", dir, d)
		}
		g := image.NewGray(image.Rect(0, 0, w, h))
		copy(g.Pix, imgs.data[i*w*h:(i+1)*w*h])
		out[d] = append(out[d], g)
	}
	for d, s := range out {
		if len(s) == 0 {
			return nil, fmt.Errorf("mnist %s: no image of %d", dir, d)
		}
	}
	return &out, nil
}

// glyph returns a function drawing digit d as a random sample from rng.
func (m *mnistDigits) glyph(rng *rand.Rand) func(d int) image.Image {
	return func(d int) image.Image {
		s := m[d%10]
		return s[rng.Intn(len(s))]
	}
}

type idx struct {
	dims []int
	data []byte
}

// readIDX reads an IDX file of unsigned bytes with ndim dimensions
// (the MNIST format), or its .gz.
func readIDX(path string, ndim int) (*idx, error) {
	f, err := os.Open(path)
	if err != nil {
		var gzErr error
		if f, gzErr = os.Open(path + ".gz"); gzErr != nil {
			return nil, fmt.Errorf("mnist: %w", err)
		}
		path += ".gz"
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("mnist %s: %w", path, err)
		}
		r = zr
	}
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("mnist %s: %w", path, err)
	}
	if magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || int(magic[3]) != ndim {
		return nil, fmt.Errorf("mnist %s: not an IDX file of %d-dimensional bytes", path, ndim)
	}
	x := &idx{dims: make([]int, ndim)}
	n := 1
	for i := range x.dims {
		var v uint32
		if err := binary.Read(r, binary.BigEndian, &v); err != nil {
			return nil, fmt.Errorf("mnist %s: %w", path, err)
		}
		x.dims[i] = int(v)
		n *= int(v)
	}
	if n <= 0 || n > 1<<28 {
		return nil, fmt.Errorf("mnist %s: bad size %v", path, x.dims)
	}
	x.data = make([]byte, n)
	if _, err := io.ReadFull(r, x.data); err != nil {
		return nil, fmt.Errorf("mnist %s: %w", path, err)
	}
	return x, nil
}
