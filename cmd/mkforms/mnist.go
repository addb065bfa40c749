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

// mnistTrainUsed is how many digits of MNIST's training split pages may
// use: cmd/train-digits holds out the rest (-val 5000) for validation.
const mnistTrainUsed = 55000

// loadMNIST reads MNIST digits from dir (the idx files, optionally .gz).
// split "test" is the test set (t10k-*), for measuring: a digit reader
// trained on MNIST is then not scored on digits it has seen. split
// "train" is the first 55,000 digits of the training set (train-*), for
// pages that teach the reader (cmd/train-digits); the last 5,000, which
// cmd/train-digits holds out for validation, are left out. split "val" is
// those 5,000: pages to develop on, whose digits the reader was not
// trained on, without spending the test split.
func loadMNIST(dir, split string) (*mnistDigits, error) {
	prefix, from, limit := "t10k", 0, 0
	switch split {
	case "test":
	case "train":
		prefix, limit = "train", mnistTrainUsed
	case "val":
		prefix, from = "train", mnistTrainUsed
	default:
		return nil, fmt.Errorf("mnist split %q: want test, train or val", split)
	}
	imgs, err := readIDX(filepath.Join(dir, prefix+"-images-idx3-ubyte"), 3)
	if err != nil {
		return nil, err
	}
	labels, err := readIDX(filepath.Join(dir, prefix+"-labels-idx1-ubyte"), 1)
	if err != nil {
		return nil, err
	}
	if limit > 0 && imgs.dims[0] > limit && labels.dims[0] > limit {
		imgs.dims[0], labels.dims[0] = limit, limit
	}
	if imgs.dims[0] != labels.dims[0] {
		return nil, fmt.Errorf("mnist %s: %d images, %d labels", dir, imgs.dims[0], labels.dims[0])
	}
	h, w := imgs.dims[1], imgs.dims[2]
	if from >= imgs.dims[0] {
		return nil, fmt.Errorf("mnist %s: %d digits, none after the first %d", dir, imgs.dims[0], from)
	}
	var out mnistDigits
	for i := from; i < imgs.dims[0]; i++ {
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
