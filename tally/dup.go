package tally

import "sort"

// Signer is one filled row as duplicate detection sees it.
type Signer struct {
	ID     int64  // row id
	Group  string // rows are compared only within a group: campaign and postal code
	Name   string // as written or corrected
	Postal string // five digits; rows without a code are never compared
}

// Pair is two rows that plausibly hold the same person, A < B.
type Pair struct {
	A, B  int64
	Score float64 // 0..1, 1 for the same normalised name
}

// FindPairs returns every pair of signers with the same group and postal
// code and similar names (see Similar), ordered by A then B. Comparisons
// are made only within a postal code, so the cost is the sum of the
// squares of the number of signers per code, not of all signers.
func FindPairs(signers []Signer) []Pair {
	type key struct{ group, postal string }
	type prepared struct {
		id int64
		f  form
	}
	by := map[key][]prepared{}
	for _, s := range signers {
		f := newForm(s.Name)
		if s.Postal == "" || f.norm == "" {
			continue
		}
		k := key{s.Group, s.Postal}
		by[k] = append(by[k], prepared{s.ID, f})
	}
	var out []Pair
	for _, ss := range by {
		for i := range ss {
			for j := i + 1; j < len(ss); j++ {
				score, ok := similar(ss[i].f, ss[j].f)
				if !ok {
					continue
				}
				a, b := ss[i].id, ss[j].id
				if b < a {
					a, b = b, a
				}
				out = append(out, Pair{A: a, B: b, Score: score})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}
