package decide

// Default are the thresholds in use. Provisional until calibrated with
// `go run ./cmd/evaluate -calibrate` on labelled pages.
var Default = Thresholds{
	NameConf:    0.90,
	NameMinLen:  4,
	PostalConf:  0.90,
	DigitMargin: 4,
}
