package importer

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/sheetscan/sheetscan/scanfile"
	"github.com/sheetscan/sheetscan/store"
)

// fakeProcessor stores each page with one row, without image work, so the
// importer's bookkeeping is tested apart from the pipeline.
type fakeProcessor struct{ calls *atomic.Int64 }

func (f fakeProcessor) Process(ctx context.Context, p *scanfile.Page) (*Result, error) {
	f.calls.Add(1)
	b := p.Image.Bounds()
	return &Result{
		Page: store.Page{Status: store.PageOK, DPI: p.DPI, Width: b.Dx(), Height: b.Dy()},
		Rows: []store.Row{{Index: 0, Number: 1, Status: store.RowFlagged}},
	}, nil
}

func (fakeProcessor) Close() error { return nil }

func fakeOptions(calls *atomic.Int64, jobs int) Options {
	return Options{Campaign: "test", Jobs: jobs,
		NewProcessor: func() (Processor, error) { return fakeProcessor{calls}, nil }}
}

// copyScans copies a few small sample scans (one of them two pages) into a
// new folder with an unsupported file beside them.
func copyScans(tb testing.TB) (dir string, pages int) {
	tb.Helper()
	dir = tb.TempDir()
	files := map[string]int{"scan_0009.png": 1, "Numérisation 13.tif": 1, "doc50544.jpg": 1, "IMG_9461.pdf": 2}
	for name, n := range files {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "scans", name))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			tb.Fatal(err)
		}
		pages += n
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a scan"), 0o644)
	return dir, pages
}

func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "t.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func countPages(tb testing.TB, db *store.DB) (pages, distinct int) {
	tb.Helper()
	err := db.SQL().QueryRow(`SELECT count(*), count(DISTINCT file_id || '/' || page_index) FROM pages`).Scan(&pages, &distinct)
	if err != nil {
		tb.Fatal(err)
	}
	return pages, distinct
}

func TestReimportAddsNothing(t *testing.T) {
	dir, want := copyScans(t)
	db := openDB(t)
	var calls atomic.Int64
	s, err := Run(context.Background(), db, []string{dir}, fakeOptions(&calls, 2))
	if err != nil {
		t.Fatal(err)
	}
	if s.Pages != want || s.Failed() || len(s.Unsupported) != 1 {
		t.Fatalf("first import: %+v; want %d pages, no failure, notes.txt unsupported", s, want)
	}
	// The same folder again, plus a renamed copy of one file.
	b, _ := os.ReadFile(filepath.Join(dir, "scan_0009.png"))
	os.WriteFile(filepath.Join(dir, "copie de scan 9.PNG"), b, 0o644)
	calls.Store(0)
	s, err = Run(context.Background(), db, []string{dir}, fakeOptions(&calls, 2))
	if err != nil {
		t.Fatal(err)
	}
	if s.Pages != 0 || calls.Load() != 0 || s.FilesSkipped != 5 {
		t.Errorf("re-import processed %d pages (%d calls), skipped %d files; want 0, 0, 5", s.Pages, calls.Load(), s.FilesSkipped)
	}
	if pages, distinct := countPages(t, db); pages != want || distinct != want {
		t.Errorf("%d pages stored (%d distinct), want %d", pages, distinct, want)
	}
}

func TestBadFileDoesNotStopTheBatch(t *testing.T) {
	dir, want := copyScans(t)
	os.WriteFile(filepath.Join(dir, "empty.png"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "letter.tif"), []byte("Dear volunteer,\n"), 0o644)
	b, _ := os.ReadFile(filepath.Join(dir, "doc50544.jpg"))
	os.WriteFile(filepath.Join(dir, "truncated.jpg"), b[:len(b)/3], 0o644)
	db := openDB(t)
	var calls atomic.Int64
	s, err := Run(context.Background(), db, []string{dir}, fakeOptions(&calls, 2))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Failed() {
		t.Error("Summary.Failed() = false with three bad files")
	}
	bad := map[string]bool{}
	for _, e := range s.Errors {
		bad[filepath.Base(e.File)] = true
	}
	for _, name := range []string{"empty.png", "letter.tif", "truncated.jpg"} {
		if !bad[name] {
			t.Errorf("no error reported for %s; errors: %v", name, s.Errors)
		}
	}
	if s.PagesOK != want {
		t.Errorf("%d good pages imported, want %d", s.PagesOK, want)
	}
	st, err := db.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Errors) < 3 {
		t.Errorf("status lists %d errors, want the 3 bad files: %+v", len(st.Errors), st.Errors)
	}
}

// cancelAfter cancels the import after n pages, as Ctrl-C would.
type cancelAfter struct {
	fakeProcessor
	n      int64
	cancel context.CancelFunc
}

func (c cancelAfter) Process(ctx context.Context, p *scanfile.Page) (*Result, error) {
	if c.calls.Load() >= c.n {
		c.cancel()
	}
	return c.fakeProcessor.Process(ctx, p)
}

func TestInterruptedImportResumes(t *testing.T) {
	dir, want := copyScans(t)
	db := openDB(t)
	var calls atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	o := fakeOptions(&calls, 1)
	o.NewProcessor = func() (Processor, error) { return cancelAfter{fakeProcessor{&calls}, 2, cancel}, nil }
	if _, err := Run(ctx, db, []string{dir}, o); err == nil {
		t.Fatal("interrupted Run returned no error")
	}
	stored, _ := countPages(t, db)
	if stored == 0 || stored >= want {
		t.Fatalf("after interruption %d pages stored, want some but not all %d", stored, want)
	}
	s, err := Run(context.Background(), db, []string{dir}, fakeOptions(&calls, 2))
	if err != nil {
		t.Fatal(err)
	}
	if s.Pages != want-stored {
		t.Errorf("resume processed %d pages, want the %d missing", s.Pages, want-stored)
	}
	if pages, distinct := countPages(t, db); pages != want || distinct != want {
		t.Errorf("after resume %d pages (%d distinct), want %d", pages, distinct, want)
	}
	var unfinished int
	db.SQL().QueryRow(`SELECT count(*) FROM files WHERE status != 'done'`).Scan(&unfinished)
	if unfinished != 0 {
		t.Errorf("%d files not done after resume", unfinished)
	}
}
