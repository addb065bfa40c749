package cnn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Side is the width and height of an input image in pixels.
const Side = 28

// Classes is the number of digit outputs (the digits 0–9). A Net may have
// one more, Junk: an image that is not one digit (part of one, two run
// together), which teaches the segmenter's scoring to refuse bad cuts.
const Classes = 10

// Junk is the index of the junk output of a Net with Shape.Junk.
const Junk = Classes

const (
	k      = 5            // convolution kernel side
	s1     = Side - k + 1 // 24, conv1 output side
	p1     = s1 / 2       // 12, pool1 output side
	s2     = p1 - k + 1   // 8, conv2 output side
	p2     = s2 / 2       // 4, pool2 output side
	magic  = "SSDIGIT1"   // then C1, C2, Hidden: 10 outputs
	magic2 = "SSDIGIT2"   // then C1, C2, Hidden, outputs (10 or 11)
)

// Shape gives the layer widths of a Net.
type Shape struct {
	C1, C2, Hidden int  // conv1 filters, conv2 filters, hidden dense units
	Junk           bool // an eleventh output for images that are not one digit
}

// Outputs returns the number of outputs of a Net of shape sh.
func (sh Shape) Outputs() int {
	if sh.Junk {
		return Classes + 1
	}
	return Classes
}

// Net holds the weights of the network in one flat slice so that an optimiser
// and the file format can treat them uniformly. A Net is read-only during
// inference and safe for concurrent use then.
type Net struct {
	Shape  Shape
	Params []float32

	// offsets into Params
	w1, b1, w2, b2, w3, b3, w4, b4 int
}

// New returns a Net of the given shape with He-initialised weights drawn from
// rnd (a function returning standard normal samples), zero biases.
func New(sh Shape, rnd func() float64) *Net {
	n := &Net{Shape: sh}
	n.layout()
	n.Params = make([]float32, n.size())
	fill := func(off, cnt, fanIn int) {
		sd := math.Sqrt(2 / float64(fanIn))
		for i := 0; i < cnt; i++ {
			n.Params[off+i] = float32(rnd() * sd)
		}
	}
	fill(n.w1, sh.C1*k*k, k*k)
	fill(n.w2, sh.C2*sh.C1*k*k, sh.C1*k*k)
	fill(n.w3, sh.Hidden*n.flat(), n.flat())
	fill(n.w4, sh.Outputs()*sh.Hidden, sh.Hidden)
	return n
}

// WithJunk returns a copy of n with a junk output added (Shape.Junk), its
// weights drawn from rnd at a small scale and its bias low, so that the
// digit outputs start where n left them. n is returned if it has one.
func (n *Net) WithJunk(rnd func() float64) *Net {
	if n.Shape.Junk {
		return n
	}
	sh := n.Shape
	sh.Junk = true
	o := &Net{Shape: sh}
	o.layout()
	o.Params = make([]float32, o.size())
	copy(o.Params, n.Params[:n.w4+Classes*sh.Hidden])
	for i := 0; i < sh.Hidden; i++ {
		o.Params[o.w4+Classes*sh.Hidden+i] = float32(0.01 * rnd())
	}
	copy(o.Params[o.b4:], n.Params[n.b4:n.b4+Classes])
	o.Params[o.b4+Junk] = -4
	return o
}

func (n *Net) flat() int { return n.Shape.C2 * p2 * p2 }

func (n *Net) layout() {
	sh := n.Shape
	off := 0
	next := func(c int) int { o := off; off += c; return o }
	n.w1 = next(sh.C1 * k * k)
	n.b1 = next(sh.C1)
	n.w2 = next(sh.C2 * sh.C1 * k * k)
	n.b2 = next(sh.C2)
	n.w3 = next(sh.Hidden * n.flat())
	n.b3 = next(sh.Hidden)
	n.w4 = next(sh.Outputs() * sh.Hidden)
	n.b4 = next(sh.Outputs())
}

func (n *Net) size() int { return n.b4 + n.Shape.Outputs() }

// Workspace holds the activations of one forward pass and, for training,
// the gradients. Not safe for concurrent use: one per goroutine.
type Workspace struct {
	net          *Net
	in           []float32
	a1, m1       []float32 // conv1 output (after ReLU), pool1 output
	i1           []int32   // pool1 argmax
	a2, m2       []float32
	i2           []int32
	h            []float32 // hidden after ReLU
	out          []float32 // softmax
	g            []float32 // parameter gradients (training only)
	dm2, da2     []float32
	dm1, da1, dh []float32
}

