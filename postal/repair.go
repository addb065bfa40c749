package postal

import (
	"sort"
	"strings"
)

// Candidate is one valid postal code proposed by Repair.
type Candidate struct {
	Code  string  // a valid postal code
	Score float64 // support for this code, 0..1 (1 = read exactly)
	// How names the edit that led from the reading to Code: "exact",
	// "confusion" (letters or digits Tesseract is known to confuse),
	// "alt_char" (a character the OCR itself proposed as an alternative),
	// "one_edit" (any other single substitution, deletion or insertion) or
	// "leading_zero" (a four-digit reading completed with a leading 0).
	How string
}

// Suggestion is the outcome of Repair.
type Suggestion struct {
	// Best is the best supported candidate, nil if none was found.
	Best *Candidate
	// Alternatives are the other candidates, best first, at most ten.
	Alternatives []Candidate
	// Unique is true when Best is well supported and clearly ahead of every
	// alternative: the only case where a caller may take the repair
	// without a human look (and never when FourDigits is set).
	Unique bool
	// FourDigits is true when the reading has four digits, typically a
	// department 01–09 written without its leading zero ("6000" for
	// 06000). Callers must not accept such a suggestion silently: the
	// writer may also have dropped another digit.
	FourDigits bool
}

// Scores of the edits, 0..1. The tiers are ordered so that a repair backed
// by a known OCR confusion beats any blind edit, and a double confusion
// stays below a single one.
const (
	scoreExact       = 1.0
	scoreLetters     = 0.95 // only letters read for digits (O→0, I→1, ...)
	scoreConfusion   = 0.7  // one common digit confusion (times its weight)
	scoreAltChar     = 0.6  // a character the OCR proposed (plus up to 0.2 for its confidence)
	scoreLeadingZero = 0.65
	scoreDouble      = 0.3  // two confusions
	scoreDeleteEnd   = 0.35 // a stray character at either end (ruling, comma)
	scoreDelete      = 0.25
	scoreOneEdit     = 0.15
	// A suggestion is unique when the best score reaches minUnique and
	// leads the next candidate by at least uniqueGap.
	minUnique = 0.6
	uniqueGap = 0.25
	// maxAlternatives bounds Suggestion.Alternatives.
	maxAlternatives = 10
)

// letterDigit maps characters Tesseract returns for digits in handwriting
// to the digit they most likely are.
var letterDigit = map[rune]rune{
	'O': '0', 'o': '0', 'D': '0', 'Q': '0', 'U': '0',
	'I': '1', 'l': '1', '|': '1', 'i': '1', '!': '1', 'L': '1', 'J': '1', ']': '1', '[': '1',
	'S': '5', 's': '5',
	'B': '8',
	'Z': '2', 'z': '2',
	'G': '6', 'b': '6',
	'g': '9', 'q': '9',
	'T': '7',
	'A': '4',
}

// confusions lists digit pairs Tesseract confuses on handwriting, with a
// weight (1 = most frequent). Symmetric.
var confusions = map[[2]byte]float64{
	{'1', '7'}: 1, {'3', '8'}: 1, {'5', '6'}: 1, {'0', '8'}: 1, {'0', '6'}: 1,
	{'0', '9'}: 1, {'4', '9'}: 1, {'2', '7'}: 1,
	{'6', '8'}: 0.8, {'8', '9'}: 0.8, {'3', '5'}: 0.8, {'1', '4'}: 0.8,
	{'2', '3'}: 0.8, {'5', '8'}: 0.8, {'7', '9'}: 0.8, {'1', '2'}: 0.8,
}

func confusion(a, b byte) float64 {
	if a > b {
		a, b = b, a
	}
	return confusions[[2]byte{a, b}]
}

