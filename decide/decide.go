// Package decide turns the machine's readings of one printed row into a
// verdict: accepted (every field trustworthy), blank, or flagged for review
// with machine-readable reasons and the best reading prefilled.
//
// The promise of sheetscan is that an accepted row is right. A row is
// therefore accepted only when every signal agrees: the row is filled and
// signed and not struck, its printed number was read, every reading of the
// name gave the same words, each sure enough (less is asked of a word that
// is a known given or family name), and the postal code is a valid
// La Poste code on which the independent readings agree. Everything else
// goes to a reviewer with its reasons.
//
// Thresholds are not guessed: Calibrate chooses them on labelled rows (see
// cmd/evaluate), and the values in use are in thresholds.go with the
// figures they were calibrated on.
package decide

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sheetscan/sheetscan/names"
	"github.com/sheetscan/sheetscan/postal"
)

// Reasons a row is flagged.
const (
	NameMissing     = "name_missing"        // nothing legible in the name cell
	NameLowConf     = "name_low_confidence" // the reading is not sure enough
	NameDisagree    = "name_disagree"       // the readings of the cell differ
	PostalMissing   = "postal_missing"      // empty or illegible postal-code cell
	PostalInvalid   = "postal_invalid"      // not in the La Poste list, no safe repair
	Postal4Digits   = "postal_4_digits"     // four digits written: a leading 0 forgotten?
	PostalRepaired  = "postal_repaired"     // made valid by changing a digit: check it
	PostalLowConf   = "postal_low_confidence"
	PostalDisagree  = "postal_disagree" // the digit recogniser and Tesseract differ
	NoSignature     = "no_signature"
	SignatureOnly   = "signature_only" // signed without a legible name or code
	Struck          = "struck"
	NumberUncertain = "number_uncertain" // the printed row number was inferred
	NameOneWord     = "name_one_word"    // a surname or a given name seems missing
	NameImplausible = "name_implausible" // a word without a vowel, a hyphen joining nothing: a letter was probably lost
	NameSpacing     = "name_spacing"     // two words that are one name joined ("EL SA", "ELSA"): a gap between letters?
)

// Reading is one reading of a cell, with the reader's confidence, 0..1.
// A name reading with Words is judged by its least sure word's instead.
type Reading struct {
	Text  string
	Conf  float64
	Words []Word `json:",omitempty"` // the words of Text with their own confidences, when known
}

// Word is one word of a reading with its confidence, 0..1.
type Word struct {
	Text string
	Conf float64
}

// CodeReading is the digit recogniser's lexicon-constrained reading of a
// postal-code cell: the best valid code, its margin (log-probability) over
// the runner-up, and the unconstrained digits.
type CodeReading struct {
	Code   string
	Margin float64
	Raw    string
	// ViewsAgree is true when the recogniser's other reading of the cell
	// (the pipeline reads the binary cut and the page's gray under it)
	// gave the same Code: two readings agreeing, as for names. Its
	// margin alone never makes a code trusted.
	ViewsAgree bool
	// TessChose is true when the recogniser's readings of the cell gave
	// different codes and Tesseract's reading picked the one kept, against
	// the recogniser's own scores: Tesseract agreeing with that code is
	// then no independent evidence, and the code is never trusted.
	TessChose bool `json:",omitempty"`
	// AcrossRule is true when the code is written across the rule above
	// the row and the second view had the pieces the rule's removal cut
	// off put back: a digit drawn along the rule (the bar of a 7 on it)
	// can then read as another digit to every reader alike, and the
	// code is never trusted.
	AcrossRule bool `json:",omitempty"`
}

// Input is everything known about one row.
type Input struct {
	Blank, Signed, Struck bool
	NumberUncertain       bool
	Name                  []Reading // readings of the name cell (different models and preprocessings), best first
	NameUpright           []Reading `json:",omitempty"` // more readings, the writing sheared upright: candidates for the prefill of a name not trusted, never part of the agreement
	NameOther             []Reading `json:",omitempty"` // the name read by a model of another family (ocr.ReadOther), made with NameUpright and, like them, only a candidate for the prefill
	// PostalOther holds the postal code as a model of another family
	// reads it (ocr.ReadOther), made when it could change the verdict
	// (WantsPostalOther): a second witness beside Tesseract's eng reading.
	PostalOther []Reading    `json:",omitempty"`
	Postal      []Reading    // Tesseract readings of the postal-code cell
	Digits      *CodeReading // the digit recogniser's reading; nil when not run
	// NamePieces counts the separate pieces of writing in the name cell
	// (rows.Pieces); 0 when not counted (evidence stored before it was).
	NamePieces int `json:",omitempty"`
}

