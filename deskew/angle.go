package deskew

import (
	"cmp"
	"math"
	"slices"
)

// The skew is the angle that makes the horizontal projection profile of
// the ink sharpest: at the right angle every ruled line and every text line
// falls into a few rows, and the sum of squared row counts peaks. The
// search is coarse to fine: 1° steps over ±45° with wide bins on a subset of
// the ink, then 0.1° steps, then 0.01° steps with one-pixel bins on all the
// ink, and a parabola through the best three.

const (
	// minInk is the fewest ink pixels (at the work resolution) worth
	// measuring; below it the page is taken as blank.
	minInk = 300
	// coarsePoints and finePoints cap the ink used by the sweeps; a
	// regular subset keeps every line's shape, only thinner.
	coarsePoints = 40000
	finePoints   = 150000
)

// projector accumulates projection profiles of a fixed set of points.
type projector struct {
	dx, dy []float64 // point offsets from the image centre
	w      []float64 // weight per point
	radius float64   // largest |offset|
	hist   []float64
}

func newProjector(pts []point, w, h int, stride int) *projector {
	n := (len(pts) + stride - 1) / stride
	p := &projector{dx: make([]float64, 0, n), dy: make([]float64, 0, n)}
	cx, cy := float64(w)/2, float64(h)/2
	for i := 0; i < len(pts); i += stride {
		p.dx = append(p.dx, float64(pts[i].x)+0.5-cx)
		p.dy = append(p.dy, float64(pts[i].y)+0.5-cy)
	}
	p.radius = math.Hypot(cx, cy) + 2
	return p
}

// score returns the sharpness of the profile of the points projected on
// the direction at deg degrees (counter-clockwise), with bins of bin
// pixels: the sum of squared bin counts divided by the squared number of
// points. Each point is split linearly between its two nearest bins so
// the score varies smoothly with the angle.
func (p *projector) score(deg, bin float64) float64 {
	rad := deg * math.Pi / 180
	s, c := math.Sin(rad)/bin, math.Cos(rad)/bin
	off := p.radius/bin + 1
	nb := int(2*off) + 3
	if cap(p.hist) < nb {
		p.hist = make([]float64, nb)
	}
	hist := p.hist[:nb]
	clear(hist)
	for i, dx := range p.dx {
		t := dx*s + p.dy[i]*c + off
		k := int(t)
		f := t - float64(k)
		hist[k] += 1 - f
		hist[k+1] += f
	}
	var sum float64
	for _, v := range hist {
		sum += v * v
	}
	n := float64(len(p.dx))
	return sum / (n * n)
}

// sweep scores the angles lo, lo+step, ..., hi and returns the best angle
// refined by a parabola through its neighbours, and all the scores.
func (p *projector) sweep(lo, hi, step, bin float64) (best float64, scores []float64) {
	n := int(math.Round((hi-lo)/step)) + 1
	scores = make([]float64, n)
	bi := 0
	for i := range scores {
		scores[i] = p.score(lo+float64(i)*step, bin)
		if scores[i] > scores[bi] {
			bi = i
		}
	}
	best = lo + float64(bi)*step
	if bi > 0 && bi < n-1 {
		a, b, c := scores[bi-1], scores[bi], scores[bi+1]
		if d := a - 2*b + c; d < 0 {
			best += step * 0.5 * (a - c) / d
		}
	}
	return best, scores
}

// estimateAngle returns the skew in degrees and its confidence in 0..1.
func estimateAngle(pts []point, w, h int, dpi float64) (angle, conf float64) {
	if len(pts) < minInk {
		return 0, 0
	}
	mm := dpi / 25.4
	coarse := newProjector(pts, w, h, max(1, len(pts)/coarsePoints))
	a, scores := coarse.sweep(-maxAngle, maxAngle, 1, 2*mm)
	conf = sharpness(scores)

	mid := newProjector(pts, w, h, max(1, len(pts)/(2*coarsePoints)))
	a, _ = mid.sweep(a-1.5, a+1.5, 0.1, 0.5*mm)
	a = preferRules(pts, w, h, mm, a, scores, mid)

	fine := newProjector(pts, w, h, max(1, len(pts)/finePoints))
	a, _ = fine.sweep(a-0.15, a+0.15, 0.01, 1)
	return math.Max(-maxAngle, math.Min(maxAngle, a)), conf
}

// sharpness maps the coarse sweep to a confidence: how far the best score
// stands above the typical (median) one. Straight printed lines give a
// peak several times the median; noise and blank pages give a flat sweep.
func sharpness(scores []float64) float64 {
	s := slices.Clone(scores)
	slices.Sort(s)
	med, top := s[len(s)/2], s[len(s)-1]
	if med <= 0 {
		return 0
	}
	r := top/med - 1
	return 1 - math.Exp(-r/sharpScale)
}

// sharpScale is the peak-over-median excess that gives confidence 0.63.
const sharpScale = 0.5

// preferRules arbitrates between the peaks of the coarse sweep (scores,
// 1° steps from -maxAngle) with the ruled lines, the surest straight
// things on a form: the sharpest profile is usually the right angle, but
// a dark scanner bed binarised into speckle, filling the corners of a
// page skewed 7°, made a profile at 44° sharper than the true one, and
// the page was refused. Each other peak among the best few is refined
// like the first (mid) and kept instead when the page straightened at its
// angle shows clearly more rules (tableBand) than at a, the refined best.
func preferRules(pts []point, w, h int, mm, a float64, scores []float64, mid *projector) float64 {
	const peaks, moreRules = 3, 3
	type peak struct {
		deg   float64
		score float64
	}
	var ps []peak
	for i, v := range scores {
		if (i == 0 || v > scores[i-1]) && (i == len(scores)-1 || v >= scores[i+1]) {
			ps = append(ps, peak{-maxAngle + float64(i), v})
		}
	}
	slices.SortFunc(ps, func(x, y peak) int { return cmp.Compare(y.score, x.score) })
	keep, best := a, -1
	for _, p := range ps[:min(peaks, len(ps))] {
		if math.Abs(p.deg-a) < 2 {
			continue // the peak a came from
		}
		if best < 0 {
			_, _, best = tableBand(straightenPoints(pts, w, h, a), mm)
		}
		c, _ := mid.sweep(p.deg-1.5, p.deg+1.5, 0.1, 0.5*mm)
		if _, _, n := tableBand(straightenPoints(pts, w, h, c), mm); n >= best+moreRules {
			keep, best = c, n
		}
	}
	return keep
}
