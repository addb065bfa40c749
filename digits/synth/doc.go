// Package synth makes labelled digit images for training and testing the
// digit recogniser: it reads MNIST idx files, renders digits in fonts, and
// distorts them the way hand writing and scanning do (slant, rotation,
// stroke width, scale, blur, noise, binarisation, ruled-line residue). It
// also composes postal-code cells from single digits, with touching pairs
// and spaced groups.
//
// All randomness comes from a caller-supplied *rand.Rand, so results are
// reproducible from a seed. Nothing here is used at recognition time.
package synth
