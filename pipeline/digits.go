package pipeline

import (
	"image"

	"github.com/sheetscan/sheetscan/decide"
	"github.com/sheetscan/sheetscan/digits"
	"github.com/sheetscan/sheetscan/postal"
)

// lexicon is the list of valid postal codes the digit reader decodes
// against.
var lexicon = postal.Codes()

// readDigits reads a postal-code cell with the handwritten-digit
// recogniser, constrained to valid La Poste codes. It returns nil when the
// cell holds no digit-like ink.
func readDigits(cell *image.Gray) *decide.CodeReading {
	r := digits.ReadCode(cell, lexicon)
	if r.Segments == 0 {
		return nil
	}
	return &decide.CodeReading{Code: r.Code, Margin: r.Margin, Raw: r.Raw}
}
