package rows

import (
	"image"
	"math"
)

// bitmap is a binary image: 1 for ink. Pixel (x, y) is pix[y*w+x], with
// (0, 0) the page's Bounds().Min.
type bitmap struct {
	w, h int
	pix  []uint8
}

func newBitmap(w, h int) *bitmap { return &bitmap{w: w, h: h, pix: make([]uint8, w*h)} }

// clear sets r's pixels to paper.
func (b *bitmap) clear(r image.Rectangle) {
	r = r.Intersect(image.Rect(0, 0, b.w, b.h))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		clear(b.pix[y*b.w+r.Min.X : y*b.w+r.Max.X])
	}
}

func (b *bitmap) at(x, y int) bool {
	if x < 0 || y < 0 || x >= b.w || y >= b.h {
		return false
	}
	return b.pix[y*b.w+x] != 0
}

// Sauvola's k: ink for the writing, and a more sensitive one for finding
// faint, thin, photocopied rules (noise never forms long runs).
const (
	inkK  = 0.2
	ruleK = 0.08
)

// binarize thresholds the page with Sauvola's rule computed on blocks of
// about 1 mm over a window of about 7 mm: robust to shadows and tinted
// paper, and uniform dark areas (a scanner bed) come out white.
func binarize(g *image.Gray, dpi, k float64) *bitmap {
	return binarize2(g, dpi, k, k)[0]
}

// binarize2 thresholds the page twice, with Sauvola's k1 and k2, sharing
// the local statistics.
func binarize2(g *image.Gray, dpi, k1, k2 float64) [2]*bitmap {
	r := g.Bounds()
	w, h := r.Dx(), r.Dy()
	bs := int(math.Round(dpi / 25.4))
	if bs < 2 {
		bs = 2
	}
	bw, bh := (w+bs-1)/bs, (h+bs-1)/bs
	// Block sums.
	sum := make([]float64, bw*bh)
	sq := make([]float64, bw*bh)
	cnt := make([]float64, bw*bh)
	for y := 0; y < h; y++ {
		row := g.Pix[(y+r.Min.Y-g.Rect.Min.Y)*g.Stride+(r.Min.X-g.Rect.Min.X):]
		by := y / bs
		for bx := 0; bx < bw; bx++ {
			var s1, s2, n int
			for x := bx * bs; x < min(w, (bx+1)*bs); x++ {
				v := int(row[x])
				s1 += v
				s2 += v * v
				n++
			}
			i := by*bw + bx
			sum[i] += float64(s1)
			sq[i] += float64(s2)
			cnt[i] += float64(n)
		}
	}
	// Integral over blocks.
	iw := bw + 1
	is := make([]float64, iw*(bh+1))
	iq := make([]float64, iw*(bh+1))
	ic := make([]float64, iw*(bh+1))
	for y := 0; y < bh; y++ {
		var rs, rq, rc float64
		for x := 0; x < bw; x++ {
			i := y*bw + x
			rs += sum[i]
			rq += sq[i]
			rc += cnt[i]
			j := (y+1)*iw + x + 1
			is[j] = is[j-iw] + rs
			iq[j] = iq[j-iw] + rq
			ic[j] = ic[j-iw] + rc
		}
	}
	const rad = 3 // blocks each side: window of 7 blocks
	const R = 128.0
	thr := make([]uint8, bw*bh)
	thr2 := make([]uint8, bw*bh)
	for y := 0; y < bh; y++ {
		y0, y1 := max(0, y-rad), min(bh, y+rad+1)
		for x := 0; x < bw; x++ {
			x0, x1 := max(0, x-rad), min(bw, x+rad+1)
			a, b, c, d := y0*iw+x0, y0*iw+x1, y1*iw+x0, y1*iw+x1
			n := ic[d] - ic[b] - ic[c] + ic[a]
			s := is[d] - is[b] - is[c] + is[a]
			q := iq[d] - iq[b] - iq[c] + iq[a]
			m := s / n
			sd := math.Sqrt(math.Max(0, q/n-m*m))
			for j, k := range [2]float64{k1, k2} {
				t := m * (1 + k*(sd/R-1))
				// Faint paper texture never counts as ink.
				t = math.Min(t, m-12)
				v := uint8(math.Max(0, math.Min(255, t)))
				if j == 0 {
					thr[y*bw+x] = v
				} else {
					thr2[y*bw+x] = v
				}
			}
		}
	}
	out, out2 := newBitmap(w, h), newBitmap(w, h)
	for y := 0; y < h; y++ {
		row := g.Pix[(y+r.Min.Y-g.Rect.Min.Y)*g.Stride+(r.Min.X-g.Rect.Min.X):]
		trow := thr[(y/bs)*bw:]
		trow2 := thr2[(y/bs)*bw:]
		o, o2 := out.pix[y*w:(y+1)*w], out2.pix[y*w:(y+1)*w]
		for bx := 0; bx < bw; bx++ {
			t, t2 := trow[bx], trow2[bx]
			for x := bx * bs; x < min(w, (bx+1)*bs); x++ {
				v := row[x]
				if v < t {
					o[x] = 1
				}
				if v < t2 {
					o2[x] = 1
				}
			}
		}
	}
	return [2]*bitmap{out, out2}
}