// Decision is the verdict on a row.
type Decision struct {
	Status     string   // "accepted", "flagged" or "blank"
	Reasons    []string // empty when accepted
	Confidence float64  // 0..1
	Name       string   // best reading, cleaned (NFC, trimmed)
	Postal     string   // best reading or suggested code ("" when none)
	Department string
	Communes   []string
}

// Thresholds are the calibrated limits of trust.
type Thresholds struct {
	NameConf   float64 // minimum confidence of every name reading, 0..1
	NameMinLen int     // minimum letters in an accepted name
	// NameKnownConf replaces NameConf for a word that is a known given or
	// family name (names.Known) when all the readings agree: a misreading
	// rarely lands on another real name. From NameConf up it gives no
	// such credit; 0 trusts such words whatever their confidence.
	NameKnownConf float64
	// NameMajorityConf is what each known word needs in two readings out
	// of three that agree on a name made only of known words, against the
	// third; above 1, a disagreement always goes to review.
	NameMajorityConf float64
	// NameNearConf is what a word that is not a known name but one edit
	// from one (names.NearKnown: "Lacas", "Lucas") needs in every
	// reading, all readings agreeing, to be trusted; above 1 it never is.
	NameNearConf float64
	// NameSoloConf is the confidence at which the first name reading is
	// trusted although the second disagrees; above 1 it never is.
	NameSoloConf float64
	// NameUpright trusts a name the plain readings leave in doubt when
	// the upright readings (Input.NameUpright) are trusted on the same
	// terms, except that a word one edit from a known name never is, and
	// the other model's reading (Input.NameOther) gives the same name.
	NameUpright bool
	PostalConf  float64 // minimum Tesseract confidence of the postal reading when it stands alone, 0..1
	DigitMargin float64 // minimum margin of the digit recogniser's code
	// DigitMarginTess is the margin the recogniser's code needs when
	// Tesseract read the same code: two readers agreeing, each may still
	// misread the same digit the same way (an MNIST 2 sitting on the rule
	// read 1 by both).
	DigitMarginTess float64
	// DigitMarginOther is the margin the recogniser's code needs when the
	// other model (Input.PostalOther) read the same code and both views
	// of the cell read it as seen (seenAlike), whatever Tesseract read;
	// above any margin it gives no credit.
	DigitMarginOther float64
}

// Decide judges a row. It never accepts a struck, unsigned, signature-only
// or number-uncertain row, nor a postal code that is missing, repaired, or
// written with four digits.
func Decide(in Input, th Thresholds) Decision {
	d := Decision{}
	var reasons []string
	flag := func(r ...string) { reasons = append(reasons, r...) }

	name, nameConf, nameReasons := judgeNameAll(in, th)
	if len(nameReasons) > 0 && len(in.NameUpright)+len(in.NameOther) > 0 {
		// Over twelve labelled sets, choosing the prefill among the
		// upright readings too made it right for 981 flagged rows of
		// 2,257 instead of 858; with the other model's reading too, on
		// the thirteen calibration sets, 765 of 2,094 instead of 703
		// (the five later sets: 396 of 1,153 instead of 338).
		all := leastSureWord(slices.Concat(in.Name, in.NameUpright, in.NameOther))
		if kept := keptReading(all); kept.Text != "" {
			name = mendWords(kept.Text, all)
		}
	}
	postalCode, postalConf, postalReasons := judgePostal(in, th)
	d.Name, d.Postal = name, postalCode
	if postalCode != "" {
		if dep, _, ok := postal.Department(postalCode); ok {
			d.Department = dep
		}
		for _, c := range postal.Communes(postalCode) {
			d.Communes = append(d.Communes, c.Name)
		}
	}

	if in.Blank {
		if in.Signed {
			flag(SignatureOnly)
			d.Status, d.Reasons = "flagged", dedupe(reasons)
			return d
		}
		d.Status, d.Confidence = "blank", 1
		return d
	}
	if in.Struck {
		flag(Struck)
	}
	if !in.Signed {
		flag(NoSignature)
	}
	if in.NumberUncertain {
		flag(NumberUncertain)
	}
	flag(nameReasons...)
	flag(postalReasons...)
	if name == "" && postalCode == "" && in.Signed {
		flag(SignatureOnly)
	}
	// A trusted field is at least as sure as the rule that trusted it asks
	// of a plain reading: a known name trusted at any confidence, or a
	// code trusted on the recogniser's margin while Tesseract read
	// nothing, must not make an accepted row look like the least sure of
	// the flagged ones (its Tesseract confidence was 0 on about one
	// accepted row in ten of the calibration sets).
	if len(nameReasons) == 0 {
		nameConf = max(nameConf, th.NameConf)
	}
	if len(postalReasons) == 0 {
		postalConf = max(postalConf, trustedPostalConf)
	}
	d.Confidence = nameConf * postalConf
	d.Reasons = dedupe(reasons)
	if len(d.Reasons) == 0 {
		d.Status = "accepted"
	} else {
		d.Status = "flagged"
	}
	return d
}

