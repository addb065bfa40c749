package store

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sheetscan/sheetscan/postal"
)

// truthPage is the part of a testdata/scans/truth.json page record the
// store tests need.
type truthPage struct {
	File       string `json:"file"`
	PageInFile int    `json:"page_in_file"`
	FormPage   int    `json:"form_page"`
	Rows       []struct {
		Number     int       `json:"number"`
		Name       string    `json:"name"`
		PostalCode string    `json:"postal_code"`
		Signed     bool      `json:"signed"`
		Blank      bool      `json:"blank"`
		Struck     bool      `json:"struck"`
		BoxMM      []float64 `json:"box_mm"`
	} `json:"rows"`
}

func loadTruth(tb testing.TB) []truthPage {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "scans", "truth.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var pages []truthPage
	if err := json.Unmarshal(b, &pages); err != nil {
		tb.Fatal(err)
	}
	if len(pages) == 0 {
		tb.Fatal("truth.json holds no page")
	}
	return pages
}

// saveTruth stores every truth page in campaign as if a reviewer had
// corrected every row to the truth: filled rows corrected, blank rows
// blank. It leaves the department column empty so that the tally must
// derive it. It returns the row ids by "file#page#number".
func saveTruth(tb testing.TB, d *DB, campaign string, pages []truthPage) map[string]int64 {
	tb.Helper()
	ctx := context.Background()
	ids := map[string]int64{}
	for _, tp := range pages {
		f, _, err := d.BeginFile(ctx, campaign, File{Path: tp.File, SHA256: campaign + "/" + tp.File, Size: 1})
		if err != nil {
			tb.Fatal(err)
		}
		var rows []Row
		for i, tr := range tp.Rows {
			r := Row{Index: i, Number: tr.Number, Name: tr.Name, NameOCR: tr.Name, PostalCode: tr.PostalCode,
				Signed: tr.Signed, Blank: tr.Blank, Struck: tr.Struck, Status: RowCorrected,
				X0: 10, Y0: 10 + 40*i, X1: 400, Y1: 48 + 40*i}
			if tr.Blank {
				r.Status = RowBlank
			}
			rows = append(rows, r)
		}
		p := &Page{FileID: f.ID, Index: tp.PageInFile, Status: PageOK, FormPage: tp.FormPage}
		if err := d.SavePage(ctx, p, nil, rows); err != nil {
			tb.Fatal(err)
		}
		for _, r := range rows {
			ids[fmt.Sprintf("%s#%d#%d", tp.File, tp.PageInFile, r.Number)] = r.ID
		}
	}
	return ids
}

func TestTallyByDepartmentMatchesTruth(t *testing.T) {
	pages := loadTruth(t)
	d := openTemp(t)
	saveTruth(t, d, "truth", pages)

	// The expected counts, computed from the truth alone.
	want := map[string]int{}
	rows, valid := 0, 0
	for _, p := range pages {
		for _, r := range p.Rows {
			rows++
			if r.Blank || !r.Signed || r.Struck {
				continue
			}
			dep, _, ok := postal.Department(r.PostalCode)
			if !ok {
				dep = ""
			}
			want[dep]++
			valid++
		}
	}
	if len(want) < 3 {
		t.Fatalf("truth spans %d departments: too few for this test to mean anything", len(want))
	}

	got, err := d.Tally(context.Background(), TallyOptions{By: ByDepartment})
	if err != nil {
		t.Fatal(err)
	}
	gotDep := map[string]int{}
	for _, g := range got.Groups {
		if g.Valid > 0 {
			gotDep[g.Key] = g.Valid
		}
		if g.Key != "" && g.Label == "" {
			t.Errorf("department %s has no name", g.Key)
		}
	}
	for dep, n := range want {
		if gotDep[dep] != n {
			t.Errorf("Tally department %q valid = %d, want %d", dep, gotDep[dep], n)
		}
	}
	for dep, n := range gotDep {
		if _, ok := want[dep]; !ok {
			t.Errorf("Tally department %q valid = %d, want none", dep, n)
		}
	}
	if got.Total.Valid != valid || got.Total.Rows != rows || got.Total.Pending != 0 || !got.Final() {
		t.Errorf("Tally total = %+v (final %v), want valid %d of %d rows, none pending", got.Total, got.Final(), valid, rows)
	}
}

