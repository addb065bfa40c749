package pipeline

import (
	"image"

	"github.com/sheetscan/sheetscan/decide"
)

// readDigits reads a postal-code cell with the digit recogniser. Until the
// recogniser is wired in, there is no second reading.
func readDigits(cell *image.Gray) *decide.CodeReading { return nil }