// NewWorkspace returns a workspace for n.
func (n *Net) NewWorkspace() *Workspace {
	sh := n.Shape
	return &Workspace{
		net: n,
		a1:  make([]float32, sh.C1*s1*s1), m1: make([]float32, sh.C1*p1*p1), i1: make([]int32, sh.C1*p1*p1),
		a2: make([]float32, sh.C2*s2*s2), m2: make([]float32, sh.C2*p2*p2), i2: make([]int32, sh.C2*p2*p2),
		h: make([]float32, sh.Hidden), out: make([]float32, sh.Outputs()),
	}
}

// Forward runs the network on in (Side*Side floats, row-major, ink 1 on
// background 0) and returns the class probabilities: the 10 digits, then
// junk when the Net has that output (Shape.Junk). The returned slice
// belongs to w and is overwritten by the next call.
func (w *Workspace) Forward(in []float32) []float32 {
	n := w.net
	sh := n.Shape
	P := n.Params
	w.in = in
	conv(in, 1, Side, P[n.w1:n.b1], P[n.b1:n.w2], sh.C1, w.a1)
	pool(w.a1, sh.C1, s1, w.m1, w.i1)
	conv(w.m1, sh.C1, p1, P[n.w2:n.b2], P[n.b2:n.w3], sh.C2, w.a2)
	pool(w.a2, sh.C2, s2, w.m2, w.i2)
	F := n.flat()
	W3 := P[n.w3:n.b3]
	for j := 0; j < sh.Hidden; j++ {
		s := P[n.b3+j] + dot(W3[j*F:(j+1)*F], w.m2)
		if s < 0 {
			s = 0
		}
		w.h[j] = s
	}
	W4 := P[n.w4:n.b4]
	mx := float32(math.Inf(-1))
	for c := range w.out {
		s := P[n.b4+c] + dot(W4[c*sh.Hidden:(c+1)*sh.Hidden], w.h)
		w.out[c] = s
		if s > mx {
			mx = s
		}
	}
	var sum float32
	for c := range w.out {
		e := float32(math.Exp(float64(w.out[c] - mx)))
		w.out[c] = e
		sum += e
	}
	for c := range w.out {
		w.out[c] /= sum
	}
	return w.out
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// conv computes a valid 5×5 convolution of in (cin channels of side×side)
// with nf filters, adds the bias and applies ReLU into out. Each output is
// one running sum, in the order bias, then channel, kernel row, kernel
// column: the same sums as a plain loop nest, so weights trained before
// give the same outputs, bit for bit. Four neighbouring outputs of a row
// are summed together (independent chains, each weight loaded once), which
// is what makes it fast; both output sides (24 and 8) are multiples of 4.
func conv(in []float32, cin, side int, W, B []float32, nf int, out []float32) {
	os := side - k + 1
	for f := 0; f < nf; f++ {
		o := out[f*os*os : (f+1)*os*os]
		wf := W[f*cin*k*k : (f+1)*cin*k*k]
		for y := 0; y < os; y++ {
			for x := 0; x+4 <= os; x += 4 {
				s0, s1, s2, s3 := B[f], B[f], B[f], B[f]
				for c := 0; c < cin; c++ {
					ch := in[c*side*side : (c+1)*side*side]
					wc := wf[c*k*k : (c+1)*k*k]
					for ky := 0; ky < k; ky++ {
						r := ch[(y+ky)*side+x : (y+ky)*side+x+k+3]
						w := wc[ky*k : ky*k+k]
						r = r[:8]
						w = w[:5]
						s0 += w[0] * r[0]
						s1 += w[0] * r[1]
						s2 += w[0] * r[2]
						s3 += w[0] * r[3]
						s0 += w[1] * r[1]
						s1 += w[1] * r[2]
						s2 += w[1] * r[3]
						s3 += w[1] * r[4]
						s0 += w[2] * r[2]
						s1 += w[2] * r[3]
						s2 += w[2] * r[4]
						s3 += w[2] * r[5]
						s0 += w[3] * r[3]
						s1 += w[3] * r[4]
						s2 += w[3] * r[5]
						s3 += w[3] * r[6]
						s0 += w[4] * r[4]
						s1 += w[4] * r[5]
						s2 += w[4] * r[6]
						s3 += w[4] * r[7]
					}
				}
				d := o[y*os+x : y*os+x+4]
				d[0], d[1], d[2], d[3] = max(s0, 0), max(s1, 0), max(s2, 0), max(s3, 0)
			}
		}
	}
}

func pool(in []float32, c, side int, out []float32, idx []int32) {
	ps := side / 2
	for ch := 0; ch < c; ch++ {
		base := ch * side * side
		for y := 0; y < ps; y++ {
			for x := 0; x < ps; x++ {
				i0 := base + 2*y*side + 2*x
				best, bi := in[i0], i0
				for _, d := range [3]int{1, side, side + 1} {
					if v := in[i0+d]; v > best {
						best, bi = v, i0+d
					}
				}
				o := ch*ps*ps + y*ps + x
				out[o], idx[o] = best, int32(bi)
			}
		}
	}
}

// Backward accumulates into the workspace's gradient the gradient of the
// cross-entropy loss of the last Forward for the true class label, and
// returns that loss (natural log).
func (w *Workspace) Backward(label int) float32 {
	n := w.net
	sh := n.Shape
	P := n.Params
	if w.g == nil {
		w.g = make([]float32, len(P))
		w.dm2 = make([]float32, len(w.m2))
		w.da2 = make([]float32, len(w.a2))
		w.dm1 = make([]float32, len(w.m1))
		w.da1 = make([]float32, len(w.a1))
		w.dh = make([]float32, sh.Hidden)
	}
	G := w.g
	loss := -float32(math.Log(math.Max(float64(w.out[label]), 1e-12)))
	// dense 2
	for j := range w.dh {
		w.dh[j] = 0
	}
	H := sh.Hidden
	for c := range w.out {
		d := w.out[c]
		if c == label {
			d -= 1
		}
		G[n.b4+c] += d
		gw := G[n.w4+c*H : n.w4+(c+1)*H]
		pw := P[n.w4+c*H : n.w4+(c+1)*H]
		for j := 0; j < H; j++ {
			gw[j] += d * w.h[j]
			w.dh[j] += d * pw[j]
		}
	}
	// dense 1
	F := n.flat()
	for i := range w.dm2 {
		w.dm2[i] = 0
	}
	for j := 0; j < H; j++ {
		if w.h[j] <= 0 {
			continue
		}
		d := w.dh[j]
		G[n.b3+j] += d
		gw := G[n.w3+j*F : n.w3+(j+1)*F]
		pw := P[n.w3+j*F : n.w3+(j+1)*F]
		for i := 0; i < F; i++ {
			gw[i] += d * w.m2[i]
			w.dm2[i] += d * pw[i]
		}
	}
	unpool(w.dm2, w.i2, w.a2, w.da2)
	for i := range w.dm1 {
		w.dm1[i] = 0
	}
	convBack(w.m1, sh.C1, p1, P[n.w2:n.b2], G[n.w2:n.b2], G[n.b2:n.w3], sh.C2, w.da2, w.dm1)
	unpool(w.dm1, w.i1, w.a1, w.da1)
	convBack(w.in, 1, Side, P[n.w1:n.b1], G[n.w1:n.b1], G[n.b1:n.w2], sh.C1, w.da1, nil)
	return loss
}

// unpool routes pooled gradients back to the argmax positions, masked by
// ReLU (a zero activation has zero gradient).
func unpool(dm []float32, idx []int32, a, da []float32) {
	for i := range da {
		da[i] = 0
	}
	for o, i := range idx {
		if a[i] > 0 {
			da[i] += dm[o]
		}
	}
}

func convBack(in []float32, cin, side int, W, GW, GB []float32, nf int, dout, din []float32) {
	os := side - k + 1
	for f := 0; f < nf; f++ {
		d := dout[f*os*os : (f+1)*os*os]
		var sb float32
		for _, v := range d {
			sb += v
		}
		GB[f] += sb
		for c := 0; c < cin; c++ {
			ch := in[c*side*side : (c+1)*side*side]
			wi := (f*cin + c) * k * k
			for ky := 0; ky < k; ky++ {
				for kx := 0; kx < k; kx++ {
					var s float32
					wv := W[wi+ky*k+kx]
					for y := 0; y < os; y++ {
						src := ch[(y+ky)*side+kx : (y+ky)*side+kx+os]
						dr := d[y*os : y*os+os]
						for x, dv := range dr {
							s += dv * src[x]
						}
						if din != nil {
							di := din[c*side*side+(y+ky)*side+kx : c*side*side+(y+ky)*side+kx+os]
							for x, dv := range dr {
								di[x] += wv * dv
							}
						}
					}
					GW[wi+ky*k+kx] += s
				}
			}
		}
	}
}

// Grad returns the accumulated parameter gradient (same layout as
// Net.Params); callers zero it after each optimiser step.
func (w *Workspace) Grad() []float32 { return w.g }

// Adam is the Adam optimiser state for one Net.
type Adam struct {
	LR, Beta1, Beta2, Eps float64
	m, v                  []float32
	t                     int
}

// NewAdam returns an Adam optimiser with the usual constants and learning
// rate lr.
func NewAdam(lr float64, nParams int) *Adam {
	return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, m: make([]float32, nParams), v: make([]float32, nParams)}
}