// JudgeName and JudgePostal are the two halves of Decide's reading of a
// row: the reading kept and whether it is trusted under th. A filled,
// signed, unstruck row whose number was read is accepted exactly when both
// are trusted (the calibration in cmd/evaluate replays them apart).
// JudgeName looks at in's name readings only: Name, and NameUpright and
// NameOther when present.
func JudgeName(in Input, th Thresholds) (string, bool) {
	name, _, reasons := judgeNameAll(in, th)
	return name, len(reasons) == 0
}

// JudgePostal looks at in's postal readings only: Postal, Digits and
// PostalOther.
func JudgePostal(in Input, th Thresholds) (string, bool) {
	code, _, reasons := judgePostal(in, th)
	return code, len(reasons) == 0
}

// WantsPostalOther reports whether the other model's reading of the postal
// code (Input.PostalOther) could change the verdict under th: the code is
// not trusted without it, and would be if that model read the
// recogniser's code. The pipeline reads the cell with that model only
// then: about 30 ms a cell, spent for nothing on a code the other readings
// already trust, or that no reading of it could. (The calibration,
// replaying stored evidence, so finds no such reading for a code a
// stricter setting would not trust on Tesseract's word: it undercounts
// those settings, never overcounts.)
func WantsPostalOther(in Input, th Thresholds) bool {
	if in.Digits == nil || in.Digits.Code == "" {
		return false
	}
	in.PostalOther = nil
	if _, _, reasons := judgePostal(in, th); len(reasons) == 0 {
		return false
	}
	in.PostalOther = []Reading{{Text: in.Digits.Code, Conf: 1}}
	_, _, reasons := judgePostal(in, th)
	return len(reasons) == 0
}

// otherCanStand reports whether the recogniser's code may be trusted on
// the other model's agreement: seen alike (seenAlike) and not chosen by
// Tesseract's reading between the views.
func otherCanStand(dg *CodeReading) bool {
	return dg != nil && seenAlike(dg) && !dg.TessChose
}

// judgeNameAll judges the name readings (judgeNameReadings), then does
// not trust a name in joined-up writing with a word that is not a known
// name (joinedUnknown).
func judgeNameAll(in Input, th Thresholds) (string, float64, []string) {
	name, conf, reasons := judgeNameReadings(in, th)
	if len(reasons) == 0 && joinedUnknown(in.NamePieces, name) {
		reasons = append(reasons, NameLowConf)
	}
	return name, conf, reasons
}

// joinedUnknown reports whether name is joined-up writing, read from a
// cell whose pieces of writing (rows.Pieces) are fewer than half its
// letters, with a word that is not a known name. Where the letters of a
// word touch, Tesseract cannot see where one ends and the next begins,
// and over the 27 labelled sets of the thirteenth session its confidence
// in such a word said nothing: of the 10 rows so trusted, 3 were wrong,
// each read alike and sure (0.83–0.96) by the three readings ("Jean
// Pienne" for "Pierre" in Leckerli One, "Cotin" for "Colin" in Lobster,
// "BARBER" for "BARBIER" in Yanone Kaffeesatz). A known name keeps its
// credit there: a misreading rarely lands on another real name, and
// withholding that credit too, at the same limit, would have taken 88
// rows out of trust for the same three errors. Block capitals and
// print-like hands have about a piece per letter (the median of every
// such hand of those sets is 1.0), joined hands half of that or less
// (Leckerli One 0.36).
func joinedUnknown(pieces int, name string) bool {
	if pieces == 0 {
		return false
	}
	n := letters(name)
	if 2*pieces >= n {
		return false
	}
	words := strings.Fields(name)
	for _, k := range names.KnownWords(words) {
		if !k {
			return true
		}
	}
	return false
}

