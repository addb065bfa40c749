package ocr

import (
	"fmt"
	"image"
	"strings"
)

// A pass is one way of reading a cell: a preprocessing and a model.
type pass struct {
	v      variant
	digits bool // use the DigitLang engine
}

// passes returns the readings ReadAll makes for f, best first (Read makes
// the first). Chosen with TestCorpus on the sample scans: names are read
// best by fra on the cropped cell, postal codes by eng; the other model on
// the same preprocessing gives the second reading, whose errors are the
// least correlated with the first (on the dev corpus the two agreed on 39 %
// of names and 47 % of postal codes, and were then right 90 % and 89 % of
// the time). With a single language the second reading uses the binarised
// crop instead. Names get a third reading, the first model on the
// binarised crop: requiring all three to agree let calibration accept 139
// rather than 101 of 1,021 filled rows, none wrong (cmd/evaluate
// -calibrate on the samples and two generated sets); a fourth and fifth
// reading added nothing (142, 135).
func (r *Reader) passes(f Field) []pass {
	first, second := pass{variantCrop, false}, pass{variantCrop, true}
	if f == Postal {
		first, second = second, first
	}
	if f == Number {
		// Printed digits: fra reads them well (TestReadNumber).
		second = pass{variantCropBin, false}
	}
	third := pass{variantCropBin, first.digits}
	if r.digits == r.name {
		second, third = third, pass{variantCropHi, first.digits}
	}
	if f == Name {
		return []pass{first, second, third}
	}
	return []pass{first, second}
}

// Read reads cell, a gray image of one table cell (ruled lines removed or
// not, dark ink on a light ground or the reverse), with the best measured
// preprocessing and model for f. A cell without ink gives an empty Reading
// and no error.
func (r *Reader) Read(cell *image.Gray, f Field) (Reading, error) {
	return r.read(cell, f, r.passes(f)[0])
}

// ReadAll reads cell two or three times (names), with different models or
// preprocessings, so the caller can trust a field only when the readings
// agree. The
// readings come best first; the first equals Read's.
func (r *Reader) ReadAll(cell *image.Gray, f Field) ([]Reading, error) {
	return r.readPasses(cell, f, r.passes(f))
}

func (r *Reader) readPasses(cell *image.Gray, f Field, ps []pass) ([]Reading, error) {
	out := make([]Reading, 0, len(ps))
	for _, p := range ps {
		rd, err := r.read(cell, f, p)
		if err != nil {
			return nil, err
		}
		out = append(out, rd)
	}
	return out, nil
}

// ReadAllUpright reads cell as ReadAll does, the writing first sheared
// upright (deslant). Slanted handwriting is read better so (name CER on
// the samples 18.5 → 15.9 %, exact names 50.6 → 54.0 %), but the
// calibrated thresholds of package decide were measured on ReadAll's
// readings agreeing, and upright ones agree differently (with them in
// place of ReadAll's, the calibration accepted 334 rows instead of 352):
// the pipeline offers them only for the prefill of names it does not
// trust.
func (r *Reader) ReadAllUpright(cell *image.Gray, f Field) ([]Reading, error) {
	ps := r.passes(f)
	for i := range ps {
		ps[i].v.deslant = true
		ps[i].v.name += "-upright"
	}
	return r.readPasses(cell, f, ps)
}

// ReadOther reads a cell of field f with the model of another family
// (Options.OtherLang), f's character set and the first pass's
// preprocessing (the cropped cell). It returns no reading when that model
// is not installed.
func (r *Reader) ReadOther(cell *image.Gray, f Field) ([]Reading, error) {
	if r.other == nil {
		return nil, nil
	}
	rd, err := r.readWith(r.other, cell, f, variantCrop)
	if err != nil {
		return nil, err
	}
	return []Reading{rd}, nil
}

// ReadNumber reads the printed row number in cell. text holds digits only
// ("" if nothing was read) and conf is the mean character confidence from
// 0 to 1. It satisfies rows.NumberReader.
func (r *Reader) ReadNumber(cell *image.Gray) (string, float64, error) {
	rd, err := r.Read(cell, Number)
	if err != nil {
		return "", 0, err
	}
	text := strings.ReplaceAll(rd.Text, " ", "")
	if text == "" || len(rd.Chars) == 0 {
		return "", 0, nil
	}
	sum := 0.0
	for _, c := range rd.Chars {
		sum += c.Conf
	}
	return text, sum / float64(len(rd.Chars)) / 100, nil
}

func (r *Reader) read(cell *image.Gray, f Field, p pass) (Reading, error) {
	e := r.name
	if p.digits {
		e = r.digits
	}
	return r.readWith(e, cell, f, p.v)
}

// readWith reads cell for f with engine e after preprocessing v.
func (r *Reader) readWith(e *engine, cell *image.Gray, f Field, v variant) (Reading, error) {
	if cell == nil {
		return Reading{}, fmt.Errorf("ocr %s: nil cell", f)
	}
	if e == nil {
		return Reading{}, errClosed
	}
	name := v.name + "/" + e.lang
	img := prepare(cell, v)
	if img == nil {
		return Reading{Variant: name}, nil
	}
	rd, err := r.recognize(e, img, f)
	if err != nil {
		return Reading{}, err
	}
	rd.Variant = name
	return rd, nil
}
