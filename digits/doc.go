// Package digits reads handwritten digits and French postal codes from
// scanned cells, like a postal sorting machine: a small convolutional
// network (package digits/cnn) trained on MNIST and on font-rendered digits,
// whose weights are embedded in the binary, classifies each digit; ReadCode
// segments a postal-code cell into digits, scores several segmentations and
// decodes them against a lexicon of valid codes.
//
// It is pure Go and needs no Tesseract. It does not find the cell on the page
// or remove the ruled lines (package rows does), though it tolerates ruled-line
// residue at the cell's edges; it does not know which codes exist (the caller
// passes the lexicon, e.g. postal.Codes()).
//
// The weights (model.bin) are produced by cmd/train-digits:
//
//	sh scripts/mnist.sh && GOMAXPROCS=1 go run ./cmd/train-digits -out digits/model.bin
package digits
