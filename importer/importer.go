package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sheetscan/sheetscan/scanfile"
	"github.com/sheetscan/sheetscan/store"
)

// Result is what a Processor makes of one page, ready to store. Page.FileID
// and Page.Index are set by the importer.
type Result struct {
	Page  store.Page
	Image []byte // straightened page, PNG; nil when not kept
	Rows  []store.Row
}

// Processor turns a decoded page into a Result. Each worker has its own:
// implementations need not be safe for concurrent use.
type Processor interface {
	Process(ctx context.Context, p *scanfile.Page) (*Result, error)
	Close() error
}

// Options configure a batch import.
type Options struct {
	Campaign string
	Jobs     int // parallel workers; <1 means 1
	// NewProcessor makes one Processor per worker. The calls are made one
	// at a time, before any page is processed.
	NewProcessor func() (Processor, error)
	// Progress receives progress events; may be nil.
	Progress func(Event)
}

// Event reports progress. Kind is "file" (a file was examined, before its
// pages are queued), "page" (a page was stored) or "skip".
type Event struct {
	Kind       string
	File       string
	Page       int
	Err        error // the error recorded for the file or page, if any
	PagesDone  int   // pages stored so far in this run
	PagesTotal int   // pages known so far to be processed in this run
}

// Summary is the outcome of a batch import.
type Summary struct {
	Files        int           `json:"files"`         // supported files examined
	FilesSkipped int           `json:"files_skipped"` // already imported (same content)
	FilesFailed  int           `json:"files_failed"`
	Unsupported  []string      `json:"unsupported"` // paths not imported (other extensions)
	Pages        int           `json:"pages"`       // pages processed in this run
	PagesOK      int           `json:"pages_ok"`
	PagesNotForm int           `json:"pages_not_form"`
	PagesFailed  int           `json:"pages_failed"`
	Rows         int           `json:"rows"`
	Errors       []FileError   `json:"errors"`
	Skipped      []SkippedFile `json:"skipped"`
	Elapsed      time.Duration `json:"elapsed_ns"`
}

// FileError names a file (and page, when Page > 0) that could not be
// imported, with the reason.
type FileError struct {
	File  string `json:"file"`
	Page  int    `json:"page,omitempty"`
	Error string `json:"error"`
}

func (e FileError) String() string {
	if e.Page > 0 {
		return fmt.Sprintf("%s page %d: %s", e.File, e.Page, e.Error)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Error)
}

// SkippedFile is a file whose content was already imported.
type SkippedFile struct {
	File string `json:"file"`
	As   string `json:"as"` // the path it was first imported under
}

// Failed reports whether any file or page failed.
func (s *Summary) Failed() bool { return s.FilesFailed > 0 || s.PagesFailed > 0 }

// job is a file with the pages still to do.
type job struct {
	file  *store.File
	pages []int
}

