package rows

import (
	"encoding/binary"
	"image"
	"testing"
)

// FuzzFind feeds the table finder arbitrary small images: it must return a
// table or an error, never panic, whatever the pixels and resolution.
func FuzzFind(f *testing.F) {
	// A ruled grid like a small table at 40 dpi, and a blank page.
	grid := image.NewGray(image.Rect(0, 0, 160, 220))
	for i := range grid.Pix {
		grid.Pix[i] = 255
	}
	for y := 40; y <= 200; y += 14 {
		for x := 10; x < 150; x++ {
			grid.Pix[y*grid.Stride+x] = 0
		}
	}
	for _, x := range []int{10, 22, 90, 115, 149} {
		for y := 40; y <= 200; y++ {
			grid.Pix[y*grid.Stride+x] = 0
		}
	}
	f.Add(encodeFuzzImage(grid, 40))
	f.Add(encodeFuzzImage(image.NewGray(image.Rect(0, 0, 50, 70)), 20))
	f.Fuzz(func(t *testing.T, b []byte) {
		img, dpi := decodeFuzzImage(b)
		if img == nil {
			return
		}
		tab, err := Find(img, dpi, nil)
		if err == nil && tab == nil {
			t.Fatal("Find returned neither a table nor an error")
		}
	})
}

// encodeFuzzImage packs width, height, dpi and pixels.
func encodeFuzzImage(g *image.Gray, dpi uint16) []byte {
	b := make([]byte, 6, 6+len(g.Pix))
	binary.LittleEndian.PutUint16(b, uint16(g.Rect.Dx()))
	binary.LittleEndian.PutUint16(b[2:], uint16(g.Rect.Dy()))
	binary.LittleEndian.PutUint16(b[4:], dpi)
	return append(b, g.Pix...)
}

// decodeFuzzImage unpacks what encodeFuzzImage packs, bounding the size so
// that a run stays fast; missing pixels are white.
func decodeFuzzImage(b []byte) (*image.Gray, float64) {
	if len(b) < 6 {
		return nil, 0
	}
	w := int(binary.LittleEndian.Uint16(b))%400 + 1
	h := int(binary.LittleEndian.Uint16(b[2:]))%600 + 1
	dpi := float64(binary.LittleEndian.Uint16(b[4:])%280) + 20
	g := image.NewGray(image.Rect(0, 0, w, h))
	n := copy(g.Pix, b[6:])
	for i := n; i < len(g.Pix); i++ {
		g.Pix[i] = 255
	}
	return g, dpi
}
