package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sheetscan/sheetscan/store"
)

func TestScanErase(t *testing.T) {
	rows := loadTruthRows(t)
	db := truthDB(t, rows)
	victim := rows[0].File
	n := 0
	for _, r := range rows {
		if r.File == victim {
			n++
		}
	}
	var victimName string
	for _, r := range rows {
		if r.File == victim && len(r.Name) > 8 {
			victimName = r.Name
			break
		}
	}
	if victimName == "" || len(rawContains(t, db, victimName)) == 0 {
		t.Fatalf("no name of %s in the database to look for", victim)
	}
	out, _, err := cli(t, "--db", db, "scan", "erase", victim)
	if err != nil {
		t.Fatal(err)
	}
	if in := rawContains(t, db, victimName); len(in) > 0 {
		// The name may belong to another file's row too: check there is none.
		also := false
		for _, r := range rows {
			also = also || (r.File != victim && r.Name == victimName)
		}
		if !also {
			t.Errorf("after scan erase, %q is still in %v", victimName, in)
		}
	}
	out, _, err = cli(t, "--db", db, "tally", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var tl store.Tally
	if err := json.Unmarshal([]byte(out), &tl); err != nil {
		t.Fatal(err)
	}
	if tl.Total.Rows != len(rows)-n || tl.ErasedScans.Scans != 1 || tl.ErasedScans.Rows != n {
		t.Errorf("tally after scan erase: total %+v, erased %+v; want %d rows left, %d erased", tl.Total, tl.ErasedScans, len(rows)-n, n)
	}
	_, _, err = cli(t, "--db", db, "scan", "erase", victim)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second scan erase: %v, want not found", err)
	}

	// A file on disk is found by the SHA-256 of its content, whatever
	// its name at import.
	content := []byte("scan bytes")
	sum := sha256.Sum256(content)
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := s.BeginFile(context.Background(), "truth", store.File{Path: "elsewhere/named.png", SHA256: hex.EncodeToString(sum[:]), Size: 10})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(t.TempDir(), "renamed.png")
	if err := os.WriteFile(renamed, content, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := cli(t, "--db", db, "scan", "erase", renamed); err != nil || !strings.Contains(out, f.Path) {
		t.Errorf("scan erase by content = %q, %v; want %s erased", out, err, f.Path)
	}
	disk := filepath.Join(t.TempDir(), "scan.png")
	if err := os.WriteFile(disk, []byte("not imported"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli(t, "--db", db, "scan", "erase", disk); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("scan erase of a file never imported: %v, want not found", err)
	}
}
