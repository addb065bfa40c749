package formgen_test

import (
	"fmt"
	"math/rand"

	"github.com/sheetscan/sheetscan/formgen"
)

// A test page for a deskew or rows test: render, scan, and find row 1's
// name cell in the scan through the truth.
func Example() {
	rng := rand.New(rand.NewSource(1))
	l := formgen.RandomLayout(rng, 2)
	entries := formgen.RandomEntries(rng, len(l.Numbers), formgen.OtherHandFonts())
	page, truth := formgen.Render(l, entries, 200, rng)

	o := formgen.ScanOptions{SkewDeg: -3.5, Mode: "gray", Blur: 0.7, Noise: 3}
	img, m := formgen.Scan(page, o, rng)
	truth.ApplyScan(m, img.Bounds().Size(), o)

	cell := truth.Rows[0].Cells.Name // millimetres on the printed page
	x, y := truth.ImagePoint((cell[0]+cell[2])/2, (cell[1]+cell[3])/2)
	fmt.Printf("row %d name %q centre at (%.0f, %.0f) in the scan\n", truth.Rows[0].Number, truth.Rows[0].Name, x, y)
}
