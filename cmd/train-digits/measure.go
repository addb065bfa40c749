package main

import (
	"context"
	"fmt"
	"image"
	"io"

	"github.com/sheetscan/sheetscan/digits"
	"github.com/sheetscan/sheetscan/digits/cnn"
	"github.com/sheetscan/sheetscan/pipeline"
	"github.com/sheetscan/sheetscan/postal"
)

// codeCount is how many postal codes of a corpus were read right.
type codeCount struct {
	corpus         string
	codes          int // unstruck rows' codes of 4 or 5 digits found in a cut cell
	better, either int // read right by the better-scored view; by either view
}

// cutCellCodes reads the postal-code cells of the labelled pages of
// corpora, cut as the pipeline cuts them, with net and the lexicon of
// valid codes, and returns per corpus (in the order given) how many of
// their codes are read right: by the view of the two the pipeline always
// reads whose reading scores better, and by either (the most any choice
// between them could give). The pipeline's third view and Tesseract's
// arbitration between views are left out: these are the network's and the
// segmenter's figures, to compare networks on. Development sets only: a
// set measured here is no longer unseen for the network chosen with it.
func cutCellCodes(ctx context.Context, corpora []string, net *cnn.Net, workers int, log io.Writer) ([]codeCount, error) {
	jobs, err := labelledPages(corpora)
	if err != nil {
		return nil, err
	}
	lexicon := postal.Codes()
	per := make([]codeCount, len(jobs))
	err = eachPage(ctx, jobs, net, workers, func(i int, p *pipeline.Processor, probs func(*image.Gray) [10]float32) {
		cells, want := pageCodes(ctx, p, jobs[i], log)
		for _, c := range cells {
			code := want[c.Number]
			if len(code) != 4 && len(code) != 5 {
				continue
			}
			per[i].codes++
			var best digits.CodeReading
			either := false
			for _, v := range c.Views {
				r := digits.ReadCodeWith(v, lexicon, probs)
				if r.Written() == code {
					either = true
				}
				if r.Segments > 0 && (best.Segments == 0 || r.Score > best.Score) {
					best = r
				}
			}
			if best.Written() == code {
				per[i].better++
			}
			if either {
				per[i].either++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var out []codeCount
	at := map[string]int{}
	for i, j := range jobs {
		k, ok := at[j.corpus]
		if !ok {
			k = len(out)
			at[j.corpus] = k
			out = append(out, codeCount{corpus: j.corpus})
		}
		out[k].codes += per[i].codes
		out[k].better += per[i].better
		out[k].either += per[i].either
	}
	return out, nil
}

// printCodeCounts writes the table of cutCellCodes, with a total.
func printCodeCounts(w io.Writer, cs []codeCount) {
	row := func(c codeCount) {
		fmt.Fprintf(w, "  %-12s %6d %8d %8d\n", c.corpus, c.codes, c.better, c.either)
	}
	fmt.Fprintf(w, "cut cells' codes read right:\n  %-12s %6s %8s %8s\n", "corpus", "codes", "better", "either")
	tot := codeCount{corpus: "total"}
	for _, c := range cs {
		row(c)
		tot.codes += c.codes
		tot.better += c.better
		tot.either += c.either
	}
	row(tot)
}
