package scanfile

import (
	"image"
	"image/color"
	"testing"
)

// TestInkContrast checks that ballpoint inks, light blue included, stay
// clearly darker than white or cream paper once in gray: the later blank /
// signed decisions need that margin.
func TestInkContrast(t *testing.T) {
	papers := map[string]color.NRGBA{
		"white":             {255, 255, 255, 255},
		"cream":             {255, 250, 219, 255},
		"grey-ish recycled": {235, 232, 225, 255},
	}
	inks := map[string]color.NRGBA{
		"black":            {30, 30, 40, 255},
		"blue":             {40, 60, 160, 255},
		"light blue":       {110, 150, 220, 255},
		"faded light blue": {150, 175, 230, 255},
		"red":              {200, 40, 40, 255},
	}
	const minContrast = 50
	for pn, paper := range papers {
		for in, ink := range inks {
			img := image.NewNRGBA(image.Rect(0, 0, 2, 1))
			img.SetNRGBA(0, 0, paper)
			img.SetNRGBA(1, 0, ink)
			g := toGray(img)
			p, i := int(g.Pix[0]), int(g.Pix[1])
			if p-i < minContrast {
				t.Errorf("%s ink on %s paper: gray %d on %d, want at least %d darker", in, pn, i, p, minContrast)
			}
		}
	}
}

// TestToGray checks each image type the decoders return against the
// generic colour conversion, and that transparency shows as white paper.
func TestToGray(t *testing.T) {
	r := image.Rect(3, 5, 9, 9) // bounds not at the origin
	colours := []color.NRGBA{{0, 0, 0, 255}, {255, 255, 255, 255}, {110, 150, 220, 255}, {200, 40, 40, 255}, {0, 0, 0, 0}, {0, 0, 0, 128}}
	nrgba := image.NewNRGBA(r)
	rgba := image.NewRGBA(r)
	gray16 := image.NewGray16(r)
	pal := image.NewPaletted(r, color.Palette{colours[0], colours[1], colours[2], colours[3], colours[4], colours[5]})
	ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio444)
	cmyk := image.NewCMYK(r)
	rgba64 := image.NewRGBA64(r)
	nrgba64 := image.NewNRGBA64(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			k := (x + y) % len(colours)
			c := colours[k]
			nrgba.SetNRGBA(x, y, c)
			rgba.Set(x, y, c)
			pal.SetColorIndex(x, y, uint8(k))
			gray16.SetGray16(x, y, color.Gray16{uint16(k * 13000)})
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			ycc.Y[ycc.YOffset(x, y)], ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = yy, cb, cr
			cmyk.Set(x, y, c)
			rgba64.Set(x, y, c)
			nrgba64.Set(x, y, c)
		}
	}
	// want is the luma of c laid on white, within rounding.
	want := func(c color.Color) int {
		cr, cg, cb, ca := c.RGBA()
		return int(lumaOnWhite(cr, cg, cb, ca))
	}
	tests := []struct {
		name string
		img  image.Image
	}{{"NRGBA", nrgba}, {"RGBA", rgba}, {"Paletted", pal}, {"Gray16", gray16}, {"YCbCr", ycc}, {"RGBA64", rgba64}, {"NRGBA64", nrgba64}, {"CMYK (generic path)", cmyk}}
	for _, tt := range tests {
		g := toGray(tt.img)
		if g.Rect != image.Rect(0, 0, r.Dx(), r.Dy()) {
			t.Errorf("toGray(%s) bounds = %v, want origin-based %v", tt.name, g.Rect, r.Size())
			continue
		}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				got, w := int(g.GrayAt(x-r.Min.X, y-r.Min.Y).Y), want(tt.img.At(x, y))
				if got < w-2 || got > w+2 {
					t.Errorf("toGray(%s) at (%d,%d) = %d, want %d ±2", tt.name, x, y, got, w)
				}
			}
		}
	}
	// Transparent is white paper whatever its colour channels say.
	// (3,7) holds colours[(3+7)%6], fully transparent black.
	if v := toGray(nrgba).GrayAt(0, 2); v.Y != 255 {
		t.Errorf("transparent black pixel = %d, want 255", v.Y)
	}
	if got := lumaOnWhite(0, 0, 0, 0); got != 255 {
		t.Errorf("lumaOnWhite(transparent) = %d, want 255", got)
	}
}
