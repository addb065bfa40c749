package formgen

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

//go:embed fonts/*.ttf fonts/*.otf
var fontFS embed.FS

// handFont describes one embedded handwriting-like face.
type handFont struct {
	name   string // face name used in Entry.Font
	family string // writer family, as in the sample truth ("comic-neue")
	file   string
	dev    bool    // used in the sample corpus
	hollow bool    // capitals and digits drawn as outlines (femkeklaver)
	scale  float64 // size correction on top of the cap-height match (1 = none)
	caps   bool    // lower-case letters are drawn as capitals
}

// externalPrefix starts the file key of a face added with AddHandFont.
const externalPrefix = "external:"

// external reports whether f was added with AddHandFont; such faces are in
// no list but ExternalHandFonts.
func (f handFont) external() bool { return strings.HasPrefix(f.file, externalPrefix) }

var handFonts = []handFont{
	{"comic-neue", "comic-neue", "ComicNeue-Regular.otf", true, false, 1, false},
	{"comic-neue-bold", "comic-neue", "ComicNeue-Bold.otf", true, false, 1, false},
	{"comic-neue-italic", "comic-neue", "ComicNeue-Italic.otf", true, false, 1, false},
	{"dkg-handwriting", "dkg-handwriting", "dkg.ttf", true, false, 1, false},
	{"dkg-handwriting-bold", "dkg-handwriting", "dkgBd.ttf", true, false, 1, false},
	{"humor-sans", "humor-sans", "Humor-Sans.ttf", true, false, 1, true},
	{"femkeklaver", "femkeklaver", "femkeklaver.ttf", false, true, 1, false},
	{"stevehand", "sjfonts", "SteveHand.ttf", false, false, 1, false},
	{"delphine", "sjfonts", "Delphine.ttf", false, false, 1, false},
	{"dancing-script", "dancing-script", "DancingScript-Regular.otf", false, false, 1, false},
	{"kaushan-script", "kaushan-script", "KaushanScript-Regular.otf", false, false, 1, false},
}

// printFamily is a printed font family: a regular file and a bold one
// (empty: bold is faked by over-drawing).
type printFamily struct {
	name, regular, bold string
}

var printFamilies = []printFamily{
	{"liberation-sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"},
	{"liberation-sans-narrow", "LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"},
	{"liberation-serif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"},
	{"dejavu-sans", "DejaVuSans.ttf", ""},
	{"dejavu-serif", "DejaVuSerif.ttf", ""},
	{"free-sans", "FreeSans.ttf", ""},
}

// HandFonts returns the names of all embedded handwriting-like faces, for
// Entry.Font: DevHandFonts, OtherHandFonts and femkeklaver, whose capitals
// and digits are hollow outlines (a hard case, left out of the other two).
func HandFonts() []string {
	var out []string
	for _, f := range handFonts {
		if !f.external() {
			out = append(out, f.name)
		}
	}
	return out
}

// DevHandFonts returns the handwriting faces of the families used in the
// sample corpus (comic-neue, dkg-handwriting, humor-sans).
func DevHandFonts() []string {
	var out []string
	for _, f := range handFonts {
		if f.dev {
			out = append(out, f.name)
		}
	}
	return out
}

// OtherHandFonts returns the handwriting faces not used in the sample
// corpus, to measure accuracy on handwriting nothing was tuned on
// (femkeklaver excepted: see HandFonts).
func OtherHandFonts() []string {
	var out []string
	for _, f := range handFonts {
		if !f.dev && !f.hollow && !f.external() {
			out = append(out, f.name)
		}
	}
	return out
}

// PrintFonts returns the names of the embedded print font families, for
// Layout.PrintFont.
func PrintFonts() []string {
	var out []string
	for _, f := range printFamilies {
		out = append(out, f.name)
	}
	return out
}

// HandFontFamily returns the writer family of a hand face name
// ("comic-neue-bold" → "comic-neue") and its file name, as the sample truth
// records them in rows[].writer and rows[].font.
func HandFontFamily(name string) (family, file string) {
	for _, f := range handFonts {
		if f.name == name {
			return f.family, f.file
		}
	}
	return name, ""
}

var (
	parsedMu sync.Mutex
	parsed   = map[string]*sfnt.Font{}
)

// loadFont parses an embedded font file once.
func loadFont(file string) (*sfnt.Font, error) {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if f, ok := parsed[file]; ok {
		return f, nil
	}
	b, err := fontFS.ReadFile("fonts/" + file)
	if err != nil {
		return nil, fmt.Errorf("formgen font %s: %w", file, err)
	}
	f, err := opentype.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("formgen font %s: %w", file, err)
	}
	parsed[file] = f
	return f, nil
}

