package ocr

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// Field says which column of the petition table a cell comes from. It
// selects the character whitelist, the model and the preprocessing.
type Field int

const (
	// Name is the hand-written "NOM, PRENOM" cell: letters, French
	// accented letters, hyphen, apostrophe and space.
	Name Field = iota
	// Postal is the hand-written postal-code cell: digits only.
	Postal
	// Number is the printed row number: digits only.
	Number
)

func (f Field) String() string {
	switch f {
	case Name:
		return "name"
	case Postal:
		return "postal"
	case Number:
		return "number"
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// Box is a rectangle in pixels of the image given to Tesseract (the cell
// after preprocessing, see Reading.Variant), not of the original cell.
type Box = image.Rectangle

// Word is one word Tesseract recognised.
type Word struct {
	Text string
	Conf float64 // Tesseract's word confidence, 0..100
	Box  Box     // pixels of the preprocessed cell
}

// Char is one recognised character with the alternatives the LSTM
// considered at that position (Tesseract's lstm_choice_mode 2, read from
// its hOCR output, since gosseract v2.4.1 does not expose the choice
// iterator).
type Char struct {
	Text string
	Conf float64 // 0..100
	Alts []Alt   // other candidates, best first; may be empty
}

// Alt is an alternative character at one position.
type Alt struct {
	Text string
	Conf float64 // 0..100; Tesseract often reports 0 for the runners-up
}

// Reading is what Tesseract read in one cell with one preprocessing and
// one model.
type Reading struct {
	Text    string  // words joined by single spaces; "" for a blank cell
	Conf    float64 // mean word confidence, 0..100; 0 when Text is ""
	Words   []Word
	Chars   []Char // characters of Text without the spaces, in order
	Variant string // preprocessing and model used, e.g. "crop/fra"
}

// Options configures a Reader.
type Options struct {
	// Lang is the Tesseract language of names, "fra" when empty.
	Lang string
	// DigitLang is the Tesseract language that reads hand-written postal
	// codes first. Empty means "eng", whose model reads hand-written
	// digits better than "fra" on the sample scans (TestCorpus), or Lang
	// when eng is not installed.
	DigitLang string
	// OtherLang is the Tesseract language of a model of another family
	// that reads a cell once more (ReadOther): a witness
	// whose errors owe little to those of Lang and DigitLang.
	// Empty means "Latin" (Debian's tesseract-ocr-script-latn, a network
	// trained on all Latin-script languages) when it is installed; "-"
	// means none.
	OtherLang string
	// DataPath is the tessdata directory; "" uses Tesseract's default.
	DataPath string
}

// defaultRecycle is the number of recognitions after which a Reader
// replaces a Tesseract client: gosseract v2.4.1 leaks a few small C strings
// per call.
const defaultRecycle = 2000

// initMu serialises Tesseract initialisation: gosseract's Init redirects
// the process's stderr while it runs, so two concurrent inits could leave
// stderr pointing at /dev/null.
var initMu sync.Mutex

// Reader reads cell images with Tesseract: one client for names (Lang) and,
// when DigitLang differs, one for digits. Use one Reader per worker
// goroutine: it is not safe for concurrent use. The caller must Close it.
type Reader struct {
	opts    Options
	name    *engine  // Lang
	digits  *engine  // DigitLang; == name when the languages are equal
	other   *engine  // OtherLang; nil when none
	missing []string // optional models not installed, with their Debian packages
	recycle int      // recognitions before a client is replaced
	noDict  bool     // start clients without the word dictionaries (measurement only)
	usePNG  bool     // pass PNG instead of PGM bytes (measurement only)
}

// engine is one Tesseract client and the settings it currently holds.
type engine struct {
	lang      string
	client    *gosseract.Client
	whitelist string // whitelist set on client
	psm       string // page segmentation mode set on client
	calls     int    // recognitions since the client was created
	created   int    // clients created, for tests
}

// NewReader starts the Tesseract clients. Tesseract's process-wide
// settings are the same for every Reader, so Readers can run side by side
// in different goroutines.
func NewReader(o Options) (*Reader, error) {
	return newReader(o, false)
}

// newReader is NewReader, optionally without dictionaries (for
// TestCorpus).
func newReader(o Options, noDict bool) (*Reader, error) {
	if o.Lang == "" {
		o.Lang = "fra"
	}
	explicit := o.DigitLang != ""
	if !explicit {
		o.DigitLang = "eng"
	}
	r := &Reader{opts: o, recycle: defaultRecycle, noDict: noDict}
	r.name = &engine{lang: o.Lang}
	if err := r.start(r.name); err != nil {
		return nil, err
	}
	r.digits = r.name
	if o.OtherLang != "-" {
		e := &engine{lang: cmp.Or(o.OtherLang, "Latin")}
		if err := r.start(e); err == nil {
			r.other = e
		} else if o.OtherLang != "" {
			r.Close()
			return nil, err
		} else {
			r.missing = append(r.missing, "Latin (tesseract-ocr-script-latn)")
		}
	}
	if o.DigitLang != o.Lang {
		d := &engine{lang: o.DigitLang}
		if err := r.start(d); err != nil {
			if explicit {
				r.Close()
				return nil, err
			}
			// eng is not installed: read digits with Lang.
			r.opts.DigitLang = o.Lang
			r.missing = append(r.missing, "eng (tesseract-ocr-eng)")
		} else {
			r.digits = d
		}
	}
	return r, nil
}

// blankPGM is a small white image used to initialise a client.
var blankPGM = encodePGM(image.NewGray(image.Rect(0, 0, 8, 8)), 255)

// start creates e's client, replacing (and closing) any previous one.
func (r *Reader) start(e *engine) error {
	if e.client != nil {
		err := e.client.Close()
		e.client = nil
		if err != nil {
			return fmt.Errorf("ocr recycle: %w", err)
		}
	}
	c := gosseract.NewClient()
	if r.opts.DataPath != "" {
		c.TessdataPrefix = r.opts.DataPath
	}
	if err := c.SetLanguage(e.lang); err != nil {
		c.Close()
		return fmt.Errorf("ocr new reader: %w", err)
	}
	for k, v := range variables {
		c.SetVariable(gosseract.SettableVariable(k), v)
	}
	c.SetVariable(gosseract.TESSEDIT_CHAR_WHITELIST, whitelists[Name])
	if r.noDict {
		// Dictionary loading is an init-only setting: it can only be
		// given in a config file read by Init.
		f, err := os.CreateTemp("", "sheetscan-ocr-*.config")
		if err != nil {
			c.Close()
			return fmt.Errorf("ocr new reader: %w", err)
		}
		defer os.Remove(f.Name())
		_, err = f.WriteString("load_system_dawg 0\nload_freq_dawg 0\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			c.Close()
			return fmt.Errorf("ocr new reader: %w", err)
		}
		c.ConfigFilePath = f.Name()
	}
	if err := c.SetImageFromBytes(blankPGM); err != nil {
		c.Close()
		return fmt.Errorf("ocr new reader: %w", err)
	}
	initMu.Lock()
	// The first recognition runs Init, which redirects stderr.
	_, err := c.HOCRText()
	initMu.Unlock()
	if err != nil {
		c.Close()
		return fmt.Errorf("ocr new reader %s: %w", e.lang, err)
	}
	e.client, e.whitelist, e.psm, e.calls = c, whitelists[Name], variables["tessedit_pageseg_mode"], 0
	e.created++
	return nil
}

// variables are the Tesseract settings of every client. Page mode 7 (one
// text line) is set as a variable because SetPageSegMode is lost when
// gosseract re-initialises. lstm_choice_mode 2 and hocr_char_boxes make the
// hOCR output carry per-character confidences and alternatives, so that a
// single recognition gives words, characters and alternatives.
var variables = map[string]string{
	"tessedit_pageseg_mode": "7",
	"user_defined_dpi":      "300",
	"lstm_choice_mode":      "2",
	"hocr_char_boxes":       "1",
	"debug_file":            os.DevNull,
}

// whitelists per field. Tesseract 5's LSTM engine honours
// tessedit_char_whitelist (TestWhitelist checks it).
var whitelists = map[Field]string{
	Name:   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆàâäçéèêëîïôöùûüÿœæ" + "-' ",
	Postal: "0123456789",
	Number: "0123456789",
}

// Missing names the optional models the Reader goes without because
// they are not installed, each with its Debian package: it still reads,
// but less well than measured.
func (r *Reader) Missing() []string { return r.missing }

// Close releases the Tesseract clients. The Reader must not be used after.
func (r *Reader) Close() error {
	var errs []error
	for _, e := range []*engine{r.name, r.digits, r.other} {
		if e != nil && e.client != nil {
			errs = append(errs, e.client.Close())
			e.client = nil
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("ocr close: %w", err)
	}
	return nil
}

// errClosed is returned when a closed Reader is used.
var errClosed = errors.New("ocr: reader is closed")

// recognize runs e once on img (already preprocessed) with the whitelist of
// f and parses the hOCR output.
func (r *Reader) recognize(e *engine, img *image.Gray, f Field) (Reading, error) {
	if e == nil || e.client == nil {
		return Reading{}, errClosed
	}
	if e.calls >= r.recycle {
		if err := r.start(e); err != nil {
			return Reading{}, err
		}
	}
	if wl := whitelists[f]; wl != e.whitelist {
		if err := e.client.SetWhitelist(wl); err != nil {
			return Reading{}, fmt.Errorf("ocr whitelist: %w", err)
		}
		e.whitelist = wl
	}
	data := encodePGM(img, 0)
	if r.usePNG {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return Reading{}, fmt.Errorf("ocr image: %w", err)
		}
		data = buf.Bytes()
	}
	if err := e.client.SetImageFromBytes(data); err != nil {
		return Reading{}, fmt.Errorf("ocr image: %w", err)
	}
	e.calls++
	h, err := e.client.HOCRText()
	if err != nil {
		return Reading{}, fmt.Errorf("ocr %s: %w", f, err)
	}
	rd, err := parseHOCR(h)
	if err != nil {
		return Reading{}, fmt.Errorf("ocr %s: %w", f, err)
	}
	return rd, nil
}

// encodePGM encodes img as a binary PGM (P5), which Leptonica reads from
// memory without the cost of PNG compression. If fill is not 0 the image is
// painted with that gray level instead.
func encodePGM(img *image.Gray, fill uint8) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	head := fmt.Sprintf("P5\n%d %d\n255\n", w, h)
	out := make([]byte, len(head)+w*h)
	copy(out, head)
	p := out[len(head):]
	for y := 0; y < h; y++ {
		row := p[y*w : (y+1)*w]
		if fill != 0 {
			for i := range row {
				row[i] = fill
			}
			continue
		}
		copy(row, img.Pix[y*img.Stride:y*img.Stride+w])
	}
	return out
}

// joinWords builds the reading text and confidence from its words.
func joinWords(ws []Word) (string, float64) {
	var parts []string
	sum := 0.0
	for _, w := range ws {
		if t := strings.TrimSpace(w.Text); t != "" {
			parts = append(parts, t)
			sum += w.Conf
		}
	}
	if len(parts) == 0 {
		return "", 0
	}
	return strings.Join(parts, " "), sum / float64(len(parts))
}