// Run imports paths (files or folders, walked recursively) into db. It
// returns the summary and a non-nil error only when the batch itself could
// not go on (the database failed, or ctx was cancelled); failures of
// single files and pages are in the summary.
func Run(ctx context.Context, db *store.DB, paths []string, o Options) (*Summary, error) {
	start := time.Now()
	if o.Jobs < 1 {
		o.Jobs = 1
	}
	if o.Campaign == "" {
		o.Campaign = "default"
	}
	if o.Progress == nil {
		o.Progress = func(Event) {}
	}
	s := &Summary{Unsupported: []string{}, Errors: []FileError{}, Skipped: []SkippedFile{}}
	files, err := collect(paths, s)
	if err != nil {
		return s, err
	}
	procs := make([]Processor, 0, o.Jobs)
	defer func() {
		for _, p := range procs {
			p.Close()
		}
	}()
	for i := 0; i < o.Jobs; i++ {
		p, err := o.NewProcessor()
		if err != nil {
			return s, fmt.Errorf("start worker: %w", err)
		}
		procs = append(procs, p)
	}

	var mu sync.Mutex // guards s and the counters below
	total, done := 0, 0
	report := func(e Event) {
		e.PagesDone, e.PagesTotal = done, total
		o.Progress(e)
	}

	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job)
	g.Go(func() error {
		defer close(jobs)
		// Examine every file first (hash, record, count pages: quick next
		// to reading them) so that progress knows the total.
		var todo []job
		for _, path := range files {
			if err := gctx.Err(); err != nil {
				return err
			}
			j, err := examine(gctx, db, o.Campaign, path, s, &mu)
			if err != nil {
				return err
			}
			mu.Lock()
			if j != nil && len(j.pages) > 0 {
				total += len(j.pages)
				todo = append(todo, *j)
			}
			report(Event{Kind: "file", File: path})
			mu.Unlock()
		}
		for _, j := range todo {
			select {
			case jobs <- j:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for _, proc := range procs {
		g.Go(func() error {
			for j := range jobs {
				if err := importFile(gctx, db, proc, j, s, &mu, func(page int, perr error) {
					done++
					report(Event{Kind: "page", File: j.file.Path, Page: page, Err: perr})
				}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	err = g.Wait()
	s.Elapsed = time.Since(start)
	if err == nil {
		err = ctx.Err()
	}
	return s, err
}

// collect expands folders and sorts the supported files; other files are
// listed in s.Unsupported.
func collect(paths []string, s *Summary) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		if scanfile.Supported(p) {
			out = append(out, p)
		} else {
			s.Unsupported = append(s.Unsupported, p)
		}
	}
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			s.Errors = append(s.Errors, FileError{File: root, Error: err.Error()})
			s.FilesFailed++
			continue
		}
		if !fi.IsDir() {
			add(root)
			continue
		}
		var batch []string
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				s.Errors = append(s.Errors, FileError{File: p, Error: err.Error()})
				s.FilesFailed++
				return nil
			}
			if d.Type().IsRegular() {
				batch = append(batch, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(batch)
		for _, p := range batch {
			add(p)
		}
	}
	return out, nil
}

// examine hashes a file, records it, opens it to count its pages and
// returns the pages still to do; nil when there is nothing to do.
func examine(ctx context.Context, db *store.DB, campaign, path string, s *Summary, mu *sync.Mutex) (*job, error) {
	fail := func(msg string) {
		mu.Lock()
		s.FilesFailed++
		s.Errors = append(s.Errors, FileError{File: path, Error: msg})
		mu.Unlock()
	}
	mu.Lock()
	s.Files++
	mu.Unlock()
	sum, size, err := hashFile(path)
	if err != nil {
		fail(err.Error())
		return nil, nil
	}
	rec, existed, err := db.BeginFile(ctx, campaign, store.File{Path: path, SHA256: sum, Size: size})
	if err != nil {
		return nil, err
	}
	if existed && rec.Status == store.FileDone {
		mu.Lock()
		s.FilesSkipped++
		s.Skipped = append(s.Skipped, SkippedFile{File: path, As: rec.Path})
		mu.Unlock()
		return nil, nil
	}
	doc, err := scanfile.Open(path)
	if err != nil {
		fail(describe(err))
		if ferr := db.FinishFile(ctx, rec.ID, describe(err)); ferr != nil {
			return nil, ferr
		}
		return nil, nil
	}
	n, format := doc.NumPages(), doc.Format()
	doc.Close()
	if err := db.SetFileOpened(ctx, rec.ID, format, n); err != nil {
		return nil, err
	}
	have, err := db.PageIndexesDone(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	j := &job{file: rec}
	for i := 1; i <= n; i++ {
		if !have[i] {
			j.pages = append(j.pages, i)
		}
	}
	if len(j.pages) == 0 {
		return nil, db.FinishFile(ctx, rec.ID, "")
	}
	return j, nil
}

// importFile processes and stores the pages of one job, each in its own
// transaction, then marks the file done or failed.
func importFile(ctx context.Context, db *store.DB, proc Processor, j job, s *Summary, mu *sync.Mutex, onPage func(int, error)) error {
	path := j.file.Path
	doc, err := scanfile.Open(path)
	if err != nil {
		mu.Lock()
		s.FilesFailed++
		s.Errors = append(s.Errors, FileError{File: path, Error: describe(err)})
		mu.Unlock()
		return db.FinishFile(ctx, j.file.ID, describe(err))
	}
	defer doc.Close()
	failed := 0
	for _, i := range j.pages {
		if err := ctx.Err(); err != nil {
			return err // a Tesseract call cannot be cancelled midway: check between pages
		}
		res, perr := processPage(ctx, doc, proc, i)
		if ctx.Err() != nil {
			return ctx.Err() // a page cut short by the interruption is redone next time
		}
		res.Page.FileID, res.Page.Index = j.file.ID, i
		if perr != nil {
			res.Page.Status, res.Page.Error = store.PageFailed, describe(perr)
		}
		if err := db.SavePage(ctx, &res.Page, res.Image, res.Rows); err != nil {
			return err
		}
		mu.Lock()
		s.Pages++
		switch res.Page.Status {
		case store.PageOK:
			s.PagesOK++
			s.Rows += len(res.Rows)
		case store.PageNotForm:
			s.PagesNotForm++
		default:
			s.PagesFailed++
			failed++
			s.Errors = append(s.Errors, FileError{File: path, Page: i, Error: res.Page.Error})
		}
		onPage(i, perr)
		mu.Unlock()
	}
	msg := ""
	if failed > 0 {
		msg = fmt.Sprintf("%d page(s) failed", failed)
	}
	return db.FinishFile(ctx, j.file.ID, msg)
}

// processPage decodes and processes one page. A panic in the image code
// is turned into an error for that page: one bad page never stops a batch.
func processPage(ctx context.Context, doc *scanfile.Doc, proc Processor, i int) (res *Result, err error) {
	res = &Result{}
	defer func() {
		if r := recover(); r != nil {
			res, err = &Result{}, fmt.Errorf("internal error: %v", r)
		}
	}()
	p, err := doc.Page(ctx, i)
	if err != nil {
		return res, err
	}
	out, err := proc.Process(ctx, p)
	if err != nil {
		return res, err
	}
	if out == nil {
		return res, errors.New("processor returned nothing")
	}
	return out, nil
}

// describe returns the message of an error without the file name and page
// that a scanfile.Error carries, since the importer records those apart.
func describe(err error) string {
	var se *scanfile.Error
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	return err.Error()
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
