package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "golang.org/x/image/tiff"

	"github.com/sheetscan/sheetscan/formgen"
)

func TestParseFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		ok   bool
	}{
		{"all set", []string{"-out", "x", "-sheets", "3", "-seed", "2", "-fonts", "other", "-layout", "random", "-formats", "png"}, true},
		{"defaults", []string{"-out", "x"}, true},
		{"no out", []string{"-sheets", "3"}, false},
		{"bad fonts", []string{"-out", "x", "-fonts", "comic"}, false},
		{"bad layout", []string{"-out", "x", "-layout", "fancy"}, false},
		{"bad formats", []string{"-out", "x", "-formats", "gif"}, false},
		{"zero sheets", []string{"-out", "x", "-sheets", "0"}, false},
		{"dpi list", []string{"-out", "x", "-dpi", "150, 300"}, true},
		{"bad dpi", []string{"-out", "x", "-dpi", "150,abc"}, false},
	}
	for _, c := range cases {
		_, err := parseFlags(c.args, io.Discard)
		if (err == nil) != c.ok {
			t.Errorf("parseFlags(%q) error = %v, want ok=%v", c.args, err, c.ok)
		}
	}
}

// TestRunWritesCorpus generates a small mixed corpus and checks that every
// truth record names a file that exists, decodes to the recorded size and
// that file and page numbering are consistent.
func TestRunWritesCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("renders full pages")
	}
	dir := t.TempDir()
	o := options{out: dir, sheets: 2, seed: 4, fonts: "other", layout: "mixed", formats: "mixed", jobs: 1, maxSkew: 10, dpis: []float64{150}}
	var stdout bytes.Buffer
	if err := run(context.Background(), o, &stdout, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []formgen.PageTruth
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatalf("truth.json: %v", err)
	}
	if len(pages) != 2*o.sheets {
		t.Fatalf("truth.json has %d pages, want %d", len(pages), 2*o.sheets)
	}
	seen := map[string]int{}
	for _, p := range pages {
		seen[p.File]++
		path := filepath.Join(dir, "scans", p.File)
		f, err := os.Open(path)
		if err != nil {
			t.Errorf("page %s/%d: %v", p.File, p.PageInFile, err)
			continue
		}
		if strings.HasSuffix(p.File, ".pdf") {
			head := make([]byte, 5)
			io.ReadFull(f, head)
			if string(head) != "%PDF-" {
				t.Errorf("%s: not a PDF", p.File)
			}
		} else {
			cfg, _, err := image.DecodeConfig(f)
			if err != nil {
				t.Errorf("%s: %v", p.File, err)
			} else if cfg.Width != p.ImageSize[0] || cfg.Height != p.ImageSize[1] {
				t.Errorf("%s: %dx%d, truth says %v", p.File, cfg.Width, cfg.Height, p.ImageSize)
			}
		}
		f.Close()
		if p.FormPage == 1 && len(p.Rows) != 10 || p.FormPage == 2 && len(p.Rows) != 24 && len(p.Rows) != 25 {
			t.Errorf("%s page %d (form page %d): %d rows", p.File, p.PageInFile, p.FormPage, len(p.Rows))
		}
		if p.DPI != 150 {
			t.Errorf("%s: dpi %v", p.File, p.DPI)
		}
	}
	for name, n := range seen {
		if n > 1 && !strings.HasSuffix(name, ".pdf") {
			t.Errorf("%s holds %d pages but is not a PDF", name, n)
		}
	}
	if !strings.Contains(stdout.String(), "2 sheets, 4 pages") {
		t.Errorf("summary %q does not count 2 sheets, 4 pages", stdout.String())
	}
}
