package decide

// Default are the thresholds in use, calibrated with
//
//	go run ./cmd/evaluate -corpus ../shared/corpus/dev -corpus out/cal -corpus out/heldout -calibrate
//
// on the 48 sample pages and 64 generated pages (`go run ./cmd/mkforms
// -out out/cal -sheets 16 -seed 21 -fonts other` and `-out out/heldout
// -sheets 16 -seed 99 -fonts all`): 1,945 printed rows, 1,021 filled. The
// calibration takes the setting that accepts the most rows with at most
// 0.5 % of them wrong, among those whose one-step-looser neighbours on each
// name threshold also stay within 0.5 %: 121 rows, none wrong. The three
// readings of the name (ocr.ReadAll) must give the same words, each with a
// confidence of at least NameConf 0.88 in every reading, or NameKnownConf
// 0.40 for a word that is a known given or family name (names.Known); two
// readings agreeing on known names may outvote the third; the first
// reading is trusted alone from NameSoloConf 0.94; NameMinLen 3. Postal
// codes: Tesseract alone never suffices (PostalConf above 1), the digit
// recogniser alone from a margin of 4.
//
// History: without the margin rule the best setting (NameConf 0.60)
// accepted 147 rows here, none wrong, but two wrong names on a fresh
// generated set, misread alike by the three readings at 0.63–0.91 — it sat
// at the edge of the safe region. With two readings the best was 101 rows,
// and 38 without the known-name credit: Tesseract's confidences alone do
// not separate right from wrong names, and the misreadings it is sure of
// ("Amaud" for "Arnaud", "Lacas" for "Lucas") are rarely real names.
var Default = Thresholds{
	NameConf:         0.88,
	NameMinLen:       3,
	NameKnownConf:    0.40,
	NameMajorityConf: 0.40,
	NameSoloConf:     0.94,
	PostalConf:       1.01,
	DigitMargin:      4,
}
