package cnn

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
)

// testNet returns a small net, with a junk output or not, and an input.
func testNet(tb testing.TB, junk bool) (*Net, []float32) {
	tb.Helper()
	r := rand.New(rand.NewSource(1))
	n := New(Shape{C1: 3, C2: 4, Hidden: 6, Junk: junk}, r.NormFloat64)
	for i := n.b1; i < n.w2; i++ {
		n.Params[i] = 0.1 // keep ReLUs active so the gradient is smooth
	}
	in := make([]float32, Side*Side)
	for i := range in {
		in[i] = r.Float32()
	}
	return n, in
}

// TestBackwardMatchesNumericGradient checks the hand-written backward pass
// against central finite differences of the loss, parameter by parameter,
// for a digit label and, on a net with a junk output, the junk label.
func TestBackwardMatchesNumericGradient(t *testing.T) {
	for _, c := range []struct {
		junk  bool
		label int
	}{{false, 3}, {true, 3}, {true, Junk}} {
		n, in := testNet(t, c.junk)
		ws := n.NewWorkspace()
		ws.Forward(in)
		ws.Backward(c.label)
		g := append([]float32(nil), ws.Grad()...)
		loss := func() float64 {
			out := ws.Forward(in)
			return -math.Log(float64(out[c.label]))
		}
		r := rand.New(rand.NewSource(2))
		layers := []struct {
			name     string
			from, to int
		}{
			{"w1", n.w1, n.b1}, {"b1", n.b1, n.w2}, {"w2", n.w2, n.b2}, {"b2", n.b2, n.w3},
			{"w3", n.w3, n.b3}, {"b3", n.b3, n.w4}, {"w4", n.w4, n.b4}, {"b4", n.b4, n.size()},
		}
		for _, l := range layers {
			for trial := 0; trial < 5; trial++ {
				i := l.from + r.Intn(l.to-l.from)
				const h = 1e-2
				old := n.Params[i]
				n.Params[i] = old + h
				lp := loss()
				n.Params[i] = old - h
				lm := loss()
				n.Params[i] = old
				num := (lp - lm) / (2 * h)
				if d := math.Abs(num - float64(g[i])); d > 1e-2*math.Max(1, math.Abs(num)) {
					t.Errorf("junk %v, label %d: %s[%d]: backward %.5f, numeric %.5f", c.junk, c.label, l.name, i-l.from, g[i], num)
				}
			}
		}
	}
}

