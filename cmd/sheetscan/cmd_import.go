package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sheetscan/sheetscan/importer"
	"github.com/sheetscan/sheetscan/pipeline"
)

type importOptions struct {
	Campaign string
	Jobs     int
	JSON     bool
	Quiet    bool
}

func newImportCommand(g *globalOptions) *cobra.Command {
	o := importOptions{Jobs: runtime.NumCPU()}
	c := &cobra.Command{
		Use:   "import [flags] PATH...",
		Short: "Import scans (files or folders) into the database",
		Long: `Import reads PNG, JPEG, TIFF and PDF scans (files, or folders walked
recursively), straightens every page, finds the table and its rows, reads the
names and postal codes, and stores each page in its own transaction.

A file already imported (same content, whatever its name) is skipped, so the
same folder can be imported again safely; an interrupted import run again
completes the missing pages. A file or page that cannot be read is reported
and recorded, and the batch goes on; the exit status is then 1.`,
		Example: `  sheetscan import scans/
  sheetscan --db lyon.db import --campaign "Lyon 2026" --jobs 2 "Numérisation 13.tif" scans/
  sheetscan import --json scans/ > summary.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd.Context(), o, g, args, g.stdout)
		},
	}
	f := c.Flags()
	f.StringVar(&o.Campaign, "campaign", "default", "campaign the scans belong to")
	f.IntVarP(&o.Jobs, "jobs", "j", o.Jobs, "pages processed in parallel (default: number of CPUs)")
	f.BoolVar(&o.JSON, "json", false, "print the summary as JSON on stdout")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress on stderr")
	return c
}

func runImport(ctx context.Context, o importOptions, g *globalOptions, paths []string, out io.Writer) error {
	if o.Jobs < 1 {
		return usageError{fmt.Errorf("--jobs must be at least 1, got %d", o.Jobs)}
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgress(g.stderr, o.Quiet)
	var warn sync.Once
	sum, err := importer.Run(ctx, db, paths, importer.Options{
		Campaign: o.Campaign,
		Jobs:     o.Jobs,
		NewProcessor: func() (importer.Processor, error) {
			p, err := pipeline.New(pipeline.Options{})
			if err == nil {
				warn.Do(func() {
					for _, m := range p.Missing() {
						fmt.Fprintf(g.stderr, "warning: Tesseract's %s model is not installed: pages are read, but fewer rows are accepted (make deps installs it)\n", m)
					}
				})
			}
			return p, err
		},
		Progress: bar.event,
	})
	bar.finish()
	if sum != nil {
		if o.JSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			if err := enc.Encode(sum); err != nil {
				return err
			}
		} else {
			printSummary(out, sum)
		}
	}
	if err != nil {
		return err
	}
	if sum.Failed() {
		return errSilentFailure
	}
	return nil
}

func printSummary(w io.Writer, s *importer.Summary) {
	for _, u := range s.Unsupported {
		printf(w, "skipped %s: not a scan (PNG, JPEG, TIFF or PDF)\n", u)
	}
	for _, sk := range s.Skipped {
		if sk.As == sk.File {
			printf(w, "skipped %s: already imported\n", sk.File)
		} else {
			printf(w, "skipped %s: already imported as %s\n", sk.File, sk.As)
		}
	}
	for _, e := range s.Errors {
		printf(w, "error %s\n", e)
	}
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Pages) / s.Elapsed.Minutes()
	}
	printf(w, "files %d (already imported %d, failed %d, not scans %d); pages %d (ok %d, not the form %d, failed %d); rows %d; %s, %.0f pages/min\n",
		s.Files, s.FilesSkipped, s.FilesFailed, len(s.Unsupported), s.Pages, s.PagesOK, s.PagesNotForm, s.PagesFailed,
		s.Rows, s.Elapsed.Round(100*time.Millisecond), rate)
}

// progress draws a progress bar on a terminal, or prints a plain line now
// and then when stderr is a file or a pipe.
type progress struct {
	w     io.Writer
	quiet bool
	tty   bool
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, quiet: quiet, tty: tty, start: time.Now()}
}

func (p *progress) event(e importer.Event) {
	if p.quiet {
		return
	}
	if e.Err != nil {
		p.clear()
		if e.Page > 0 {
			printf(p.w, "error %s page %d: %v\n", e.File, e.Page, e.Err)
		}
	}
	now := time.Now()
	interval := 10 * time.Second
	if p.tty {
		interval = 100 * time.Millisecond
	}
	if e.Kind != "page" || (now.Sub(p.last) < interval && e.PagesDone != e.PagesTotal) {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := float64(e.PagesDone) / el
	left := "?"
	if rate > 0 && e.PagesTotal >= e.PagesDone {
		left = (time.Duration(float64(e.PagesTotal-e.PagesDone)/rate) * time.Second).Round(time.Second).String()
	}
	if !p.tty {
		printf(p.w, "%d/%d pages, %.1f pages/s, %s left\n", e.PagesDone, e.PagesTotal, rate, left)
		return
	}
	const width = 30
	fill := 0
	if e.PagesTotal > 0 {
		fill = width * e.PagesDone / e.PagesTotal
	}
	printf(p.w, "\r[%s%s] %d/%d pages  %.1f pages/s  %s left ", strings.Repeat("#", fill), strings.Repeat(".", width-fill),
		e.PagesDone, e.PagesTotal, rate, left)
	p.drawn = true
}

func (p *progress) clear() {
	if p.tty && p.drawn {
		printf(p.w, "\r%s\r", strings.Repeat(" ", 79))
		p.drawn = false
	}
}

func (p *progress) finish() {
	if p.tty && p.drawn {
		printf(p.w, "\n")
	}
}
