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
	path := filepath.Join(dir, p.File)
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(dir, "scans", p.File)
	}
	doc, err := scanfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	pg, err := doc.Page(context.Background(), max(1, p.PageInFile))
	if err != nil {
		return nil, err
	}
	return pg.Image, nil
}
