package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/store"
)

func TestDupListConfirmCountsOnce(t *testing.T) {
	rows := loadTruthRows(t)
	// Plant a copy of two signers on another sheet, written differently.
	var planted []truthRow
	for _, r := range rows {
		if !r.Blank && r.Signed && !r.Struck && r.PostalCode != "" && len(r.Name) > 10 && len(planted) < 2 {
			c := r
			c.File, c.Page, c.Number = "copy.png", 1, len(planted)+1
			c.Name = strings.ToLower(r.Name) + "e" // case changed, one letter more
			planted = append(planted, c)
		}
	}
	clean := truthDB(t, rows)
	out, _, err := cli(t, "--db", clean, "dup", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var none []store.Duplicate
	if err := json.Unmarshal([]byte(out), &none); err != nil || len(none) != 0 {
		t.Errorf("dup list on the truth (distinct people) = %s, %v; want []", out, err)
	}

	db := truthDB(t, append(rows, planted...))
	// tally looks for pairs itself, so the figure is not called final.
	tout, _, err := cli(t, "--db", db, "tally", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var tl store.Tally
	if err := json.Unmarshal([]byte(tout), &tl); err != nil {
		t.Fatal(err)
	}
	if tl.PendingDuplicates != len(planted) || tl.Final() {
		t.Errorf("tally before any dup command: %d pending pairs (final %v), want %d", tl.PendingDuplicates, tl.Final(), len(planted))
	}
	out, _, err = cli(t, "--db", db, "dup", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var pairs []store.Duplicate
	if err := json.Unmarshal([]byte(out), &pairs); err != nil {
		t.Fatal(err)
	}
	if len(pairs) != len(planted) {
		t.Fatalf("dup list found %d pairs, want the %d planted: %s", len(pairs), len(planted), out)
	}
	before := validTotal(t, db)
	if _, _, err := cli(t, "--db", db, "dup", "confirm", strconv.FormatInt(pairs[0].ID, 10)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli(t, "--db", db, "dup", "reject", strconv.FormatInt(pairs[1].ID, 10)); err != nil {
		t.Fatal(err)
	}
	if after := validTotal(t, db); after != before-1 {
		t.Errorf("valid after one confirmed pair = %d, want %d", after, before-1)
	}
	if _, _, err := cli(t, "--db", db, "dup", "confirm", "99999"); err == nil {
		t.Error("dup confirm 99999: no error")
	}
	if _, _, err := cli(t, "--db", db, "dup", "confirm", "x"); err == nil {
		t.Error("dup confirm x: no error")
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	left, err := s.Duplicates(context.Background(), store.DuplicateFilter{Status: store.DupPending})
	if err != nil || len(left) != 0 {
		t.Errorf("pending pairs after deciding all = %d, %v", len(left), err)
	}
}

func validTotal(tb testing.TB, db string) int {
	tb.Helper()
	out, _, err := cli(tb, "--db", db, "tally", "--json")
	if err != nil {
		tb.Fatal(err)
	}
	var t store.Tally
	if err := json.Unmarshal([]byte(out), &t); err != nil {
		tb.Fatal(err)
	}
	return t.Total.Valid
}
