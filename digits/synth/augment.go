package synth

import (
	"image"
	"math"
	"math/rand"
)

// Style is one writer's way of drawing digits: slant and stroke width are
// shared by the digits of one postal code.
type Style struct {
	Shear  float64 // x += Shear·(−y): positive leans right
	Rotate float64 // radians, counter-clockwise
	Aspect float64 // width multiplier
	Stroke int     // Morph steps at the working resolution
}

// RandomStyle draws a writer style: slant ±0.35, rotation ±10°, aspect
// 0.8–1.2, stroke from thinned to thickened.
func RandomStyle(r *rand.Rand) Style {
	s := Style{
		Shear:  (r.Float64()*2 - 1) * 0.35,
		Rotate: (r.Float64()*2 - 1) * 10 * math.Pi / 180,
		Aspect: 0.8 + 0.4*r.Float64(),
	}
	switch p := r.Float64(); {
	case p < 0.2:
		s.Stroke = -1
	case p < 0.45:
		s.Stroke = 1
	case p < 0.55:
		s.Stroke = 2
	}
	return s
}

// Jitter returns s with small per-digit variations.
func (s Style) Jitter(r *rand.Rand) Style {
	s.Shear += (r.Float64()*2 - 1) * 0.08
	s.Rotate += (r.Float64()*2 - 1) * 3 * math.Pi / 180
	s.Aspect *= 0.93 + 0.14*r.Float64()
	return s
}

// Apply distorts a digit ink map drawn about 60 pixels high (rescaled to
// that first) and returns it tightly cropped.
func (s Style) Apply(k Ink) Ink {
	k = k.Crop(0.05, 2)
	if k.W == 0 {
		return k
	}
	k = k.Scale(60, 1)
	cos, sin := math.Cos(s.Rotate), math.Sin(s.Rotate)
	// Rotation · shear · aspect, in image coordinates (y down).
	a, b := s.Aspect, -s.Shear
	c, d := 0.0, 1.0
	ra, rb := cos*a+sin*c, cos*b+sin*d
	rc, rd := -sin*a+cos*c, -sin*b+cos*d
	k = k.Affine(ra, rb, rc, rd)
	if s.Stroke != 0 {
		st := s.Stroke
		if st < 0 && thin(k) {
			st = 0
		}
		k = k.Morph(st * 2)
	}
	return k.Crop(0.05, 1)
}

// thin reports whether strokes are already thin (mostly edges), where
// eroding would break them.
func thin(k Ink) bool {
	full, any := 0, 0
	for _, v := range k.Pix {
		if v > 0.05 {
			any++
		}
		if v > 0.9 {
			full++
		}
	}
	return full*3 < any
}

// Digit returns a training sample: src distorted by a random style, shrunk
// to a random scan size (18–60 pixels high), optionally with ruled-line
// residue touching its top or bottom, then rendered as a grey scan with a
// few pixels of margin.
func Digit(src Ink, r *rand.Rand) *image.Gray {
	return digit(src, r, false)
}

// ElasticDigit is Digit with an elastic distortion (Ink.Elastic) after the
// style: a displacement whose standard deviation is drawn between 0 and 6 %
// of the digit's height, smooth over 14 % of it (Simard et al.'s α 34 and
// σ 4 on MNIST's 28-pixel field move pixels by about 1.4 pixels, 5 % of
// the field, smooth over 14 % of it). For training; the validation digits
// use Digit, so that figures stay comparable.
func ElasticDigit(src Ink, r *rand.Rand) *image.Gray {
	return digit(src, r, true)
}

func digit(src Ink, r *rand.Rand, elastic bool) *image.Gray {
	k := RandomStyle(r).Apply(src)
	if k.W == 0 {
		return image.NewGray(image.Rect(0, 0, 4, 4))
	}
	if elastic {
		h := float64(k.H)
		k = k.Elastic(0.06*h*r.Float64(), 0.14*h, r).Crop(0.05, 1)
		if k.W == 0 {
			return image.NewGray(image.Rect(0, 0, 4, 4))
		}
	}
	h := 18 + r.Intn(43)
	k = k.Scale(h, 1)
	pad := 2 + r.Intn(4)
	c := NewInk(k.W+2*pad, k.H+2*pad)
	c.Paste(k, pad, pad)
	if r.Float64() < 0.08 {
		residue(c, r, pad)
	}
	return RandomScan(r).Render(c, r)
}

