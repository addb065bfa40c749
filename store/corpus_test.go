package store

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/postal"
)

var corpusDir = flag.String("tally.corpus", "", "labelled corpus directory holding truth.json (e.g. ../../shared/corpus/dev): print tally and duplicate figures on it; skipped when empty")

// TestCorpusFigures is an evaluation, off by default: on a labelled
// corpus stored as reviewed rows it checks the tally against the truth and
// prints how duplicate detection does on the corpus as is (any pair is a
// false alarm, unless the corpus holds repeats) and with one written
// variant planted for each filled row.
func TestCorpusFigures(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -tally.corpus")
	}
	b, err := os.ReadFile(filepath.Join(*corpusDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []truthPage
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d := openTemp(t)
	saveTruth(t, d, "c", pages)

	want := map[string]int{}
	for _, p := range pages {
		for _, r := range p.Rows {
			if !r.Blank && r.Signed && !r.Struck {
				dep, _, _ := postal.Department(r.PostalCode)
				want[dep]++
			}
		}
	}
	tl, err := d.Tally(ctx, TallyOptions{By: ByDepartment})
	if err != nil {
		t.Fatal(err)
	}
	mismatch := 0
	for _, g := range tl.Groups {
		if g.Valid != want[g.Key] {
			mismatch++
			t.Errorf("department %q: %d valid, truth %d", g.Key, g.Valid, want[g.Key])
		}
	}
	t.Logf("tally: %d rows, %d valid in %d departments; %d departments off the truth", tl.Total.Rows, tl.Total.Valid, len(tl.Groups), mismatch)

	n, err := d.FindDuplicates(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	pairs, _ := d.Duplicates(ctx, DuplicateFilter{})
	for _, p := range pairs {
		t.Logf("  pair on the corpus as is: %q / %q (%s), score %.2f", p.A.Name, p.B.Name, p.A.PostalCode, p.Score)
	}

	// Plant a variant of every filled row with a name and a code.
	rng := rand.New(rand.NewPCG(7, 7))
	var people [][2]string
	var kinds []string
	for _, p := range pages {
		for _, r := range p.Rows {
			if r.Blank || r.Name == "" || r.PostalCode == "" {
				continue
			}
			v, kind := variant(rng, r.Name)
			people = append(people, [2]string{v, r.PostalCode})
			kinds = append(kinds, kind)
		}
	}
	before := n
	ids := map[int64]string{}
	for start := 0; start < len(people); start += 35 {
		end := min(start+35, len(people))
		for i, id := range plant(t, d, "c", fmt.Sprintf("planted-%03d.png", start/35), people[start:end]) {
			ids[id] = kinds[start+i]
		}
	}
	if _, err := d.FindDuplicates(ctx, ""); err != nil {
		t.Fatal(err)
	}
	pairs, _ = d.Duplicates(ctx, DuplicateFilter{})
	found := map[string]int{}
	total := map[string]int{}
	for _, k := range kinds {
		total[k]++
	}
	other := 0
	seen := map[int64]bool{}
	for _, p := range pairs {
		ka, kb := ids[p.A.RowID], ids[p.B.RowID]
		switch {
		case (ka == "") != (kb == "") && !seen[max(p.A.RowID, p.B.RowID)]:
			seen[max(p.A.RowID, p.B.RowID)] = true
			found[ka+kb]++
		case ka == "" && kb == "":
		default:
			other++
		}
	}
	for _, id := range sortedIDs(ids) {
		if k := ids[id]; !seen[id] {
			r, _ := d.RowByID(ctx, id)
			t.Logf("  missed %s variant %q (%s)", k, r.Name, r.PostalCode)
		}
	}
	var kindList []string
	for k := range total {
		kindList = append(kindList, fmt.Sprintf("%s %d/%d", k, found[k], total[k]))
	}
	t.Logf("duplicates: %d pairs on the corpus as is; planted %d variants, found %s; %d other pairs", before, len(people), strings.Join(kindList, ", "), other)
}

// variant writes name as its signer might on a second sheet, and says how.
func variant(rng *rand.Rand, name string) (string, string) {
	w := strings.Fields(name)
	switch rng.IntN(5) {
	case 0:
		return strings.ToLower(name), "case"
	case 1:
		if len(w) > 1 {
			return strings.Join(append(w[1:], w[0]), " "), "word order"
		}
		return name, "same"
	case 2: // one letter replaced in the longest word
		r := []rune(name)
		i := rng.IntN(len(r))
		if r[i] != ' ' {
			r[i] = 'X'
		}
		return string(r), "one letter"
	case 3: // two adjacent letters swapped
		r := []rune(name)
		i := rng.IntN(max(1, len(r)-1))
		if i+1 < len(r) && r[i] != ' ' && r[i+1] != ' ' {
			r[i], r[i+1] = r[i+1], r[i]
		}
		return string(r), "swap"
	default:
		return strings.NewReplacer("É", "E", "È", "E", "Ë", "E", "Ï", "I", "Ç", "C", "-", " ").Replace(name), "accents"
	}
}

func sortedIDs(m map[int64]string) []int64 {
	var ids []int64
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
