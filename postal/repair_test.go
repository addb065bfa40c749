package postal

import "testing"

func TestRepair(t *testing.T) {
	tests := []struct {
		name       string
		reading    string
		alts       [][]rune
		wantBest   string // "" = no candidate
		wantHow    string
		wantUnique bool
		wantFour   bool
	}{
		{"exact", "75011", nil, "75011", "exact", true, false},
		{"spaces and dot", "75 011.", nil, "75011", "exact", true, false},
		{"letter O for zero", "75O11", nil, "75011", "confusion", true, false},
		{"letters S I", "S3IZO", nil, "53120", "confusion", true, false},
		// 53000 Laval with its last 0 read as 8: every other valid code
		// needs two confusions or a blind edit.
		{"unique digit confusion", "53008", nil, "53000", "confusion", true, false},
		// 00000 is one confusion away from 06000, 08000, 09000...
		{"ambiguous", "00000", nil, "", "", false, false},
		// 20080: 20000 (8→0) and 20090 (8→9) are both one confusion away.
		{"ambiguous confusion", "20080", nil, "", "", false, false},
		// 75051: 1↔5 is not a known confusion, but the OCR proposed '1'.
		{"alternative from the OCR", "75051", [][]rune{nil, nil, nil, {'1'}, nil}, "75011", "alt_char", true, false},
		// An exact reading stays, whatever the alternatives say.
		{"exact despite alternatives", "53800", [][]rune{nil, nil, nil, {'1'}, nil}, "53800", "exact", true, false},
		{"four digits", "6000", nil, "06000", "leading_zero", true, true},
		{"four digits ain", "1590", nil, "01590", "leading_zero", true, true},
		{"stray character", "750111", nil, "", "", false, false},
		{"too short", "750", nil, "", "", false, false},
		{"not a code", "Paris", nil, "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Repair(tt.reading, tt.alts)
			if s.FourDigits != tt.wantFour {
				t.Errorf("Repair(%q).FourDigits = %v, want %v", tt.reading, s.FourDigits, tt.wantFour)
			}
			if s.Unique != tt.wantUnique {
				t.Errorf("Repair(%q).Unique = %v, want %v (best %v, alternatives %v)", tt.reading, s.Unique, tt.wantUnique, s.Best, s.Alternatives)
			}
			if tt.wantBest == "" {
				return
			}
			if s.Best == nil {
				t.Fatalf("Repair(%q).Best = nil, want %s", tt.reading, tt.wantBest)
			}
			if s.Best.Code != tt.wantBest || s.Best.How != tt.wantHow {
				t.Errorf("Repair(%q).Best = %+v, want %s by %s", tt.reading, *s.Best, tt.wantBest, tt.wantHow)
			}
		})
	}
}

// TestRepairConfusion builds its cases from the data: for every valid code
// and every common confusion, a misreading that has exactly one valid code at
// one confusion must be repaired to it, uniquely.
func TestRepairConfusion(t *testing.T) {
	checked := 0
	for _, code := range Codes()[:400] {
		for i := 0; i < 5; i++ {
			for d := byte('0'); d <= '9'; d++ {
				if confusion(code[i], d) != 1 {
					continue
				}
				bad := code[:i] + string(d) + code[i+1:]
				if Valid(bad) || countConfusionNeighbours(bad) != 1 {
					continue
				}
				checked++
				s := Repair(bad, nil)
				if s.Best == nil || s.Best.Code != code || !s.Unique {
					t.Fatalf("Repair(%q) = %+v, want %s uniquely", bad, s, code)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no unique confusion case found in the data")
	}
}

// countConfusionNeighbours counts valid codes at one primary or secondary
// confusion from s.
func countConfusionNeighbours(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d != s[i] && confusion(s[i], d) > 0 && Valid(s[:i]+string(d)+s[i+1:]) {
				n++
			}
		}
	}
	return n
}
