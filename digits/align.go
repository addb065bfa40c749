package digits

import (
	"image"
	"math"
)

// Align cuts a postal-code cell into the digit images that spell code, the
// way ReadCode cuts it: the segmentation of the cell that best supports
// code's digits, each segment rendered as ReadCode gives it to the
// recogniser. But for one thing: Align does not cut apart a 1 touching its
// neighbour (cell.oneCuts), as ReadCode has since the committed network
// was tuned, so that make train-digits still gives that network. (Tuned
// with that cut and on the views as read, the network was its equal on the
// cut cells of the development sets: 2,610 codes right against 2,609.) It is for training the recogniser on
// cells cut from labelled pages: the images come out with the label code
// gives them. code has 4 or 5 digits. ok is false when the cell cannot be
// cut into that many digits without leaving out a digit-sized mark or when
// the best cut is poorly supported (a likely misalignment, which would
// teach wrong labels). probs is the classifier that scores the cuts, nil
// for the embedded one (Probs): a trainer passes the network it is
// training.
func Align(cellImg *image.Gray, code string, probs func(*image.Gray) [10]float32) (digitImgs []*image.Gray, ok bool) {
	digitImgs, _, ok = AlignJunk(cellImg, code, probs)
	return digitImgs, ok
}

// AlignJunk is Align that also returns junk: the other candidate segments
// ReadCode would score in the cell that are not one digit of that cut,
// pieces of one of its digits or marks run across two of them, as ReadCode
// gives them to the recogniser. A recogniser taught to call them junk
// scores such bad cuts low (cnn.Shape.Junk). Candidates that hold one
// digit and only marks the cut leaves out are neither, and are left out.
func AlignJunk(cellImg *image.Gray, code string, probs func(*image.Gray) [10]float32) (digitImgs, junk []*image.Gray, ok bool) {
	if probs == nil {
		probs = Probs
	}
	if (len(code) != 4 && len(code) != 5) || !isDigits(code) {
		return nil, nil, false
	}
	c, as, lat := segmentCell(cellImg, probs, false)
	if lat == nil || len(as) < len(code) {
		return nil, nil, false
	}
	m, n := lat.m, len(code)
	neg := math.Inf(-1)
	type back struct {
		seg  *segment // nil: atom skipped
		skip bool
	}
	score := make([][]float64, n+1)
	bp := make([][]back, n+1)
	for k := range score {
		score[k] = make([]float64, m+1)
		bp[k] = make([]back, m+1)
		for j := range score[k] {
			score[k][j] = neg
		}
	}
	score[0][0] = 0
	for j := 1; j <= m; j++ {
		for k := 0; k <= n; k++ {
			// Only small marks may be left out: a digit-sized one
			// left out means the cut does not spell code.
			if lat.skip[j-1] > bigSkipPenalty && score[k][j-1] != neg {
				score[k][j], bp[k][j] = score[k][j-1]+lat.skip[j-1], back{skip: true}
			}
			if k == 0 {
				continue
			}
			d := code[k-1] - '0'
			for _, s := range lat.ends[j] {
				if prev := score[k-1][s.i]; prev != neg {
					if v := prev + s.lp[d] + s.pen; v > score[k][j] {
						score[k][j], bp[k][j] = v, back{seg: s}
					}
				}
			}
		}
	}
	// A well-supported cut: on average no worse than a digit read at
	// probability 1/e^alignMinMean.
	const alignMinMean = -2.5
	if score[n][m] == neg || score[n][m] < alignMinMean*float64(n) {
		return nil, nil, false
	}
	digitImgs = make([]*image.Gray, n)
	owner := make([]int, m) // digit of the cut each atom belongs to, -1 when left out
	for k, j := n, m; j > 0; {
		b := bp[k][j]
		if b.skip {
			owner[j-1] = -1
			j--
			continue
		}
		digitImgs[k-1] = c.crop(as[b.seg.i:b.seg.j])
		for a := b.seg.i; a < b.seg.j; a++ {
			owner[a] = k - 1
		}
		k, j = k-1, b.seg.i
	}
	for j := 1; j <= m; j++ {
		for _, s := range lat.ends[j] {
			if isJunk(owner, s.i, s.j) {
				junk = append(junk, c.crop(as[s.i:s.j]))
			}
		}
	}
	return digitImgs, junk, true
}

// isJunk reports whether the atoms [i, j) are not one digit of the cut
// owner describes: they belong to two digits, or to part of one.
func isJunk(owner []int, i, j int) bool {
	d := -1
	for a := i; a < j; a++ {
		switch o := owner[a]; {
		case o < 0:
		case d < 0:
			d = o
		case o != d:
			return true // across two digits
		}
	}
	if d < 0 {
		return false // only marks the cut leaves out
	}
	for a := range owner {
		if owner[a] == d && (a < i || a >= j) {
			return true // part of a digit
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
