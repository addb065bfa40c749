package main

import (
	"slices"
	"testing"

	"github.com/sheetscan/sheetscan/decide"
	"github.com/sheetscan/sheetscan/truth"
)

// row makes a filled, signed row whose three name readings agree on name
// at confidence conf, with a postal code both readers agree on; written is
// what the truth says was written.
func row(name, written string, conf float64) sample {
	rd := decide.Reading{Text: name, Conf: conf}
	return sample{
		in: decide.Input{
			Signed: true,
			Name:   []decide.Reading{rd, rd, rd},
			Postal: []decide.Reading{{Text: "75011", Conf: 0.95}},
			Digits: &decide.CodeReading{Code: "75011", Margin: 9, Raw: "75011", ViewsAgree: true},
		},
		truth: truth.Row{Name: written, PostalCode: "75011", Signed: true},
		known: true,
	}
}

// TestCalibrateKeepsAwayFromTheEdge: right names read at 0.95 and 0.65, a
// wrong one at 0.55 (none of them known names). NameConf 0.6 is the edge:
// it accepts every right row and no wrong one, but a step looser (0.5)
// lets the wrong one through, so the calibration must stop short of it and
// accept the 50 surest rows only (on ties it takes the stricter setting).
func TestCalibrateKeepsAwayFromTheEdge(t *testing.T) {
	samples := slices.Concat(
		slices.Repeat([]sample{row("ZORBAK QUILTEX", "ZORBAK QUILTEX", 0.95)}, 50),
		slices.Repeat([]sample{row("WYMPOL DRAXEN", "WYMPOL DRAXEN", 0.65)}, 10),
		[]sample{row("KRONIT FALMEX", "KRONIT FALMER", 0.55)})
	best := calibrate(samples, 0.005)
	if best == nil {
		t.Fatal("calibrate found no setting")
	}
	if best.th.NameConf <= 0.65 || best.th.NameConf > 0.95 || best.accepted != 50 || best.wrong != 0 {
		t.Errorf("calibrate chose NameConf %.2f accepting %d (%d wrong), want one in (0.65, 0.95] accepting 50 (0 wrong)",
			best.th.NameConf, best.accepted, best.wrong)
	}
	// The edge itself was within the target: that is what the rule avoids.
	edge := best.th
	edge.NameConf = 0.6
	n := 0
	for _, s := range samples {
		if d := decide.Decide(s.in, edge); d.Status == "accepted" {
			n++
			if d.Name != s.truth.Name {
				t.Errorf("NameConf 0.6 accepted the wrong %q", d.Name)
			}
		}
	}
	if n != 60 {
		t.Errorf("NameConf 0.6 accepted %d rows, want 60", n)
	}
}

// TestCalibrateKnownNamesAtAnyConfidence: known names that the three
// readings agree on are right whatever Tesseract's confidence, here 0.
// Trusting them all (NameKnownConf 0) has no looser neighbour, so the
// margin rule does not hold the calibration back from it.
func TestCalibrateKnownNamesAtAnyConfidence(t *testing.T) {
	samples := slices.Concat(
		slices.Repeat([]sample{row("ZORBAK QUILTEX", "ZORBAK QUILTEX", 0.95)}, 50),
		slices.Repeat([]sample{row("MARTIN Sophie", "MARTIN Sophie", 0)}, 20))
	best := calibrate(samples, 0.005)
	if best == nil {
		t.Fatal("calibrate found no setting")
	}
	if r := replay(samples, best.th); r.accepted != best.accepted || r.wrong != best.wrong {
		t.Errorf("calibrate counted %d accepted, %d wrong; Decide replayed gives %d, %d", best.accepted, best.wrong, r.accepted, r.wrong)
	}
	if best.th.NameKnownConf != 0 || best.accepted != 70 || best.wrong != 0 {
		t.Errorf("calibrate chose NameKnownConf %.2f accepting %d (%d wrong), want 0 accepting 70 (0 wrong)",
			best.th.NameKnownConf, best.accepted, best.wrong)
	}
}
