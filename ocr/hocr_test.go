package ocr

import (
	"image"
	"testing"
)

// sampleHOCR is the shape of Tesseract 5.3's hOCR with hocr_char_boxes and
// lstm_choice_mode 2, cut down by hand: two words, the second a lone hyphen
// read from a speck.
const sampleHOCR = `<?xml version="1.0" encoding="UTF-8"?>
<html><body>
<div class='ocr_page' id='page_1' title='image ""; bbox 0 0 536 50; ppageno 0'>
 <span class='ocr_line' id='line_1_1' title="bbox 25 5 472 47">
  <span class='ocrx_word' id='word_1_1' title='bbox 25 9 80 47; x_wconf 87'>
   <span class='ocrx_cinfo' title='x_bboxes 25 11 51 47; x_conf 98.5'>B</span>
    <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
     <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 90.7'>B</span>
     <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 4.5'>R</span>
    </span>
   <span class='ocrx_cinfo' title='x_bboxes 57 9 80 43; x_conf 70'>&#39;</span>
    <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
     <span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 60'>&#39;</span>
    </span>
  </span>
  <span class='ocrx_word' id='word_1_2' title='bbox 100 9 180 47; x_wconf 61'>
   <span class='ocrx_cinfo' title='x_bboxes 100 9 140 47; x_conf 91'>É</span>
   <span class='ocrx_cinfo' title='x_bboxes 140 9 180 47; x_conf 80'>O</span>
    <span class='ocrx_cinfo' id='lstm_choices_1_2_2'>
     <span class='ocrx_cinfo' id='choice_1_2_3' title='x_confs 80'>O</span>
     <span class='ocrx_cinfo' id='choice_1_2_4' title='x_confs 10'>0</span>
    </span>
  </span>
  <span class='ocrx_word' id='word_1_3' title='bbox 400 9 410 47; x_wconf 20'>
   <span class='ocrx_cinfo' title='x_bboxes 400 9 410 47; x_conf 20'>-</span>
  </span>
 </span>
</div></body></html>`

func TestParseHOCR(t *testing.T) {
	rd, err := parseHOCR(sampleHOCR)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Text != "B' ÉO" {
		t.Errorf("text = %q, want %q", rd.Text, "B' ÉO")
	}
	if len(rd.Words) != 2 {
		t.Fatalf("%d words, want 2 (the lone hyphen dropped)", len(rd.Words))
	}
	if want := image.Rect(100, 9, 180, 47); rd.Words[1].Box != want || rd.Words[1].Conf != 61 {
		t.Errorf("word 2 = %+v, want box %v conf 61", rd.Words[1], want)
	}
	if rd.Conf != 74 {
		t.Errorf("conf = %v, want mean of 87 and 61 = 74", rd.Conf)
	}
	wantChars := []Char{
		{Text: "B", Conf: 98.5, Alts: []Alt{{"R", 4.5}}},
		{Text: "'", Conf: 70},
		{Text: "É", Conf: 91},
		{Text: "O", Conf: 80, Alts: []Alt{{"0", 10}}},
	}
	if len(rd.Chars) != len(wantChars) {
		t.Fatalf("chars = %+v, want %+v", rd.Chars, wantChars)
	}
	for i, c := range rd.Chars {
		w := wantChars[i]
		if c.Text != w.Text || c.Conf != w.Conf || len(c.Alts) != len(w.Alts) {
			t.Errorf("char %d = %+v, want %+v", i, c, w)
			continue
		}
		for k := range c.Alts {
			if c.Alts[k] != w.Alts[k] {
				t.Errorf("char %d alt %d = %+v, want %+v", i, k, c.Alts[k], w.Alts[k])
			}
		}
	}
}

func TestParseHOCREmpty(t *testing.T) {
	rd, err := parseHOCR(`<html><body><div class='ocr_page'></div></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Text != "" || rd.Conf != 0 || len(rd.Words)+len(rd.Chars) != 0 {
		t.Errorf("empty page gave %+v, want an empty reading", rd)
	}
}
