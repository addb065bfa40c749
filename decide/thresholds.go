package decide

// Default are the thresholds in use, calibrated with
//
//	go run ./cmd/evaluate -corpus ../shared/corpus/dev -corpus out/cal -corpus out/heldout -calibrate
//
// on the 48 sample pages and 64 generated pages (`go run ./cmd/mkforms
// -out out/cal -sheets 16 -seed 21 -fonts other` and `-out out/heldout
// -sheets 16 -seed 99 -fonts all`): 1,943 printed rows, 1,021 filled. The
// best setting under 0.5 % error among accepted rows (and under 1 %: the
// same) was NameConf 0.92 — a name's confidence being that of its least
// sure word in each reading — with the first reading trusted alone from
// the same value (NameSoloConf), NameMinLen 3 and any DigitMargin from 1:
// it accepted 36 rows, none wrong. Lower name confidences accept far more
// rows but let through confident misreadings that both models share
// ("Amaud" for "Arnaud", "Lacas" for "Lucas"). DigitMargin is set
// to 3 rather than 1 because the digit recogniser alone is wrong on 2 % of
// the codes it reads with a margin between 2 and 3 (digits package, sample
// scans), and a margin only decides when Tesseract's reading is unusable.
var Default = Thresholds{
	NameConf:      0.92,
	NameMinLen:    3,
	NameKnownConf: 0.01,
	NameSoloConf:  0.90,
	PostalConf:    0.90,
	DigitMargin:   3,
}