// judgeNameReadings judges the plain readings and, when they leave the
// name in doubt, the upright ones with the other model's as a witness
// (Thresholds.NameUpright). The upright readings are three more readings
// of one model family, which misreads a letter alike more often than
// chance ("Caine" for "Céline" by all three): over the thirteen
// calibration sets, trusting them on the plain terms gave 68 more rows, 3
// wrong; without credit for words one edit from a known name ("DEMS" for
// "Denis"), 64, 2 wrong; with the Latin model's reading required to agree
// as well, 39, none wrong.
func judgeNameReadings(in Input, th Thresholds) (string, float64, []string) {
	name, conf, reasons := judgeName(in.Name, th)
	if len(reasons) == 0 || !th.NameUpright || len(in.NameUpright) == 0 || len(in.NameOther) == 0 {
		return name, conf, reasons
	}
	if knownConflict(in.Name) {
		return name, conf, reasons
	}
	up := th
	up.NameNearConf = 1.01
	n, c, r := judgeName(in.NameUpright, up)
	if len(r) > 0 {
		return name, conf, reasons
	}
	for _, o := range in.NameOther {
		if names.Key(o.Text) != names.Key(n) {
			return name, conf, reasons
		}
	}
	return n, c, nil
}

// knownConflict reports whether the readings rs give two different real
// names (realName: "Chloé FOURNIER" twice, "Chloé FOURIER" once). Two real
// names are a choice for a person: no majority makes it (knownMajority),
// nor more readings of the same writing (judgeNameAll: the upright
// readings and the Latin model read FOURIER, accepted on unseen6 for
// FOURNIER).
func knownConflict(rs []Reading) bool {
	var seen []string
	for _, r := range rs {
		if k := names.Key(r.Text); realName(k) && !slices.Contains(seen, k) {
			seen = append(seen, k)
		}
	}
	return len(seen) >= 2
}

// shortUnknownWord reports whether name has a word that is not a known
// name and too short for names.NearKnown to judge (names.NearMinLen): a
// misread known name cannot be told from an unlisted one, and judgeName
// never trusts it ("Zcé" read alike by the three upright readings and the
// Latin model for "Zoé"; "ROCHE Nou" by the three plain ones for "Nour",
// on unseen6).
func shortUnknownWord(name string) bool {
	words := strings.Fields(name)
	known := names.KnownWords(words)
	for i, w := range words {
		if !known[i] && letters(w) < names.NearMinLen {
			return true
		}
	}
	return false
}

func judgeName(rs []Reading, th Thresholds) (string, float64, []string) {
	// A name reading counts as sure as its least sure word: one doubtful
	// word (a surname misread) must not hide behind a sure given name in
	// the reading's mean confidence.
	rs = leastSureWord(rs)
	best := keptReading(rs)
	if best.Text == "" || letters(best.Text) == 0 {
		return "", 0, []string{NameMissing}
	}
	var reasons []string
	conf := best.Conf
	disagree, majority := false, false
	for _, r := range rs {
		conf = min(conf, r.Conf)
		if names.Key(r.Text) != names.Key(best.Text) {
			disagree = true
		}
	}
	if disagree {
		// The first reading (the best-measured model) may stand alone
		// when it is very sure; otherwise a disagreement goes to review.
		if first := names.Clean(rs[0].Text); first != "" && rs[0].Conf >= th.NameSoloConf {
			best, conf = Reading{Text: first, Conf: rs[0].Conf}, rs[0].Conf
		} else if maj := knownMajority(rs, th); maj != nil {
			best, conf, majority = Reading{Text: names.Clean(maj[0].Text)}, maj[0].Conf, true
			for _, r := range maj {
				conf = min(conf, r.Conf)
			}
		} else {
			reasons = append(reasons, NameDisagree)
			best.Text = mendWords(best.Text, rs)
		}
	}
	sure := conf >= th.NameConf || majority
	if !sure && !disagree && th.NameKnownConf < th.NameConf {
		sure = knownWordsSure(rs, th.NameKnownConf, th.NameConf)
	}
	if sure && !nearKnownSure(rs, best.Text, disagree, th.NameNearConf) {
		// "LACAS" read sure at 0.84–0.91 by all three readings was
		// "Lucas", "DEMS" was "Denis": over nine labelled sets, the only
		// wrong names accepted were such words.
		sure = false
	}
	if !sure || letters(best.Text) < th.NameMinLen {
		reasons = append(reasons, NameLowConf)
	}
	reasons = append(reasons, plausible(best.Text)...)
	if len(reasons) == 0 && shortUnknownWord(best.Text) {
		reasons = append(reasons, NameLowConf)
	}
	return best.Text, conf, reasons
}

