package tally

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jérémy", "JEREMY"},
		{"  de   Oliveira-Dos  Santos ", "DE OLIVEIRA DOS SANTOS"},
		{"N'DIAYE Aïssatou", "N DIAYE AISSATOU"},
		{"O’Neil, Zoé.", "O NEIL ZOE"},
		{"ÇA", "CA"},
		{"", ""},
		{" - ", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "ABC", 3},
		{"DUPONT", "DUPONT", 0},
		{"DUPONT", "DUPOND", 1},  // substitution
		{"DUPONT", "DUPNOT", 1},  // adjacent swap
		{"DUPONT", "DUPONTT", 1}, // insertion
		{"CA", "ABC", 3},         // optimal string alignment, not unrestricted
		{"ÉLODIE", "ELODIE", 1},  // runes, not bytes
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestSimilar(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"same", "DUPONT JEAN", "DUPONT JEAN", true},
		{"case and accents", "Lefèvre Hélène", "LEFEVRE HELENE", true},
		{"word order", "DUPONT Jean", "Jean DUPONT", true},
		{"hyphen", "MARTIN Jean-Pierre", "MARTIN JEAN PIERRE", true},
		{"two letters off", "BOUZID JEREMY", "BOUZIT JEREMI", true},
		{"swap", "ROUSSEAU LEA", "ROUSSAEU LEA", true},
		{"word order and a typo", "Jean DUPOND", "DUPONT Jean", true},
		{"space dropped", "DE OLIVEIRA ARTHUR", "DEOLIVEIRA ARTHUR", true},
		{"three letters off", "BOUZID JEREMY", "BOUZIT JERAMI", false},
		{"other given name", "MARTIN PAUL", "MARTIN LOUIS", false},
		{"other surname", "PICARD AGNES", "RICHARD AGNES", false},
		{"short word one letter apart", "LI WU", "LI XU", false},
		{"two slips in one short word", "DURAND LUC", "DURAND LOCA", false},
		{"a slip in each word", "DURANT MARIE", "DURAND MARIA", true},
		{"very short names", "LEA", "LEO", false},
		{"empty", "", "", false},
		{"one empty", "DUPONT", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, ok := Similar(tt.a, tt.b)
			if ok != tt.want {
				t.Errorf("Similar(%q, %q) = %.2f, %v; want %v", tt.a, tt.b, score, ok, tt.want)
			}
			if ok && (score <= 0 || score > 1) {
				t.Errorf("Similar(%q, %q) score %.2f outside (0, 1]", tt.a, tt.b, score)
			}
			if s2, ok2 := Similar(tt.b, tt.a); ok2 != ok || s2 != score {
				t.Errorf("Similar is not symmetric on %q, %q", tt.a, tt.b)
			}
		})
	}
}

func TestFindPairs(t *testing.T) {
	signers := []Signer{
		{ID: 1, Group: "c", Name: "DUPONT Jean", Postal: "75011"},
		{ID: 2, Group: "c", Name: "MARTIN Paul", Postal: "75011"},
		{ID: 3, Group: "c", Name: "Jean Dupond", Postal: "75011"}, // = 1
		{ID: 4, Group: "c", Name: "DUPONT Jean", Postal: "69001"}, // other code
		{ID: 5, Group: "d", Name: "DUPONT Jean", Postal: "75011"}, // other campaign
		{ID: 6, Group: "c", Name: "DUPONT Jean", Postal: ""},      // no code
		{ID: 7, Group: "c", Name: "", Postal: "75011"},            // no name
	}
	got := FindPairs(signers)
	if len(got) != 1 || got[0].A != 1 || got[0].B != 3 {
		t.Errorf("FindPairs = %+v, want one pair 1-3", got)
	}
}

func TestGroups(t *testing.T) {
	g := NewGroups(6)
	g.Union(4, 2)
	g.Union(2, 5)
	g.Union(0, 1)
	want := []int{0, 0, 2, 3, 2, 2}
	for i, w := range want {
		if got := g.Find(i); got != w {
			t.Errorf("Find(%d) = %d, want %d", i, got, w)
		}
	}
}

func BenchmarkFindPairs(b *testing.B) {
	// 2000 signers spread over 20 postal codes: 100 per code.
	var ss []Signer
	for i := range 2000 {
		ss = append(ss, Signer{ID: int64(i), Group: "c", Name: fmt.Sprintf("NOM%04d PRENOM%d", i, i%7), Postal: fmt.Sprintf("750%02d", i%20)})
	}
	for b.Loop() {
		FindPairs(ss)
	}
}

// TestBoundedDistance checks that giving up early never changes the answer
// within the bound, on random strings over a small alphabet (many near
// matches and swaps).
func TestBoundedDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() []rune {
		r := make([]rune, rng.IntN(9))
		for i := range r {
			r[i] = rune('A' + rng.IntN(4))
		}
		return r
	}
	for range 5000 {
		a, b := word(), word()
		full := Distance(string(a), string(b))
		for k := 0; k <= 4; k++ {
			got := distance(a, b, k)
			if (full <= k) != (got <= k) || (full <= k && got != full) {
				t.Fatalf("distance(%q, %q, %d) = %d, full distance %d", string(a), string(b), k, got, full)
			}
		}
	}
}
