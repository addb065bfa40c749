package rows

import (
	"image"

	"github.com/disintegration/imaging"
	"math"
	"strconv"
	"strings"
)

// reading is what the NumberReader made of one row's number cell.
type reading struct {
	text string
	conf float64
	val  int // -1 when text is not a number
}

// numberRows reads each number cell and numbers the rows from the
// readings and their sequence.
//
// page is the page given to Find; cells are in its pixel coordinates
// shifted by -off (the bitmaps start at 0, 0).
func numberRows(t *Table, page *image.Gray, off image.Point, cells []*image.Gray, nr NumberReader, px1mm float64) {
	rs := make([]reading, len(cells))
	for i, c := range cells {
		rs[i] = readCell(page, off, c, nr, px1mm)
	}
	nums, src, ok := sequence(rs)
	for i := range t.Rows {
		r := &t.Rows[i]
		r.NumberText, r.NumberConf = rs[i].text, rs[i].conf
		r.Number, r.NumberSource = nums[i], src[i]
	}
	// Check the numbers the reader missed against the page's own digits.
	if ok {
		dt := NewDigitTemplates(px1mm * 25.4)
		for i, r := range t.Rows {
			if r.NumberSource == SourceRead && r.NumberConf >= 0.7 {
				dt.Add(cells[i], r.NumberText)
			}
		}
		for i := range t.Rows {
			r := &t.Rows[i]
			if r.NumberSource == SourceRead {
				continue
			}
			if m := dt.Match(cells[i], r.Number); m >= MatchMin {
				r.NumberSource, r.NumberConf = SourceMatched, m
			}
		}
	}
	if ok && len(nums) > 0 {
		switch {
		case nums[0] >= 11:
			t.FormPage = 2
		case nums[len(nums)-1] <= 10:
			t.FormPage = 1
		}
	}
}

// readCell asks nr for the digits in cell, trying a second preparation
// (binary, thicker strokes, larger) when the first (the page's own grey
// pixels under the digits, contrast stretched and smoothly enlarged)
// gives nothing confident.
func readCell(page *image.Gray, off image.Point, cell *image.Gray, nr NumberReader, px1mm float64) reading {
	none := reading{val: -1}
	if nr == nil || cell == nil {
		return none
	}
	cell = stripLines(cell, max(2, int(0.3*px1mm)))
	ink := inkBounds(cell)
	if ink.Empty() {
		return none
	}
	best := none
	for attempt := 0; attempt < 2; attempt++ {
		var img *image.Gray
		if attempt == 0 {
			img = greyDigits(page, off, cell, ink, px1mm)
		} else {
			img = prepareDigits(cell, ink, px1mm, attempt)
		}
		text, conf, err := nr.ReadNumber(img)
		if err != nil {
			continue
		}
		r := parseReading(text, conf)
		if r.val >= 0 && (best.val < 0 || r.conf > best.conf) {
			best = r
		}
		if best.val >= 0 && best.conf >= 0.6 {
			break
		}
	}
	return best
}

func parseReading(text string, conf float64) reading {
	var b strings.Builder
	for _, c := range text {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	r := reading{text: b.String(), conf: math.Max(0, math.Min(1, conf)), val: -1}
	if n := len(r.text); n > 0 && n <= 3 {
		r.val, _ = strconv.Atoi(r.text)
	}
	return r
}

// stripLines returns cell without the rows and columns of ink that run
// along more than 60 % of its width or height (gaps of up to 2 pixels
// bridged), and the ragged fringe of d pixels beside them: what is left of
// ruled lines that a rough scan (a dithered or binarised one) printed too
// ragged for the rule remover. The printed digits of a number cell are far
// smaller. The cell itself is not changed.
func stripLines(cell *image.Gray, d int) *image.Gray {
	b := cell.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return cell
	}
	dark := func(x, y int) bool { return cell.Pix[y*cell.Stride+x] < 128 }
	longest := func(n int, at func(int) bool) int {
		best, start, last := 0, -1, -10
		for i := 0; i < n; i++ {
			if !at(i) {
				continue
			}
			if i-last > 3 {
				start = i
			}
			last = i
			best = max(best, last-start+1)
		}
		return best
	}
	var rowsOut, colsOut []int
	for y := 0; y < h; y++ {
		if longest(w, func(x int) bool { return dark(x, y) }) > 6*w/10 {
			rowsOut = append(rowsOut, y)
		}
	}
	for x := 0; x < w; x++ {
		if longest(h, func(y int) bool { return dark(x, y) }) > 6*h/10 {
			colsOut = append(colsOut, x)
		}
	}
	if len(rowsOut) == 0 && len(colsOut) == 0 {
		return cell
	}
	out := image.NewGray(b)
	for y := 0; y < h; y++ {
		copy(out.Pix[y*out.Stride:y*out.Stride+w], cell.Pix[y*cell.Stride:y*cell.Stride+w])
	}
	for _, y0 := range rowsOut {
		for y := max(0, y0-d); y <= min(h-1, y0+d); y++ {
			for x := 0; x < w; x++ {
				out.Pix[y*out.Stride+x] = 255
			}
		}
	}
	for _, x0 := range colsOut {
		for x := max(0, x0-d); x <= min(w-1, x0+d); x++ {
			for y := 0; y < h; y++ {
				out.Pix[y*out.Stride+x] = 255
			}
		}
	}
	return out
}

