package formgen

import (
	"flag"
	"image"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

var previewDir = flag.String("preview", "", "write preview PNGs of rendered and scanned pages to this directory")

// TestPreview writes a few pages for eyeballing; skipped without -preview.
func TestPreview(t *testing.T) {
	if *previewDir == "" {
		t.Skip("no -preview directory")
	}
	rng := rand.New(rand.NewSource(1))
	{ // one row per hand font
		var es []Entry
		for i, f := range HandFonts() {
			e := Entry{Font: f, Name: "ARNAUD Inès Œ-ÿ", Postal: "30370", Signed: true, Ink: InkBlue}
			if !hasGlyphs(handFontByName(f).file, e.Name) {
				e.Name = stripAccents(e.Name) + " (no accents)"
			}
			if i%2 == 1 {
				e.Ink = InkBlack
			}
			es = append(es, e)
		}
		img, _ := Render(OriginalLayout(2), es, 150, rng)
		f, err := os.Create(filepath.Join(*previewDir, "fonts.png"))
		if err != nil {
			t.Fatal(err)
		}
		err = png.Encode(f, img)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, l := range []Layout{OriginalLayout(1), OriginalLayout(2), RandomLayout(rng, 1), RandomLayout(rng, 2)} {
		fonts := DevHandFonts()
		if i%2 == 1 {
			fonts = OtherHandFonts()
		}
		img, truth := Render(l, RandomEntries(rng, len(l.Numbers), fonts), 150, rng)
		sc, m := Scan(img, RandomScanOptions(rng, 10), rng)
		truth.ApplyScan(m, sc.Bounds().Size(), ScanOptions{})
		for j, im := range []image.Image{img, sc} {
			f, err := os.Create(filepath.Join(*previewDir, string(rune('a'+i))+string(rune('0'+j))+".png"))
			if err != nil {
				t.Fatal(err)
			}
			err = png.Encode(f, im)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