// Step applies the gradient g (a sum over batch samples) scaled by 1/batch
// to params and zeroes g.
func (a *Adam) Step(params, g []float32, batch int) {
	a.t++
	b1, b2 := float32(a.Beta1), float32(a.Beta2)
	c1 := 1 - math.Pow(a.Beta1, float64(a.t))
	c2 := 1 - math.Pow(a.Beta2, float64(a.t))
	lr := float32(a.LR * math.Sqrt(c2) / c1)
	eps := float32(a.Eps)
	inv := 1 / float32(batch)
	for i, gi := range g {
		gi *= inv
		a.m[i] = b1*a.m[i] + (1-b1)*gi
		a.v[i] = b2*a.v[i] + (1-b2)*gi*gi
		params[i] -= lr * a.m[i] / (float32(math.Sqrt(float64(a.v[i]))) + eps)
		g[i] = 0
	}
}

// Save writes n in the weights format: a magic string, the layer widths
// as uint32 (three; four with the number of outputs when the Net has a
// junk output), then the parameters as little-endian float32. A Net
// without a junk output is written as before junk outputs existed.
func (n *Net) Save(w io.Writer) error {
	m, hdr := magic, []uint32{uint32(n.Shape.C1), uint32(n.Shape.C2), uint32(n.Shape.Hidden)}
	if n.Shape.Junk {
		m, hdr = magic2, append(hdr, uint32(n.Shape.Outputs()))
	}
	if _, err := io.WriteString(w, m); err != nil {
		return fmt.Errorf("save net: %w", err)
	}
	if err := binary.Write(w, binary.LittleEndian, hdr); err != nil {
		return fmt.Errorf("save net: %w", err)
	}
	if err := binary.Write(w, binary.LittleEndian, n.Params); err != nil {
		return fmt.Errorf("save net: %w", err)
	}
	return nil
}