// leastSureWord returns a copy of rs in which each reading with word
// confidences has its least sure word's as its own.
func leastSureWord(rs []Reading) []Reading {
	rs = slices.Clone(rs)
	for i := range rs {
		for j, w := range rs[i].Words {
			if j == 0 || w.Conf < rs[i].Conf {
				rs[i].Conf = w.Conf
			}
		}
	}
	return rs
}

// keptReading returns the reading kept (the prefill when the row goes to
// review), cleaned: the one with the largest share of known names, then
// the surest. rs come from leastSureWord, so the surest is by its least
// sure word. Over nine labelled sets, the
// prefilled name of flagged rows was right 651 times in 1,696 this way,
// 542 on confidence alone (676 had one of the readings right).
func keptReading(rs []Reading) Reading {
	best, bestKnown := Reading{}, -1.0
	for _, r := range rs {
		r.Text = names.Clean(r.Text)
		if r.Text == "" {
			continue
		}
		k := knownShare(r.Text)
		if best.Text == "" || k > bestKnown || k == bestKnown && r.Conf > best.Conf {
			best, bestKnown = r, k
		}
	}
	return best
}

// mendWords improves the prefill of a name the readings disagree on, word
// by word: a word that is not a known name gives way to the known name
// the other readings, cut into as many words, most often have in its
// place ("MUKENDI TONATHAN" and "MUKENDI JONATHAN" give "MUKENDI
// JONATHAN"). Over nine labelled sets this made 19 more prefilled names
// right and one wrong, of 1,698. It never invents a word: correcting an
// unknown word to a known name one letter away (GUILLOU to GUILLOT, SYLLA
// to SCYLLA) broke more real names than it mended.
func mendWords(name string, rs []Reading) string {
	words := strings.Fields(name)
	type cut struct {
		words []string
		known []bool
	}
	var others []cut // the readings cut into as many words
	for _, r := range rs {
		if ws := strings.Fields(names.Clean(r.Text)); len(ws) == len(words) {
			others = append(others, cut{ws, names.KnownWords(ws)})
		}
	}
	changed := false
	for i, known := range names.KnownWords(words) {
		if known {
			continue
		}
		count := map[string]int{}
		pick := ""
		for _, o := range others {
			if !o.known[i] {
				continue
			}
			w := o.words[i]
			count[w]++
			if pick == "" || count[w] > count[pick] {
				pick = w
			}
		}
		if pick != "" {
			words[i], changed = pick, true
		}
	}
	if !changed {
		return name
	}
	return strings.Join(words, " ")
}

// knownShare is the share of the words of name that are known names.
func knownShare(name string) float64 {
	known := names.KnownWords(strings.Fields(names.Fold(name)))
	if len(known) == 0 {
		return 0
	}
	n := 0
	for _, k := range known {
		if k {
			n++
		}
	}
	return float64(n) / float64(len(known))
}

// nearKnownSure reports whether every word of name that is not a known
// name but one edit from one (names.NearKnown) is read alike by all the
// readings, at least at conf in each; true when there is no such word.
func nearKnownSure(rs []Reading, name string, disagree bool, conf float64) bool {
	words := strings.Fields(name)
	for i, w := range words {
		if !names.NearKnown(w) {
			continue
		}
		if disagree || conf > 1 {
			return false
		}
		for _, r := range rs {
			c := r.Conf
			if len(r.Words) == len(words) {
				c = r.Words[i].Conf
			}
			if c < conf {
				return false
			}
		}
	}
	return true
}

// knownMajority returns the readings that form a strict majority (two of
// three) on a name whose every word is a known given or family name, each
// at least NameMajorityConf in those readings; nil otherwise. A reading
// that strays from two others agreeing on real names is usually the one
// misread: on the seven calibration sets, 102 of 107 such majorities (each
// word at 0.20 or more) were right, while majorities on other words were
// wrong two times in three. The calibration weighs the five with the rest
// of the row. No majority stands against a reading that is itself made of
// known names (of two words or more): two real names one letter apart,
// "Émile" read twice for "Émilie" read once, are a choice for a person.
func knownMajority(rs []Reading, th Thresholds) []Reading {
	if len(rs) < 3 || th.NameMajorityConf > 1 {
		return nil
	}
	groups := map[string][]Reading{}
	for _, r := range rs {
		k := names.Key(r.Text)
		groups[k] = append(groups[k], r)
	}
	for k, g := range groups {
		if 2*len(g) <= len(rs) || !realName(k) {
			continue
		}
		if !knownWordsSure(g, th.NameMajorityConf, th.NameConf) { // every word is known
			continue
		}
		if knownConflict(rs) {
			return nil
		}
		return g
	}
	return nil
}

