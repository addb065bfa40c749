package formgen

import (
	"math"
	"math/rand"
)

// Page size of the printed form, in millimetres (A4 portrait).
const (
	PageWmm = 210.0
	PageHmm = 297.0
)

// Layout is how a form page is printed. Lengths in millimetres on the
// upright A4 page, font sizes in points. The JSON names follow the
// "layout" records of the sample corpus truth.json where they exist.
type Layout struct {
	Page    int   `json:"page"`    // form page, 1 or 2
	Numbers []int `json:"numbers"` // printed row numbers, top to bottom

	MarginL float64 `json:"margin_l"`
	MarginR float64 `json:"margin_r"`
	MarginT float64 `json:"margin_t"` // top margin of page 1 (above the title)
	// MarginT2 is the top margin of page 2, where the table starts.
	MarginT2 float64 `json:"margin_t2"`
	MarginB  float64 `json:"margin_b"`

	NumW       float64 `json:"num_w"`     // number column width
	NameFrac   float64 `json:"name_frac"` // name column share of the width right of the number column
	PostalFrac float64 `json:"cp_frac"`   // postal-code column share of the same width
	RowH       float64 `json:"row_h"`     // height of a table row
	// RowHmm is the row height actually printed, as the truth records it
	// (the sample corpus's row_h is the wish before fitting the page).
	RowHmm  float64 `json:"row_h_mm,omitempty"`
	HeaderH float64 `json:"header_h"` // height of the header row

	PrintFont string  `json:"family"` // name of an embedded print family (PrintFonts)
	TitlePt   float64 `json:"title_pt"`
	BodyPt    float64 `json:"body_pt"`
	FooterPt  float64 `json:"footer_pt"`
	HeaderPt  float64 `json:"header_pt"`
	NumPt     float64 `json:"num_pt"`
	Leading   float64 `json:"leading"`  // line height as a multiple of the font size
	ParaGap   float64 `json:"para_gap"` // space between paragraphs
	TableGap  float64 `json:"table_gap"`
	FooterGap float64 `json:"footer_gap"`
	Justify   bool    `json:"justify"`

	TitleAlign  string `json:"title_align"`  // "left" or "center"
	NumAlign    string `json:"num_align"`    // "left", "center" or "right" in the number cell
	HeaderAlign string `json:"header_align"` // "left" or "center"
	HeaderBold  bool   `json:"header_bold"`
	HeaderFill  int    `json:"header_fill,omitempty"` // grey level 1–255 of the header background; 0 = none

	LinePx   int `json:"line_px"`   // ruled-line thickness in pixels at 300 dpi
	OuterPx  int `json:"outer_px"`  // extra thickness of the table's outer frame at 300 dpi
	LineGrey int `json:"line_grey"` // grey level of the ruled lines (0 = black)
}

// OriginalNumbers returns the printed row numbers of the original form:
// 1..10 on page 1, 11..35 without 21 on page 2.
func OriginalNumbers(page int) []int {
	if page == 1 {
		return seq(1, 10)
	}
	return append(seq(11, 20), seq(22, 35)...)
}

func seq(a, b int) []int {
	var out []int
	for i := a; i <= b; i++ {
		out = append(out, i)
	}
	return out
}

// OriginalLayout returns the layout of the original form (row 21 missing
// on page 2): Liberation Sans, 9 mm rows, the measures the sample corpus
// records for it.
func OriginalLayout(page int) Layout {
	if page != 2 {
		page = 1
	}
	return Layout{
		Page:        page,
		Numbers:     OriginalNumbers(page),
		MarginL:     18,
		MarginR:     18,
		MarginT:     18,
		MarginT2:    16,
		MarginB:     12,
		NumW:        10,
		NameFrac:    0.52,
		PostalFrac:  0.2,
		RowH:        9,
		HeaderH:     9,
		PrintFont:   "liberation-sans",
		TitlePt:     14,
		BodyPt:      10.5,
		FooterPt:    8.5,
		HeaderPt:    9.5,
		NumPt:       9.5,
		Leading:     1.22,
		ParaGap:     2.6,
		TableGap:    7,
		FooterGap:   6,
		Justify:     true,
		TitleAlign:  "left",
		NumAlign:    "center",
		HeaderAlign: "center",
		HeaderBold:  true,
		LinePx:      2,
		OuterPx:     2,
	}
}