func mustFont(file string) *sfnt.Font {
	f, err := loadFont(file)
	if err != nil {
		panic(err) // embedded files: a failure is a build bug
	}
	return f
}

// AddHandFont registers a handwriting-like face read from a font file
// outside the embedded set (TrueType or OpenType), so that a corpus can be
// written in a hand nothing was tuned on. Its face name and writer family
// are name; adding a name again replaces its face. Call it before any
// Render; it is not safe concurrently with one.
func AddHandFont(name string, data []byte) error {
	f, err := opentype.Parse(data)
	if err != nil {
		return fmt.Errorf("hand font %s: %w", name, err)
	}
	if _, err := f.GlyphIndex(nil, 'A'); err != nil {
		return fmt.Errorf("hand font %s: %w", name, err)
	}
	file := externalPrefix + name
	parsedMu.Lock()
	parsed[file] = f
	parsedMu.Unlock()
	handFonts = slices.DeleteFunc(handFonts, func(h handFont) bool { return h.file == file })
	handFonts = append(handFonts, handFont{name, name, file, false, false, 1, false})
	return nil
}

// ExternalHandFonts returns the faces added with AddHandFont.
func ExternalHandFonts() []string {
	var out []string
	for _, f := range handFonts {
		if f.external() {
			out = append(out, f.name)
		}
	}
	return out
}

func handFontByName(name string) handFont {
	for _, f := range handFonts {
		if f.name == name {
			return f
		}
	}
	return handFonts[0]
}

func printFamilyByName(name string) printFamily {
	for _, f := range printFamilies {
		if f.name == name {
			return f
		}
	}
	return printFamilies[0]
}

// faceCache makes faces for one render; font.Face values are not safe for
// concurrent use, so each Render has its own cache.
type faceCache struct {
	dpi   float64
	faces map[string]font.Face
}

func newFaceCache(dpi float64) *faceCache {
	return &faceCache{dpi: dpi, faces: map[string]font.Face{}}
}

// face returns a face of the font file at size points.
func (c *faceCache) face(file string, pt float64) font.Face {
	key := fmt.Sprintf("%s@%.2f", file, pt)
	if f, ok := c.faces[key]; ok {
		return f
	}
	f, err := opentype.NewFace(mustFont(file), &opentype.FaceOptions{Size: pt, DPI: c.dpi, Hinting: font.HintingNone})
	if err != nil {
		panic(fmt.Errorf("formgen face %s: %w", file, err))
	}
	c.faces[key] = f
	return f
}

// hasGlyphs reports whether the font file has a visible glyph for every
// rune of s but spaces. A glyph without an outline counts as none: some
// fonts map accented letters to blank glyphs (Debian's kiloji), and a page
// written with them shows "S bastien" where its truth says "Sébastien".
func hasGlyphs(file, s string) bool {
	f := mustFont(file)
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		i, err := f.GlyphIndex(&buf, r)
		if err != nil || i == 0 {
			return false
		}
		segs, err := f.LoadGlyph(&buf, i, fixed.I(64), nil)
		if err != nil || len(segs) == 0 {
			return false
		}
	}
	return true
}

// stripAccents replaces accented Latin letters by their base letter, the
// way a writer whose pen (font) has no accents would write them.
func stripAccents(s string) string {
	r := strings.NewReplacer(
		"é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ä", "a",
		"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u",
		"ç", "c", "ÿ", "y", "É", "E", "È", "E", "Ê", "E", "Ë", "E", "À", "A",
		"Â", "A", "Î", "I", "Ï", "I", "Ô", "O", "Ù", "U", "Û", "U", "Ü", "U",
		"Ç", "C", "Œ", "OE", "œ", "oe", "Æ", "AE", "æ", "ae",
	)
	return r.Replace(s)
}

var (
	capMu    sync.Mutex
	capCache = map[string]float64{}
)

// capRatio returns the height of a capital H as a share of the em of the
// font file (about 0.7 for most fonts), so that hand fonts can be set to
// the same letter height whatever their design size.
func capRatio(file string) float64 {
	capMu.Lock()
	defer capMu.Unlock()
	if v, ok := capCache[file]; ok {
		return v
	}
	v := 0.7
	f, err := opentype.NewFace(mustFont(file), &opentype.FaceOptions{Size: 1000, DPI: 72, Hinting: font.HintingNone})
	if err == nil {
		if b, _, ok := f.GlyphBounds('H'); ok && b.Min.Y < 0 {
			if r := float64(-b.Min.Y) / 64 / 1000; r > 0.3 && r < 1.2 {
				v = r
			}
		}
		f.Close()
	}
	capCache[file] = v
	return v
}
