package decide

// Default are the thresholds in use, calibrated with
//
//	go run ./cmd/evaluate -corpus ../shared/corpus/dev -corpus out/cal -calibrate
//
// on the 48 sample pages and 32 generated pages in handwriting fonts that
// the samples do not use (`go run ./cmd/mkforms -out out/cal -sheets 16
// -seed 21 -fonts other`): 1,392 printed rows, 687 filled. The best
// setting under 0.5 % error among accepted rows was NameConf 0.92 with
// the first name reading trusted alone from 0.92 (NameSoloConf; any
// value up to 0.92 is equivalent), NameMinLen 3 and any DigitMargin from
// 1: it accepted 24 rows, none wrong. DigitMargin is set to 3 rather than 1 because the digit
// recogniser alone is wrong on 2 % of the codes it reads with a margin
// between 2 and 3 (digits package, sample scans), and a margin only
// decides when Tesseract's reading is unusable.
var Default = Thresholds{
	NameConf:     0.92,
	NameMinLen:   3,
	NameSoloConf: 0.92,
	PostalConf:   0.90,
	DigitMargin:  3,
}
