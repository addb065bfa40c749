package rows

import (
	"image"
	"math"
)

// classify sets Blank, Signed and Struck with their scores.
//
// Only ink in the middle 60 % of the row's height counts for Blank and
// Signed: writing that belongs to the row crosses that band even when it
// rises above the line or sits on the bottom one, while the tails of the
// neighbours' writing and signatures, and underlines lying on a rule, hug
// the rules.
func classify(r *Row, px1mm float64) {
	core := func(c Cell) float64 {
		h := r.Box.Dy()
		y0, y1 := r.Box.Min.Y+h/5, r.Box.Max.Y-h/5
		return float64(blackIn(c.Image, y0, y1)) / (px1mm * px1mm)
	}
	sig := core(r.Signature)
	r.BlankScore = core(r.Name) + core(r.Postal) + sig
	// Little ink, mostly pieces of a stroke cut at a rule (cutPiece), is
	// a neighbour's: the loop of the signature below rising into the
	// row, a descender of the one above, the signature of a struck row
	// below (splitStrikes). On the labelled pages (the samples and 19
	// generated sets, 11,102 rows) the 5 signature cells so read had
	// 2.7–4.2 mm² and none was signed; the signed rows whose ink is
	// mostly such a stroke have 6.8 mm² or more.
	r.Blank = r.BlankScore < BlankMinInk || cutPiece(r.BlankScore, r.Name, r.Postal, r.Signature)
	r.SignedScore = sig
	r.Signed = r.SignedScore >= SignedMinInk && !cutPiece(sig, r.Signature)
	if core(r.Name) >= BlankMinInk {
		r.StruckScore = strikeSpan(r.Name.Image, px1mm)
	}
	r.Struck = r.StruckScore >= StruckMinSpan
}

// cutPiece reports whether score, the ink of cells that counts, is under
// SharedSignedMinInk while at least half their ink is a stroke cut at a
// rule between rows (Cell.SplitInkMM2).
func cutPiece(score float64, cells ...Cell) bool {
	var ink, split float64
	for _, c := range cells {
		ink += c.InkMM2
		split += c.SplitInkMM2
	}
	return score < SharedSignedMinInk && 2*split >= ink
}

// strikeSpan measures the longest pen line through the middle of the
// writing in img, as a share of the writing's width.
//
// Only pixels on horizontal runs of at least 1 mm and 2.5 pen widths
// count as line (a pen line drawn at up to about 10° gives such runs;
// letters' stems do not).
// A path is traced left to right over blocks of 0.5 mm, drifting up or
// down by at most about 6° (and more within the hit tolerance), so a
// slightly bent or wavy strike is followed; it is hit in a
// block where line pixels lie within 0.35 mm of it, and a stretch ends at
// a gap of more than 0.6 mm. Its rows stay within the middle 70 % of the
// writing's height, which keeps underlines out. The writing's width is
// the extent of its other (non-line) pixels, so a strike running past the
// name does not dilute the score.
func strikeSpan(img *image.Gray, px1mm float64) float64 {
	b := img.Bounds()
	ink := inkBounds(img)
	if ink.Dx() < int(3*px1mm) || ink.Dy() < 2 {
		return 0
	}
	w, h := ink.Dx(), ink.Dy()
	// Line pixels: on runs of at least 1 mm and 2.5 pen widths (the
	// median run, a stem's width), so a bold marker's stems do not count.
	var lens []float64
	for y := 0; y < h; y++ {
		row := img.Pix[(y+ink.Min.Y-b.Min.Y)*img.Stride+(ink.Min.X-b.Min.X):]
		n := 0
		for x := 0; x <= w; x++ {
			if x < w && row[x] < 128 {
				n++
			} else if n > 0 {
				lens = append(lens, float64(n))
				n = 0
			}
		}
	}
	minRun := max(2, int(math.Round(math.Max(1.0*px1mm, 2.5*median(lens)))))
	mask := make([]bool, w*h)
	wx0, wx1 := w, -1 // extent of the non-line ink
	for y := 0; y < h; y++ {
		row := img.Pix[(y+ink.Min.Y-b.Min.Y)*img.Stride+(ink.Min.X-b.Min.X):]
		x := 0
		for x < w {
			if row[x] >= 128 {
				x++
				continue
			}
			s := x
			for x < w && row[x] < 128 {
				x++
			}
			if x-s >= minRun {
				for k := s; k < x; k++ {
					mask[y*w+k] = true
				}
			} else {
				wx0, wx1 = min(wx0, s), max(wx1, x-1)
			}
		}
	}
	if wx1-wx0 < int(3*px1mm) {
		return 0
	}
	bw := max(1, int(math.Round(0.5*px1mm)))
	nbk := (w + bw - 1) / bw
	t := max(1, int(math.Round(0.35*px1mm)))
	// hitRow[bk][y]: a line pixel in block bk on row y; dilated by t below.
	hit := make([]bool, nbk*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if mask[y*w+x] {
				bk := x / bw
				for d := -t; d <= t; d++ {
					if yy := y + d; yy >= 0 && yy < h {
						hit[bk*h+yy] = true
					}
				}
			}
		}
	}
	gapMax := max(1, int(math.Round(0.6*px1mm/float64(bw))))
	y0, y1 := int(0.15*float64(h)), int(math.Ceil(0.85*float64(h)))
	type state struct{ start, last int } // blocks; start < 0: none
	cur := make([]state, h)
	nxt := make([]state, h)
	for y := range cur {
		cur[y] = state{-1, -1}
	}
	best := 0.0
	written := float64(wx1 - wx0 + 1)
	// The path may move one pixel up or down every k blocks: about 6°.
	k := max(1, int(math.Round(1/(math.Tan(6*math.Pi/180)*float64(bw)))))
	for bk := 0; bk < nbk; bk++ {
		dmax := 0
		if bk%k == 0 {
			dmax = 1
		}
		for y := y0; y < y1; y++ {
			// The predecessor whose stretch started earliest and is alive.
			p := state{-1, -1}
			for d := -dmax; d <= dmax; d++ {
				if yy := y + d; yy >= y0 && yy < y1 {
					q := cur[yy]
					if q.start >= 0 && bk-q.last <= gapMax && (p.start < 0 || q.start < p.start) {
						p = q
					}
				}
			}
			if hit[bk*h+y] {
				if p.start < 0 {
					p.start = bk
				}
				p.last = bk
				xs, xe := float64(p.start*bw), float64((p.last+1)*bw)
				ov := math.Min(xe, float64(wx1+1)) - math.Max(xs, float64(wx0))
				if ov/written > best {
					best = ov / written
				}
			}
			nxt[y] = p
		}
		cur, nxt = nxt, cur
	}
	return math.Min(1, best)
}

// blackIn counts the black pixels of img in rows y0 to y1 (exclusive).
func blackIn(img *image.Gray, y0, y1 int) int {
	b := img.Bounds()
	y0, y1 = max(y0, b.Min.Y), min(y1, b.Max.Y)
	n := 0
	for y := y0; y < y1; y++ {
		for _, v := range img.Pix[(y-b.Min.Y)*img.Stride : (y-b.Min.Y)*img.Stride+b.Dx()] {
			if v < 128 {
				n++
			}
		}
	}
	return n
}
