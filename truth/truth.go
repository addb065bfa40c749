// Package truth reads labelled corpora (a folder with scans/ and a
// truth.json listing, for every page, every printed row as written) and
// scores sheetscan's results against them with the same definitions as
// the project's reference scorer: rows are matched on (file base name,
// page in file, printed row number), names compare loosely (no case, no
// accents), and an accepted row is wrong when its name or postal code
// differs from what was written.
//
// It is used by cmd/evaluate and by tests; the tool itself never reads a
// truth file.
package truth

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Page is one labelled page.
type Page struct {
	File       string  `json:"file"`
	PageInFile int     `json:"page_in_file"`
	FormPage   int     `json:"form_page"`
	DPI        float64 `json:"dpi"`
	UpsideDown bool    `json:"upside_down"`
	SkewDeg    float64 `json:"skew_deg"`
	// RotationDeg is the counter-clockwise angle applied to the upright
	// page: SkewDeg, plus 180 when upside down.
	RotationDeg float64 `json:"rotation_deg"`
	// PageToImage maps the upright printed page at 300 dpi to image
	// pixels: x' = a*x + b*y + c, y' = d*x + e*y + f.
	PageToImage [6]float64 `json:"page_to_image"`
	ImageSize   [2]int     `json:"image_size"`
	Variant     string     `json:"variant"`
	Layout      Layout     `json:"layout"`
	Rows        []Row      `json:"rows"`
}

// Layout is the part of a page's printed layout that locates its cells:
// lengths in mm, fractions of the whole table width (number column
// included).
type Layout struct {
	MarginL  float64 `json:"margin_l"`
	MarginR  float64 `json:"margin_r"`
	NumW     float64 `json:"num_w"`     // number column width
	NameFrac float64 `json:"name_frac"` // name column
	CPFrac   float64 `json:"cp_frac"`   // postal-code column
}

// Row is one printed row as written.
type Row struct {
	Number     int      `json:"number"`
	Name       string   `json:"name"`
	PostalCode string   `json:"postal_code"`
	Signed     bool     `json:"signed"`
	Blank      bool     `json:"blank"`
	Struck     bool     `json:"struck"`
	Notes      []string `json:"notes"`
	Writer     string   `json:"writer"` // the handwriting (font) of the row
	// BoxMM is the row's box on the printed page: x0, y0, x1, y1 in mm.
	BoxMM [4]float64 `json:"box_mm"`
}

// Key identifies a printed row across truth and results.
type Key struct {
	File   string // base name, NFC
	Page   int    // 1-based in the file
	Number int
}

// Load reads dir/truth.json (or the file itself when path is a file).
func Load(path string) ([]Page, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "truth.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pages []Page
	if err := json.Unmarshal(b, &pages); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pages, nil
}

// Rows indexes the rows of pages by key.
func Rows(pages []Page) map[Key]Row {
	m := map[Key]Row{}
	for _, p := range pages {
		for _, r := range p.Rows {
			m[Key{FileKey(p.File), p.PageInFile, r.Number}] = r
		}
	}
	return m
}

// FileKey is the base name of a path in NFC.
func FileKey(path string) string {
	return norm.NFC.String(filepath.Base(strings.ReplaceAll(strings.TrimSpace(path), `\`, "/")))
}

// Strict normalises a name: NFC, typographic apostrophes, spaces.
func Strict(s string) string {
	s = norm.NFC.String(s)
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'", "`", "'").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// Loose normalises a name for comparison: Strict, accents removed, case
// folded, commas and periods as spaces.
func Loose(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(Strict(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == ',' || r == '.' {
			r = ' '
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// PostalKey removes spaces from a postal code.
func PostalKey(s string) string { return strings.Join(strings.Fields(s), "") }

// Levenshtein is the edit distance between a and b, in runes.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