// realName reports whether the name key k (names.Key) is two words or
// more, every one a known name.
func realName(k string) bool { return len(strings.Fields(k)) >= 2 && names.Known(k) }

// knownWordsSure judges agreeing readings word by word: a word that is a
// known given or family name needs a confidence of known, any other of
// other, in every reading. A misreading rarely lands on another real name,
// so the unknown words (most family names) carry the burden of proof.
// Readings without word confidences count their own for every word.
func knownWordsSure(rs []Reading, known, other float64) bool {
	var words [][]Word
	for _, r := range rs {
		ws := r.Words
		if len(ws) == 0 {
			for _, f := range strings.Fields(names.Clean(r.Text)) {
				ws = append(ws, Word{f, r.Conf})
			}
		}
		if len(words) > 0 && len(ws) != len(words[0]) {
			return false // same letters, cut into words differently
		}
		words = append(words, ws)
	}
	if len(words) == 0 || len(words[0]) == 0 {
		return false
	}
	texts := make([]string, len(words[0]))
	for i, w := range words[0] {
		texts[i] = w.Text
	}
	isKnown := names.KnownWords(texts)
	for i := range words[0] {
		need := other
		if isKnown[i] {
			need = known
		}
		for _, ws := range words {
			if ws[i].Conf < need {
				return false
			}
		}
	}
	return true
}

// judgePostal judges the postal-code readings (judgePostalReadings),
// then does not trust a code written across the rule above its row
// (CodeReading.AcrossRule): its prefill stands, flagged PostalLowConf.
// The one such code trusted wrongly over the 28 corpora (eval79: unseen3,
// 91620 for 97620, the 7's bar on the rule) had the recogniser's two
// views and Tesseract's Latin model all agreeing.
func judgePostal(in Input, th Thresholds) (string, float64, []string) {
	code, conf, reasons := judgePostalReadings(in, th)
	if len(reasons) == 0 && in.Digits != nil && in.Digits.AcrossRule {
		return code, math.Min(conf, 0.5), []string{PostalLowConf}
	}
	return code, conf, reasons
}

// judgePostalReadings decides the postal code from the digit
// recogniser's reading and Tesseract's.
func judgePostalReadings(in Input, th Thresholds) (string, float64, []string) {
	dg := in.Digits
	tess, other := surest(in.Postal), surest(in.PostalOther)
	if dg == nil || (dg.Code == "" && dg.Raw == "") {
		if tess.Text == "" {
			return "", 0, []string{PostalMissing}
		}
		if len(tess.Text) == 4 && isDigits(tess.Text) {
			// A forgotten leading zero is never accepted silently.
			return tess.Text, 0, []string{Postal4Digits}
		}
	} else {
		if illegible(dg, tess, other) {
			return "", 0, []string{PostalMissing}
		}
		// Either reader seeing four digits is enough to ask a person:
		// readers drop digits, and signers forget the leading zero.
		raw4 := len(dg.Raw) == 4
		tess4 := len(tess.Text) == 4 && isDigits(tess.Text)
		switch {
		case tess4 && digitsSure(dg, th):
			// Tesseract drops digits: when only it saw four and the
			// recogniser is sure of five, the recogniser stands. On the
			// thirteen calibration sets its code was then right 154
			// times in 154 from a margin of 3. (With the first
			// recogniser and one view, it was right on 56 of 58 from 3,
			// and twice the margin was asked.)
			return dg.Code, marginConf(dg.Margin, th.DigitMargin), nil
		case raw4 || tess4:
			// Prefill what the recogniser saw, four digits as written (the
			// reviewer adds the 0, seeing the communes as they type), or
			// its five-digit code when only Tesseract saw four. When only
			// the recogniser saw four, Tesseract's valid five are
			// prefilled: on the thirteen calibration sets they were what
			// was written 9 times in 14, the recogniser's four once.
			if raw4 && postal.Valid(tess.Text) {
				return tess.Text, 0, []string{Postal4Digits}
			}
			if raw4 || dg.Code == "" {
				return dg.Raw, 0, []string{Postal4Digits}
			}
			if tess.Conf >= tessPrefillConf {
				return tess.Text, 0, []string{Postal4Digits}
			}
			return dg.Code, 0, []string{Postal4Digits}
		case dg.Code == "":
			return dg.Raw, 0, []string{PostalInvalid}
		case tess.Text == dg.Code && dg.Margin >= th.DigitMarginTess && !dg.TessChose:
			return dg.Code, 1, nil // two independent readers agree on a valid code
		case other.Text == dg.Code && otherCanStand(dg) && dg.Margin >= th.DigitMarginOther:
			// The other model reads the code both views of the cell
			// read as seen, whatever Tesseract's eng model reads: over
			// the thirteen calibration sets (eval42), 599 such codes,
			// none wrong, 68 of them with eng reading another valid
			// code and 18 with eng alike under DigitMarginTess. (Until
			// the eighth session eng had to read no valid code: right
			// 86 times in 86 at a margin under 4, then 45 in 46 on the
			// five later sets.)
			return dg.Code, 1, nil
		case tess.Text == dg.Code:
			return dg.Code, 0.5, []string{PostalLowConf}
		case dg.Margin < th.DigitMargin:
			if postal.Valid(tess.Text) && tess.Conf >= tessPrefillConf {
				// Unsure recogniser, sure and valid Tesseract reading:
				// prefill the latter, which measured right more often.
				return tess.Text, 0.3, []string{PostalLowConf}
			}
			return dg.Code, 0.3, []string{PostalLowConf}
		case postal.Valid(tess.Text):
			return dg.Code, 0.5, []string{PostalDisagree}
		case !digitsSure(dg, th):
			// A large margin, but the lexicon pulled the code away from
			// the digits seen, or the other view read another code.
			return dg.Code, 0.4, []string{PostalLowConf}
		default:
			return dg.Code, marginConf(dg.Margin, th.DigitMargin), nil
		}
	}
	if postal.Valid(tess.Text) {
		if tess.Conf < th.PostalConf {
			return tess.Text, tess.Conf, []string{PostalLowConf}
		}
		return tess.Text, tess.Conf, nil
	}
	s := postal.Repair(tess.Text, nil)
	if s.FourDigits && s.Best != nil {
		return s.Best.Code, 0, []string{Postal4Digits}
	}
	if s.Best != nil && s.Unique {
		return s.Best.Code, 0.3, []string{PostalRepaired}
	}
	return tess.Text, 0, []string{PostalInvalid}
}