// inkBounds returns the bounds of the black pixels of a cell image.
func inkBounds(img *image.Gray) image.Rectangle {
	b := img.Bounds()
	out := image.Rectangle{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[(y-b.Min.Y)*img.Stride:]
		for x := 0; x < b.Dx(); x++ {
			if row[x] < 128 {
				out = out.Union(image.Rect(b.Min.X+x, y, b.Min.X+x+1, y+1))
			}
		}
	}
	return out
}

// prepareDigits crops the digits with a white margin and scales them to a
// height Tesseract reads well (about 32 px). The second attempt scales
// twice as large and thickens the strokes by one pixel.
func prepareDigits(cell *image.Gray, ink image.Rectangle, px1mm float64, attempt int) *image.Gray {
	target := 32.0
	if attempt == 1 {
		target = 48
	}
	scale := target / float64(max(ink.Dy(), int(1.5*px1mm)))
	scale = math.Max(0.5, math.Min(6, scale))
	pad := int(math.Ceil(float64(ink.Dy()) * 0.5))
	src := ink.Inset(-pad)
	w := int(math.Round(float64(src.Dx()) * scale))
	h := int(math.Round(float64(src.Dy()) * scale))
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		sy := src.Min.Y + int(float64(y)/scale)
		for x := 0; x < w; x++ {
			sx := src.Min.X + int(float64(x)/scale)
			v := uint8(255)
			if (image.Point{sx, sy}).In(cell.Bounds()) && cell.GrayAt(sx, sy).Y < 128 {
				v = 0
			}
			out.Pix[y*out.Stride+x] = v
		}
	}
	if attempt == 1 {
		out = thicken(out, int(math.Max(1, math.Round(scale/2))))
	}
	return out
}

// greyDigits cuts the digits from the page's grey pixels: only pixels
// within 0.2 mm of the cell's ink are kept (rules and specks go white),
// the contrast is stretched from the darkest ink to the paper, and the
// crop is enlarged smoothly to digits about 30 pixels high, which is what
// Tesseract reads best; small printed digits binarised at 150 dpi lose
// the shapes that tell 1 from 7.
func greyDigits(page *image.Gray, off image.Point, cell *image.Gray, ink image.Rectangle, px1mm float64) *image.Gray {
	pad := int(math.Ceil(float64(ink.Dy()) * 0.5))
	// Wider margins left and right: a lone "1" needs room to be a word.
	src := image.Rect(ink.Min.X-2*pad, ink.Min.Y-pad, ink.Max.X+2*pad, ink.Max.Y+pad)
	r := max(1, int(math.Round(0.2*px1mm)))
	near := func(x, y int) bool {
		for dy := -r; dy <= r; dy++ {
			for dx := -r; dx <= r; dx++ {
				p := image.Point{x + dx, y + dy}
				if p.In(cell.Bounds()) && cell.GrayAt(p.X, p.Y).Y < 128 {
					return true
				}
			}
		}
		return false
	}
	crop := image.NewGray(image.Rect(0, 0, src.Dx(), src.Dy()))
	lo, hi := 255, 0
	var paper []float64
	for y := src.Min.Y; y < src.Max.Y; y++ {
		for x := src.Min.X; x < src.Max.X; x++ {
			p := image.Point{x + off.X, y + off.Y}
			v := 255
			if p.In(page.Bounds()) {
				v = int(page.GrayAt(p.X, p.Y).Y)
			}
			if near(x, y) {
				lo = min(lo, v)
				hi = max(hi, v)
				crop.Pix[(y-src.Min.Y)*crop.Stride+x-src.Min.X] = uint8(v)
			} else {
				paper = append(paper, float64(v))
				crop.Pix[(y-src.Min.Y)*crop.Stride+x-src.Min.X] = 255
			}
		}
	}
	if len(paper) > 0 {
		hi = int(median(paper))
	}
	if hi-lo < 20 {
		hi = lo + 20
	}
	for i, v := range crop.Pix {
		if v == 255 {
			continue
		}
		crop.Pix[i] = uint8(math.Max(0, math.Min(255, float64(int(v)-lo)*255/float64(hi-lo))))
	}
	h := int(math.Round(float64(src.Dy()) * 30 / float64(max(1, ink.Dy()))))
	h = max(h, src.Dy())
	out := imaging.Resize(crop, 0, h, imaging.CatmullRom)
	g := image.NewGray(out.Bounds())
	for i := 0; i < len(g.Pix); i++ {
		g.Pix[i] = out.Pix[4*i] // grey input: R = G = B
	}
	return g
}

