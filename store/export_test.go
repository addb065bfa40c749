package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestExportEveryRowInOrder(t *testing.T) {
	pages := loadTruth(t)
	d := openTemp(t)
	saveTruth(t, d, "truth", pages)
	// Names that CSV must quote.
	plant(t, d, "truth", "zz quoted.png", [][2]string{{`O"Brien, Seán`, "75011"}, {"DUPONT\nJean", "2A000"}})
	got, err := d.Export(context.Background(), "truth")
	if err != nil {
		t.Fatal(err)
	}
	want := 2
	for _, p := range pages {
		want += len(p.Rows)
	}
	if len(got) != want {
		t.Fatalf("Export = %d rows, want %d (every printed row)", len(got), want)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(ExportCSVHeader)
	for _, r := range got {
		w.Write(r.CSVRecord())
	}
	w.Flush()
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(recs[0]) != "[file page row_number name postal_code signed status confidence]" {
		t.Errorf("header = %v", recs[0])
	}
	truth := map[string]string{} // file#page#number -> name
	for _, p := range pages {
		for _, r := range p.Rows {
			truth[fmt.Sprintf("%s#%d#%d", p.File, p.PageInFile, r.Number)] = r.Name
		}
	}
	for i, rec := range recs[1:] {
		r := got[i]
		if len(rec) != 8 || rec[0] != r.File || rec[3] != r.Name || rec[5] != strconv.FormatBool(r.Signed) {
			t.Errorf("record %d = %q, want row %+v", i, rec, r)
			continue
		}
		if c, err := strconv.ParseFloat(rec[7], 64); err != nil || c < 0 || c > 1 {
			t.Errorf("record %d confidence %q not in 0..1", i, rec[7])
		}
		if r.File != "zz quoted.png" {
			if name, ok := truth[rec[0]+"#"+rec[1]+"#"+rec[2]]; !ok || name != rec[3] {
				t.Errorf("record %d = %q, truth has %q", i, rec, name)
			}
		}
	}
	if last := recs[len(recs)-1]; last[3] != "DUPONT\nJean" || recs[len(recs)-2][3] != `O"Brien, Seán` {
		t.Errorf("quoted names read back as %q, %q", recs[len(recs)-2][3], last[3])
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if a.File > b.File || (a.File == b.File && (a.Page > b.Page || a.Page == b.Page && a.RowNumber >= b.RowNumber)) {
			t.Errorf("rows %d and %d out of order: %s p%d #%d, %s p%d #%d", i-1, i, a.File, a.Page, a.RowNumber, b.File, b.Page, b.RowNumber)
		}
	}
}

func TestExportValidListAndManifest(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	ids := plant(t, d, "c", "a.png", [][2]string{
		{"DUPONT Jean", "75011"},
		{"MARTIN Paul", "20000"},
		{"PETIT Louis", "33000"},
		{"GARCIA Inès", "13001"},
		{"Jean Dupont", "75011"},
	})
	plant(t, d, "other", "b.png", [][2]string{{"ROBERT Anne", "75011"}})
	if _, err := d.ExportValid(ctx, ""); err == nil {
		t.Error("ExportValid of two campaigns without naming one: no error")
	}
	if _, err := d.SQL().Exec(`UPDATE rows SET status = 'flagged' WHERE id = ?`, ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SQL().Exec(`UPDATE rows SET signed = 0 WHERE id = ?`, ids[3]); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindDuplicates(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	pairs, err := d.Duplicates(ctx, DuplicateFilter{Campaign: "c"})
	if err != nil || len(pairs) != 1 {
		t.Fatalf("Duplicates = %+v, %v; want one pair", pairs, err)
	}
	if err := d.DecideDuplicate(ctx, pairs[0].ID, true, "t"); err != nil {
		t.Fatal(err)
	}
	l, err := d.ExportValid(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Signatures) != 2 || l.Signatures[0].Name != "DUPONT Jean" || l.Signatures[1].Name != "MARTIN Paul" {
		t.Fatalf("signatures = %+v, want DUPONT Jean and MARTIN Paul", l.Signatures)
	}
	if s := l.Signatures[1]; !strings.Contains(s.Commune, "Ajaccio") || s.Department != "2A" {
		t.Errorf("MARTIN Paul of 20000: commune %q, department %q; want Ajaccio among them, 2A", s.Commune, s.Department)
	}
	m := l.Manifest
	if m.Campaign != "c" || m.Signatures != 2 || m.Rows != 5 || m.Duplicates != 1 || m.Pending != 1 || m.Invalid != 1 ||
		m.Files != 1 || m.Pages != 1 || m.Final || m.GeneratedAt.IsZero() {
		t.Errorf("manifest = %+v", m)
	}
}
