package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/postal"
	"github.com/sheetscan/sheetscan/store"
)

// cli runs sheetscan with args, as main would, and returns what it wrote.
func cli(tb testing.TB, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	var out, errb bytes.Buffer
	root := newRootCommand(&out, &errb)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

// truthRow is a row of testdata/scans/truth.json.
type truthRow struct {
	File       string
	Page       int
	Number     int    `json:"number"`
	Name       string `json:"name"`
	PostalCode string `json:"postal_code"`
	Signed     bool   `json:"signed"`
	Blank      bool   `json:"blank"`
	Struck     bool   `json:"struck"`
}

func loadTruthRows(tb testing.TB) []truthRow {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "scans", "truth.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var pages []struct {
		File string     `json:"file"`
		Page int        `json:"page_in_file"`
		Rows []truthRow `json:"rows"`
	}
	if err := json.Unmarshal(b, &pages); err != nil {
		tb.Fatal(err)
	}
	var rows []truthRow
	for _, p := range pages {
		for _, r := range p.Rows {
			r.File, r.Page = p.File, p.Page
			rows = append(rows, r)
		}
	}
	return rows
}

// truthDB stores the truth rows in a fresh database as reviewed rows
// (filled rows corrected to the truth, blank rows blank) and returns its
// path. It leaves the department empty so that the tally derives it.
func truthDB(tb testing.TB, rows []truthRow) string {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "t.db")
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	type pageKey struct {
		file string
		page int
	}
	byPage := map[pageKey][]store.Row{}
	var order []pageKey
	for _, r := range rows {
		k := pageKey{r.File, r.Page}
		if byPage[k] == nil {
			order = append(order, k)
		}
		i := len(byPage[k])
		sr := store.Row{Index: i, Number: r.Number, Name: r.Name, PostalCode: r.PostalCode, Signed: r.Signed,
			Blank: r.Blank, Struck: r.Struck, Status: store.RowCorrected, Confidence: 1,
			X0: 10, Y0: 10 + 40*i, X1: 400, Y1: 48 + 40*i}
		if r.Blank {
			sr.Status = store.RowBlank
		}
		byPage[k] = append(byPage[k], sr)
	}
	for _, k := range order {
		f, _, err := db.BeginFile(ctx, "truth", store.File{Path: k.file, SHA256: "sha of " + k.file, Size: 1})
		if err != nil {
			tb.Fatal(err)
		}
		if err := db.SavePage(ctx, &store.Page{FileID: f.ID, Index: k.page, Status: store.PageOK}, nil, byPage[k]); err != nil {
			tb.Fatal(err)
		}
	}
	return path
}

func TestTallyByDepartmentJSON(t *testing.T) {
	rows := loadTruthRows(t)
	path := truthDB(t, rows)
	want := map[string]int{}
	for _, r := range rows {
		if r.Blank || !r.Signed || r.Struck {
			continue
		}
		dep, _, _ := postal.Department(r.PostalCode) // "" when the code is not valid
		want[dep]++
	}

	out, _, err := cli(t, "--db", path, "tally", "--by", "department", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got store.Tally
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("tally --json output does not parse: %v\n%s", err, out)
	}
	gotDep := map[string]int{}
	for _, g := range got.Groups {
		if g.Valid > 0 {
			gotDep[g.Key] = g.Valid
		}
	}
	if len(gotDep) != len(want) {
		t.Errorf("tally found %d departments with signatures, truth has %d", len(gotDep), len(want))
	}
	for dep, n := range want {
		if gotDep[dep] != n {
			t.Errorf("department %q: tally says %d valid, truth %d", dep, gotDep[dep], n)
		}
	}
	if got.By != "department" || got.Total.Rows != len(rows) {
		t.Errorf("tally by %q over %d rows, want department over %d", got.By, got.Total.Rows, len(rows))
	}
}

func TestTallyCSVAndText(t *testing.T) {
	rows := loadTruthRows(t)
	path := truthDB(t, rows)
	out, _, err := cli(t, "--db", path, "tally", "--by", "sheet", "--csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, rec := range recs[1:] {
		n, err := strconv.Atoi(rec[8])
		if err != nil {
			t.Fatalf("rows column %q: %v", rec[8], err)
		}
		total += n
	}
	sheets := map[string]bool{}
	for _, r := range rows {
		sheets[r.File+"#"+strconv.Itoa(r.Page)] = true
	}
	if len(recs)-1 != len(sheets) || total != len(rows) {
		t.Errorf("tally --by sheet --csv: %d sheets, %d rows; want %d sheets, %d rows", len(recs)-1, total, len(sheets), len(rows))
	}
	out, _, err = cli(t, "--db", path, "tally")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "truth") || !strings.Contains(out, "final") {
		t.Errorf("tally text output lacks the campaign or the finality:\n%s", out)
	}
	if _, _, err := cli(t, "--db", path, "tally", "--campaign", "trut"); err == nil || !strings.Contains(err.Error(), `"truth"`) {
		t.Errorf("tally of a misspelt campaign: %v, want an error naming the campaigns", err)
	}
	if out, _, err := cli(t, "--db", path, "tally", "--campaign", "truth", "--json"); err != nil || !strings.Contains(out, `"valid"`) {
		t.Errorf("tally --campaign truth: %v", err)
	}
	for _, args := range [][]string{
		{"--db", path, "tally", "--by", "region"},
		{"--db", path, "tally", "--json", "--csv"},
		{"--db", path, "tally", "extra"},
	} {
		_, _, err := cli(t, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("sheetscan %v: error %v, want a usage error", args, err)
		}
	}
}
