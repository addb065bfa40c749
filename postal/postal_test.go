package postal

import (
	"slices"
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	tests := []struct {
		name string
		code string
		want bool
	}{
		{"paris 11e", "75011", true},
		{"ajaccio", "20000", true},
		{"bastia", "20200", true},
		{"saint-denis reunion", "97400", true},
		{"saint-pierre", "97500", true},
		{"nice", "06000", true},
		{"all zeros", "00000", false},
		{"four digits", "6000", false},
		{"six digits", "750111", false},
		{"letter", "75O11", false},
		{"spaces", " 75011", false},
		{"empty", "", false},
		{"unused code", "99999", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Valid(tt.code); got != tt.want {
				t.Errorf("Valid(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestCommunes(t *testing.T) {
	tests := []struct {
		code      string
		wantName  string
		wantINSEE string
	}{
		{"20000", "Ajaccio", "2A004"},
		{"20200", "Bastia", "2B033"},
		{"97400", "Saint-Denis", "97411"},
		{"75011", "Paris 11e Arrondissement", "75111"},
	}
	for _, tt := range tests {
		cs := Communes(tt.code)
		if !slices.Contains(cs, Commune{Name: tt.wantName, INSEE: tt.wantINSEE}) {
			t.Errorf("Communes(%q) = %v, want it to contain %s (%s)", tt.code, cs, tt.wantName, tt.wantINSEE)
		}
	}
	if cs := Communes("00000"); cs != nil {
		t.Errorf("Communes(%q) = %v, want nil", "00000", cs)
	}
}

func TestDepartment(t *testing.T) {
	tests := []struct {
		name     string
		code     string
		wantDep  string
		wantName string
		wantOK   bool
	}{
		{"ajaccio is 2A", "20000", "2A", "Corse-du-Sud", true},
		{"bastia is 2B", "20200", "2B", "Haute-Corse", true},
		{"reunion", "97400", "974", "La Réunion", true},
		{"paris", "75011", "75", "Paris", true},
		{"mayotte", "97600", "976", "Mayotte", true},
		{"saint-pierre-et-miquelon", "97500", "975", "Saint-Pierre-et-Miquelon", true},
		// 01590 serves two communes of the Jura and one of the Ain.
		{"cross-border code", "01590", "39", "Jura", true},
		{"invalid", "00000", "", "", false},
		{"four digits", "6000", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dep, name, ok := Department(tt.code)
			if dep != tt.wantDep || name != tt.wantName || ok != tt.wantOK {
				t.Errorf("Department(%q) = %q, %q, %v, want %q, %q, %v", tt.code, dep, name, ok, tt.wantDep, tt.wantName, tt.wantOK)
			}
		})
	}
}

// TestDepartmentFromData checks, over the whole table, that the department
// comes from the INSEE codes: some code must differ from its prefix, and
// every department found must have a name.
func TestDepartmentFromData(t *testing.T) {
	differ := 0
	for _, c := range Codes() {
		dep, name, ok := Department(c)
		if !ok || name == "" {
			t.Fatalf("Department(%q) = %q, %q, %v, want a named department", c, dep, name, ok)
		}
		if !strings.HasPrefix(c, dep) && !strings.HasPrefix(c, "20") {
			differ++
		}
	}
	if differ == 0 {
		t.Errorf("no postal code outside Corsica has a department other than its prefix; want some (e.g. 01590 in the Jura)")
	}
	// 95 metropolitan + Corsica 2 + overseas.
	deps := make(map[string]bool)
	for _, c := range Codes() {
		d, _, _ := Department(c)
		deps[d] = true
	}
	if len(deps) < 100 {
		t.Errorf("departments found in the data: %d, want at least 100", len(deps))
	}
}

func TestCodes(t *testing.T) {
	cs := Codes()
	if len(cs) < 6000 {
		t.Fatalf("len(Codes()) = %d, want more than 6000", len(cs))
	}
	if !slices.IsSorted(cs) {
		t.Errorf("Codes() is not sorted")
	}
	for _, c := range cs {
		if !Valid(c) {
			t.Fatalf("Codes() holds %q, which Valid rejects", c)
		}
	}
	cs[0] = "xxxxx"
	if Codes()[0] == "xxxxx" {
		t.Errorf("Codes() returns the package's own slice")
	}
}
