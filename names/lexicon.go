package names

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// namesTxt lists given names and family names, one per line (see
// data/README.md for where they come from).
//
//go:embed data/names.txt
var namesTxt string

// particles are the short words of family names ("DE OLIVEIRA", "LE
// ROUX"), known although they are not names.
var particles = []string{"DE", "DU", "DA", "DI", "LE", "LA", "EL", "AL", "DOS", "DES", "DEL", "VAN", "VON"}

var (
	lexOnce sync.Once
	lex     map[string]bool
	// deletes holds every known word with one letter left out: the index
	// that finds the known words one edit away (a symmetric-delete
	// search).
	deletes map[string]bool
)

func lexicon() map[string]bool {
	lexOnce.Do(func() {
		lex = make(map[string]bool, 5000)
		for _, line := range strings.Split(namesTxt, "\n") {
			// "Anne-Sophie" gives ANNE and SOPHIE. Words under three
			// letters ("Jo", "Ed", the D of "D'Holbach") are left out:
			// a fragment of a misread word too easily is one.
			for _, w := range strings.Fields(Fold(line)) {
				if len(w) >= 3 {
					lex[w] = true
				}
			}
		}
		for _, p := range particles {
			lex[p] = true
		}
		deletes = make(map[string]bool, 8*len(lex))
		for w := range lex {
			for _, d := range oneDeleted(w) {
				deletes[d] = true
			}
		}
	})
	return lex
}

// oneDeleted returns w with each of its letters left out in turn.
func oneDeleted(w string) []string {
	r := []rune(w)
	out := make([]string, 0, len(r))
	for i := range r {
		out = append(out, string(r[:i])+string(r[i+1:]))
	}
	return out
}

// Particle reports whether word is one of the short words of family names
// (DE, DU, LE, EL, VAN…), compared with Fold.
func Particle(word string) bool { return slices.Contains(particles, Fold(word)) }

// smallWords are the words besides the particles that a name may hold in
// small letters: the elided d' and l' (split off at the apostrophe), y,
// and ben, bin, ibn, der, den.
var smallWords = []string{"D", "L", "Y", "BEN", "BIN", "IBN", "DER", "DEN"}

// SmallWord reports whether word is a particle or another short word a
// name may hold in small letters among capitalised ones ("de", "d",
// "ben"), compared with Fold.
func SmallWord(word string) bool {
	return Particle(word) || slices.Contains(smallWords, Fold(word))
}

// NearMinLen is the fewest letters a word needs for NearKnown to judge it:
// a shorter word is one edit from so many names that a misread known name
// cannot be told from an unlisted one.
const NearMinLen = 4

// NearKnown reports whether word, of NearMinLen letters or more, is not a
// known name but is one edit (a letter changed, added or dropped, or two
// neighbours swapped) from one, compared with Fold: "LACAS" (LUCAS),
// "GEFARD" (GERARD). Such a word is as likely a known name misread as an
// unlisted name, however sure the OCR is of it.
func NearKnown(word string) bool {
	w := Fold(word)
	if len([]rune(w)) < NearMinLen || strings.Contains(w, " ") {
		return false
	}
	l := lexicon()
	if l[w] {
		return false
	}
	if deletes[w] { // a letter dropped
		return true
	}
	for _, d := range oneDeleted(w) {
		if l[d] || deletes[d] { // a letter added, changed, or a swap
			return true
		}
	}
	return false
}

// Known reports whether every word of name (at least one) is a given name
// or a family name of the embedded list, compared with Fold (KnownWords:
// a particle ends no name). A misreading of handwriting rarely lands on
// another real name, so a known name is evidence that a reading is right;
// an unknown one proves nothing (most family names are not in any list).
func Known(name string) bool {
	kw := KnownWords(strings.Fields(Fold(name)))
	return len(kw) > 0 && !slices.Contains(kw, false)
}

// KnownWords reports, for each of words (a name as the caller cut it into
// words), whether it is known in its place: every part of it (compared
// with Fold, so "Anne-Sophie" has two) a given or family name of the
// embedded list, or a particle (DE, DU, LE, VAN…) that does not end the
// name. "GRÉGOIRE Du" is "GRÉGOIRE Duc" with a letter lost far more often
// than a name ending in a particle; a particle alone is known.
func KnownWords(words []string) []bool {
	l := lexicon()
	out := make([]bool, len(words))
	for i, w := range words {
		parts := strings.Fields(Fold(w))
		ok := len(parts) > 0
		for _, p := range parts {
			ok = ok && l[p]
		}
		if ok && i > 0 && i == len(words)-1 && Particle(w) {
			ok = false
		}
		out[i] = ok
	}
	return out
}