// RandomLayout returns the layout of another campaign's printing: other
// margins, column widths, row heights (7–11 mm, less on page 2 when 25
// rows must fit), fonts, alignments and numbering (page 2: 11..35 or the
// original without 21). Both pages of a sheet share a style: derive page 2
// from page 1 with ForPage so they match.
func RandomLayout(rng *rand.Rand, page int) Layout {
	l := OriginalLayout(page)
	u := func(a, b float64) float64 { return a + rng.Float64()*(b-a) }
	l.MarginL = u(10, 25)
	l.MarginR = u(8, 20)
	l.MarginT = u(10, 22)
	l.MarginT2 = u(8, 18)
	l.MarginB = u(8, 15)
	l.NumW = u(7, 14)
	l.NameFrac = u(0.42, 0.58)
	l.PostalFrac = u(0.14, 0.22)
	l.HeaderH = u(7, 12)
	l.PrintFont = printFamilies[rng.Intn(len(printFamilies))].name
	l.TitlePt = u(12, 16)
	l.BodyPt = u(8.5, 11)
	l.FooterPt = u(7.5, 9.5)
	l.HeaderPt = u(8, 11)
	l.NumPt = u(8, 11)
	l.Leading = u(1.05, 1.3)
	l.ParaGap = u(1, 4)
	l.TableGap = u(3, 10)
	l.FooterGap = u(2, 6)
	l.Justify = rng.Intn(2) == 0
	l.TitleAlign = []string{"left", "center"}[rng.Intn(2)]
	l.NumAlign = []string{"left", "center", "right"}[rng.Intn(3)]
	l.HeaderAlign = []string{"left", "center", "center"}[rng.Intn(3)]
	l.HeaderBold = rng.Intn(4) != 0
	l.HeaderFill = 0
	if rng.Intn(3) == 0 {
		l.HeaderFill = 200 + rng.Intn(45)
	}
	l.LinePx = 1 + rng.Intn(3)
	l.OuterPx = rng.Intn(3)
	l.LineGrey = 0
	if rng.Intn(4) == 0 {
		l.LineGrey = rng.Intn(90)
	}
	// Numbering of page 2: original (21 missing) or full 11..35.
	full := rng.Intn(2) == 0
	l.RowH = u(7, 11)
	l.setNumbers(full)
	l.fitRows()
	return l
}

func (l *Layout) setNumbers(full bool) {
	switch {
	case l.Page == 1:
		l.Numbers = seq(1, 10)
	case full:
		l.Numbers = seq(11, 35)
	default:
		l.Numbers = OriginalNumbers(2)
	}
}

// fitRows lowers RowH so that 25 rows, the header and the footer notice
// fit on page 2 (the same row height is used on both pages).
func (l *Layout) fitRows() {
	footer := 7 * l.FooterPt * 0.3528 * l.Leading // about 7 lines of notice
	avail := PageHmm - l.MarginT2 - l.MarginB - l.HeaderH - l.FooterGap - footer
	max := avail / 25
	l.RowH = math.Min(l.RowH, math.Max(max, 6.5))
}

// ForPage returns the same printing style (fonts, margins, columns, row
// height) for the given page of the sheet, with that page's numbering:
// 1..10 on page 1; on page 2, 11..35 when full, else the original 11..35
// without 21.
func (l Layout) ForPage(page int, full bool) Layout {
	out := l
	out.Page = page
	out.Numbers = nil
	out.setNumbers(full)
	return out
}

// TableXmm returns the x boundaries of the table columns, left to right:
// table left, number|name, name|postal, postal|signature, table right.
func (l Layout) TableXmm() [5]float64 {
	x0 := l.MarginL
	x4 := PageWmm - l.MarginR
	w := x4 - x0 - l.NumW
	x1 := x0 + l.NumW
	x2 := x1 + l.NameFrac*w
	x3 := x2 + l.PostalFrac*w
	return [5]float64{x0, x1, x2, x3, x4}
}
