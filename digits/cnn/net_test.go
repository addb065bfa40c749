package cnn

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
)

func testNet(tb testing.TB) (*Net, []float32) {
	tb.Helper()
	r := rand.New(rand.NewSource(1))
	n := New(Shape{C1: 3, C2: 4, Hidden: 6}, r.NormFloat64)
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
// against central finite differences of the loss, parameter by parameter.
func TestBackwardMatchesNumericGradient(t *testing.T) {
	n, in := testNet(t)
	ws := n.NewWorkspace()
	const label = 3
	ws.Forward(in)
	ws.Backward(label)
	g := append([]float32(nil), ws.Grad()...)
	loss := func() float64 {
		out := ws.Forward(in)
		return -math.Log(float64(out[label]))
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
				t.Errorf("%s[%d]: backward %.5f, numeric %.5f", l.name, i-l.from, g[i], num)
			}
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	n, in := testNet(t)
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m, err := Load(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	a := n.NewWorkspace().Forward(in)
	b := m.NewWorkspace().Forward(in)
	for c := range a {
		if a[c] != b[c] {
			t.Errorf("class %d: loaded net gives %v, original %v", c, b[c], a[c])
		}
	}
	if _, err := Load(buf.Bytes()[:buf.Len()-1]); err == nil {
		t.Error("Load(truncated) succeeded, want error")
	}
	if _, err := Load([]byte("nope")); err == nil {
		t.Error("Load(garbage) succeeded, want error")
	}
}

// TestAdamLearnsOneSample checks that a few optimiser steps on one sample
// drive its loss down: the whole training loop is wired correctly.
func TestAdamLearnsOneSample(t *testing.T) {
	n, in := testNet(t)
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
