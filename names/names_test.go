package names

import (
	"slices"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nfc", "Ame\u0301lie  DUPONT ", "Amélie DUPONT"},
		{"apostrophe", "D’ANGELO Laetitia", "D'ANGELO Laetitia"},
		{"kept as written", "de Oliveira René", "de Oliveira René"},
		{"hyphen cut by the OCR", "GAUTIER Marie- Hélène", "GAUTIER Marie-Hélène"},
		{"hyphen cut before", "Marie -Hélène", "Marie-Hélène"},
		{"apostrophe cut", "N' DIAYE Théo", "N'DIAYE Théo"},
		{"spaced dash kept", "DUPONT - Jean", "DUPONT - Jean"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct{ in, sur, giv string }{
		{"DUPONT Jean", "DUPONT", "Jean"},
		{"Jean DUPONT", "DUPONT", "Jean"},
		{"DE OLIVEIRA René", "DE OLIVEIRA", "René"},
		{"GOSSELIN-PICHON Loïc", "GOSSELIN-PICHON", "Loïc"},
		{"Marie-Claire D'ANGELO", "D'ANGELO", "Marie-Claire"},
		{"BRAHIMI YACINE", "", ""}, // all capitals: the writing does not say
		{"Mohammed Royer", "", ""},
		{"Dupont", "", ""},
		{"Jean DUPONT Marie", "", ""}, // capitals in the middle: no convention
	}
	for _, tt := range tests {
		sur, giv := Split(tt.in)
		if sur != tt.sur || giv != tt.giv {
			t.Errorf("Split(%q) = %q, %q; want %q, %q", tt.in, sur, giv, tt.sur, tt.giv)
		}
	}
}

func TestFold(t *testing.T) {
	if a, b := Fold("Jérémy BOUZID"), Fold("JEREMY  bouzid"); a != b {
		t.Errorf("Fold differs: %q vs %q", a, b)
	}
	if got := Fold("D'ANGELO-Lætitia"); got != "D ANGELO LAETITIA" {
		t.Errorf("Fold(D'ANGELO-Lætitia) = %q", got)
	}
}

func TestKey(t *testing.T) {
	if a, b := Key("Marie-Hélène GAUTIER"), Key("MARIE- HELENE  gautier"); a != b {
		t.Errorf("Key differs: %q vs %q", a, b)
	}
	if a, b := Key("Marie-Hélène"), Key("Marie Hélène"); a == b {
		t.Errorf("Key ignores the hyphen: %q", a)
	}
	if got := Key("N'DIAYE Lætitia"); got != "N'DIAYE LAETITIA" {
		t.Errorf("Key(N'DIAYE Lætitia) = %q", got)
	}
}

func TestKnown(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"MARTIN Sophie", true},
		{"martin  sophie", true},
		{"DUPONT Anne-Sophie", true},
		{"Hélène BERNARD", true},
		{"HELENE Bernard", true},
		{"Amaud DUPONT", false}, // "Arnaud" misread
		{"Lacas Marie", false},  // "Lucas" misread
		{"", false},
		{"  ", false},
		{"D", false},
		{"JO Clémence", false}, // two-letter names are too easily fragments
		{"LE DURAND Agnès", true},
		{"Du", true},           // a particle alone
		{"GRÉGOIRE Du", false}, // "Duc" with a letter lost
		{"Marie VAN", false},   // a particle ends no name
	} {
		if got := Known(c.in); got != c.want {
			t.Errorf("Known(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestKnownWords(t *testing.T) {
	for _, c := range []struct {
		words []string
		want  []bool
	}{
		{[]string{"GRÉGOIRE", "Du"}, []bool{true, false}}, // "Duc" with a letter lost
		{[]string{"LE", "DURAND", "Agnès"}, []bool{true, true, true}},
		{[]string{"Du"}, []bool{true}},
		{[]string{"Anne-Sophie", "MARTIN"}, []bool{true, true}},
		{[]string{"Amaud", "DUPONT"}, []bool{false, true}},
		{nil, []bool{}},
	} {
		if got := KnownWords(c.words); !slices.Equal(got, c.want) {
			t.Errorf("KnownWords(%q) = %v, want %v", c.words, got, c.want)
		}
	}
}

func TestNearKnown(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"Lacas", true},   // Lucas, a letter changed
		{"GEFARD", true},  // Gerard
		{"Sylvan", true},  // Sylvain, a letter dropped
		{"Mahtieu", true}, // Mathieu, two letters swapped
		{"Lucas", false},  // known
		{"Lucás", false},  // known once folded
		{"ZYLBERSZTEJN", false},
		{"Abc", false}, // too short to judge
		{"", false},
	} {
		if got := NearKnown(c.in); got != c.want {
			t.Errorf("NearKnown(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSmallWord(t *testing.T) {
	for w, want := range map[string]bool{"de": true, "DU": true, "d": true, "ben": true, "y": true, "van": true, "Denis": false, "o": false, "bastien": false} {
		if got := SmallWord(w); got != want {
			t.Errorf("SmallWord(%q) = %v, want %v", w, got, want)
		}
	}
}
