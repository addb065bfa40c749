package synth

import (
	"image"
	"math"
	"math/rand"

	"github.com/sheetscan/sheetscan/digits/norm"
	"github.com/sheetscan/sheetscan/internal/gauss"
)

// Ink is a W×H map of ink amounts in 0..1, row-major.
type Ink struct {
	W, H int
	Pix  []float32
}

// NewInk returns a blank w×h map.
func NewInk(w, h int) Ink { return Ink{W: w, H: h, Pix: make([]float32, w*h)} }

// At returns the ink at (x, y), 0 outside.
func (k Ink) At(x, y int) float32 {
	if x < 0 || y < 0 || x >= k.W || y >= k.H {
		return 0
	}
	return k.Pix[y*k.W+x]
}

// Crop returns the bounding box of the pixels above thresh, with pad
// pixels of margin; a blank map gives a 0×0 map.
func (k Ink) Crop(thresh float32, pad int) Ink {
	x0, y0, x1, y1 := k.W, k.H, -1, -1
	for y := 0; y < k.H; y++ {
		for x := 0; x < k.W; x++ {
			if k.Pix[y*k.W+x] > thresh {
				x0, x1 = min(x0, x), max(x1, x)
				y0, y1 = min(y0, y), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return Ink{}
	}
	x0, y0, x1, y1 = x0-pad, y0-pad, x1+pad, y1+pad
	o := NewInk(x1-x0+1, y1-y0+1)
	for y := 0; y < o.H; y++ {
		for x := 0; x < o.W; x++ {
			o.Pix[y*o.W+x] = k.At(x+x0, y+y0)
		}
	}
	return o
}

// Affine returns k transformed by the linear map [a b; c d] about its
// centre (output pixel p maps back to input centre + inverse·(p - centre)),
// on a canvas large enough to hold the result.
func (k Ink) Affine(a, b, c, d float64) Ink {
	det := a*d - b*c
	if math.Abs(det) < 1e-6 {
		return k
	}
	ia, ib, ic, id := d/det, -b/det, -c/det, a/det
	cx, cy := float64(k.W)/2, float64(k.H)/2
	// Output extent from the transformed corners.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range [][2]float64{{-cx, -cy}, {cx, -cy}, {-cx, cy}, {cx, cy}} {
		x, y := a*p[0]+b*p[1], c*p[0]+d*p[1]
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	ow, oh := int(math.Ceil(maxX-minX))+2, int(math.Ceil(maxY-minY))+2
	o := NewInk(ow, oh)
	for y := 0; y < oh; y++ {
		dy := float64(y) + 0.5 + minY - 1
		for x := 0; x < ow; x++ {
			dx := float64(x) + 0.5 + minX - 1
			sx, sy := ia*dx+ib*dy+cx, ic*dx+id*dy+cy
			o.Pix[y*ow+x] = norm.Bilinear(k.Pix, k.W, k.H, sx-0.5, sy-0.5)
		}
	}
	return o
}

// Morph thickens (n > 0) or thins (n < 0) strokes by |n| steps of a
// plus-shaped max or min filter.
func (k Ink) Morph(n int) Ink {
	for ; n != 0; n -= sign(n) {
		o := NewInk(k.W, k.H)
		for y := 0; y < k.H; y++ {
			for x := 0; x < k.W; x++ {
				v := k.At(x, y)
				for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					u := k.At(x+d[0], y+d[1])
					if n > 0 {
						v = max(v, u)
					} else {
						v = min(v, u)
					}
				}
				o.Pix[y*k.W+x] = v
			}
		}
		k = o
	}
	return k
}

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

// Scale resamples k to height h (width in proportion times aspect).
func (k Ink) Scale(h int, aspect float64) Ink {
	if k.W == 0 || k.H == 0 || h <= 0 {
		return Ink{}
	}
	w := max(1, int(math.Round(float64(k.W)*float64(h)/float64(k.H)*aspect)))
	return Ink{W: w, H: h, Pix: norm.Resample(k.Pix, k.W, k.H, 0, 0, float64(k.W), float64(k.H), w, h)}
}

// Paste adds src into k with its top-left corner at (x, y), keeping the
// maximum of the two inks (overlapping strokes do not add up).
func (k Ink) Paste(src Ink, x, y int) {
	for j := 0; j < src.H; j++ {
		ty := y + j
		if ty < 0 || ty >= k.H {
			continue
		}
		for i := 0; i < src.W; i++ {
			tx := x + i
			if tx < 0 || tx >= k.W {
				continue
			}
			if v := src.Pix[j*src.W+i]; v > k.Pix[ty*k.W+tx] {
				k.Pix[ty*k.W+tx] = v
			}
		}
	}
}

// Scan describes how an ink map is turned into a scanned grey image.
type Scan struct {
	Paper, InkLevel float64 // grey levels 0..255 of paper and full ink
	Blur            bool    // 3×3 binomial blur
	Noise           float64 // Gaussian noise sigma, grey levels
	Binary          bool    // threshold to black and white
}

// RandomScan draws scan conditions from the range seen on petition scans.
func RandomScan(r *rand.Rand) Scan {
	s := Scan{Paper: 175 + 80*r.Float64()}
	s.InkLevel = r.Float64() * (s.Paper - 90)
	s.Blur = r.Float64() < 0.4
	s.Noise = 10 * r.Float64() * r.Float64()
	s.Binary = r.Float64() < 0.3
	return s
}

// Render turns k into a grey image (dark ink on light paper).
func (s Scan) Render(k Ink, r *rand.Rand) *image.Gray {
	pix := k.Pix
	if s.Blur {
		pix = blur(k)
	}
	g := image.NewGray(image.Rect(0, 0, k.W, k.H))
	for i, v := range pix {
		f := s.Paper - float64(v)*(s.Paper-s.InkLevel)
		if s.Noise > 0 {
			f += r.NormFloat64() * s.Noise
		}
		if s.Binary {
			if f < (s.Paper+s.InkLevel)/2 {
				f = 0
			} else {
				f = 255
			}
		}
		g.Pix[i] = uint8(max(0, min(255, math.Round(f))))
	}
	return g
}

func blur(k Ink) []float32 {
	o := make([]float32, len(k.Pix))
	w := [3]float32{0.25, 0.5, 0.25}
	for y := 0; y < k.H; y++ {
		for x := 0; x < k.W; x++ {
			var s float32
			for j := -1; j <= 1; j++ {
				for i := -1; i <= 1; i++ {
					s += w[i+1] * w[j+1] * k.At(x+i, y+j)
				}
			}
			o[y*k.W+x] = s
		}
	}
	return o
}

// Elastic returns k displaced by a smooth random field, the elastic
// distortion of Simard, Steinkraus and Platt (2003, "Best practices for
// convolutional neural networks applied to visual document analysis"):
// each pixel's displacement is uniform in ±1, smoothed by a Gaussian of
// standard deviation sigma pixels, then scaled to a standard deviation of
// alpha pixels. It mimics the wobble of a hand, which an affine map
// cannot. The canvas grows by a margin of 2·alpha so that displaced
// strokes stay inside it.
func (k Ink) Elastic(alpha, sigma float64, r *rand.Rand) Ink {
	if k.W == 0 || k.H == 0 {
		return k
	}
	m := int(math.Ceil(2 * alpha))
	src := NewInk(k.W+2*m, k.H+2*m)
	src.Paste(k, m, m)
	w, h := src.W, src.H
	field := func() []float32 {
		f := make([]float32, w*h)
		for i := range f {
			f[i] = float32(r.Float64()*2 - 1)
		}
		f = gaussian(f, w, h, sigma)
		// Smoothing shrinks the noise, the more so the larger sigma:
		// rescale so that alpha is the standard deviation of the
		// displacement whatever sigma is.
		var ss float64
		for _, v := range f {
			ss += float64(v) * float64(v)
		}
		s := float32(alpha / math.Sqrt(ss/float64(len(f))+1e-12))
		for i := range f {
			f[i] *= s
		}
		return f
	}
	dx, dy := field(), field()
	o := NewInk(w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			o.Pix[i] = norm.Bilinear(src.Pix, w, h, float64(x)+float64(dx[i]), float64(y)+float64(dy[i]))
		}
	}
	return o
}

// gaussian returns f (w×h) blurred by a Gaussian of standard deviation
// sigma, separably, with zero outside.
func gaussian(f []float32, w, h int, sigma float64) []float32 {
	ker := gauss.Kernel(sigma)
	return smooth(smooth(f, w, h, ker, 1, 0), w, h, ker, 0, 1)
}

// smooth convolves f (w×h) with ker along the direction (dx, dy), one
// of (1, 0) and (0, 1), with zero outside.
func smooth(f []float32, w, h int, ker []float32, dx, dy int) []float32 {
	rad := len(ker) / 2
	out := make([]float32, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var v float32
			for j, kv := range ker {
				xx, yy := x+(j-rad)*dx, y+(j-rad)*dy
				if xx >= 0 && xx < w && yy >= 0 && yy < h {
					v += kv * f[yy*w+xx]
				}
			}
			out[y*w+x] = v
		}
	}
	return out
}