// Repair proposes valid postal codes for an OCR reading. reading may
// contain spaces, dots or letters read for digits; alts, when not nil, holds
// for each rune of reading the other characters the OCR considered there
// (as given by ocr.Char.Alts). Repair never changes more than two
// characters and returns an empty Suggestion (Best nil) when no valid code is
// close enough. An exactly valid reading comes back with How "exact" and
// Unique true.
func Repair(reading string, alts [][]rune) Suggestion {
	digits, posAlts, lettersUsed, ok := normalize(reading, alts)
	if !ok {
		return Suggestion{}
	}
	cands := make(map[string]Candidate)
	add := func(code string, score float64, how string) {
		if !Valid(code) {
			return
		}
		if c, seen := cands[code]; !seen || score > c.Score {
			cands[code] = Candidate{Code: code, Score: score, How: how}
		}
	}
	var s Suggestion
	switch len(digits) {
	case 5:
		if lettersUsed {
			add(digits, scoreLetters, "confusion")
		} else {
			add(digits, scoreExact, "exact")
		}
		substitutions(digits, posAlts, add)
	case 4:
		s.FourDigits = true
		add("0"+digits, scoreLeadingZero, "leading_zero")
		for i := 1; i <= 4; i++ {
			for d := byte('0'); d <= '9'; d++ {
				add(digits[:i]+string(d)+digits[i:], scoreOneEdit, "one_edit")
			}
		}
	case 6:
		for i := 0; i < 6; i++ {
			score := scoreDelete
			if i == 0 || i == 5 {
				score = scoreDeleteEnd
			}
			add(digits[:i]+digits[i+1:], score, "one_edit")
		}
	default:
		return Suggestion{}
	}
	if len(cands) == 0 {
		return s
	}
	list := make([]Candidate, 0, len(cands))
	for _, c := range cands {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Score != list[j].Score {
			return list[i].Score > list[j].Score
		}
		return list[i].Code < list[j].Code
	})
	best := list[0]
	s.Best = &best
	s.Unique = best.How == "exact" ||
		best.Score >= minUnique && (len(list) == 1 || best.Score-list[1].Score >= uniqueGap)
	s.Alternatives = list[1:min(len(list), maxAlternatives+1)]
	return s
}

// substitutions proposes every code at one or two substitutions from a
// five-digit reading, scored by how plausible the substitution is.
func substitutions(digits string, posAlts [][]rune, add func(string, float64, string)) {
	b := []byte(digits)
	for i := range b {
		orig := b[i]
		// Characters the OCR itself hesitated on come first.
		if i < len(posAlts) {
			for k, r := range posAlts[i] {
				if d, ok := toDigit(r); ok && d != orig {
					b[i] = d
					add(string(b), scoreAltChar+0.2/float64(k+1), "alt_char")
				}
			}
		}
		for d := byte('0'); d <= '9'; d++ {
			if d == orig {
				continue
			}
			b[i] = d
			if w := confusion(orig, d); w > 0 {
				add(string(b), scoreConfusion*w, "confusion")
				// A second confusion elsewhere.
				for j := i + 1; j < len(b); j++ {
					o2 := b[j]
					for d2 := byte('0'); d2 <= '9'; d2++ {
						if w2 := confusion(o2, d2); w2 > 0 && d2 != o2 {
							b[j] = d2
							add(string(b), scoreDouble*w*w2, "confusion")
						}
					}
					b[j] = o2
				}
			} else {
				add(string(b), scoreOneEdit, "one_edit")
			}
		}
		b[i] = orig
	}
}

// normalize keeps the digits of reading, maps letters read for digits and
// drops separators, carrying the per-rune alternatives along. ok is false if
// the reading holds a character that is neither.
func normalize(reading string, alts [][]rune) (digits string, posAlts [][]rune, lettersUsed, ok bool) {
	var sb strings.Builder
	for i, r := range []rune(reading) {
		var a []rune
		if i < len(alts) {
			a = alts[i]
		}
		switch {
		case r >= '0' && r <= '9':
			sb.WriteRune(r)
		case strings.ContainsRune(" .,-_'/\u00a0", r):
			continue
		default:
			d, found := letterDigit[r]
			if !found {
				return "", nil, false, false
			}
			sb.WriteRune(d)
			lettersUsed = true
		}
		posAlts = append(posAlts, a)
	}
	return sb.String(), posAlts, lettersUsed, true
}

func toDigit(r rune) (byte, bool) {
	if r >= '0' && r <= '9' {
		return byte(r), true
	}
	if d, ok := letterDigit[r]; ok {
		return byte(d), true
	}
	return 0, false
}
