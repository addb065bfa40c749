package tally

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the form of a name used for comparison: NFD with the
// combining marks removed (so "É" becomes "E"), upper case, with hyphens,
// apostrophes, commas and periods turned into spaces and runs of spaces
// collapsed into one, trimmed. "Lœ" stays "LŒ": ligatures are not split.
func Normalize(name string) string {
	var b strings.Builder
	space := true // drops leading spaces and collapses runs
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r) || unicode.IsPunct(r) || r == '-' || r == '\'' || r == '’':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			b.WriteRune(unicode.ToUpper(r))
			space = false
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// sortedWords returns the words of a normalised name in lexical order,
// joined by one space, so that "JEAN DUPONT" and "DUPONT JEAN" compare
// equal.
func sortedWords(n string) string {
	w := strings.Fields(n)
	sort.Strings(w)
	return strings.Join(w, " ")
}

// Distance returns the Damerau-Levenshtein distance between a and b in
// runes, in its optimal string alignment form: insertions, deletions,
// substitutions and swaps of two adjacent runes each cost one, and no
// substring is edited twice.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return distance(ra, rb, len(ra)+len(rb))
}

// distance is Distance on runes, giving up early: when the distance
// exceeds k it returns some value above k.
func distance(ra, rb []rune, k int) int {
	n, m := len(ra), len(rb)
	if n == 0 {
		return m
	}
	if m == 0 {
		return n
	}
	if n-m > k || m-n > k {
		return k + 1
	}
	// Three rows of the dynamic programming table suffice.
	buf := make([]int, 3*(m+1))
	prev2, prev, cur := buf[:m+1], buf[m+1:2*(m+1)], buf[2*(m+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		// A transposition reaches back two rows, so stop only when
		// both the last two rows are beyond k.
		if rowMin > k && i > 1 && minOf(prev) > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

func minOf(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

// MaxEdits returns how many edits two normalised names of n runes (the
// longer of the two) may differ by and still be proposed as the same
// person: none below 5 runes, where one letter often makes another name
// (LEA, LEO), one up to 9 runes and two from 10 runes on.
func MaxEdits(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 10:
		return 1
	default:
		return 2
	}
}

// wordMaxEdits is how many edits one word of n runes may take in a pair
// of similar names: without it two edits in one short surname ("PICARD",
// "RICHARD") would pass as a spelling slip of the same person.
func wordMaxEdits(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 10:
		return 1
	default:
		return 2
	}
}

// wordsClose reports whether a and b have the same number of words and
// each word of a is within wordMaxEdits of the word of b at the same
// place.
func wordsClose(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ra, rb := []rune(a[i]), []rune(b[i])
		k := wordMaxEdits(max(len(ra), len(rb)))
		if distance(ra, rb, k) > k {
			return false
		}
	}
	return true
}

// form is a name prepared for comparison once, however many names it is
// compared with.
type form struct {
	norm, sorted string   // normalised; and with its words sorted
	nospace      string   // normalised, spaces removed
	runes        []rune   // of norm
	sortedRunes  []rune   // of sorted
	words        []string // of norm
	sortedWords  []string // of sorted
}

func newForm(name string) form {
	n := Normalize(name)
	s := sortedWords(n)
	return form{norm: n, sorted: s, nospace: strings.ReplaceAll(n, " ", ""), runes: []rune(n), sortedRunes: []rune(s),
		words: strings.Fields(n), sortedWords: strings.Fields(s)}
}

// Similar reports whether two hand-written names plausibly name the same
// person, and how close they are. After Normalize, the names (in the
// written word order, or both with their words sorted) must be within
// MaxEdits of each other and each word within a word-length bound (no more
// than one edit in a word under ten letters, none in a word under four);
// names equal once their spaces are removed ("DE OLIVEIRA", "DEOLIVEIRA")
// are similar too. score is 1 for the same normalised name and falls by
// 1/length per edit. Empty names are never similar.
func Similar(a, b string) (score float64, ok bool) {
	return similar(newForm(a), newForm(b))
}

func similar(a, b form) (score float64, ok bool) {
	if a.norm == "" || b.norm == "" {
		return 0, false
	}
	l := max(len(a.runes), len(b.runes))
	k := MaxEdits(l)
	best := -1
	if d := distance(a.runes, b.runes, k); d <= k && wordsClose(a.words, b.words) {
		best = d
	}
	if best != 0 {
		if d := distance(a.sortedRunes, b.sortedRunes, k); d <= k && (best < 0 || d < best) && wordsClose(a.sortedWords, b.sortedWords) {
			best = d
		}
	}
	if best < 0 && a.nospace == b.nospace {
		best = distance(a.runes, b.runes, l) // only spaces differ
	}
	if best < 0 {
		return 0, false
	}
	return 1 - float64(best)/float64(l), true
}
