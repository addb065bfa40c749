// Package digits reads handwritten digits and French postal codes from
// scanned cells, like a postal sorting machine: a small convolutional
// network (package digits/cnn) trained on MNIST and on font-rendered digits,
// then tuned on digits cut from postal cells of labelled pages, whose
// weights are embedded in the binary, classifies each digit; ReadCode
// segments a postal-code cell into digits, scores several segmentations and
// decodes them against a lexicon of valid codes. Align cuts a cell into
// the digits of a known code the same way, for that tuning.
//
// It is pure Go and needs no Tesseract. It does not find the cell on the page
// or remove the ruled lines (package rows does), though it tolerates ruled-line
// residue at the cell's edges; it does not know which codes exist (the caller
// passes the lexicon, e.g. postal.Codes()).
//
// The weights (model.bin) are produced by cmd/train-digits, with the pages
// it is tuned on, by make train-digits.
package digits
