package decide

// Default are the thresholds in use, calibrated with
//
//	go run ./cmd/evaluate -corpus ../shared/corpus/dev -corpus out/cal -corpus out/heldout -calibrate
//
// on the 48 sample pages and 64 generated pages (`go run ./cmd/mkforms
// -out out/cal -sheets 16 -seed 21 -fonts other` and `-out out/heldout
// -sheets 16 -seed 99 -fonts all`): 1,945 printed rows, 1,021 filled. The
// best setting under 0.5 % error among accepted rows (and under 1 %: the
// same) accepted 101 rows, none wrong: a name's words must all reach
// NameConf 0.92 in both readings, except the words that are known given or
// family names (names.Known), which need only agree (NameKnownConf 0.01);
// the first reading is trusted alone from 0.90 (NameSoloConf); NameMinLen
// 3. Without the known-name credit the best was 38 rows: Tesseract's
// confidences do not separate right from wrong names, and lower name
// confidences let through confident misreadings that both models share
// ("Amaud" for "Arnaud", "Lacas" for "Lucas") — words that are not names.
// The postal limits are searched from DigitMargin 3 and PostalConf 0.9 up
// only (see cmd/evaluate/calibrate.go); 3 is where the digit recogniser
// alone is wrong on about 1 % of the codes of the sample scans' cut cells,
// and a margin decides alone only when Tesseract's reading is unusable.
var Default = Thresholds{
	NameConf:      0.92,
	NameMinLen:    3,
	NameKnownConf: 0.01,
	NameSoloConf:  0.90,
	PostalConf:    0.90,
	DigitMargin:   3,
}
