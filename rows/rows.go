package rows

import (
	"errors"
	"image"
)

// NumberReader reads the printed digits of a row-number cell. The ocr
// package provides one backed by Tesseract; tests use the tesseract command.
//
// cell holds the digits on white, lines and specks removed, enlarged so
// that digits are about 30 pixels high: first the page's own grey pixels
// (contrast stretched), then, if that gives nothing confident (below 0.6),
// a thickened black-and-white version. text holds digits only and is ""
// when the cell is unreadable; conf is the reader's confidence from 0 to 1.
// Find calls ReadNumber sequentially from one goroutine.
type NumberReader interface {
	ReadNumber(cell *image.Gray) (text string, conf float64, err error)
}

// ErrNoTable reports a page that does not hold the petition's ruled table.
// Find wraps it; test with errors.Is.
var ErrNoTable = errors.New("not the petition form: no ruled table with the expected columns")

// Column names a column of the table, left to right.
type Column int

// The table's columns, in printed order.
const (
	NumberCol Column = iota
	NameCol
	PostalCol
	SignatureCol
)

// String returns the column's name in lower case.
func (c Column) String() string {
	switch c {
	case NumberCol:
		return "number"
	case NameCol:
		return "name"
	case PostalCol:
		return "postal"
	case SignatureCol:
		return "signature"
	}
	return "column?"
}

// Table is the ruled table found on a page. All coordinates are pixels of
// the page given to Find.
type Table struct {
	// Box encloses the table's outer rules, header included.
	Box image.Rectangle
	// ColX holds the x of the vertical rules at mid-height of the table:
	// the left border, number|name, name|postal, postal|signature and the
	// right border. Column c lies between ColX[c] and ColX[c+1]. When the
	// rules cannot be seen (grey rules lost in a bilevel scan) they are
	// placed from the printed numbers and header labels.
	ColX [5]int
	// Rows are the printed rows, top to bottom, header excluded.
	Rows []Row
	// FormPage is 1 (rows 1–10) or 2 (rows 11 on), from the row numbers;
	// 0 when no number could be read.
	FormPage int
	// HeaderFound is true when the first band holds printed text in the
	// name, postal and signature columns, as the printed header does.
	HeaderFound bool
	// RowHeight is the median height of the rows, in pixels.
	RowHeight float64
}

// Number sources for Row.NumberSource.
const (
	SourceRead      = "read"      // the reader's text, consistent with the sequence
	SourceCorrected = "corrected" // the reader returned another number; the sequence overrode it
	SourceInferred  = "inferred"  // nothing readable: numbered from its neighbours (uncertain)
	// SourceMatched: the reader missed or misread it, the sequence gave the
	// number and the page's own printed digits (DigitTemplates) confirm
	// it; NumberConf is then the template match, 0–1.
	SourceMatched = "matched"
)

// Row is one printed row of the table.
type Row struct {
	// Index is the 0-based position of the row in the table, header excluded.
	Index int
	// Number is the printed row number: read, corrected from the sequence,
	// or inferred from the neighbours (see NumberSource).
	Number int
	// NumberText is what the NumberReader returned ("" if nothing).
	NumberText string
	// NumberConf is the reader's confidence for NumberText, 0–1 (the
	// template match when NumberSource is SourceMatched).
	NumberConf float64
	// NumberSource is SourceRead, SourceCorrected, SourceInferred or
	// SourceMatched.
	NumberSource string
	// Box is the whole row between its ruled lines, in page pixels.
	Box image.Rectangle
	// Name, Postal and Signature are the row's written cells.
	Name, Postal, Signature Cell
	// Blank is true when nothing is written in the row: name, postal code
	// and signature cells all empty once specks are ignored. A row with
	// only a signature is not Blank (it is Signed with an empty name).
	Blank bool
	// Signed is true when the signature cell holds pen strokes.
	Signed bool
	// Struck is true when a long nearly horizontal stroke crosses the
	// written name.
	Struck bool
	// BlankScore is the written ink, in mm², of the name, postal and
	// signature cells after speck removal, counted in the middle 60 % of
	// the row's height; Blank when below BlankMinInk.
	BlankScore float64
	// SignedScore is the ink of the signature cell in the middle 60 % of
	// the row's height, in mm²; Signed when at least SignedMinInk, or
	// SharedSignedMinInk when the cell's ink is mostly a stroke cut at a
	// rule between rows (Cell.SplitInkMM2).
	SignedScore float64
	// StruckScore is the length of the longest nearly horizontal stroke
	// through the middle of the name, as a share of the name's written
	// width (0–1); Struck when at least StruckMinSpan.
	StruckScore float64
}

// Cell is one cell of a row, cut from the page.
type Cell struct {
	// Box is the region cut from the page, in page pixels. It extends
	// beyond the ruled lines so that writing rising above the line or
	// sinking below it is kept.
	Box image.Rectangle
	// Image is the cell with the ruled lines, specks and other rows'
	// writing removed: black ink (0) on white (255), binarised. Its
	// Bounds() equal Box, in the page's coordinates.
	Image *image.Gray
	// Ink is the share of ink pixels in Image, 0–1.
	Ink float64
	// InkMM2 is the ink area kept in Image, in mm².
	InkMM2 float64
	// SplitInkMM2 is the part of InkMM2 that belongs to a stroke cut at a
	// rule between rows (two signatures touching across it, or one
	// written across it): ink whose row is uncertain.
	SplitInkMM2 float64
}

// Thresholds used by Find, in physical units so that they hold from 150 to
// 300 dpi.
const (
	// SpeckMaxMM2 is the area below which an ink component is dust.
	SpeckMaxMM2 = 0.3
	// BlankMinInk is the written ink (mm²) a row needs not to be Blank.
	BlankMinInk = 2.0
	// SignedMinInk is the ink (mm²) a signature cell needs to be Signed.
	SignedMinInk = 2.0
	// SharedSignedMinInk is the ink a signature cell needs to be Signed
	// when half or more of it belongs to a stroke cut at a rule between
	// rows (Cell.SplitInkMM2): a small piece of the neighbour's signature
	// does not sign a row.
	SharedSignedMinInk = 5.0
	// StruckMinSpan is the share of the name's written width a strike
	// stroke must cover.
	StruckMinSpan = 0.7
)
