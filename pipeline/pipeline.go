// Package pipeline processes one decoded page: it straightens it (deskew),
// finds the table and its rows (rows), reads the name and postal-code cells
// (ocr, and the digit recogniser for postal codes), decides which rows to
// trust (decide), and returns records ready for the store.
//
// Data flows one way: deskew → rows → ocr → decide → store records. The
// importer drives it; the review page and the command line only read
// what it stored.
package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"

	"github.com/sheetscan/sheetscan/decide"
	"github.com/sheetscan/sheetscan/deskew"
	"github.com/sheetscan/sheetscan/importer"
	"github.com/sheetscan/sheetscan/names"
	"github.com/sheetscan/sheetscan/ocr"
	"github.com/sheetscan/sheetscan/rows"
	"github.com/sheetscan/sheetscan/scanfile"
	"github.com/sheetscan/sheetscan/store"
)

// Options configure a Processor.
type Options struct {
	Lang       string             // Tesseract language for names; "" = the ocr package's default (fra)
	Thresholds *decide.Thresholds // nil = decide.Default
}

// Processor processes pages. Not safe for concurrent use: make one per
// worker. Caller must Close.
type Processor struct {
	th decide.Thresholds
	rd *ocr.Reader
}

// New makes a Processor with its own OCR engine.
func New(o Options) (*Processor, error) {
	p := &Processor{th: decide.Default}
	if o.Thresholds != nil {
		p.th = *o.Thresholds
	}
	rd, err := ocr.NewReader(ocr.Options{Lang: o.Lang})
	if err != nil {
		return nil, fmt.Errorf("start OCR: %w", err)
	}
	p.rd = rd
	return p, nil
}

// Missing names the optional OCR models that are not installed (see
// ocr.Reader.Missing): pages are still read, with fewer rows accepted.
func (p *Processor) Missing() []string { return p.rd.Missing() }

// Close releases the OCR engine.
func (p *Processor) Close() error { return p.rd.Close() }

// Process straightens, cuts and reads one page.
func (p *Processor) Process(ctx context.Context, pg *scanfile.Page) (*importer.Result, error) {
	res := &importer.Result{Page: store.Page{DPI: pg.DPI, DPISource: pg.DPISource, Status: store.PageOK}}
	sk, straight, tab, findErr := p.table(pg)
	if straight == nil {
		return res, findErr
	}
	res.Page.SkewDeg, res.Page.UpsideDown, res.Page.DeskewConf = sk.Angle, sk.UpsideDown, sk.Confidence
	b := straight.Bounds()
	res.Page.Width, res.Page.Height = b.Dx(), b.Dy()
	var err error
	if res.Image, err = encodePNG(straight); err != nil {
		return res, err
	}
	if errors.Is(findErr, rows.ErrNoTable) {
		res.Page.Status, res.Page.Error = store.PageNotForm, findErr.Error()
		return res, nil
	}
	if findErr != nil {
		return res, fmt.Errorf("rows: %w", findErr)
	}
	res.Page.FormPage = tab.FormPage
	for _, r := range tab.Rows {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		rec, err := p.row(straight, r, pg.DPI/25.4)
		if err != nil {
			return res, fmt.Errorf("row %d: %w", r.Number, err)
		}
		res.Rows = append(res.Rows, rec)
	}
	return res, nil
}

// table straightens the page and finds the form's table in it. straight
// is nil when deskew failed.
func (p *Processor) table(pg *scanfile.Page) (sk deskew.Result, straight *image.Gray, tab *rows.Table, err error) {
	sk, err = deskew.Estimate(pg.Image, pg.DPI)
	if err != nil {
		return sk, nil, nil, fmt.Errorf("deskew: %w", err)
	}
	return straightenAndFind(pg.Image, sk, func(img *image.Gray) (*rows.Table, error) {
		return rows.Find(img, pg.DPI, p.rd)
	})
}

// straightenAndFind straightens img as sk says and finds the form's
// table. When none is found, it tries the other orientation: the
// orientation cues of package deskew (printed text lines, the table's
// rules) can all fail on a page whose rules a binarised scan broke into
// dots and whose handwriting outweighs its print (a generated page skewed
// 8.4° was refused so), while the table, found or not, is a sure sign. It
// returns the estimate, image and table it kept; a page that is not the
// form in either orientation comes back as sk had it.
func straightenAndFind(img *image.Gray, sk deskew.Result, find func(*image.Gray) (*rows.Table, error)) (deskew.Result, *image.Gray, *rows.Table, error) {
	straight := deskew.Straighten(img, sk)
	tab, err := find(straight)
	if !errors.Is(err, rows.ErrNoTable) {
		return sk, straight, tab, err
	}
	other := sk
	other.UpsideDown = !sk.UpsideDown
	other.OrientationConfidence = 0
	flipped := deskew.Straighten(img, other)
	if t2, err2 := find(flipped); err2 == nil {
		return other, flipped, t2, nil
	}
	return sk, straight, tab, err
}

