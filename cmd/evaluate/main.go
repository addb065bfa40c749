// Command evaluate measures sheetscan on labelled scans: it imports each
// corpus (a folder with scans/ and truth.json) into a fresh database with
// the real pipeline, exports every row, and prints the figures (with the
// reference scorer ../shared/eval/score when present, and always with the
// built-in one). With -calibrate it also chooses the decision thresholds
// that accept the most rows while keeping the error among accepted rows
// under -target, across all the corpora given.
//
//	go run ./cmd/evaluate -corpus ../shared/corpus/dev -corpus out/other-fonts [-calibrate]
package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/sheetscan/sheetscan/decide"
	"github.com/sheetscan/sheetscan/importer"
	"github.com/sheetscan/sheetscan/ocr"
	"github.com/sheetscan/sheetscan/pipeline"
	"github.com/sheetscan/sheetscan/store"
	"github.com/sheetscan/sheetscan/truth"
)

type corpora []string

func (c *corpora) String() string     { return strings.Join(*c, ",") }
func (c *corpora) Set(s string) error { *c = append(*c, s); return nil }

func main() {
	ocr.EnsureSingleThreaded()
	var cs corpora
	flag.Var(&cs, "corpus", "labelled corpus folder (scans/ and truth.json); repeat for several")
	jobs := flag.Int("jobs", runtime.NumCPU(), "import workers")
	out := flag.String("out", "out/eval", "folder for the databases and exports")
	scorer := flag.String("score", "../shared/eval/score", "reference scorer, used when present")
	calibrate := flag.Bool("calibrate", false, "choose thresholds on these corpora and print them")
	target := flag.Float64("target", 0.005, "calibration: highest error rate among accepted rows")
	reuse := flag.Bool("reuse", false, "reuse an existing database in -out instead of importing again")
	replayOnly := flag.Bool("replay", false, "print what decide.Default accepts on these corpora's stored evidence, without the calibration's search (with -reuse: seconds, to check a rule or a setting)")
	flag.Parse()
	if len(cs) == 0 {
		fmt.Fprintln(os.Stderr, "usage: evaluate -corpus DIR [-corpus DIR...] [-jobs N] [-out DIR] [-reuse] [-calibrate | -replay]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatal(err)
	}
	var samples []sample
	for _, dir := range cs {
		s, err := evaluate(ctx, dir, *out, *jobs, *scorer, *reuse)
		if err != nil {
			fatal(fmt.Errorf("%s: %w", dir, err))
		}
		for i := range s {
			s[i].corpus = filepath.Base(filepath.Clean(dir))
		}
		samples = append(samples, s...)
	}
	switch {
	case *calibrate:
		calibrateThresholds(samples, *target)
	case *replayOnly:
		printReplay(samples)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "evaluate:", err)
	os.Exit(1)
}

// evaluate imports one corpus, scores it and returns its rows with their
// evidence and truth for calibration.
func evaluate(ctx context.Context, dir, out string, jobs int, scorer string, reuse bool) ([]sample, error) {
	pages, err := truth.Load(dir)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(filepath.Clean(dir))
	dbPath := filepath.Join(out, name+".db")
	if !reuse {
		for _, suf := range []string{"", "-wal", "-shm"} {
			os.Remove(dbPath + suf)
		}
	}
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	fmt.Printf("== %s (%d labelled pages)\n", dir, len(pages))
	if !reuse {
		sum, err := importer.Run(ctx, db, []string{filepath.Join(dir, "scans")}, importer.Options{
			Campaign: name, Jobs: jobs,
			NewProcessor: func() (importer.Processor, error) { return pipeline.New(pipeline.Options{}) },
		})
		if err != nil {
			return nil, err
		}
		fmt.Printf("import: %d pages (ok %d, not the form %d, failed %d) in %s with %d jobs: %.1f pages/min\n",
			sum.Pages, sum.PagesOK, sum.PagesNotForm, sum.PagesFailed, sum.Elapsed.Round(time.Second), jobs,
			float64(sum.Pages)/sum.Elapsed.Minutes())
		for _, e := range sum.Errors {
			fmt.Printf("  %s\n", e)
		}
	}
	rows, err := db.Export(ctx, "")
	if err != nil {
		return nil, err
	}
	csvPath := filepath.Join(out, name+".csv")
	if err := writeCSV(csvPath, rows); err != nil {
		return nil, err
	}
	results := make([]truth.Result, 0, len(rows))
	for _, r := range rows {
		results = append(results, truth.Result{Key: truth.Key{File: truth.FileKey(r.File), Page: r.Page, Number: r.RowNumber},
			Name: r.Name, PostalCode: r.PostalCode, Signed: r.Signed, Status: r.Status})
	}
	tr := truth.Rows(pages)
	printMetrics(truth.Score(tr, results))
	if _, err := os.Stat(scorer); err == nil {
		fmt.Printf("reference scorer (%s):\n", scorer)
		cmd := exec.CommandContext(ctx, scorer, dir, csvPath)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "reference scorer:", err)
		}
	}
	fmt.Println()
	return samplesOf(ctx, db, tr)
}

func writeCSV(path string, rows []store.ExportRow) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(store.ExportCSVHeader)
	for i := range rows {
		w.Write(rows[i].CSVRecord())
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func pct(v float64) string {
	if v < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f %%", 100*v)
}

func printMetrics(m truth.Metrics) {
	fmt.Printf("built-in scorer:\n")
	fmt.Printf("  printed rows %d, filled %d, found %d\n", m.TruthRows, m.FilledRows, m.RowsFound)
	fmt.Printf("  blank vs filled right   %s\n", pct(m.BlankAccuracy))
	fmt.Printf("  signed right            %s\n", pct(m.SignedAccuracy))
	fmt.Printf("  name CER (loose)        %s, exact %s\n", pct(m.NameCERLoose), pct(m.NameExactLoose))
	fmt.Printf("  postal code exact       %s\n", pct(m.PostalExact))
	fmt.Printf("  filled rows accepted    %s (%d), flagged %s\n", pct(m.ShareAccepted), m.Accepted, pct(m.ShareFlagged))
	fmt.Printf("  ERROR AMONG ACCEPTED    %s (%d wrong)\n", pct(m.AcceptedErrorRate), m.AcceptedWrong)
	fmt.Printf("  flagged rows prefilled right: name %s, postal code %s\n", pct(m.FlaggedNameRight), pct(m.FlaggedPostalRight))
}

// sample is one stored row with the truth it should match.
type sample struct {
	in     decide.Input
	truth  truth.Row
	known  bool   // a printed row of the truth
	corpus string // the corpus folder's name
}

func samplesOf(ctx context.Context, db *store.DB, tr map[truth.Key]truth.Row) ([]sample, error) {
	rows, err := db.Rows(ctx, store.RowFilter{})
	if err != nil {
		return nil, err
	}
	var out []sample
	for _, r := range rows {
		var in decide.Input
		if r.Evidence != "" {
			if err := json.Unmarshal([]byte(r.Evidence), &in); err != nil {
				return nil, fmt.Errorf("row %d evidence: %w", r.ID, err)
			}
		}
		t, ok := tr[truth.Key{File: truth.FileKey(r.FilePath), Page: r.PageIndex, Number: r.Number}]
		out = append(out, sample{in: in, truth: t, known: ok})
	}
	return out, nil
}
