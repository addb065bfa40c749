package scanfile

import (
	"image"
	"image/color"
)

// toGray converts any decoded image to 8-bit gray with its bounds moved to
// (0,0). Colour uses Rec. 601 luma (the Y of JPEG), under which light-blue
// ballpoint ink stays well darker than paper (ink's red and green are low);
// transparent pixels are laid on white paper.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		if b.Min == (image.Point{}) {
			return m
		}
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return g
	case *image.YCbCr:
		// JFIF's Y is full-range Rec. 601 luma: the gray image is the Y plane.
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			yi := m.YOffset(b.Min.X, b.Min.Y+y)
			copy(g.Pix[y*g.Stride:y*g.Stride+w], m.Y[yi:yi+w])
		}
		return g
	case *image.Gray16:
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range dst {
				dst[x] = src[2*x] // high byte, big-endian
			}
		}
		return g
	case *image.RGBA:
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range dst {
				s := src[4*x : 4*x+4 : 4*x+4]
				// Premultiplied: laying on white adds 255-a.
				dst[x] = lumaOnWhite(uint32(s[0])*0x101, uint32(s[1])*0x101, uint32(s[2])*0x101, uint32(s[3])*0x101)
			}
		}
		return g
	case *image.NRGBA:
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range dst {
				s := src[4*x : 4*x+4 : 4*x+4]
				if s[3] == 0xff {
					dst[x] = luma8(s[0], s[1], s[2])
					continue
				}
				r, gg, bb, a := color.NRGBA{s[0], s[1], s[2], s[3]}.RGBA()
				dst[x] = lumaOnWhite(r, gg, bb, a)
			}
		}
		return g
	case *image.RGBA64:
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range dst {
				s := src[8*x : 8*x+8 : 8*x+8]
				dst[x] = lumaOnWhite(uint32(s[0])<<8|uint32(s[1]), uint32(s[2])<<8|uint32(s[3]), uint32(s[4])<<8|uint32(s[5]), uint32(s[6])<<8|uint32(s[7]))
			}
		}
		return g
	case *image.NRGBA64:
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range dst {
				s := src[8*x : 8*x+8 : 8*x+8]
				r, gg, bb, a := color.NRGBA64{uint16(s[0])<<8 | uint16(s[1]), uint16(s[2])<<8 | uint16(s[3]), uint16(s[4])<<8 | uint16(s[5]), uint16(s[6])<<8 | uint16(s[7])}.RGBA()
				dst[x] = lumaOnWhite(r, gg, bb, a)
			}
		}
		return g
	case *image.Paletted:
		var lut [256]uint8
		for i := range lut {
			lut[i] = 255 // indices beyond the palette: paper
		}
		for i, c := range m.Palette {
			if i < len(lut) {
				r, gg, bb, a := c.RGBA()
				lut[i] = lumaOnWhite(r, gg, bb, a)
			}
		}
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range dst {
				dst[x] = lut[src[x]]
			}
		}
		return g
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		dst := g.Pix[y*g.Stride : y*g.Stride+w]
		for x := range dst {
			r, gg, bb, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			dst[x] = lumaOnWhite(r, gg, bb, a)
		}
	}
	return g
}

// luma8 is Rec. 601 luma of an opaque 8-bit colour, rounded.
func luma8(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// lumaOnWhite is the 8-bit Rec. 601 luma of a 16-bit premultiplied colour
// laid over white.
func lumaOnWhite(r, g, b, a uint32) uint8 {
	y := (19595*r + 38470*g + 7471*b + 1<<15) >> 16 // 0..0xffff
	y += 0xffff - a
	if y > 0xffff {
		y = 0xffff
	}
	return uint8(y >> 8)
}
