package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/store"
)

func TestExportCSVExactInvocation(t *testing.T) {
	rows := loadTruthRows(t)
	path := truthDB(t, rows)
	file := filepath.Join(t.TempDir(), "rows.csv")
	if _, _, err := cli(t, "--db", path, "export", "--format", "csv", "-o", file); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %o, want 600", fi.Mode().Perm())
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "file,page,row_number,name,postal_code,signed,status,confidence" {
		t.Errorf("header = %s", got)
	}
	if len(recs)-1 != len(rows) {
		t.Fatalf("%d records, want one per printed row: %d", len(recs)-1, len(rows))
	}
	truth := map[string]truthRow{}
	for _, r := range rows {
		truth[r.File+"#"+strconv.Itoa(r.Page)+"#"+strconv.Itoa(r.Number)] = r
	}
	for _, rec := range recs[1:] {
		r, ok := truth[rec[0]+"#"+rec[1]+"#"+rec[2]]
		if !ok {
			t.Errorf("record %q matches no truth row", rec)
			continue
		}
		wantStatus := "corrected"
		if r.Blank {
			wantStatus = "blank"
		}
		if rec[3] != r.Name || rec[4] != r.PostalCode || rec[5] != strconv.FormatBool(r.Signed) || rec[6] != wantStatus {
			t.Errorf("record %q, truth %+v", rec, r)
		}
	}
}

func TestExportJSONAndValid(t *testing.T) {
	rows := loadTruthRows(t)
	path := truthDB(t, rows)
	out, _, err := cli(t, "--db", path, "export", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var all []store.ExportRow
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	valid := 0
	for _, r := range rows {
		if !r.Blank && r.Signed && !r.Struck {
			valid++
		}
	}
	if len(all) != len(rows) || all[0].Reasons == nil || all[0].Communes == nil {
		t.Errorf("export --format json: %d rows (want %d), first %+v", len(all), len(rows), all[0])
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "list.csv")
	if _, _, err := cli(t, "--db", path, "export", "--valid", "--format", "csv", "-o", file); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	mb, err := os.ReadFile(file + ".manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m store.Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != valid || m.Signatures != valid || m.Rows != len(rows) || m.Campaign != "truth" || len(m.SHA256) != 64 || !m.Final {
		t.Errorf("export --valid: %d signatures, manifest %+v; want %d of %d rows", len(recs)-1, m, valid, len(rows))
	}

	out, _, err = cli(t, "--db", path, "export", "--valid", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var l store.ValidList
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Signatures) != valid || l.Manifest.Signatures != valid {
		t.Errorf("export --valid --format json: %d signatures, manifest %d; want %d", len(l.Signatures), l.Manifest.Signatures, valid)
	}
	if _, _, err := cli(t, "--db", path, "export", "--valid", "--format", "csv"); err == nil {
		t.Error("export --valid --format csv without -o: no error")
	}
	if _, _, err := cli(t, "--db", path, "export", "--format", "xml"); err == nil {
		t.Error("export --format xml: no error")
	}
}
