// Command mkforms writes a labelled corpus of generated petition scans:
// DIR/scans/ (PNG, JPEG, TIFF, PDF) and DIR/truth.json in the format of the
// sample corpus, so that `shared/eval/score DIR export.csv` can score an
// export of sheetscan against it.
//
//	go run ./cmd/mkforms -out DIR -sheets N -seed S -fonts dev|other|all \
//	    -layout original|random|mixed -formats mixed|png [-dpi 150,200,300] [-j N] \
//	    [-mnist DIR] [-hand-font FILE,...]
//
// Each sheet is two form pages; the same seed gives the same corpus.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "mkforms: %v\n", err)
		os.Exit(2)
	}
	opts.progress = term.IsTerminal(int(os.Stderr.Fd()))
	err = run(ctx, opts, os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		fmt.Fprintln(os.Stderr, "mkforms: interrupted")
		os.Exit(130)
	default:
		fmt.Fprintf(os.Stderr, "mkforms: %v\n", err)
		os.Exit(1)
	}
}

// options are the command-line settings.
type options struct {
	out        string
	sheets     int
	seed       int64
	fonts      string   // dev, other, all
	handFonts  []string // font files to write with instead (-hand-font)
	layout     string   // original, random, mixed
	formats    string   // mixed, png
	jobs       int
	maxSkew    float64   // degrees
	dpis       []float64 // resolutions drawn from
	progress   bool      // count sheets on stderr (when it is a terminal)
	mnist      string    // directory of the MNIST idx files; "" = digits from the fonts
	mnistSplit string    // test (for measuring), train (for teaching) or val (for developing)
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("mkforms", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.out, "out", "", "output directory (scans/ and truth.json are written in it)")
	fs.IntVar(&o.sheets, "sheets", 4, "number of two-page sheets")
	fs.Int64Var(&o.seed, "seed", 1, "random seed; the same seed gives the same corpus")
	fs.StringVar(&o.fonts, "fonts", "all", "handwriting fonts: dev (those of the sample corpus), other (the others) or all")
	fs.StringVar(&o.layout, "layout", "mixed", "printing: original (row 21 missing), random (other campaigns) or mixed (a third each of original, original print numbered 11..35, random)")
	fs.StringVar(&o.formats, "formats", "mixed", "file formats: mixed (PNG, JPEG, TIFF, PDF) or png")
	fs.IntVar(&o.jobs, "j", 1, "sheets rendered in parallel")
	fs.Float64Var(&o.maxSkew, "max-skew", 10, "largest skew, degrees either way")
	fs.StringVar(&o.mnist, "mnist", "", "write postal-code digits with MNIST digits from this directory (*-idx*-ubyte[.gz], e.g. from scripts/mnist.sh) instead of the fonts")
	fs.StringVar(&o.mnistSplit, "mnist-split", "test", "MNIST split for -mnist: test (pages to measure on), train (pages to train on: its first 55,000 digits) or val (the training split's last 5,000, cmd/train-digits' validation digits: pages to develop on)")
	handFonts := fs.String("hand-font", "", "comma-separated font files (TrueType or OpenType) to write every entry with instead of -fonts: a corpus in a hand nothing was tuned on")
	dpis := fs.String("dpi", "150,200,300", "comma-separated resolutions to draw from")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.out == "":
		return o, fmt.Errorf("-out is required")
	case o.sheets < 1:
		return o, fmt.Errorf("-sheets must be at least 1")
	case o.fonts != "dev" && o.fonts != "other" && o.fonts != "all":
		return o, fmt.Errorf("-fonts %q: want dev, other or all", o.fonts)
	case o.layout != "original" && o.layout != "random" && o.layout != "mixed":
		return o, fmt.Errorf("-layout %q: want original, random or mixed", o.layout)
	case o.formats != "mixed" && o.formats != "png":
		return o, fmt.Errorf("-formats %q: want mixed or png", o.formats)
	case o.mnistSplit != "test" && o.mnistSplit != "train" && o.mnistSplit != "val":
		return o, fmt.Errorf("-mnist-split %q: want test, train or val", o.mnistSplit)
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for _, f := range strings.Split(*dpis, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || v < 50 || v > 1200 {
			return o, fmt.Errorf("-dpi %q: want resolutions between 50 and 1200", *dpis)
		}
		o.dpis = append(o.dpis, v)
	}
	for _, f := range strings.Split(*handFonts, ",") {
		if f = strings.TrimSpace(f); f != "" {
			o.handFonts = append(o.handFonts, f)
		}
	}
	if o.jobs < 1 {
		o.jobs = 1
	}
	return o, nil
}