// thicken grows black strokes by r pixels.
func thicken(img *image.Gray, r int) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(b)
	copy(out.Pix, img.Pix)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if img.Pix[y*img.Stride+x] != 0 {
				continue
			}
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					xx, yy := x+dx, y+dy
					if xx >= 0 && yy >= 0 && xx < b.Dx() && yy < b.Dy() {
						out.Pix[yy*out.Stride+xx] = 0
					}
				}
			}
		}
	}
	return out
}

// sequence numbers n rows from their readings. Printed numbers go up by
// one from row to row, except at most one printed gap (the original form
// skips 21). Every start and gap are tried; each reading that agrees with
// the model adds 0.5 + conf/2. A gap must be earned: it is kept only if it
// explains clearly more than the best model without one, so a single
// misread digit cannot invent it. ok is false when nothing was read.
func sequence(rs []reading) (nums []int, src []string, ok bool) {
	n := len(rs)
	nums, src = make([]int, n), make([]string, n)
	weight := func(r reading) float64 { return 0.5 + r.conf/2 }
	starts := map[int]bool{}
	for i, r := range rs {
		if r.val >= 0 && r.val-i >= 1 {
			starts[r.val-i] = true
		}
	}
	bestS, bestGap, bestSize := 0, -1, 0
	bestNo, bestGapScore := -1.0, -1.0
	var gapS, gapAt, gapSize int
	score := func(s, at, size int) float64 {
		var sc float64
		for i, r := range rs {
			e := s + i
			if at >= 0 && i >= at {
				e += size
			}
			if r.val == e {
				sc += weight(r)
			}
		}
		return sc
	}
	for s := range starts {
		if sc := score(s, -1, 0); sc > bestNo || (sc == bestNo && s < bestS) {
			bestNo, bestS = sc, s
		}
		for at := 1; at < n; at++ {
			for size := 1; size <= 2; size++ {
				sc := score(s, at, size)
				// On a tie the readings cannot place the gap: prefer the
				// original form's (21 skipped), else the earliest.
				skips21 := size == 1 && s+at == 21
				if sc > bestGapScore+1e-9 || (math.Abs(sc-bestGapScore) <= 1e-9 && skips21) {
					bestGapScore, gapS, gapAt, gapSize = sc, s, at, size
				}
			}
		}
	}
	if bestNo <= 0 {
		for i := range nums {
			nums[i], src[i] = i+1, SourceInferred
		}
		return nums, src, false
	}
	if bestGapScore >= bestNo+1.5 && gapSupported(rs, gapS, gapAt, gapSize) {
		bestS, bestGap, bestSize = gapS, gapAt, gapSize
	}
	read, readable := 0, 0
	for i, r := range rs {
		e := bestS + i
		if bestGap >= 0 && i >= bestGap {
			e += bestSize
		}
		nums[i] = e
		switch {
		case r.val == e:
			src[i] = SourceRead
			read++
		case r.val >= 0:
			src[i] = SourceCorrected
		default:
			src[i] = SourceInferred
		}
		if r.val >= 0 {
			readable++
		}
	}
	if 2*read < readable {
		// Most readings contradict the sequence chosen: the numbering
		// itself is in doubt, the rows that agree with it included. A
		// page 2 whose first digits the cut lost (11..18 read 1..8,
		// then 20, 1..7, 30…) was numbered 1..25 so.
		for i := range src {
			src[i] = SourceInferred
		}
		return nums, src, false
	}
	return nums, src, true
}

// gapSupported requires confident readings agreeing with the gap model on
// both sides of the gap: at least two after it and one before.
func gapSupported(rs []reading, s, at, size int) bool {
	before, after := 0, 0
	for i, r := range rs {
		e := s + i
		if i >= at {
			e += size
		}
		if r.val == e && r.conf >= 0.5 {
			if i < at {
				before++
			} else {
				after++
			}
		}
	}
	return before >= 1 && after >= 2
}
