// Package names normalises the names read from a petition row and splits
// them into surname and given name where the writing shows it, without
// ever changing what was written.
package names

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Clean returns s in Unicode NFC with surrounding space trimmed and inner
// runs of white space collapsed to one space. Case, accents, hyphens and
// apostrophes are kept as written; typographic apostrophes become '. A
// hyphen or apostrophe with a space on one side only ("Marie- Hélène",
// "N' DIAYE") joins the two words: handwriting leaves no space there, the
// OCR's word boundaries do.
func Clean(s string) string {
	s = norm.NFC.String(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', '`', 'ʼ':
			return '\''
		case '‐', '‑', '–':
			return '-'
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	return joinAround.ReplaceAllString(s, "$1$2$3$4$5$6")
}

// joinAround matches a hyphen or apostrophe between letters with a space
// on one side only.
var joinAround = regexp.MustCompile(`(\pL)([-']) (\pL)|(\pL) ([-'])(\pL)`)

// Key is Fold that keeps hyphens and apostrophes: two readings agree on a
// name when their keys are equal ("Marie-Hélène" and "MARIE-HELENE" do,
// "Marie Hélène" does not: the hyphen is part of what was written).
func Key(s string) string { return fold(Clean(s), true) }

// Split separates a cleaned name into surname and given name using the
// usual convention that the surname is written in capitals ("DUPONT Jean",
// "Jean DUPONT", "DE OLIVEIRA René"). When the writing does not show it
// (all capitals, all lower case, one word) both results are empty: the
// name is kept whole, never guessed apart.
func Split(name string) (surname, given string) {
	words := strings.Fields(name)
	if len(words) < 2 {
		return "", ""
	}
	var sur, giv []string
	for _, w := range words {
		if isUpperWord(w) {
			sur = append(sur, w)
		} else {
			giv = append(giv, w)
		}
	}
	if len(sur) == 0 || len(giv) == 0 {
		return "", ""
	}
	// The capitals must form one block at the start or the end; otherwise
	// the convention is not being followed.
	if !(isUpperWord(words[0]) && !isUpperWord(words[len(words)-1]) && contiguous(words, len(sur), true)) &&
		!(isUpperWord(words[len(words)-1]) && !isUpperWord(words[0]) && contiguous(words, len(sur), false)) {
		return "", ""
	}
	return strings.Join(sur, " "), strings.Join(giv, " ")
}

// contiguous reports whether the n upper-case words are the first n (head)
// or the last n words.
func contiguous(words []string, n int, head bool) bool {
	for i, w := range words {
		inBlock := i < n
		if !head {
			inBlock = i >= len(words)-n
		}
		if inBlock != isUpperWord(w) {
			return false
		}
	}
	return true
}

// isUpperWord reports whether a word has at least two letters, all upper
// case ("DUPONT", "D'ANGELO", "GOSSELIN-PICHON").
func isUpperWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// Fold returns a key for comparing names loosely: accents removed, upper
// case, hyphens and apostrophes as spaces, spaces collapsed.
func Fold(s string) string { return fold(s, false) }

// fold removes accents, upper-cases and collapses spaces; hyphens and
// apostrophes are kept when marks is set, spaces otherwise.
func fold(s string, marks bool) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case !marks && (r == '-' || r == '\''), unicode.IsSpace(r):
			b.WriteRune(' ')
		case r == 'œ' || r == 'Œ':
			b.WriteString("OE")
		case r == 'æ' || r == 'Æ':
			b.WriteString("AE")
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
