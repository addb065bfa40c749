package synth

import (
	"encoding/binary"
	"fmt"
	"image"
	"os"
	"path/filepath"
)

// MNIST holds digits of one MNIST split: 28×28 images, 0 background and
// 255 ink, row-major.
type MNIST struct {
	Images [][]byte
	Labels []byte
}

// Image returns digit i as a grey image in dark ink on white, the way a
// scan shows it.
func (m *MNIST) Image(i int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 28, 28))
	for j, v := range m.Images[i] {
		g.Pix[j] = 255 - v
	}
	return g
}

// Ink returns digit i as an ink map (0..1).
func (m *MNIST) Ink(i int) Ink {
	k := Ink{W: 28, H: 28, Pix: make([]float32, 28*28)}
	for j, v := range m.Images[i] {
		k.Pix[j] = float32(v) / 255
	}
	return k
}

// ReadMNIST reads split "train" or "t10k" from the idx files in dir (as
// fetched by scripts/mnist.sh).
func ReadMNIST(dir, split string) (*MNIST, error) {
	img, err := os.ReadFile(filepath.Join(dir, split+"-images-idx3-ubyte"))
	if err != nil {
		return nil, fmt.Errorf("read mnist: %w", err)
	}
	lab, err := os.ReadFile(filepath.Join(dir, split+"-labels-idx1-ubyte"))
	if err != nil {
		return nil, fmt.Errorf("read mnist: %w", err)
	}
	if len(img) < 16 || binary.BigEndian.Uint32(img) != 0x803 || len(lab) < 8 || binary.BigEndian.Uint32(lab) != 0x801 {
		return nil, fmt.Errorf("read mnist %s: bad idx header", split)
	}
	n := int(binary.BigEndian.Uint32(img[4:]))
	rows, cols := int(binary.BigEndian.Uint32(img[8:])), int(binary.BigEndian.Uint32(img[12:]))
	if rows != 28 || cols != 28 || len(img) != 16+n*784 || int(binary.BigEndian.Uint32(lab[4:])) != n || len(lab) != 8+n {
		return nil, fmt.Errorf("read mnist %s: sizes do not match", split)
	}
	m := &MNIST{Labels: lab[8:]}
	m.Images = make([][]byte, n)
	for i := range m.Images {
		m.Images[i] = img[16+i*784 : 16+(i+1)*784]
	}
	return m, nil
}