// surest returns the most confident of the readings rs, its text without
// spaces.
func surest(rs []Reading) Reading {
	best := Reading{}
	for _, r := range rs {
		t := strings.ReplaceAll(r.Text, " ", "")
		if t != "" && (best.Text == "" || r.Conf > best.Conf) {
			best = Reading{Text: t, Conf: r.Conf}
		}
	}
	return best
}

// plausible checks the shape of a name: the form asks for a surname and
// a given name, so one word means part of the writing was not read; a
// word of two or more letters without a vowel ("BL NC" for "BLANC") means
// a letter was lost, and so does a hyphen or apostrophe that joins
// nothing ("MARCHAND JULIEN-": a stray mark, or the rest of "JULIEN-PIERRE"
// lost); and two neighbouring words that make a known name
// once joined, one of them not a name in its place ("EL SA" for "ELSA",
// "DU BOIS" for "DUBOIS"), may be one word with wide letter spacing.
// The last two were found on pages in hands nothing was tuned on
// (`unseen1`, `unseen3`), each as the one wrong name accepted there; on
// the twenty-one corpora before them they change no accepted row.
func plausible(name string) []string {
	var reasons []string
	words := strings.Fields(strings.NewReplacer("-", " ", "'", " ").Replace(name))
	if len(words) < 2 {
		reasons = append(reasons, NameOneWord)
	}
	if slices.ContainsFunc(words, vowelless) || danglingMark(name) || lowerAmongCapitals(words) {
		reasons = append(reasons, NameImplausible)
	}
	if splitName(strings.Fields(name)) {
		reasons = append(reasons, NameSpacing)
	}
	return reasons
}

// lowerAmongCapitals reports whether words, in a name whose writer starts
// words with capitals, hold one starting with a small letter that is
// neither a known name nor a particle ("Math o Denis", "Beno t
// SAINT-JUST", "RENAUD Fran oise"): a letter the reader lost, and the
// word cut there. Known names may be written small ("FOURNIER lucas"),
// so "FOURNIER S bastien" passes. Found on unseen6, written in fonts
// whose accented letters were blank; on the twenty-six corpora before it
// it changes no accepted row.
func lowerAmongCapitals(words []string) bool {
	capital := slices.ContainsFunc(words, func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	})
	return capital && slices.ContainsFunc(words, func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsLower(r) && !names.Known(w) && !names.SmallWord(w)
	})
}

