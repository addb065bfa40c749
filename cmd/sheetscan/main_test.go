package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/sheetscan/sheetscan/internal/tessdata"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"sheetscan": main})
}

// sampleScans are small sample scans (5 pages: PNG with a bogus 72 dpi tag,
// bilevel TIFF, an upside-down JPEG, a two-page PDF in reverse order of the
// form's pages) that the scripts find in $WORK/scans.
var sampleScans = []string{"scan_0009.png", "Numérisation 13.tif", "doc50544.jpg", "IMG_9461.pdf"}

// TestScripts runs the end-to-end scenarios in testdata/script, one per
// file, each named for what it shows.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			dir := filepath.Join(env.WorkDir, "scans")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			for _, name := range sampleScans {
				b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "scans", name))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					return err
				}
			}
			if err := copyDir(filepath.Join("..", "..", "testdata", "nasty"), filepath.Join(env.WorkDir, "nasty")); err != nil {
				return err
			}
			env.Setenv("SHEETSCAN_DB", filepath.Join(env.WorkDir, "t.db"))
			env.Setenv("FRA_TRAINEDDATA", fraTrainedData)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "fra" { // Debian's French model, at $FRA_TRAINEDDATA
				return fraTrainedData != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// fraTrainedData is Tesseract's French model, or "" when it is not
// installed.
var fraTrainedData = tessdata.File("fra")

// copyDir copies the regular files of src into a new folder dst.
func copyDir(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
