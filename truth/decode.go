package truth

import (
	"context"
	"image"
	"os"
	"path/filepath"

	"github.com/sheetscan/sheetscan/scanfile"
)

// Decode returns page p as the tool sees it, decoded by package scanfile.
// The scan is looked for in dir, then in dir/scans.
func Decode(dir string, p Page) (*image.Gray, error) {
	img, _, err := DecodeScale(dir, p)
	return img, err
}

// DecodeScale is Decode plus the factor from the truth's image pixels
// (PageToImage, ImageSize) to the decoded ones: not 1 for a PDF page that
// scanfile rendered at another resolution than the truth's.
func DecodeScale(dir string, p Page) (*image.Gray, float64, error) {
	path := filepath.Join(dir, p.File)
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(dir, "scans", p.File)
	}
	doc, err := scanfile.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer doc.Close()
	pg, err := doc.Page(context.Background(), max(1, p.PageInFile))
	if err != nil {
		return nil, 0, err
	}
	scale := 1.0
	if pg.DPISource == scanfile.DPIFromRender && p.DPI > 0 {
		scale = pg.DPI / p.DPI
	}
	return pg.Image, scale, nil
}
