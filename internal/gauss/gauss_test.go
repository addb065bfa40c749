package gauss

import (
	"math"
	"testing"
)

func TestKernel(t *testing.T) {
	for _, sigma := range []float64{0.4, 1, 2.5} {
		k := Kernel(sigma)
		rad := len(k) / 2
		if len(k)%2 != 1 || rad != int(math.Ceil(3*sigma)) {
			t.Fatalf("Kernel(%v) has %d taps, want 2·ceil(3σ)+1", sigma, len(k))
		}
		var sum, mean, vari float64
		for i, v := range k {
			if v != k[len(k)-1-i] {
				t.Errorf("Kernel(%v) not symmetric at %d", sigma, i)
			}
			if i > 0 && i <= rad && v < k[i-1] {
				t.Errorf("Kernel(%v) falls before its centre at %d", sigma, i)
			}
			d := float64(i - rad)
			sum += float64(v)
			mean += d * float64(v)
			vari += d * d * float64(v)
		}
		if math.Abs(sum-1) > 1e-5 || math.Abs(mean) > 1e-6 {
			t.Errorf("Kernel(%v): sum %v, mean %v; want 1 and 0", sigma, sum, mean)
		}
		// Truncated at 3σ, the variance is a little under σ² (and the
		// discrete taps make it a little over for small σ).
		if sigma >= 1 && math.Abs(math.Sqrt(vari)-sigma) > 0.05*sigma {
			t.Errorf("Kernel(%v): standard deviation %v", sigma, math.Sqrt(vari))
		}
	}
}
