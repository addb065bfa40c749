package truth

import "testing"

func TestLoose(t *testing.T) {
	if Loose("  Jérémy  BOUZID ") != Loose("jeremy bouzid") {
		t.Error("Loose should ignore case, accents and spaces")
	}
	if Loose("DUPONT, Jean.") != "dupont jean" {
		t.Errorf("Loose(DUPONT, Jean.) = %q", Loose("DUPONT, Jean."))
	}
}

func TestScore(t *testing.T) {
	k := func(n int) Key { return Key{"a.png", 1, n} }
	tr := map[Key]Row{
		k(1): {Number: 1, Name: "DUPONT Jean", PostalCode: "75011", Signed: true},
		k(2): {Number: 2, Name: "MARTIN Éva", PostalCode: "69001", Signed: true},
		k(3): {Number: 3, Blank: true},
		k(4): {Number: 4, Name: "PETIT Luc", PostalCode: "13001", Signed: true},
	}
	res := []Result{
		{Key: k(1), Name: "Dupont JEAN", PostalCode: "75011", Signed: true, Status: "accepted"}, // right, loosely
		{Key: k(2), Name: "MARTIN Eva", PostalCode: "69002", Signed: true, Status: "accepted"},  // wrong code
		{Key: k(3), Status: "blank"},
		{Key: k(4), Name: "PETIT Lux", PostalCode: "13001", Signed: true, Status: "flagged"},
	}
	m := Score(tr, res)
	if m.Accepted != 2 || m.AcceptedWrong != 1 || m.AcceptedErrorRate != 0.5 {
		t.Errorf("accepted %d wrong %d rate %v; want 2, 1, 0.5", m.Accepted, m.AcceptedWrong, m.AcceptedErrorRate)
	}
	if m.BlankAccuracy != 1 || m.RowsFound != 3 || m.PostalExact != 2.0/3 {
		t.Errorf("blank acc %v found %d postal %v", m.BlankAccuracy, m.RowsFound, m.PostalExact)
	}
	// one substitution (x for c) over the loose lengths of the three names
	want := 1.0 / float64(len("dupont jean")+len("martin eva")+len("petit luc"))
	if m.NameCERLoose != want {
		t.Errorf("NameCERLoose = %v, want %v", m.NameCERLoose, want)
	}
	// The one flagged row: its postal code is prefilled right, its name not.
	if m.FlaggedNameRight != 0 || m.FlaggedPostalRight != 1 {
		t.Errorf("flagged prefilled right: name %v, postal %v; want 0, 1", m.FlaggedNameRight, m.FlaggedPostalRight)
	}
}
