package synth

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// HandFontGlobs lists the system fonts that look hand-written or are common
// print faces, used to widen training beyond MNIST writers. Some fonts are
// deliberately absent: they are kept for independent evaluation.
var HandFontGlobs = []string{
	"/usr/share/fonts/truetype/fifthhorseman/dkg*.ttf",
	"/usr/share/fonts/opentype/comic-neue/*.otf",
	"/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
	"/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf",
	"/usr/share/fonts/truetype/sjfonts/*.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSerif*.ttf",
	"/usr/share/fonts/truetype/liberation/Liberation*.ttf",
}

// forbidden names fonts reserved for independent evaluation; they are
// refused even if a glob would match them.
var forbidden = []string{"bwht", "breip", "ecolier", "rufscript", "klee", "kristi"}

// FontFiles expands globs to existing font files, skipping reserved fonts.
func FontFiles(globs []string) []string {
	var out []string
	for _, g := range globs {
		m, _ := filepath.Glob(g)
	next:
		for _, f := range m {
			low := strings.ToLower(f)
			for _, bad := range forbidden {
				if strings.Contains(low, bad) {
					continue next
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// Glyphs holds the ten digits of one font as ink maps, tightly cropped,
// rendered with a body of about 64 pixels.
type Glyphs struct {
	Name   string
	Digits [10]Ink
}

// LoadGlyphs renders the digits of the font in file path.
func LoadGlyphs(path string) (*Glyphs, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load glyphs: %w", err)
	}
	g, err := ParseGlyphs(data)
	if err != nil {
		return nil, fmt.Errorf("load glyphs %s: %w", path, err)
	}
	g.Name = filepath.Base(path)
	return g, nil
}

// ParseGlyphs renders the digits of the font in data (TrueType or OpenType).
func ParseGlyphs(data []byte) (*Glyphs, error) {
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, err
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 64, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, err
	}
	defer face.Close()
	g := &Glyphs{}
	for d := 0; d < 10; d++ {
		const S = 128
		img := image.NewGray(image.Rect(0, 0, S, S))
		dr := &font.Drawer{Dst: img, Src: image.White, Face: face, Dot: fixed.P(32, 96)}
		dr.DrawString(string(rune('0' + d)))
		k := Ink{W: S, H: S, Pix: make([]float32, S*S)}
		for i, v := range img.Pix {
			k.Pix[i] = float32(v) / 255
		}
		k = k.Crop(0.05, 1)
		if k.W == 0 {
			return nil, fmt.Errorf("digit %d has no glyph", d)
		}
		g.Digits[d] = k
	}
	return g, nil
}