// residue draws part of a ruled line along the top or bottom of the digit,
// touching it or nearly, as left by imperfect line removal.
func residue(c Ink, r *rand.Rand, pad int) {
	th := 1 + r.Intn(2)
	y := pad - th - r.Intn(2) + 1
	if r.Intn(2) == 0 {
		y = c.H - pad - 1 + r.Intn(2)
	}
	x0 := r.Intn(max(1, c.W/2))
	x1 := c.W - r.Intn(max(1, c.W/2))
	v := float32(0.5 + 0.5*r.Float64())
	for j := 0; j < th; j++ {
		for x := x0; x < x1; x++ {
			if yy := y + j; yy >= 0 && yy < c.H {
				c.Pix[yy*c.W+x] = max(c.Pix[yy*c.W+x], v)
			}
		}
	}
}

// CellOptions controls ComposeCell.
type CellOptions struct {
	Height  int     // digit height in pixels (e.g. 5 mm at 150–300 dpi: 30–60)
	Touch   float64 // probability that two neighbours touch or overlap
	Group   float64 // probability of a wide space after the second digit ("75 011")
	Residue float64 // probability of ruled-line residue at the top or bottom edge
}

// DefaultCellOptions returns options drawn at random over the range of
// petition scans.
func DefaultCellOptions(r *rand.Rand) CellOptions {
	return CellOptions{Height: 24 + r.Intn(36), Touch: 0.25, Group: 0.2, Residue: 0.5}
}

// ComposeCell writes the digits (ink maps, one per digit, in order) as one
// writer would in a postal-code cell and returns the scanned cell.
func ComposeCell(digits []Ink, o CellOptions, r *rand.Rand) *image.Gray {
	st := RandomStyle(r)
	h := o.Height
	var ks []Ink
	for _, d := range digits {
		k := st.Jitter(r).Apply(d)
		if k.W == 0 {
			continue
		}
		hh := int(float64(h) * (0.88 + 0.2*r.Float64()))
		ks = append(ks, k.Scale(hh, 1))
	}
	left := int(float64(h) * (0.2 + 1.2*r.Float64()))
	right := int(float64(h) * (0.2 + 1.0*r.Float64()))
	xs := make([]int, len(ks))
	x := left
	for i, k := range ks {
		xs[i] = x
		gap := float64(h) * (0.05 + 0.3*r.Float64())
		if r.Float64() < o.Touch {
			gap = -float64(h) * 0.12 * r.Float64()
		}
		if i == 1 && r.Float64() < o.Group {
			gap = float64(h) * (0.5 + 0.7*r.Float64())
		}
		x += k.W + int(gap)
	}
	W := max(x+right, 8)
	H := int(float64(h) * (1.35 + 0.5*r.Float64()))
	c := NewInk(W, H)
	base := (H-h)/2 + int(float64(H-h)*0.4*(r.Float64()*2-1))
	for i, k := range ks {
		dy := int(float64(h) * 0.06 * r.NormFloat64())
		c.Paste(k, xs[i], base+(h-k.H)+dy)
	}
	if r.Float64() < o.Residue {
		th := 1 + r.Intn(3)
		y := r.Intn(2)
		if r.Intn(2) == 0 {
			y = H - th - r.Intn(2)
		}
		x0, x1 := r.Intn(W/2+1), W-r.Intn(W/2+1)
		for j := 0; j < th; j++ {
			for x := x0; x < x1; x++ {
				c.Pix[(y+j)*W+x] = max(c.Pix[(y+j)*W+x], float32(0.7+0.3*r.Float64()))
			}
		}
	}
	sc := RandomScan(r)
	sc.Noise *= 0.6
	return sc.Render(c, r)
}
