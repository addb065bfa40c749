package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sheetscan/sheetscan/formgen"
)

// run writes the corpus and prints a one-line summary on stdout.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	start := time.Now()
	var digits *mnistDigits
	if o.mnist != "" {
		var err error
		if digits, err = loadMNIST(o.mnist, o.mnistSplit); err != nil {
			return err
		}
	}
	if err := addHandFonts(o.handFonts); err != nil {
		return err
	}
	scans := filepath.Join(o.out, "scans")
	if err := os.MkdirAll(scans, 0o755); err != nil {
		return fmt.Errorf("mkforms: %w", err)
	}
	var (
		mu    sync.Mutex
		pages []formgen.PageTruth
		files int
		bytes int64
	)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(o.jobs)
	for s := 0; s < o.sheets; s++ {
		if ctx.Err() != nil {
			break
		}
		s := s
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			recs, written, err := makeSheet(o, s, scans, digits)
			if err != nil {
				return fmt.Errorf("sheet %d: %w", s, err)
			}
			mu.Lock()
			pages = append(pages, recs...)
			files += len(written)
			for _, n := range written {
				bytes += n
			}
			mu.Unlock()
			if o.progress {
				fmt.Fprintf(stderr, "\rsheet %d/%d", s+1, o.sheets)
			}
			return nil
		})
	}
	err := g.Wait()
	if o.progress {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	sort.Slice(pages, func(i, j int) bool {
		if pages[i].Sheet != pages[j].Sheet {
			return pages[i].Sheet < pages[j].Sheet
		}
		return pages[i].FormPage < pages[j].FormPage
	})
	if err := writeJSON(filepath.Join(o.out, "truth.json"), pages); err != nil {
		return err
	}
	fonts := map[string]bool{}
	for _, p := range pages {
		for _, r := range p.Rows {
			if r.Writer != "" {
				fonts[r.Writer] = true
			}
		}
	}
	var fams []string
	for f := range fonts {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	manifest := map[string]any{
		"generator":          "sheetscan cmd/mkforms",
		"seed":               o.seed,
		"n_sheets":           o.sheets,
		"fonts":              fontsSource(o),
		"font_families":      fams,
		"variant":            o.layout,
		"digits":             digitsSource(o),
		"formats":            o.formats,
		"pages":              len(pages),
		"files":              files,
		"scans_bytes":        bytes,
		"generation_seconds": time.Since(start).Round(time.Millisecond).Seconds(),
		"jobs":               o.jobs,
		"note":               "truth.json: list of page records; files live in scans/. rotation_deg is the counter-clockwise rotation applied to the upright page (180+skew when upside_down).",
	}
	if err := writeJSON(filepath.Join(o.out, "manifest.json"), manifest); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d sheets, %d pages, %d files, %.1f MB\n", o.out, o.sheets, len(pages), files, float64(bytes)/1e6)
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// page is one generated page before it is written.
type page struct {
	img   image.Image
	truth formgen.PageTruth
}

// makeSheet renders, scans and writes the two pages of sheet s. It returns
// their truth records and the sizes of the files written.
func makeSheet(o options, s int, scans string, digits *mnistDigits) ([]formgen.PageTruth, []int64, error) {
	rng := rand.New(rand.NewSource(o.seed*1_000_003 + int64(s)))
	variant := o.layout
	switch o.layout {
	case "mixed":
		variant = []string{"seed", "fixed", "layout"}[rng.Intn(3)]
	case "original":
		variant = "seed"
	case "random":
		variant = "layout"
	}
	var l1, l2 formgen.Layout
	switch variant {
	case "seed": // the original form, row 21 missing
		l1, l2 = formgen.OriginalLayout(1), formgen.OriginalLayout(2)
	case "fixed": // the original print numbered 11..35
		l1 = formgen.OriginalLayout(1)
		l2 = l1.ForPage(2, true)
	default:
		l1 = formgen.RandomLayout(rng, 1)
		l2 = l1.ForPage(2, rng.Intn(2) == 0)
	}
	var fonts []string
	switch {
	case len(o.handFonts) > 0:
		fonts = formgen.ExternalHandFonts()
	case o.fonts == "dev":
		fonts = formgen.DevHandFonts()
	case o.fonts == "other":
		fonts = formgen.OtherHandFonts()
	default: // dev and other; femkeklaver's hollow digits only when asked for by name
		fonts = append(formgen.DevHandFonts(), formgen.OtherHandFonts()...)
	}
	// Each sheet has one or two writers' pens more often than a fresh font per row.
	sheetFonts := fonts
	if len(fonts) > 2 && rng.Intn(2) == 0 {
		sheetFonts = []string{fonts[rng.Intn(len(fonts))], fonts[rng.Intn(len(fonts))], fonts[rng.Intn(len(fonts))]}
	}
	dpis := o.dpis
	if len(dpis) == 0 {
		dpis = []float64{150, 200, 300}
	}
	sheetDPI := dpis[rng.Intn(len(dpis))]
	all := formgen.RandomSheet(rng, len(l1.Numbers)+len(l2.Numbers), sheetFonts)
	if digits != nil {
		for i := range all {
			all[i].DigitGlyph = digits.glyph(rng)
		}
	}
	var pages []page
	for k, l := range []formgen.Layout{l1, l2} {
		dpi := sheetDPI
		if rng.Intn(4) == 0 {
			dpi = dpis[rng.Intn(len(dpis))]
		}
		entries := all[:len(l1.Numbers)]
		if k == 1 {
			entries = all[len(l1.Numbers):]
		}
		up, truth := formgen.Render(l, entries, dpi, rng)
		so := formgen.RandomScanOptions(rng, o.maxSkew)
		img, m := formgen.Scan(up, so, rng)
		truth.ApplyScan(m, img.Bounds().Size(), so)
		truth.Sheet = s
		truth.Variant = variant
		pages = append(pages, page{img, truth})
	}
	format := "png"
	if o.formats == "mixed" {
		switch r := rng.Float64(); {
		case r < 0.25:
			format = "png"
		case r < 0.6:
			format = "jpg"
		case r < 0.85:
			format = "tif"
		default:
			format = "pdf"
		}
	}
	return writeSheet(rng, s, format, pages, scans)
}

// fileBase returns a scanner-like file name stem for the n-th file of a
// naming style.
func fileBase(style, n int) string {
	switch style {
	case 0:
		return fmt.Sprintf("scan_%04d", n)
	case 1:
		return fmt.Sprintf("IMG_%04d", 1000+n)
	case 2:
		return fmt.Sprintf("Numérisation %d", n)
	case 3:
		return fmt.Sprintf("doc%05d", 10000+n)
	default:
		return fmt.Sprintf("petition_%03d", n)
	}
}

// dpiMeta decides what resolution a file says: mostly the truth, some
// files none (0), a few the 72 dpi of careless software.
func dpiMeta(rng *rand.Rand, dpi float64) float64 {
	switch r := rng.Float64(); {
	case r < 0.1:
		return 0
	case r < 0.15:
		return 72
	default:
		return dpi
	}
}

func writeSheet(rng *rand.Rand, s int, format string, pages []page, scans string) ([]formgen.PageTruth, []int64, error) {
	style := rng.Intn(5)
	var recs []formgen.PageTruth
	var sizes []int64
	write := func(name string, b []byte) error {
		if err := os.WriteFile(filepath.Join(scans, name), b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		sizes = append(sizes, int64(len(b)))
		return nil
	}
	if format == "pdf" {
		name := fileBase(style, 2*s+1) + ".pdf"
		order := []int{0, 1}
		if rng.Intn(4) == 0 { // fed back to front
			order = []int{1, 0}
		}
		var pp []formgen.PDFPage
		q := 0
		if rng.Intn(3) != 0 {
			q = 75 + rng.Intn(20)
		}
		for k, i := range order {
			p := pages[i]
			pp = append(pp, formgen.PDFPage{Img: p.img, DPI: p.truth.DPI, JPEGQuality: q})
			t := p.truth
			t.File, t.PageInFile, t.Format = name, k+1, "pdf"
			d := t.DPI
			t.DPIMetadata = &d
			if q > 0 {
				t.Degradations["jpeg_quality"] = q
			}
			recs = append(recs, t)
		}
		var buf bytes.Buffer
		if err := formgen.EncodePDF(&buf, pp); err != nil {
			return nil, nil, err
		}
		return recs, sizes, write(name, buf.Bytes())
	}
	for k, p := range pages {
		t := p.truth
		meta := dpiMeta(rng, t.DPI)
		var buf bytes.Buffer
		var err error
		var name string
		base := fileBase(style, 2*s+1+k)
		switch format {
		case "jpg":
			ext := ".jpg"
			if style == 1 {
				ext = ".JPG"
			}
			name = base + ext
			q := 80 + rng.Intn(16)
			t.Degradations["jpeg_quality"] = q
			err = formgen.EncodeJPEG(&buf, p.img, q, meta)
		case "tif":
			name = base + ".tif"
			if meta == 0 {
				meta = 72 // x/image/tiff always writes a resolution
			}
			t.Degradations["tiff_compression"] = "tiff_deflate"
			err = formgen.EncodeTIFF(&buf, p.img, meta)
		default:
			name = base + ".png"
			err = formgen.EncodePNG(&buf, p.img, meta)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		t.File, t.PageInFile, t.Format = name, 1, map[string]string{"jpg": "jpeg", "tif": "tiff", "png": "png"}[format]
		if meta > 0 {
			m := meta
			t.DPIMetadata = &m
		}
		recs = append(recs, t)
		if err := write(name, buf.Bytes()); err != nil {
			return nil, nil, err
		}
	}
	return recs, sizes, nil
}

func digitsSource(o options) string {
	if o.mnist != "" {
		switch o.mnistSplit {
		case "train":
			return "mnist-train"
		case "val":
			return "mnist-val"
		}
		return "mnist-t10k"
	}
	return "font"
}

// addHandFonts registers the -hand-font files with formgen, each under its
// file name without extension, lower case ("Purisa-Oblique.ttf" →
// "purisa-oblique").
func addHandFonts(files []string) error {
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("-hand-font: %w", err)
		}
		name := strings.ToLower(strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)))
		if err := formgen.AddHandFont(name, b); err != nil {
			return fmt.Errorf("-hand-font %s: %w", f, err)
		}
	}
	return nil
}

// fontsSource says in the manifest which hands wrote the corpus.
func fontsSource(o options) string {
	if len(o.handFonts) > 0 {
		return "hand-font " + strings.Join(o.handFonts, ",")
	}
	return o.fonts
}