// TestSaveLoadRoundTrip checks the weights file, with and without a junk
// output: the loaded net has the same shape and outputs.
func TestSaveLoadRoundTrip(t *testing.T) {
	for _, junk := range []bool{false, true} {
		n, in := testNet(t, junk)
		var buf bytes.Buffer
		if err := n.Save(&buf); err != nil {
			t.Fatal(err)
		}
		m, err := Load(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if m.Shape != n.Shape {
			t.Errorf("loaded shape %+v, saved %+v", m.Shape, n.Shape)
		}
		a := n.NewWorkspace().Forward(in)
		b := m.NewWorkspace().Forward(in)
		if len(a) != n.Shape.Outputs() || len(b) != len(a) {
			t.Fatalf("junk %v: %d outputs saved, %d loaded, want %d", junk, len(a), len(b), n.Shape.Outputs())
		}
		for c := range a {
			if a[c] != b[c] {
				t.Errorf("junk %v: output %d: loaded net gives %v, original %v", junk, c, b[c], a[c])
			}
		}
		if _, err := Load(buf.Bytes()[:buf.Len()-1]); err == nil {
			t.Errorf("junk %v: Load(truncated) succeeded, want error", junk)
		}
	}
	if _, err := Load([]byte("nope")); err == nil {
		t.Error("Load(garbage) succeeded, want error")
	}
}

// TestAdamLearnsOneSample checks that a few optimiser steps on one sample
// drive its loss down: the whole training loop is wired correctly.
func TestAdamLearnsOneSample(t *testing.T) {
	n, in := testNet(t, false)
	ws := n.NewWorkspace()
	opt := NewAdam(3e-2, len(n.Params))
	ws.Forward(in)
	first := ws.Backward(7)
	opt.Step(n.Params, ws.Grad(), 1)
	var last float32
	for i := 0; i < 60; i++ {
		ws.Forward(in)
		last = ws.Backward(7)
		opt.Step(n.Params, ws.Grad(), 1)
	}
	if !(last < first/4) {
		t.Errorf("loss after 60 steps = %.4f, first %.4f; want a fourfold drop", last, first)
	}
}

func BenchmarkForward(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	n := New(Shape{C1: 8, C2: 16, Hidden: 128}, r.NormFloat64)
	in := make([]float32, Side*Side)
	ws := n.NewWorkspace()
	for b.Loop() {
		ws.Forward(in)
	}
}

func BenchmarkTrainStep(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	n := New(Shape{C1: 8, C2: 16, Hidden: 128}, r.NormFloat64)
	in := make([]float32, Side*Side)
	for i := range in {
		in[i] = r.Float32()
	}
	ws := n.NewWorkspace()
	for b.Loop() {
		ws.Forward(in)
		ws.Backward(1)
	}
}

// TestConvMatchesLoopNest checks the unrolled convolution against the plain
// loop nest it replaced, bit for bit: weights trained with either give the
// same outputs.
func TestConvMatchesLoopNest(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, tc := range []struct{ cin, side, nf int }{{1, Side, 3}, {4, p1, 5}} {
		in := make([]float32, tc.cin*tc.side*tc.side)
		for i := range in {
			if r.Intn(3) > 0 {
				in[i] = r.Float32()
			}
		}
		W := make([]float32, tc.nf*tc.cin*k*k)
		B := make([]float32, tc.nf)
		for i := range W {
			W[i] = float32(r.NormFloat64())
		}
		for i := range B {
			B[i] = float32(r.NormFloat64())
		}
		os := tc.side - k + 1
		got := make([]float32, tc.nf*os*os)
		conv(in, tc.cin, tc.side, W, B, tc.nf, got)
		want := make([]float32, len(got))
		for f := 0; f < tc.nf; f++ {
			o := want[f*os*os : (f+1)*os*os]
			for i := range o {
				o[i] = B[f]
			}
			for c := 0; c < tc.cin; c++ {
				for ky := 0; ky < k; ky++ {
					for kx := 0; kx < k; kx++ {
						wv := W[(f*tc.cin+c)*k*k+ky*k+kx]
						for y := 0; y < os; y++ {
							for x := 0; x < os; x++ {
								o[y*os+x] += wv * in[c*tc.side*tc.side+(y+ky)*tc.side+x+kx]
							}
						}
					}
				}
			}
			for i, v := range o {
				if v < 0 {
					o[i] = 0
				}
			}
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("cin %d side %d: output %d = %v, loop nest gives %v", tc.cin, tc.side, i, got[i], want[i])
			}
		}
	}
}

// TestWithJunk checks that adding a junk output to a trained net keeps
// the digit outputs' proportions and leaves junk unlikely.
func TestWithJunk(t *testing.T) {
	n, in := testNet(t, false)
	r := rand.New(rand.NewSource(4))
	j := n.WithJunk(r.NormFloat64)
	if !j.Shape.Junk || j.Shape.Outputs() != Classes+1 || n.Shape.Junk {
		t.Fatalf("WithJunk shape %+v (from %+v)", j.Shape, n.Shape)
	}
	a := n.NewWorkspace().Forward(in)
	b := j.NewWorkspace().Forward(in)
	if len(b) != Classes+1 || b[Junk] > 0.05 {
		t.Fatalf("junk net outputs %d values, junk %.3f; want 11, junk small", len(b), b[Junk])
	}
	for c := 0; c < Classes; c++ {
		if ratio := b[c] / a[c] / (1 - b[Junk]); math.Abs(float64(ratio)-1) > 1e-3 {
			t.Errorf("digit %d: %.5f with junk, %.5f without", c, b[c], a[c])
		}
	}
	if j.WithJunk(r.NormFloat64) != j {
		t.Error("WithJunk on a net with a junk output made another")
	}
}
