package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/store"
)

// rawContains reports which database files (main, -wal, -shm) hold s.
func rawContains(tb testing.TB, db, s string) []string {
	tb.Helper()
	var in []string
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(db + suffix)
		if err != nil {
			continue
		}
		if bytes.Contains(b, []byte(s)) {
			in = append(in, "db"+suffix)
		}
	}
	return in
}

func TestPersonFindShowErase(t *testing.T) {
	rows := loadTruthRows(t)
	secret := truthRow{File: "secret.png", Page: 1, Number: 1, Name: "QUAXLEBERRY Théodolinde", PostalCode: "97139", Signed: true}
	db := truthDB(t, append(rows, secret))

	out, _, err := cli(t, "--db", db, "person", "find", "theodolinde", "quaxleberry", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var ms []struct {
		ID         int64  `json:"id"`
		Name       string `json:"name"`
		PostalCode string `json:"postal_code"`
		File       string `json:"file"`
		Page       int    `json:"page"`
		RowNumber  int    `json:"row_number"`
	}
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Name != secret.Name || ms[0].File != "secret.png" || ms[0].RowNumber != 1 || ms[0].ID == 0 {
		t.Fatalf("person find = %s", out)
	}
	id := strconv.FormatInt(ms[0].ID, 10)
	if out, _, err := cli(t, "--db", db, "person", "find", "quaxleberry", "--postal", "75011", "--json"); err != nil || strings.TrimSpace(out) != "[]" {
		t.Errorf("person find with another postal code = %s, %v; want []", out, err)
	}

	out, _, err = cli(t, "--db", db, "person", "show", id, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var p store.Person
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p.Columns["name"] != secret.Name || p.Columns["postal_code"] != secret.PostalCode || p.File != "secret.png" {
		t.Errorf("person show = %s", out)
	}
	if out, _, err := cli(t, "--db", db, "person", "show", id); err != nil || !strings.Contains(out, secret.Name) {
		t.Errorf("person show (text) = %s, %v", out, err)
	}

	if len(rawContains(t, db, "QUAXLEBERRY")) == 0 {
		t.Fatal("the name is not in the database files before the erase: the test would show nothing")
	}
	if _, _, err := cli(t, "--db", db, "person", "erase", id); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"QUAXLEBERRY", "Théodolinde", secret.PostalCode} {
		if in := rawContains(t, db, s); len(in) > 0 {
			t.Errorf("after person erase, %q is still in %v", s, in)
		}
	}
	if out, _, err := cli(t, "--db", db, "person", "find", "quaxleberry", "--json"); err != nil || strings.TrimSpace(out) != "[]" {
		t.Errorf("person find after erase = %s, %v; want []", out, err)
	}
	// Erasing again only rebuilds, and succeeds.
	if _, _, err := cli(t, "--db", db, "person", "erase", id); err != nil {
		t.Errorf("second erase: %v", err)
	}
	out, _, err = cli(t, "--db", db, "tally", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var tl store.Tally
	if err := json.Unmarshal([]byte(out), &tl); err != nil {
		t.Fatal(err)
	}
	if tl.Total.Erased != 1 || tl.Total.Rows != len(rows)+1 {
		t.Errorf("tally after erase: %+v, want 1 erased of %d rows", tl.Total, len(rows)+1)
	}
	// Several rows at once: an unknown id fails the command, the others
	// are still erased.
	named := rows[0]
	for _, r := range rows {
		if len(r.Name) > 8 {
			named = r
			break
		}
	}
	out, _, err = cli(t, "--db", db, "person", "find", named.Name, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var first []store.PersonMatch
	if err := json.Unmarshal([]byte(out), &first); err != nil || len(first) == 0 {
		t.Fatalf("person find %q = %s, %v", named.Name, out, err)
	}
	if _, _, err := cli(t, "--db", db, "person", "erase", strconv.FormatInt(first[0].ID, 10), "999999"); err == nil {
		t.Error("person erase of an unknown id: no error")
	}
	if p, _, _ := cli(t, "--db", db, "person", "show", strconv.FormatInt(first[0].ID, 10), "--json"); !strings.Contains(p, `"erased_at"`) {
		t.Errorf("row %d not erased beside an unknown id: %s", first[0].ID, p)
	}
	for _, args := range [][]string{{"person", "show", "abc"}, {"person", "erase"}, {"person", "find"}} {
		if _, _, err := cli(t, append([]string{"--db", db}, args...)...); err == nil {
			t.Errorf("sheetscan %v: no error", args)
		}
	}
}
