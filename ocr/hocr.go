package ocr

import (
	"encoding/xml"
	"fmt"
	"image"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// parseHOCR reads the words, characters and character alternatives of
// Tesseract's hOCR output made with hocr_char_boxes and lstm_choice_mode 2:
//
//	<span class='ocrx_word' title='bbox 25 9 204 47; x_wconf 87'>
//	  <span class='ocrx_cinfo' title='x_bboxes 25 11 51 47; x_conf 98.8'>B</span>
//	  <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
//	    <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 90.7'>B</span>
//	    <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 0'>R</span>
//	  </span>
//	  ...
func parseHOCR(h string) (Reading, error) {
	d := xml.NewDecoder(strings.NewReader(h))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var (
		rd   Reading
		word *Word
		// chars[i] are the characters of rd.Words[i] (of word for the
		// last one).
		chars [][]Char
		// What the text inside the current span is: a character, a
		// choice, or nothing.
		kind     string
		text     strings.Builder
		conf     float64
		inChoice bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Reading{}, fmt.Errorf("hocr: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "span" {
				continue
			}
			class, id, title := attr(t, "class"), attr(t, "id"), attr(t, "title")
			switch {
			case class == "ocrx_word":
				if word != nil {
					rd.Words = append(rd.Words, *word)
				}
				word = &Word{Box: bbox(title, "bbox"), Conf: num(title, "x_wconf")}
				chars = append(chars, nil)
			case class == "ocrx_cinfo" && strings.HasPrefix(id, "lstm_choices"):
				inChoice = true
			case class == "ocrx_cinfo" && inChoice:
				kind, conf = "choice", num(title, "x_confs")
				text.Reset()
			case class == "ocrx_cinfo":
				kind, conf = "char", num(title, "x_conf")
				text.Reset()
			}
		case xml.CharData:
			if kind != "" {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local != "span" {
				continue
			}
			switch kind {
			case "char":
				if word != nil {
					word.Text += text.String()
					chars[len(chars)-1] = append(chars[len(chars)-1], Char{Text: text.String(), Conf: conf})
				}
				kind = ""
			case "choice":
				if word != nil {
					wc := chars[len(chars)-1]
					if n := len(wc); n > 0 && text.String() != wc[n-1].Text {
						wc[n-1].Alts = append(wc[n-1].Alts, Alt{Text: text.String(), Conf: conf})
					}
				}
				kind = ""
			default:
				// The end of a choices container, a word or a line.
				inChoice = false
			}
		}
	}
	if word != nil {
		rd.Words = append(rd.Words, *word)
	}
	// Drop empty words (Tesseract reports some for blank lines) and words
	// without a letter or digit (a lone "-" or "'" read from a speck).
	ws := rd.Words[:0]
	for i, w := range rd.Words {
		if strings.IndexFunc(w.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			ws = append(ws, w)
			rd.Chars = append(rd.Chars, chars[i]...)
		}
	}
	rd.Words = ws
	rd.Text, rd.Conf = joinWords(rd.Words)
	return rd, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// field returns the space-separated values after key in an hOCR title
// ("bbox 1 2 3 4; x_wconf 87").
func field(title, key string) []string {
	for _, part := range strings.Split(title, ";") {
		f := strings.Fields(part)
		if len(f) > 0 && f[0] == key {
			return f[1:]
		}
	}
	return nil
}

func num(title, key string) float64 {
	f := field(title, key)
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

func bbox(title, key string) image.Rectangle {
	f := field(title, key)
	if len(f) != 4 {
		return image.Rectangle{}
	}
	var v [4]int
	for i := range v {
		v[i], _ = strconv.Atoi(f[i])
	}
	return image.Rect(v[0], v[1], v[2], v[3])
}