func TestTallyGroupsAddUp(t *testing.T) {
	pages := loadTruth(t)
	d := openTemp(t)
	saveTruth(t, d, "truth", pages)
	ctx := context.Background()
	// Send a few rows back to review so that Pending is exercised.
	if _, err := d.SQL().Exec(`UPDATE rows SET status = 'flagged' WHERE id IN (SELECT id FROM rows WHERE status = 'corrected' LIMIT 3)`); err != nil {
		t.Fatal(err)
	}
	var total TallyCount
	for i, by := range TallyGroupings {
		got, err := d.Tally(ctx, TallyOptions{By: by, Campaign: "truth"})
		if err != nil {
			t.Fatalf("Tally by %s: %v", by, err)
		}
		var sum TallyCount
		for _, g := range got.Groups {
			if n := g.Valid + g.Duplicates + g.Pending + g.Invalid + g.Blank + g.Erased; n != g.Rows {
				t.Errorf("by %s group %q: parts add up to %d, rows %d", by, g.Key, n, g.Rows)
			}
			sum.add(g)
		}
		sum.Key, sum.Label = "", "total"
		if sum != got.Total {
			t.Errorf("by %s: groups sum to %+v, total %+v", by, sum, got.Total)
		}
		if got.Total.Pending != 3 || got.Final() {
			t.Errorf("by %s: pending %d (final %v), want 3", by, got.Total.Pending, got.Final())
		}
		if i > 0 && got.Total != total {
			t.Errorf("by %s: total %+v differs from by %s: %+v", by, got.Total, TallyGroupings[0], total)
		}
		total = got.Total
	}
	if _, err := d.Tally(ctx, TallyOptions{By: "region"}); err == nil {
		t.Error("Tally by region: no error")
	}
	none, err := d.Tally(ctx, TallyOptions{Campaign: "other"})
	if err != nil || len(none.Groups) != 0 || none.Total.Rows != 0 {
		t.Errorf("Tally of an unknown campaign = %+v, %v; want empty", none, err)
	}
}

