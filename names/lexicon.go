package names

import (
	_ "embed"
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
	})
	return lex
}

// Known reports whether every word of name (at least one) is a given name
// or a family name of the embedded list, compared with Fold. A misreading
// of handwriting rarely lands on another real name, so a known name is
// evidence that a reading is right; an unknown one proves nothing (most
// family names are not in any list).
func Known(name string) bool {
	words := strings.Fields(Fold(name))
	if len(words) == 0 {
		return false
	}
	l := lexicon()
	for _, w := range words {
		if !l[w] {
			return false
		}
	}
	return true
}
