package decide

// Default are the thresholds in use, calibrated with
//
//	go run ./cmd/evaluate -corpus ../shared/corpus/dev -corpus out/cal -corpus out/heldout -calibrate
//
// on the 48 sample pages and 64 generated pages (`go run ./cmd/mkforms
// -out out/cal -sheets 16 -seed 21 -fonts other` and `-out out/heldout
// -sheets 16 -seed 99 -fonts all`): 1,945 printed rows, 1,021 filled. The
// best setting under 0.5 % error among accepted rows accepted 139 rows,
// none wrong: the three readings of the name (ocr.ReadAll) give the same
// words, each with a confidence of at least NameConf 0.60 in every
// reading, or NameKnownConf 0.40 for a word that is a known given or
// family name (names.Known); the first reading is trusted alone from
// NameSoloConf 0.92; NameMinLen 3. Under 1 % the best accepted 156 rows,
// one wrong. With two readings the best was 101 rows (and 38 without the
// known-name credit): Tesseract's confidences alone do not separate right
// from wrong names, and the misreadings it is sure of ("Amaud" for
// "Arnaud", "Lacas" for "Lucas") are rarely real names and rarely survive
// a third reading.
// The postal limits are searched from DigitMargin 3 and PostalConf 0.9 up
// only (see cmd/evaluate/calibrate.go); 3 is where the digit recogniser
// alone is wrong on about 1 % of the codes of the sample scans' cut cells,
// and a margin decides alone only when Tesseract's reading is unusable.
var Default = Thresholds{
	NameConf:      0.60,
	NameMinLen:    3,
	NameKnownConf: 0.40,
	NameSoloConf:  0.92,
	PostalConf:    0.90,
	DigitMargin:   3,
}