// plant stores one page of signed, corrected rows with the given names and
// postal codes and returns their ids.
func plant(tb testing.TB, d *DB, campaign, file string, people [][2]string) []int64 {
	tb.Helper()
	ctx := context.Background()
	f, _, err := d.BeginFile(ctx, campaign, File{Path: file, SHA256: campaign + "/" + file, Size: 1})
	if err != nil {
		tb.Fatal(err)
	}
	var rows []Row
	for i, p := range people {
		rows = append(rows, Row{Index: i, Number: i + 1, Name: p[0], PostalCode: p[1], Signed: true, Status: RowAccepted,
			X0: 10, Y0: 10 + 40*i, X1: 400, Y1: 48 + 40*i})
	}
	if err := d.SavePage(ctx, &Page{FileID: f.ID, Index: 1, Status: PageOK}, nil, rows); err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

func TestDuplicatesPlantedAndNone(t *testing.T) {
	ctx := context.Background()
	// Every truth row with a name and a code: names of the sample corpus
	// are distinct people, so no pair may come out.
	pages := loadTruth(t)
	clean := openTemp(t)
	saveTruth(t, clean, "c", pages)
	n, err := clean.FindDuplicates(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		pairs, _ := clean.Duplicates(ctx, DuplicateFilter{})
		t.Errorf("FindDuplicates on distinct people found %d pairs: %+v", n, pairs)
	}

	d := openTemp(t)
	a := plant(t, d, "c", "a.png", [][2]string{
		{"DUPONT Jean", "75011"},
		{"MARTIN Paul", "69003"},
		{"LEFÈVRE Hélène", "2A000"}, // not a valid code: still compared
		{"GARCIA Inès", "13001"},
		{"PETIT Louis", "33000"},
	})
	b := plant(t, d, "c", "b.pdf", [][2]string{
		{"Jean DUPONT", "75011"},    // word order: = a[0]
		{"MARTIN Paule", "69003"},   // one letter: = a[1]
		{"lefevre helene", "2A000"}, // case and accents: = a[2]
		{"GARCIA Inès", "13002"},    // other postal code
		{"PETIT Lucas", "33000"},    // other person, same surname
		{"DUPONT Jean", "75011"},    // third time: = a[0], = b[0]
	})
	other := plant(t, d, "other", "c.png", [][2]string{{"DUPONT Jean", "75011"}})
	if _, err := d.FindDuplicates(ctx, ""); err != nil {
		t.Fatal(err)
	}
	pairs, err := d.Duplicates(ctx, DuplicateFilter{Status: DupPending})
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]int64]bool{
		{a[0], b[0]}: true, {a[0], b[5]}: true, {b[0], b[5]}: true,
		{a[1], b[1]}: true, {a[2], b[2]}: true,
	}
	got := map[[2]int64]bool{}
	for _, p := range pairs {
		got[[2]int64{p.A.RowID, p.B.RowID}] = true
		if !want[[2]int64{p.A.RowID, p.B.RowID}] {
			t.Errorf("unexpected pair %q (%d) / %q (%d)", p.A.Name, p.A.RowID, p.B.Name, p.B.RowID)
		}
		if p.A.RowID == other[0] || p.B.RowID == other[0] {
			t.Errorf("pair across campaigns: %+v", p)
		}
	}
	for w := range want {
		if !got[w] {
			t.Errorf("pair %v not found", w)
		}
	}
	// Running again adds nothing.
	if n, err := d.FindDuplicates(ctx, ""); err != nil || n != 0 {
		t.Errorf("second FindDuplicates = %d, %v; want 0", n, err)
	}

	before, err := d.Tally(ctx, TallyOptions{Campaign: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if before.Total.Valid != 11 || before.PendingDuplicates != 5 {
		t.Fatalf("before decisions: valid %d, pending pairs %d; want 11, 5", before.Total.Valid, before.PendingDuplicates)
	}
	idOf := func(x, y int64) int64 {
		for _, p := range pairs {
			if p.A.RowID == x && p.B.RowID == y {
				return p.ID
			}
		}
		t.Fatalf("no pair %d-%d", x, y)
		return 0
	}
	// Jean Dupont three times, confirmed as two pairs: counts once.
	for _, id := range []int64{idOf(a[0], b[0]), idOf(b[0], b[5]), idOf(a[2], b[2])} {
		if err := d.DecideDuplicate(ctx, id, true, "tester"); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.DecideDuplicate(ctx, idOf(a[1], b[1]), false, "tester"); err != nil {
		t.Fatal(err)
	}
	if err := d.DecideDuplicate(ctx, 9999, true, "tester"); err == nil {
		t.Error("DecideDuplicate(9999): no error")
	}
	after, err := d.Tally(ctx, TallyOptions{Campaign: "c"})
	if err != nil {
		t.Fatal(err)
	}
	// 11 rows: Dupont x3 -> 1, Lefèvre x2 -> 1, the rest distinct.
	if after.Total.Valid != 8 || after.Total.Duplicates != 3 || after.PendingDuplicates != 1 {
		t.Errorf("after decisions: %+v, pending pairs %d; want valid 8, duplicates 3, 1 pending", after.Total, after.PendingDuplicates)
	}
}

func TestTallyGroupKeys(t *testing.T) {
	d := openTemp(t)
	plant(t, d, "c", "a.png", [][2]string{
		{"A B", "20000"}, // Ajaccio: Corse-du-Sud
		{"C D", "20200"}, // Bastia: Haute-Corse
		{"E F", "97400"}, // Saint-Denis, La Réunion
		{"G H", "12345"}, // no such code
	})
	got, err := d.Tally(context.Background(), TallyOptions{By: ByDepartment})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	for _, g := range got.Groups {
		keys[g.Key] = g.Valid
	}
	for _, k := range []string{"2A", "2B", "974", ""} {
		if keys[k] != 1 {
			t.Errorf("department %q: %d valid, want 1 (groups %+v)", k, keys[k], got.Groups)
		}
	}
	sheets, err := d.Tally(context.Background(), TallyOptions{By: BySheet})
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets.Groups) != 1 || sheets.Groups[0].Key != "a.png#1" || sheets.Groups[0].Valid != 4 {
		t.Errorf("Tally by sheet = %+v, want one sheet a.png#1 with 4", sheets.Groups)
	}
}

// BenchmarkTally counts 100 sheets of 35 rows (3500 rows) by department,
// with a few confirmed duplicates.
func BenchmarkTally(b *testing.B) {
	d := openTemp(b)
	ctx := context.Background()
	codes := []string{"75011", "69003", "13001", "20000", "97400", "33000", "59000"}
	for s := range 100 {
		var people [][2]string
		for i := range 35 {
			people = append(people, [2]string{fmt.Sprintf("NOM%d PRENOM%d", s, i), codes[(s+i)%len(codes)]})
		}
		plant(b, d, "c", fmt.Sprintf("sheet%03d.png", s), people)
	}
	if _, err := d.SQL().Exec(`INSERT INTO duplicates (row_a, row_b, score, status, found_at) VALUES (1, 2, 1, 'confirmed', ''), (3, 40, 1, 'confirmed', '')`); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := d.Tally(ctx, TallyOptions{By: ByDepartment}); err != nil {
			b.Fatal(err)
		}
	}
}
