package formgen

import (
	"image"
	"math"
	"math/rand"
)

// PageTruth is what was printed, written and scanned on one page, in the
// JSON shape of a record of the sample corpus truth.json (a list of these).
type PageTruth struct {
	File       string `json:"file"`         // file name relative to scans/
	PageInFile int    `json:"page_in_file"` // 1-based page inside the file
	FormPage   int    `json:"form_page"`    // 1 or 2
	// DPI is the resolution of the image (and of the upright render).
	DPI        float64 `json:"dpi"`
	UpsideDown bool    `json:"upside_down"`
	// RotationDeg is the counter-clockwise angle applied to the upright
	// page, degrees: SkewDeg, or 180 + SkewDeg when upside down.
	RotationDeg float64    `json:"rotation_deg"`
	SkewDeg     float64    `json:"skew_deg"`
	Rows        []RowTruth `json:"rows"`
	// PageToImage is the affine from the upright printed page at 300 dpi
	// to image pixels: x' = a*x+b*y+c, y' = d*x+e*y+f for [a,b,c,d,e,f].
	PageToImage [6]float64 `json:"page_to_image"`
	ImageSize   [2]int     `json:"image_size"` // width, height in pixels
	// TableMM is the table's outer box on the printed page, header
	// included: x0, y0, x1, y1 in millimetres.
	TableMM      [4]float64     `json:"table_mm,omitempty"`
	Layout       *Layout        `json:"layout,omitempty"`
	Degradations map[string]any `json:"degradations,omitempty"`
	Sheet        int            `json:"sheet"`
	Variant      string         `json:"variant,omitempty"`
	Format       string         `json:"format,omitempty"`
	// DPIMetadata is the resolution written in the file, nil when the file
	// carries none.
	DPIMetadata *float64 `json:"dpi_metadata"`
}

// RowTruth is one printed row.
type RowTruth struct {
	Number     int      `json:"number"`      // printed row number
	Name       string   `json:"name"`        // as written, "" if none
	PostalCode string   `json:"postal_code"` // as written (digits only), "" if absent or illegible
	Signed     bool     `json:"signed"`
	Blank      bool     `json:"blank"`
	Struck     bool     `json:"struck"`
	Notes      []string `json:"notes"` // what is special: no_sig, sig_only, pc_4digit, pc_illegible, name_overflow, above_line, …
	Writer     string   `json:"writer,omitempty"`
	Font       string   `json:"font,omitempty"`
	Ink        string   `json:"ink,omitempty"` // "blue" or "black"
	NameStyle  string   `json:"name_style,omitempty"`
	// BoxMM is the row's box on the printed page right of the number
	// column (name, postal code and signature cells), x0, y0, x1, y1 mm.
	BoxMM [4]float64 `json:"box_mm"`
	Cells *CellsMM   `json:"cells_mm,omitempty"`
}

// CellsMM are the cell boxes of a row, x0, y0, x1, y1 in millimetres on
// the printed page, between the centres of the ruled lines.
type CellsMM struct {
	Number [4]float64 `json:"number"`
	Name   [4]float64 `json:"name"`
	Postal [4]float64 `json:"postal"`
	Sig    [4]float64 `json:"signature"`
}

// Cell names a column of the table.
type Cell int

// The table's columns.
const (
	CellNumber Cell = iota
	CellName
	CellPostal
	CellSignature
)

func (t *PageTruth) mmToPx(b [4]float64) image.Rectangle {
	s := t.DPI / 25.4
	return image.Rect(int(math.Round(b[0]*s)), int(math.Round(b[1]*s)), int(math.Round(b[2]*s)), int(math.Round(b[3]*s)))
}

// RowBoxPx returns row i's box (BoxMM: name, postal and signature cells)
// in pixels of the upright page rendered at t.DPI.
func (t *PageTruth) RowBoxPx(i int) image.Rectangle {
	return t.mmToPx(t.Rows[i].BoxMM)
}

// CellBoxPx returns the box of cell c of row i in pixels of the upright
// page rendered at t.DPI; empty when the truth has no cell boxes (records
// of the sample corpus).
func (t *PageTruth) CellBoxPx(i int, c Cell) image.Rectangle {
	cs := t.Rows[i].Cells
	if cs == nil {
		return image.Rectangle{}
	}
	switch c {
	case CellNumber:
		return t.mmToPx(cs.Number)
	case CellName:
		return t.mmToPx(cs.Name)
	case CellPostal:
		return t.mmToPx(cs.Postal)
	default:
		return t.mmToPx(cs.Sig)
	}
}

// ImagePoint maps a point of the printed page, in millimetres, to image
// pixels through PageToImage.
func (t *PageTruth) ImagePoint(xmm, ymm float64) (x, y float64) {
	x3, y3 := xmm*300/25.4, ymm*300/25.4
	return affine(t.PageToImage).apply(x3, y3)
}

// ApplyScan records a Scan of the rendered page: m is the affine Scan
// returned (upright render pixels → scan pixels), size the scan's size.
// It updates PageToImage, ImageSize, RotationDeg, SkewDeg, UpsideDown and
// Degradations.
func (t *PageTruth) ApplyScan(m [6]float64, size image.Point, o ScanOptions) {
	t.PageToImage = [6]float64(affine(m).mul(affine(t.PageToImage)))
	for i, v := range t.PageToImage {
		t.PageToImage[i] = math.Round(v*1e6) / 1e6
	}
	t.ImageSize = [2]int{size.X, size.Y}
	t.SkewDeg = math.Round(o.SkewDeg*1000) / 1000
	t.UpsideDown = o.UpsideDown
	t.RotationDeg = t.SkewDeg
	if o.UpsideDown {
		t.RotationDeg = math.Round((180+o.SkewDeg)*1000) / 1000
	}
	t.Degradations = o.describe()
}

// RandomPage renders a random page of the form (random layout one time in
// two, else the original) filled by RandomEntries in fonts (nil =
// DevHandFonts), scans it with RandomScanOptions (skew up to ±maxSkew
// degrees, sometimes upside down) and returns the scan with its truth: a
// one-call test page for deskew, rows and ocr tests.
func RandomPage(rng *rand.Rand, page int, dpi, maxSkew float64, fonts []string) (image.Image, PageTruth) {
	l := OriginalLayout(page)
	if rng.Intn(2) == 0 {
		l = RandomLayout(rng, page)
	}
	up, t := Render(l, RandomEntries(rng, len(l.Numbers), fonts), dpi, rng)
	o := RandomScanOptions(rng, maxSkew)
	img, m := Scan(up, o, rng)
	t.ApplyScan(m, img.Bounds().Size(), o)
	return img, t
}
