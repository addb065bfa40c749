package rows

import (
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"math/rand"
	"testing"

	"github.com/sheetscan/sheetscan/formgen"
)

var formgenPages = flag.Int("formgen", 4, "TestFormgenLayouts: number of generated pages")

// TestFormgenLayouts runs Find on generated pages of other layouts (margins,
// column widths, row heights, print fonts, numbering, line weights and
// greys) and other handwriting than the samples, scanned straight (the
// residual skew deskew leaves, at most 0.2°).
func TestFormgenLayouts(t *testing.T) {
	nr := func(testing.TB) NumberReader { return nil }
	if haveTesseract() && !testing.Short() {
		nr = func(tb testing.TB) NumberReader { return newBatchReader(tb) }
	}
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	var tot pageScore
	n := *formgenPages
	for seed := 1; seed <= n; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewSource(int64(seed)))
			page := 1 + seed%2
			l := formgen.RandomLayout(rng, 1).ForPage(page, rng.Intn(2) == 0)
			entries := formgen.RandomEntries(rng, len(l.Numbers), formgen.OtherHandFonts())
			dpi := []float64{150, 200}[seed%2] // 300 dpi: BenchmarkFind, TestCorpus
			img, truth := formgen.Render(l, entries, dpi, rng)
			o := formgen.RandomScanOptions(rng, 0)
			o.UpsideDown = false
			o.SkewDeg = (rng.Float64()*2 - 1) * 0.2
			scan, tp, mapPt := scanned(t, img, truth, o, rng, fmt.Sprintf("formgen_seed%d", seed))
			ps := scoreFind(t, scan, tp, mapPt, nr(t))
			t.Logf("seed %d (page %d, %v dpi, %s, rows %.1f mm, numbers %v…): rows %d/%d, numbers %d/%d, blank %d/%d, signed %d/%d, struck %d/%d",
				seed, page, dpi, o.Mode, l.RowH, l.Numbers[:3], ps.rowsFound, ps.rowsWant, ps.numbersRight, ps.numbersChecked,
				ps.blankRight, ps.aligned, ps.signedRight, ps.aligned, ps.struckRight, ps.aligned)
			for _, e := range ps.errs {
				t.Log("  " + e)
			}
			if ps.rowsFound != ps.rowsWant {
				t.Errorf("Find(seed %d) found %d rows, want %d", seed, ps.rowsFound, ps.rowsWant)
			}
			if ps.numbersRight != ps.numbersChecked {
				t.Errorf("Find(seed %d): %d of %d row numbers right, want all", seed, ps.numbersRight, ps.numbersChecked)
			}
			<-mu
			tot.blankRight += ps.blankRight
			tot.signedRight += ps.signedRight
			tot.struckRight += ps.struckRight
			tot.aligned += ps.aligned
			mu <- struct{}{}
		})
	}
	t.Cleanup(func() {
		t.Logf("generated pages: blank %d/%d, signed %d/%d, struck %d/%d", tot.blankRight, tot.aligned, tot.signedRight, tot.aligned, tot.struckRight, tot.aligned)
	})
}

// scanned scans a page rendered by formgen with the options o and returns
// the scan, its truth as TestCorpus reads it (named file), and the map
// from the printed page (mm) to the scan's pixels.
func scanned(t *testing.T, img *image.RGBA, truth formgen.PageTruth, o formgen.ScanOptions, rng *rand.Rand, file string) (*image.Gray, truthPage, func(x, y float64) (float64, float64)) {
	t.Helper()
	scan, m := formgen.Scan(img, o, rng)
	truth.ApplyScan(m, scan.Bounds().Size(), o)
	var tp truthPage
	b, err := json.Marshal(truth)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &tp); err != nil {
		t.Fatal(err)
	}
	tp.File = file
	return toGray(scan), tp, truth.ImagePoint
}
