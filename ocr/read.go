package ocr

import (
	"fmt"
	"image"
	"strings"
)

// readVariants are the preprocessings of Read (first) and ReadAll, chosen
// by TestCorpus on the sample scans.
var readVariants = []variant{variantCrop, variantCropBin}

// Read reads cell, a gray image of one table cell (ruled lines removed or
// not), with the best measured preprocessing and the whitelist of f. A cell
// without ink gives an empty Reading and no error.
func (r *Reader) Read(cell *image.Gray, f Field) (Reading, error) {
	return r.readVariant(cell, f, readVariants[0])
}

// ReadAll reads cell twice, with two different preprocessings, so the
// caller can trust a field only when the readings agree. The readings come
// in the order of preference; the first equals Read's.
func (r *Reader) ReadAll(cell *image.Gray, f Field) ([]Reading, error) {
	out := make([]Reading, 0, len(readVariants))
	for _, v := range readVariants {
		rd, err := r.readVariant(cell, f, v)
		if err != nil {
			return nil, err
		}
		out = append(out, rd)
	}
	return out, nil
}

// ReadNumber reads the printed row number in cell. text holds digits only
// ("" if nothing was read) and conf is the mean character confidence from
// 0 to 1. It satisfies rows.NumberReader.
func (r *Reader) ReadNumber(cell *image.Gray) (string, float64, error) {
	rd, err := r.readVariant(cell, Number, variantCrop)
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

func (r *Reader) readVariant(cell *image.Gray, f Field, v variant) (Reading, error) {
	if cell == nil {
		return Reading{}, fmt.Errorf("ocr %s: nil cell", f)
	}
	img := prepare(cell, v)
	if img == nil {
		return Reading{Variant: v.name}, nil
	}
	rd, err := r.recognize(img, f)
	if err != nil {
		return Reading{}, err
	}
	rd.Variant = v.name
	return rd, nil
}