// ErrFormat reports a weights file that is not in the format Save writes.
var ErrFormat = errors.New("not a digits weights file")

// Load reads a Net written by Save.
func Load(data []byte) (*Net, error) {
	// The layer widths in the header, by the magic (both are 8 bytes).
	var words int
	switch string(data[:min(len(data), len(magic))]) {
	case magic:
		words = 3
	case magic2:
		words = 4
	default:
		return nil, fmt.Errorf("load net: %w", ErrFormat)
	}
	p := data[len(magic):]
	if len(p) < 4*words {
		return nil, fmt.Errorf("load net: %w", ErrFormat)
	}
	u := func(i int) int { return int(binary.LittleEndian.Uint32(p[4*i:])) }
	n := &Net{Shape: Shape{C1: u(0), C2: u(1), Hidden: u(2)}}
	if words == 4 {
		if out := u(3); out != Classes+1 {
			return nil, fmt.Errorf("load net: %d outputs: %w", out, ErrFormat)
		}
		n.Shape.Junk = true
	}
	if n.Shape.C1 <= 0 || n.Shape.C2 <= 0 || n.Shape.Hidden <= 0 || n.Shape.C1 > 1024 || n.Shape.C2 > 1024 || n.Shape.Hidden > 1<<16 {
		return nil, fmt.Errorf("load net: shape %+v: %w", n.Shape, ErrFormat)
	}
	n.layout()
	p = p[4*words:]
	if len(p) != 4*n.size() {
		return nil, fmt.Errorf("load net: %d parameter bytes, want %d: %w", len(p), 4*n.size(), ErrFormat)
	}
	n.Params = make([]float32, n.size())
	for i := range n.Params {
		n.Params[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
	}
	return n, nil
}
