package formgen

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// renderer holds the state of one Render call.
type renderer struct {
	img   *image.RGBA
	dpi   float64
	l     Layout
	faces *faceCache
	rng   *rand.Rand
}

func (r *renderer) px(mm float64) float64 { return mm * r.dpi / 25.4 }

// pxPt converts points to pixels.
func (r *renderer) pxPt(pt float64) float64 { return pt * r.dpi / 72 }

func ptToMM(pt float64) float64 { return pt * 25.4 / 72 }

// Render draws the upright page of layout l filled with entries (one per
// printed row, in order; missing entries are blank rows, extra ones are
// ignored) at dpi (0 = 300) and returns it with its truth. The image is
// colour so that inks differ from print. The truth's PageToImage is the
// scale from the 300-dpi page to this image; Scan's affine composes with it
// through PageTruth.ApplyScan. When the paragraphs of page 1 would push the
// table off the page, the body text is set smaller; the truth's Layout is
// the one actually printed. rng drives the handwriting jitter and specks;
// the same seed gives the same page.
func Render(l Layout, entries []Entry, dpi float64, rng *rand.Rand) (*image.RGBA, PageTruth) {
	if dpi <= 0 {
		dpi = 300
	}
	if l.Page != 2 {
		l.Page = 1
	}
	if len(l.Numbers) == 0 {
		l.Numbers = OriginalNumbers(l.Page)
	}
	w := int(math.Round(PageWmm / 25.4 * dpi))
	h := int(math.Round(PageHmm / 25.4 * dpi))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	r := &renderer{img: img, dpi: dpi, faces: newFaceCache(dpi), rng: rng}

	title, paras, footer := formParts()
	var tableTop float64
	if l.Page == 1 {
		// Shrink the body text until the table fits.
		for i := 0; i < 12; i++ {
			y := r.flowText(l, title, paras, l.MarginT, false)
			bottom := y + l.TableGap + l.HeaderH + float64(len(l.Numbers))*l.RowH
			if bottom <= PageHmm-l.MarginB || l.BodyPt <= 6 {
				break
			}
			l.BodyPt -= 0.5
			l.Leading = math.Max(1.0, l.Leading-0.02)
			l.ParaGap = math.Max(0.5, l.ParaGap*0.85)
		}
		r.l = l
		tableTop = r.flowText(l, title, paras, l.MarginT, true) + l.TableGap
	} else {
		r.l = l
		tableTop = l.MarginT2
	}
	l.RowHmm = math.Round(l.RowH*100) / 100
	truth := PageTruth{
		FormPage:    l.Page,
		DPI:         dpi,
		PageToImage: [6]float64{dpi / 300, 0, 0, 0, dpi / 300, 0},
		ImageSize:   [2]int{w, h},
		Layout:      &l,
	}
	tableBottom := r.drawTable(tableTop, &truth)
	if l.Page == 2 {
		r.flowFooter(footer, tableBottom+l.FooterGap)
	}
	for i := range truth.Rows {
		var e Entry
		if i < len(entries) {
			e = entries[i]
		} else {
			e = Entry{Blank: true}
		}
		r.drawEntry(e, &truth.Rows[i])
	}
	return img, truth
}

// printFace returns the print face at pt and whether bold must be faked.
func (r *renderer) printFace(bold bool, pt float64) (font.Face, bool) {
	fam := printFamilyByName(r.l.PrintFont)
	if r.l.PrintFont == "" {
		fam = printFamilyByName(OriginalLayout(1).PrintFont)
	}
	if bold && fam.bold != "" {
		return r.faces.face(fam.bold, pt), false
	}
	return r.faces.face(fam.regular, pt), bold
}

type word struct {
	text string
	bold bool
}

