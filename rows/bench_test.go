package rows

import (
	"path/filepath"
	"testing"
)

// BenchmarkFind times Find without number reading on a 300 dpi page made
// from a 200 dpi sample (straightened, then scaled up).
func BenchmarkFind(b *testing.B) {
	pages := loadTruth(b, "../testdata/scans")
	var tp truthPage
	for _, p := range pages {
		if p.File == "Numérisation 14.tif" {
			tp = p
		}
	}
	img := loadPage(b, filepath.Join("../testdata/scans", tp.File), tp.PageInFile, tp.DPI)
	page, _ := straighten(b, img, tp)
	page = scaleGray(page, 1.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Find(page, 300, nil); err != nil {
			b.Fatal(err)
		}
	}
}
