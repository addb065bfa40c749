package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// openTemp opens a fresh database in a temporary directory.
func openTemp(tb testing.TB) *DB {
	tb.Helper()
	d, err := Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

func TestOpenCreatesPrivateFileAndMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for i := 0; i < 2; i++ {
		d, err := Open(path)
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		var n int
		if err := d.SQL().QueryRow(`SELECT count(*) FROM migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		files, _ := fs.Glob(migrationFS, "migrations/*.sql") // what the binary carries, not what is on disk
		if n != len(files) {
			t.Errorf("open #%d: %d migrations recorded, want %d", i+1, n, len(files))
		}
		d.Close()
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("database mode = %o, want 600", mode)
	}
}

func TestBeginFileIsIdempotentOnContent(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	f1, existed, err := d.BeginFile(ctx, "c1", File{Path: "a.png", SHA256: "abc", Size: 3})
	if err != nil || existed {
		t.Fatalf("first BeginFile = %v, %v", existed, err)
	}
	f2, existed, err := d.BeginFile(ctx, "c1", File{Path: "copy of a.png", SHA256: "abc", Size: 3})
	if err != nil || !existed {
		t.Fatalf("second BeginFile = %v, %v; want existed", existed, err)
	}
	if f1.ID != f2.ID || f2.Path != "a.png" {
		t.Errorf("second BeginFile returned %+v, want the first record %+v", f2, f1)
	}
}

func TestSavePageReplacesEarlierAttempt(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	f, _, err := d.BeginFile(ctx, "c", File{Path: "s.tif", SHA256: "s", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SavePage(ctx, &Page{FileID: f.ID, Index: 1, Status: PageFailed, Error: "boom"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	done, err := d.PageIndexesDone(ctx, f.ID)
	if err != nil || len(done) != 0 {
		t.Fatalf("PageIndexesDone after a failure = %v, %v; want none", done, err)
	}
	rows := []Row{
		{Index: 0, Number: 1, Status: RowBlank, Blank: true},
		{Index: 1, Number: 2, Status: RowFlagged, Reasons: []string{"name_low_confidence", "no_signature"},
			Cells: []Cell{{Kind: "name", PNG: []byte{1, 2, 3}}}},
	}
	if err := d.SavePage(ctx, &Page{FileID: f.ID, Index: 1, Status: PageOK}, []byte("png"), rows); err != nil {
		t.Fatal(err)
	}
	done, _ = d.PageIndexesDone(ctx, f.ID)
	if !done[1] || len(done) != 1 {
		t.Errorf("PageIndexesDone = %v, want {1}", done)
	}
	got, err := d.Rows(ctx, RowFilter{FileID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Rows = %d rows, want 2", len(got))
	}
	if r := got[1]; r.Number != 2 || len(r.Reasons) != 2 || r.Reasons[1] != "no_signature" || r.FilePath != "s.tif" || r.PageIndex != 1 {
		t.Errorf("row 2 read back as %+v", r)
	}
	if b, err := d.CellPNG(ctx, got[1].ID, "name"); err != nil || len(b) != 3 {
		t.Errorf("CellPNG = %v, %v", b, err)
	}
	var pages int
	d.SQL().QueryRow(`SELECT count(*) FROM pages`).Scan(&pages)
	if pages != 1 {
		t.Errorf("%d pages stored, want 1", pages)
	}
	st, err := d.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Campaigns) != 1 || st.Campaigns[0].Pages != 1 || st.Campaigns[0].RowsByStatus[RowFlagged] != 1 {
		t.Errorf("Status = %+v", st.Campaigns)
	}
}
