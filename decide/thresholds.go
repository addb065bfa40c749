package decide

// Default are the thresholds in use, calibrated with
//
//	go run ./cmd/evaluate -calibrate -corpus ../shared/corpus/dev -corpus out/cal \
//		-corpus out/heldout -corpus out/mnist -corpus out/final -corpus out/final2 -corpus out/final3 \
//		-corpus out/final4 -corpus out/final5 -corpus out/final6 -corpus out/final7 \
//		-corpus out/final8 -corpus out/final9
//
// on the 48 sample pages and 420 generated pages (the mkforms commands are
// in the README): 6,012 printed rows, 3,276 filled. The calibration takes
// the setting that accepts the most rows with at most 0.5 % of them wrong,
// among those whose one-step-looser neighbours on each threshold also
// stay within 0.5 %. On the evidence of the network remade by make
// train-digits (tenth session) it chose these thresholds exactly: 715 rows
// (21.8 % of the filled ones), 1 wrong; with the thirteenth session's
// three rules on names and the rows fixes (eval75), it chose them again:
// 708 rows (21.6 %), 1 wrong. (When earlier searches chose a
// DigitMarginTess of 0, it was held at 1 by hand: codes Tesseract read
// alike at a recogniser margin under 1 were wrong 2 times in 38 on these
// sets, where every other kind of trusted code is under 0.5 %.) How each
// setting moved, session by session, with the evidence, is in
// docs/accuracy.md.
//
// The three readings of the name (ocr.ReadAll) must give the same words; a
// word that is a known given or family name (names.Known) is then trusted
// whatever its confidence (NameKnownConf 0: 404 of 406 such names were
// right on the first seven sets, the 42 read at confidence 0 included), any other
// word needs NameConf 0.75 in every reading, and NameNearConf 0.88 when
// it is one edit from a known name (names.NearKnown: "Lacas" read for
// "Lucas" at 0.84–0.91, "DEMS" for "Denis" at 0.86–0.91; many real
// surnames are such words: KONE, FALL, SYLLA); in joined-up writing no
// such word is trusted on confidence (joinedUnknown, a rule rather than a
// threshold).
// Two readings agreeing on known names, each word at NameMajorityConf 0.20
// at least, outvote the third. When the readings leave the name in doubt,
// the three upright readings (ocr.ReadAllUpright) are judged on the same
// terms, without credit for words one edit from a known name, and trusted
// when the Latin model's reading (ocr.ReadOther) gives the same name
// (NameUpright). A reading alone is never trusted
// (NameSoloConf above 1); NameMinLen 3. Postal codes: Tesseract alone never
// suffices (PostalConf above 1), the digit recogniser alone from a margin
// of 5 when its two views of the cell agree, from 1 when Tesseract reads
// the same code, from 1 when the Latin model does and both views read the
// code as seen (whatever Tesseract reads).
var Default = Thresholds{
	NameConf:         0.75,
	NameMinLen:       3,
	NameKnownConf:    0,
	NameMajorityConf: 0.20,
	NameSoloConf:     1.01,
	NameUpright:      true,
	NameNearConf:     0.88,
	PostalConf:       1.01,
	DigitMargin:      5,
	DigitMarginTess:  1,
	DigitMarginOther: 1,
}
