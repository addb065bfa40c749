package main

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sheetscan/sheetscan/store"
)

// buildBinary builds sheetscan into a temporary directory.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "sheetscan")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestKilledImportCompletesOnRerun kills `sheetscan import` with SIGKILL at
// random moments, runs it again each time, and then finds every page
// stored exactly once in a database that passes integrity_check.
func TestKilledImportCompletesOnRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs several imports")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	scans := filepath.Join(dir, "scans")
	os.Mkdir(scans, 0o755)
	for _, name := range sampleScans {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "scans", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(scans, name), b, 0o644)
	}
	const wantPages = 5
	db := filepath.Join(dir, "crash.db")
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	kills := 0
	for attempt := 0; attempt < 4; attempt++ {
		cmd := exec.Command(bin, "--db", db, "import", "--quiet", "--jobs", "2", scans)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(300+rng.IntN(2500)) * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			t.Logf("attempt %d finished before the kill at %v", attempt, delay)
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
			t.Logf("attempt %d killed after %v", attempt, delay)
		}
	}
	out, err := exec.Command(bin, "--db", db, "import", "--quiet", "--jobs", "2", scans).CombinedOutput()
	if err != nil {
		t.Fatalf("final import: %v\n%s", err, out)
	}
	t.Logf("%d kills; final run: %s", kills, out)

	d, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	checkOnce(t, d.SQL(), wantPages)
	var ok string
	if err := d.SQL().QueryRowContext(context.Background(), `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
}

func checkOnce(t *testing.T, db *sql.DB, want int) {
	t.Helper()
	var pages, distinct, files, rowsDup int
	db.QueryRow(`SELECT count(*), count(DISTINCT file_id || '/' || page_index) FROM pages`).Scan(&pages, &distinct)
	db.QueryRow(`SELECT count(*) FROM files`).Scan(&files)
	db.QueryRow(`SELECT count(*) FROM (SELECT page_id, idx FROM rows GROUP BY 1, 2 HAVING count(*) > 1)`).Scan(&rowsDup)
	if pages != want || distinct != want {
		t.Errorf("%d pages stored (%d distinct), want %d once each", pages, distinct, want)
	}
	if files != len(sampleScans) {
		t.Errorf("%d files stored, want %d", files, len(sampleScans))
	}
	if rowsDup != 0 {
		t.Errorf("%d rows stored twice", rowsDup)
	}
}
