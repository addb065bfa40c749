package digits

import (
	_ "embed"
	"fmt"
	"image"
	"sync"

	"github.com/sheetscan/sheetscan/digits/cnn"
	"github.com/sheetscan/sheetscan/digits/norm"
)

//go:embed model.bin
var modelBin []byte

var (
	loadOnce sync.Once
	model    *cnn.Net
	loadErr  error
	wsPool   sync.Pool
)

// load parses the embedded weights once. A broken model.bin is a build
// mistake, so Probs panics with the error rather than returning garbage.
func load() *cnn.Net {
	loadOnce.Do(func() {
		model, loadErr = cnn.Load(modelBin)
		if loadErr != nil {
			loadErr = fmt.Errorf("digits: embedded model.bin: %w", loadErr)
		}
	})
	if loadErr != nil {
		panic(loadErr)
	}
	return model
}

// Probs returns the probabilities of the 10 digits for one digit image
// (dark ink on light background, any size; normalised internally the
// MNIST way). The network also has a junk output (cnn.Shape.Junk), left
// out here: for an image that is not one digit (part of one, two run
// together) the ten sum to well under 1, which is how ReadCode's lattice
// learns to refuse such cuts. A blank image gives meaningless
// probabilities. Safe for concurrent use.
func Probs(img *image.Gray) [10]float32 {
	return probsField(norm.Normalize(img))
}

// probsField classifies a normalised 28×28 field.
func probsField(x []float32) [10]float32 {
	n := load()
	ws, _ := wsPool.Get().(*cnn.Workspace)
	if ws == nil {
		ws = n.NewWorkspace()
	}
	var p [10]float32
	copy(p[:], ws.Forward(x))
	wsPool.Put(ws)
	return p
}