// row reads one row's cells and decides; px1mm is the page's pixels per
// millimetre.
func (p *Processor) row(page *image.Gray, r rows.Row, px1mm float64) (store.Row, error) {
	rec := store.Row{
		Index: r.Index, Number: r.Number, NumberText: r.NumberText, NumberConf: r.NumberConf,
		NumberSource: r.NumberSource,
		X0:           r.Box.Min.X, Y0: r.Box.Min.Y, X1: r.Box.Max.X, Y1: r.Box.Max.Y,
		Blank: r.Blank, Signed: r.Signed, Struck: r.Struck,
	}
	for _, c := range []struct {
		kind string
		cell rows.Cell
	}{{"name", r.Name}, {"postal", r.Postal}, {"signature", r.Signature}} {
		if c.cell.Image == nil {
			continue
		}
		b, err := encodePNG(c.cell.Image)
		if err != nil {
			return rec, err
		}
		bx := c.cell.Box
		rec.Cells = append(rec.Cells, store.Cell{Kind: c.kind, X0: bx.Min.X, Y0: bx.Min.Y, X1: bx.Max.X, Y1: bx.Max.Y, PNG: b})
	}
	in := decide.Input{Blank: r.Blank, Signed: r.Signed, Struck: r.Struck, NumberUncertain: r.NumberSource == rows.SourceInferred}
	if !r.Blank {
		if written(r.Name) {
			in.NamePieces = rows.Pieces(r.Name.Image)
			rs, err := p.rd.ReadAll(grayCell(page, r.Name), ocr.Name)
			if err != nil {
				return rec, fmt.Errorf("read name: %w", err)
			}
			in.Name = decideReadings(rs)
			if len(rs) > 0 {
				rec.NameOCR, rec.NameConf = names.Clean(rs[0].Text), rs[0].Conf/100
			}
			if _, sure := decide.JudgeName(in, p.th); !sure {
				// The name goes to review: upright readings, and
				// another model's, may prefill it better.
				up, err := p.rd.ReadAllUpright(grayCell(page, r.Name), ocr.Name)
				if err != nil {
					return rec, fmt.Errorf("read name: %w", err)
				}
				in.NameUpright = decideReadings(up)
				other, err := p.rd.ReadOther(grayCell(page, r.Name), ocr.Name)
				if err != nil {
					return rec, fmt.Errorf("read name: %w", err)
				}
				in.NameOther = decideReadings(other)
			}
		}
		if written(r.Postal) {
			x, err := p.rd.Read(grayCell(page, r.Postal), ocr.Postal)
			if err != nil {
				return rec, fmt.Errorf("read postal code: %w", err)
			}
			in.Postal = append(in.Postal, decide.Reading{Text: x.Text, Conf: x.Conf / 100})
			rec.PostalOCR, rec.PostalConf = x.Text, x.Conf/100
			in.Digits = readDigits(page, r.Postal, r.Box.Min.Y, px1mm, strings.ReplaceAll(x.Text, " ", ""))
			if decide.WantsPostalOther(in, p.th) {
				other, err := p.rd.ReadOther(grayCell(page, r.Postal), ocr.Postal)
				if err != nil {
					return rec, fmt.Errorf("read postal code: %w", err)
				}
				in.PostalOther = decideReadings(other)
			}
		}
	}
	d := decide.Decide(in, p.th)
	if ev, err := json.Marshal(in); err == nil {
		rec.Evidence = string(ev)
	}
	rec.Status, rec.Reasons, rec.Confidence = d.Status, d.Reasons, d.Confidence
	rec.Name, rec.PostalCode, rec.Department = d.Name, d.Postal, d.Department
	rec.Communes = store.JoinCommunes(d.Communes)
	rec.Surname, rec.GivenName = names.Split(d.Name)
	return rec, nil
}

// written reports whether a cell holds ink to read.
func written(c rows.Cell) bool { return c.Image != nil && c.Ink > 0 }

// decideReadings converts OCR readings for package decide: confidences
// from 0–100 to 0–1, words with their own.
func decideReadings(rs []ocr.Reading) []decide.Reading {
	out := make([]decide.Reading, 0, len(rs))
	for _, x := range rs {
		rd := decide.Reading{Text: x.Text, Conf: x.Conf / 100}
		for _, w := range x.Words {
			rd.Words = append(rd.Words, decide.Word{Text: w.Text, Conf: w.Conf / 100})
		}
		out = append(out, rd)
	}
	return out
}

// grayCell returns the page's own gray pixels under a cell: Tesseract
// reads anti-aliased strokes better than the binary, line-free cell image
// the rows package cuts for display and ink measures.
func grayCell(page *image.Gray, c rows.Cell) *image.Gray {
	if sub, ok := page.SubImage(c.Box).(*image.Gray); ok && !sub.Rect.Empty() {
		return sub
	}
	return c.Image
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode image: %w", err)
	}
	return buf.Bytes(), nil
}