// layoutLines wraps words into lines no wider than width pixels.
func (r *renderer) layoutLines(words []word, pt, width float64) [][]word {
	space := r.measure(word{" ", false}, pt)
	var lines [][]word
	var cur []word
	curW := 0.0
	for _, w := range words {
		ww := r.measure(w, pt)
		if len(cur) > 0 && curW+space+ww > width {
			lines = append(lines, cur)
			cur, curW = nil, 0
		}
		if len(cur) > 0 {
			curW += space
		}
		cur = append(cur, w)
		curW += ww
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

func (r *renderer) measure(w word, pt float64) float64 {
	f, _ := r.printFace(w.bold, pt)
	return float64(font.MeasureString(f, w.text)) / 64
}

func splitWords(spans []span) []word {
	var out []word
	for _, s := range spans {
		for _, f := range strings.Fields(s.text) {
			out = append(out, word{f, s.bold})
		}
	}
	return out
}

// drawParagraph sets words from y (mm, top of the first line) and returns
// the y below the last line.
func (r *renderer) drawParagraph(words []word, pt, leading float64, align string, justify, paint bool, y float64) float64 {
	l := r.l
	x0 := r.px(l.MarginL)
	width := r.px(PageWmm-l.MarginR) - x0
	lines := r.layoutLines(words, pt, width)
	lineH := ptToMM(pt) * leading
	for i, line := range lines {
		if paint {
			base := r.px(y + ptToMM(pt)*0.8)
			total := 0.0
			for _, w := range line {
				total += r.measure(w, pt)
			}
			space := r.measure(word{" ", false}, pt)
			gap := space
			x := x0
			switch {
			case justify && i < len(lines)-1 && len(line) > 1:
				gap = (width - total) / float64(len(line)-1)
			case align == "center":
				x = x0 + (width-total-space*float64(len(line)-1))/2
			}
			for _, w := range line {
				r.drawPrint(w.text, w.bold, pt, x, base, color.Black)
				x += r.measure(w, pt) + gap
			}
		}
		y += lineH
	}
	return y
}

// drawPrint draws printed text with its baseline at (x, base) pixels.
func (r *renderer) drawPrint(s string, bold bool, pt, x, base float64, c color.Color) {
	f, fake := r.printFace(bold, pt)
	d := font.Drawer{Dst: r.img, Src: image.NewUniform(c), Face: f,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(base * 64)}}
	d.DrawString(s)
	if fake {
		off := math.Max(1, r.dpi/300*1.6)
		d.Dot = fixed.Point26_6{X: fixed.Int26_6((x + off) * 64), Y: fixed.Int26_6(base * 64)}
		d.DrawString(s)
	}
}

// flowText sets the title and paragraphs of page 1 from y (mm) and
// returns the y below them.
func (r *renderer) flowText(l Layout, title string, paras [][]span, y float64, paint bool) float64 {
	r.l = l
	y = r.drawParagraph(splitWords([]span{{title, true}}), l.TitlePt, 1.1, l.TitleAlign, false, paint, y)
	y += l.ParaGap * 1.5
	for _, p := range paras {
		y = r.drawParagraph(splitWords(p), l.BodyPt, l.Leading, "left", l.Justify, paint, y)
		y += l.ParaGap
	}
	return y
}

func (r *renderer) flowFooter(footer [][]span, y float64) {
	l := r.l
	for _, p := range footer {
		if y > PageHmm-5 {
			return
		}
		y = r.drawParagraph(splitWords(p), l.FooterPt, l.Leading, "left", l.Justify, true, y)
		y += l.ParaGap * 0.6
	}
}

// fillPx fills a rectangle given in pixels, at least 1 pixel thick.
func (r *renderer) fillPx(x0, y0, x1, y1 float64, c color.Color) {
	rect := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
	if rect.Dx() < 1 {
		rect.Max.X = rect.Min.X + 1
	}
	if rect.Dy() < 1 {
		rect.Max.Y = rect.Min.Y + 1
	}
	draw.Draw(r.img, rect, image.NewUniform(c), image.Point{}, draw.Src)
}

// drawTable rules the table from top (mm), writes the header and the row
// numbers, fills truth.Rows with the geometry and returns the table bottom.
func (r *renderer) drawTable(top float64, t *PageTruth) float64 {
	l := r.l
	xs := l.TableXmm()
	n := len(l.Numbers)
	bottom := top + l.HeaderH + float64(n)*l.RowH
	t.TableMM = [4]float64{xs[0], top, xs[4], bottom}
	lineC := color.Gray{Y: uint8(l.LineGrey)}
	lw := math.Max(1, math.Round(float64(l.LinePx)*r.dpi/300))
	ow := math.Max(lw, math.Round(float64(l.LinePx+l.OuterPx)*r.dpi/300))
	if l.HeaderFill > 0 {
		r.fillPx(r.px(xs[0]), r.px(top), r.px(xs[4]), r.px(top+l.HeaderH), color.Gray{Y: uint8(l.HeaderFill)})
	}
	// Lines are centred on the boundaries.
	hline := func(y float64, th float64) {
		py := r.px(y)
		r.fillPx(r.px(xs[0])-ow/2, py-th/2, r.px(xs[4])+ow/2, py+th/2, lineC)
	}
	vline := func(x float64, th float64) {
		px := r.px(x)
		r.fillPx(px-th/2, r.px(top)-ow/2, px+th/2, r.px(bottom)+ow/2, lineC)
	}
	hline(top, ow)
	hline(top+l.HeaderH, lw)
	for i := 1; i < n; i++ {
		hline(top+l.HeaderH+float64(i)*l.RowH, lw)
	}
	hline(bottom, ow)
	vline(xs[0], ow)
	vline(xs[1], lw)
	vline(xs[2], lw)
	vline(xs[3], lw)
	vline(xs[4], ow)

	// Header.
	heads := []string{"", "NOM, PRENOM", "CODE POSTAL", "SIGNATURE"}
	for c := 1; c < 4; c++ {
		pt := l.HeaderPt
		w := r.measure(word{heads[c], l.HeaderBold}, pt)
		if room := r.px(xs[c+1]-xs[c]) - r.px(2.5); w > room { // set smaller to fit its cell
			pt *= room / w
			w = room
		}
		x := r.px(xs[c]) + r.px(1.5)
		if l.HeaderAlign != "left" {
			x = (r.px(xs[c])+r.px(xs[c+1]))/2 - w/2
		}
		base := r.px(top+l.HeaderH/2) + r.pxPt(pt)*0.36
		r.drawPrint(heads[c], l.HeaderBold, pt, x, base, color.Black)
	}
	// Rows.
	for i, num := range l.Numbers {
		y0 := top + l.HeaderH + float64(i)*l.RowH
		y1 := y0 + l.RowH
		s := itoa(num)
		w := r.measure(word{s, false}, l.NumPt)
		var x float64
		switch l.NumAlign {
		case "left":
			x = r.px(xs[0]) + r.px(1.2)
		case "right":
			x = r.px(xs[1]) - r.px(1.2) - w
		default:
			x = (r.px(xs[0])+r.px(xs[1]))/2 - w/2
		}
		base := r.px((y0+y1)/2) + r.pxPt(l.NumPt)*0.36
		r.drawPrint(s, false, l.NumPt, x, base, color.Black)
		t.Rows = append(t.Rows, RowTruth{
			Number: num,
			Blank:  true,
			Notes:  []string{},
			BoxMM:  round4(xs[1], y0, xs[4], y1),
			Cells: &CellsMM{
				Number: round4(xs[0], y0, xs[1], y1),
				Name:   round4(xs[1], y0, xs[2], y1),
				Postal: round4(xs[2], y0, xs[3], y1),
				Sig:    round4(xs[3], y0, xs[4], y1),
			},
		})
	}
	return bottom
}

func round4(a, b, c, d float64) [4]float64 {
	f := func(v float64) float64 { return math.Round(v*1000) / 1000 }
	return [4]float64{f(a), f(b), f(c), f(d)}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
