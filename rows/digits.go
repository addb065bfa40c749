package rows

import (
	"image"
	"math"
	"sort"
	"strconv"
)

// MatchMin is the DigitTemplates.Match score from which Find takes a
// number the reader missed as confirmed by the page's digits.
const MatchMin = 0.75

// glyphW and glyphH are the size digit glyphs are normalised to.
const glyphW, glyphH = 12, 16

// glyph is a digit normalised to glyphW×glyphH cells, true for ink.
type glyph [glyphW * glyphH]bool

// DigitTemplates matches the printed digits of one page against the
// page's own digits: cells whose number the reader read confidently and
// the sequence confirmed give a template per digit, which then checks the
// cells the reader could not read. Make one with NewDigitTemplates; not
// safe for concurrent use.
type DigitTemplates struct {
	px1mm float64
	t     map[byte][]glyph
}

// NewDigitTemplates returns an empty matcher for a page at dpi.
func NewDigitTemplates(dpi float64) *DigitTemplates {
	return &DigitTemplates{px1mm: dpi / 25.4, t: map[byte][]glyph{}}
}

// Add learns the digits of text from a number cell image (black on white)
// that holds exactly that many glyphs; it reports whether it did.
func (d *DigitTemplates) Add(cell *image.Gray, text string) bool {
	gs := d.glyphs(cell)
	if len(gs) != len(text) || len(text) == 0 {
		return false
	}
	for i := range gs {
		d.t[text[i]] = append(d.t[text[i]], gs[i])
	}
	return true
}

// Match tells how well the cell shows the number want: for each glyph,
// the share of matching cells with the best template of its expected
// digit, if that digit beats every other digit's templates by a margin;
// the result is the lowest over the glyphs, 0 when the glyph count or a
// template is missing or another digit fits better.
func (d *DigitTemplates) Match(cell *image.Gray, want int) float64 {
	text := strconv.Itoa(want)
	gs := d.glyphs(cell)
	if len(gs) != len(text) {
		return 0
	}
	score := 1.0
	for i, g := range gs {
		own := d.best(g, text[i])
		if own == 0 {
			return 0
		}
		for c := range d.t {
			if c != text[i] && d.best(g, c) > own-0.05 {
				return 0
			}
		}
		score = math.Min(score, own)
	}
	return score
}

func (d *DigitTemplates) best(g glyph, c byte) float64 {
	best := 0.0
	for _, t := range d.t[c] {
		same := 0
		for k := range g {
			if g[k] == t[k] {
				same++
			}
		}
		best = math.Max(best, float64(same)/float64(len(g)))
	}
	return best
}

// glyphs cuts a cell into its digits, left to right: connected components
// of at least 0.1 mm², those overlapping horizontally merged (a broken
// digit), each scaled to glyphW×glyphH.
func (d *DigitTemplates) glyphs(cell *image.Gray) []glyph {
	if cell == nil {
		return nil
	}
	b := cell.Bounds()
	bm := newBitmap(b.Dx(), b.Dy())
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if cell.Pix[y*cell.Stride+x] < 128 {
				bm.pix[y*bm.w+x] = 1
			}
		}
	}
	var parts []blob
	for _, bl := range blobs(bm, image.Rect(0, 0, bm.w, bm.h)) {
		if float64(bl.area) >= 0.1*d.px1mm*d.px1mm {
			parts = append(parts, bl)
		}
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].box.Min.X < parts[j].box.Min.X })
	var boxes []image.Rectangle
	for _, p := range parts {
		if n := len(boxes); n > 0 && p.box.Min.X < boxes[n-1].Max.X-1 {
			boxes[n-1] = boxes[n-1].Union(p.box)
			continue
		}
		boxes = append(boxes, p.box)
	}
	out := make([]glyph, len(boxes))
	for i, r := range boxes {
		for gy := 0; gy < glyphH; gy++ {
			for gx := 0; gx < glyphW; gx++ {
				x := r.Min.X + (2*gx+1)*r.Dx()/(2*glyphW)
				y := r.Min.Y + (2*gy+1)*r.Dy()/(2*glyphH)
				out[i][gy*glyphW+gx] = bm.at(x, y)
			}
		}
	}
	return out
}
