package truth

// Result is one row as sheetscan reports it.
type Result struct {
	Key
	Name       string
	PostalCode string
	Signed     bool
	Status     string // accepted, flagged, corrected, blank
}

// Metrics are the figures of a scored run. Rates are 0..1; -1 when there
// is nothing to count.
type Metrics struct {
	TruthRows, FilledRows int
	RowsFound             int     // filled truth rows reported not blank
	BlankAccuracy         float64 // blank vs filled right, over all printed rows
	SignedAccuracy        float64 // over filled rows
	NameCERLoose          float64
	NameExactLoose        float64
	PostalExact           float64
	Accepted              int     // accepted rows
	AcceptedWrong         int     // accepted rows whose name or postal code is wrong
	AcceptedErrorRate     float64 // AcceptedWrong / Accepted
	ShareAccepted         float64 // accepted / filled
	ShareFlagged          float64
	// FlaggedNameRight and FlaggedPostalRight are the shares of flagged
	// filled rows whose prefilled name, postal code, is already what was
	// written: the typing a reviewer is spared.
	FlaggedNameRight, FlaggedPostalRight float64
	Wrong                                []Key // the wrong accepted rows
}

func ratio(a, b int) float64 {
	if b == 0 {
		return -1
	}
	return float64(a) / float64(b)
}

// Score compares results with the truth rows.
func Score(truth map[Key]Row, results []Result) Metrics {
	pred := map[Key]Result{}
	for _, r := range results {
		pred[r.Key] = r
	}
	filled := func(k Key) (Result, bool) {
		p, ok := pred[k]
		return p, ok && p.Status != "blank"
	}
	var m Metrics
	blankOK, signedOK, named, nameErr, nameLen, nameExact, coded, codedOK, flagged := 0, 0, 0, 0, 0, 0, 0, 0, 0
	flaggedNamed, flaggedNameOK, flaggedCoded, flaggedCodeOK := 0, 0, 0, 0
	for k, t := range truth {
		m.TruthRows++
		p, isFilled := filled(k)
		if isFilled == !t.Blank {
			blankOK++
		}
		if t.Blank {
			continue
		}
		m.FilledRows++
		if isFilled {
			m.RowsFound++
		}
		if (isFilled && p.Signed) == t.Signed {
			signedOK++
		}
		name, code := "", ""
		if isFilled {
			name, code = p.Name, p.PostalCode
			if p.Status == "flagged" {
				flagged++
			}
		}
		inReview := isFilled && p.Status == "flagged"
		if t.Name != "" {
			named++
			nameLen += len([]rune(Loose(t.Name)))
			nameErr += Levenshtein(Loose(name), Loose(t.Name))
			ok := Loose(name) == Loose(t.Name)
			if ok {
				nameExact++
			}
			if inReview {
				flaggedNamed++
				if ok {
					flaggedNameOK++
				}
			}
		}
		if t.PostalCode != "" {
			coded++
			ok := PostalKey(code) == PostalKey(t.PostalCode)
			if ok {
				codedOK++
			}
			if inReview {
				flaggedCoded++
				if ok {
					flaggedCodeOK++
				}
			}
		}
	}
	for k, p := range pred {
		if p.Status != "accepted" {
			continue
		}
		m.Accepted++
		t, ok := truth[k]
		bad := Loose(p.Name) != Loose(t.Name) || PostalKey(p.PostalCode) != PostalKey(t.PostalCode)
		if !ok && (p.Name != "" || p.PostalCode != "") {
			bad = true
		}
		if bad {
			m.AcceptedWrong++
			m.Wrong = append(m.Wrong, k)
		}
	}
	m.BlankAccuracy = ratio(blankOK, m.TruthRows)
	m.SignedAccuracy = ratio(signedOK, m.FilledRows)
	m.NameCERLoose = ratio(nameErr, nameLen)
	m.NameExactLoose = ratio(nameExact, named)
	m.PostalExact = ratio(codedOK, coded)
	m.AcceptedErrorRate = ratio(m.AcceptedWrong, m.Accepted)
	m.ShareAccepted = ratio(m.Accepted, m.FilledRows)
	m.ShareFlagged = ratio(flagged, m.FilledRows)
	m.FlaggedNameRight = ratio(flaggedNameOK, flaggedNamed)
	m.FlaggedPostalRight = ratio(flaggedCodeOK, flaggedCoded)
	return m
}