// vowelless reports whether w has two letters or more and no vowel.
func vowelless(w string) bool {
	return len([]rune(w)) >= 2 && !strings.ContainsAny(names.Fold(w), "AEIOUY")
}

// danglingMark reports whether a word of name starts or ends with a
// hyphen or an apostrophe.
func danglingMark(name string) bool {
	return slices.ContainsFunc(strings.Fields(name), func(w string) bool { return strings.Trim(w, "-'") != w })
}

// splitName reports whether two neighbouring words, one of them not a
// known name in its place (names.KnownWords), are a known name once
// joined: the reader may have taken a gap between letters for a space.
// Two known words ("LE ROY", "JEAN PIERRE") are left alone: the space is
// as likely written as read; so is a particle ("D U" is no name).
func splitName(words []string) bool {
	known := names.KnownWords(words)
	for i := 0; i+1 < len(words); i++ {
		if known[i] && known[i+1] {
			continue
		}
		if w := words[i] + words[i+1]; letters(w) >= 3 && !names.Particle(w) && names.Known(w) {
			return true
		}
	}
	return false
}

// illegible reports whether the postal-code cell holds ink that no reader
// makes out: the recogniser's views do not agree on a code
// (CodeReading.ViewsAgree false: they read different codes, or one read
// none), the code kept barely beats its runner-up (illegibleMargin), and
// neither Tesseract nor the other model reads four digits or more. Such a cell is
// flagged as missing a code and nothing is prefilled: its best guess was
// what was written 9 times in 124 on the thirteen calibration sets
// (eval53), a prefill a reviewer must check digit by digit, and 37 of
// those cells held no legible code at all (a scribble, a crossed-out
// attempt), where the reference scorer counts any code as a misreading.
func illegible(dg *CodeReading, tess, other Reading) bool {
	return !dg.ViewsAgree && dg.Margin < illegibleMargin &&
		countDigits(tess.Text) < 4 && countDigits(other.Text) < 4
}

// illegibleMargin is the recogniser's margin under which a cell whose views
// do not agree and that no other reader reads counts as illegible. Chosen on
// the thirteen calibration sets (eval53 evidence, the flagged rows):
// below 0.5, 29 cells without a legible code left empty for 7 right
// prefills lost; below 1, 37 for 9; below 2, 44 for 21; below 3, 46 for
// 33.
const illegibleMargin = 1.0

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// digitsSure reports whether the digit recogniser's code stands on its
// own: seen alike (seenAlike) and read at the calibrated margin.
func digitsSure(dg *CodeReading, th Thresholds) bool {
	return seenAlike(dg) && dg.Margin >= th.DigitMargin
}

// seenAlike reports whether the recogniser's code is what it read digit
// by digit before the lexicon, and what both views of the cell read. A
// code the lexicon pulled away from the digits seen is a guess, however
// large its margin:
// over nine labelled sets, such codes at a margin of 3 or more were right
// 12 times in 26, codes equal to the digits seen 937 times in 951. And the
// margin of the better view is no proof when the other read another code:
// on the thirteen calibration sets, codes equal to the digits seen at a
// margin of 4 or more were wrong 5 times in 20 when the views disagreed,
// 7 times in 877 when they agreed (cmd/evaluate evidence).
func seenAlike(dg *CodeReading) bool {
	return dg.Code != "" && dg.Code == dg.Raw && dg.ViewsAgree
}

// tessPrefillConf is the Tesseract confidence from which its valid reading
// is prefilled rather than the unsure digit recogniser's code, and its
// four digits rather than the recogniser's five. Measured again once the
// recogniser was tuned on cut cells (cmd/evaluate evidence, the thirteen
// calibration sets): when the two disagree and the recogniser's margin is
// under 4, Tesseract was right 28 times and the recogniser 7 at confidence
// 0.9 or more, but 9 against 19 from 0.7 to 0.9; when only Tesseract saw
// four digits, its four were right 29 times against 2 from 0.9, 5 against
// 6 below. (With the first recogniser the limit was 0.7.)
const tessPrefillConf = 0.9

// trustedPostalConf is the least confidence of a trusted postal code: a
// code the recogniser reads at exactly the margin asked (marginConf).
const trustedPostalConf = 0.5

// marginConf maps a digit-recogniser margin to 0.5..1.
func marginConf(m, min float64) float64 {
	if min <= 0 {
		min = 1
	}
	c := 0.5 + 0.5*(m-min)/(2*min)
	if c > 1 {
		c = 1
	}
	return c
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if r != ' ' && r != '-' && r != '\'' {
			n++
		}
	}
	return n
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func dedupe(rs []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, r := range rs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}
