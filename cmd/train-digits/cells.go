package main

import (
	"context"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sheetscan/sheetscan/digits"
	"github.com/sheetscan/sheetscan/digits/cnn"
	"github.com/sheetscan/sheetscan/digits/norm"
	"github.com/sheetscan/sheetscan/pipeline"
	"github.com/sheetscan/sheetscan/scanfile"
	"github.com/sheetscan/sheetscan/truth"
)

// pageCells cuts the postal-code cells of labelled pages as the pipeline
// cuts them (both views the pipeline reads), aligns each with the code
// written in it (digits.Align, scored by net) and returns the digit images
// as samples labelled by the truth. These teach the network what the
// pipeline really gives it: ruled-line residue, the scan's blur and
// binarisation, digits cut apart where they touched. corpora are folders
// with scans/ and truth.json (cmd/mkforms); pages are cut by workers
// goroutines and the samples come back in page order, so the result does
// not depend on their number. Each view of a cell aligned also gives up
// to junk candidate segments that are not one digit, labelled cnn.Junk.
func pageCells(ctx context.Context, corpora []string, net *cnn.Net, workers, junk int, log io.Writer) ([]sample, error) {
	jobs, err := labelledPages(corpora)
	if err != nil {
		return nil, err
	}
	out := make([][]sample, len(jobs))
	stats := make([][2]int, len(jobs)) // codes aligned, codes seen
	err = eachPage(ctx, jobs, net, workers, func(i int, p *pipeline.Processor, probs func(*image.Gray) [10]float32) {
		out[i], stats[i] = cutPage(ctx, p, jobs[i], probs, junk, log)
	})
	if err != nil {
		return nil, err
	}
	var all []sample
	aligned, seen, nJunk := 0, 0, 0
	for i := range out {
		all = append(all, out[i]...)
		aligned += stats[i][0]
		seen += stats[i][1]
		for _, s := range out[i] {
			if s.label == cnn.Junk {
				nJunk++
			}
		}
	}
	fmt.Fprintf(log, "%d pages: %d of %d code views aligned, %d digit samples, %d junk\n", len(jobs), aligned, seen, len(all)-nJunk, nJunk)
	return all, nil
}

// pageJob is one labelled page: its corpus, the folder of its scan and
// its truth.
type pageJob struct {
	corpus, dir string
	page        truth.Page
}

// labelledPages lists the pages of corpora, folders with scans/ and
// truth.json (cmd/mkforms).
func labelledPages(corpora []string) ([]pageJob, error) {
	var jobs []pageJob
	for _, c := range corpora {
		pages, err := truth.Load(c)
		if err != nil {
			return nil, err
		}
		dir := filepath.Join(c, "scans")
		if _, err := os.Stat(dir); err != nil {
			dir = c
		}
		for _, p := range pages {
			jobs = append(jobs, pageJob{filepath.Base(c), dir, p})
		}
	}
	return jobs, nil
}

// eachPage calls do for every job, on workers goroutines, each with its
// own pipeline and a classifier (probs) of its own workspace of net:
// job i is done by goroutine i mod workers, whatever the timing.
func eachPage(ctx context.Context, jobs []pageJob, net *cnn.Net, workers int, do func(i int, p *pipeline.Processor, probs func(*image.Gray) [10]float32)) error {
	workers = max(1, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := pipeline.New(pipeline.Options{})
			if err != nil {
				errs[w] = err
				return
			}
			defer p.Close()
			ws := net.NewWorkspace()
			probs := func(img *image.Gray) [10]float32 {
				var v [10]float32
				copy(v[:], ws.Forward(norm.Normalize(img)))
				return v
			}
			for i := w; i < len(jobs); i += workers {
				if ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				do(i, p, probs)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// cutPage returns the aligned digit samples of one labelled page. A page
// that cannot be opened or cut is reported and skipped.
func cutPage(ctx context.Context, p *pipeline.Processor, job pageJob, probs func(*image.Gray) [10]float32, junk int, log io.Writer) ([]sample, [2]int) {
	var st [2]int
	cells, want := pageCodes(ctx, p, job, log)
	var out []sample
	for _, c := range cells {
		code := want[c.Number]
		if len(code) != 4 && len(code) != 5 {
			continue
		}
		// The views without the tops put back (withTops), as the
		// committed network was tuned: tuned on the views as read, a
		// network was its equal on the cut cells of the development sets
		// (2,583 codes right against 2,586; 2,610 against 2,609 with
		// digits.Align's cut of touching 1s too), and this keeps make
		// train-digits giving the committed weights.
		for _, v := range c.WithoutTops() {
			st[1]++
			imgs, bad, ok := digits.AlignJunk(v, code, probs)
			if !ok {
				continue
			}
			st[0]++
			for k, img := range imgs {
				out = append(out, sample{norm.Normalize(img), int(code[k] - '0')})
			}
			// Evenly spaced along the cell, so that the pieces of
			// every digit are taught, not only the first ones.
			for k, n := 0, min(len(bad), junk); k < n; k++ {
				img := bad[k*len(bad)/n]
				out = append(out, sample{norm.Normalize(img), cnn.Junk})
			}
		}
	}
	return out, st
}

// pageCodes cuts the postal-code cells of a labelled page as the pipeline
// cuts them, with want, the codes its truth says were written in its
// unstruck rows, by row number. A page that cannot be opened or cut is
// reported and gives no cells.
func pageCodes(ctx context.Context, p *pipeline.Processor, job pageJob, log io.Writer) ([]pipeline.PostalCell, map[int]string) {
	tp := job.page
	doc, err := scanfile.Open(filepath.Join(job.dir, tp.File))
	if err != nil {
		fmt.Fprintf(log, "skip %s: %v\n", tp.File, err)
		return nil, nil
	}
	pg, err := doc.Page(ctx, tp.PageInFile)
	doc.Close()
	if err != nil {
		fmt.Fprintf(log, "skip %s page %d: %v\n", tp.File, tp.PageInFile, err)
		return nil, nil
	}
	cells, err := p.PostalCells(pg)
	if err != nil {
		fmt.Fprintf(log, "skip %s page %d: %v\n", tp.File, tp.PageInFile, err)
		return nil, nil
	}
	want := map[int]string{}
	for _, r := range tp.Rows {
		if !r.Blank && !r.Struck {
			want[r.Number] = strings.TrimSpace(r.PostalCode)
		}
	}
	return cells, want
}
