// Package gauss makes the Gaussian kernels of the image code that blurs
// (formgen's scans, digits/synth's elastic distortion).
package gauss

import "math"

// Kernel returns the normalised 1-D Gaussian kernel of standard deviation
// sigma (> 0), over ±ceil(3·sigma) taps: len(Kernel(s))/2 is its radius.
func Kernel(sigma float64) []float32 {
	rad := int(math.Ceil(3 * sigma))
	k := make([]float32, 2*rad+1)
	var sum float32
	for i := range k {
		d := float64(i - rad)
		k[i] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	return k
}
