// Package norm turns an image of one handwritten digit into the 28×28 input
// of the digit network, the way MNIST was made: the digit's bounding box is
// scaled to fit 20×20 preserving its aspect ratio, anti-aliased, then
// placed in a 28×28 field so that its centre of mass is at the centre.
// Ink becomes 1, background 0.
//
// The same function prepares training samples and scanned digits, so the
// network sees both the same way. It does not segment: the image must hold
// one digit (stray specks widen the bounding box).
package norm
