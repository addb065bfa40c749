// Command train-digits trains the handwritten-digit network of package
// digits on MNIST (training split only) plus digits rendered in
// hand-writing-like fonts, all distorted the way scans are, then tunes it
// with the digits of postal-code cells cut by the pipeline from labelled
// pages (-pages), and writes the weights file that package digits embeds.
//
// Usage (what make train-digits runs, with its pages from cmd/mkforms):
//
//	GOMAXPROCS=2 go run ./cmd/train-digits -workers 2 -pages DIR,DIR,...
//
// The last -val training digits are held out for validation; the MNIST
// test split is never read here, and the pages' MNIST digits come from the
// rest of the training split (cmd/mkforms -mnist-split train). Training is
// seeded, so the same flags, pages and -workers give the same weights: 6
// epochs of 55,000 MNIST + 20,000 font digits (8/16/128 network), then the
// pages' cells are cut and aligned with their codes by that network
// (digits.Align) and 3 epochs more run with them added (about 32,000
// digits from 480 pages), at a ninth of the learning rate. The cells are
// taught without the tops of digits written across the rule above put back
// (pipeline.PostalCell.WithoutTops), as the committed network was. About
// 40 s per epoch with two workers on this project's machine, plus 3
// minutes to cut the pages; make train-digits takes about 20 minutes with
// the pages' generation.
//
// -val-pages measures a network on the postal-code cells the pipeline
// cuts from development sets, in the two views it always reads, tops put
// back (codes read right by the better of the two views, and by either),
// after training or, with -init alone, without any:
//
//	go run ./cmd/train-digits -init digits/model.bin -workers 2 -val-pages out/cal,out/mnistval
package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math/rand"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sheetscan/sheetscan/digits/cnn"
	"github.com/sheetscan/sheetscan/digits/norm"
	"github.com/sheetscan/sheetscan/digits/synth"
)

type options struct {
	mnist     string
	out       string
	epochs    int
	seed      int64
	val       int
	fontPerEp int
	augment   float64
	elastic   float64
	batch     int
	lr        float64
	shape     cnn.Shape
	dump      string
	limit     int
	workers   int
	pages     string
	init      string
	tune      int
	junk      int
	valPages  string
}

func main() {
	home, _ := os.UserHomeDir()
	var o options
	flag.StringVar(&o.mnist, "mnist", filepath.Join(home, ".cache/sheetscan/mnist"), "directory with the MNIST idx files (scripts/mnist.sh)")
	flag.StringVar(&o.out, "out", "digits/model.bin", "weights file to write")
	flag.IntVar(&o.epochs, "epochs", 6, "passes over the training digits")
	flag.Int64Var(&o.seed, "seed", 1, "random seed")
	flag.IntVar(&o.val, "val", 5000, "last training digits held out for validation")
	flag.IntVar(&o.fontPerEp, "font-samples", 20000, "font-rendered digits per epoch")
	flag.Float64Var(&o.augment, "augment", 0.6, "fraction of MNIST digits distorted in each epoch")
	flag.Float64Var(&o.elastic, "elastic", 0, "fraction of the distorted MNIST digits and of the font digits given an elastic distortion too (synth.ElasticDigit)")
	flag.IntVar(&o.batch, "batch", 32, "minibatch size")
	flag.Float64Var(&o.lr, "lr", 1e-3, "initial Adam learning rate (divided by 3 for each of the last two epochs)")
	flag.IntVar(&o.shape.C1, "c1", 8, "conv1 filters")
	flag.IntVar(&o.shape.C2, "c2", 16, "conv2 filters")
	flag.IntVar(&o.shape.Hidden, "hidden", 128, "hidden units")
	flag.StringVar(&o.dump, "dump", "", "write 200 training samples as PNG into this directory and exit")
	flag.IntVar(&o.limit, "limit", 0, "use only this many training digits (quick trials)")
	flag.IntVar(&o.workers, "workers", 1, "goroutines for forward and backward passes (1 or 2); the same flags give the same weights")
	flag.StringVar(&o.pages, "pages", "", "comma-separated labelled corpora (cmd/mkforms folders, never the measuring sets) whose postal-code cells, cut by the pipeline, teach the network in the tuning epochs")
	flag.StringVar(&o.init, "init", "", "start from these weights instead of training the first epochs (quick trials of the tuning epochs)")
	flag.IntVar(&o.junk, "junk", 0, "give the network a junk output (cnn.Shape.Junk), taught in the tuning epochs with up to this many candidate segments per -pages cell view that are not one digit (digits.AlignJunk); 0: no junk output")
	flag.IntVar(&o.tune, "tune-epochs", 3, "epochs after the first ones with the -pages cells added, at the last epochs' learning rate")
	flag.StringVar(&o.valPages, "val-pages", "", "comma-separated labelled corpora (development sets, never the measuring sets) whose postal-code cells, cut by the pipeline, are read with the network at the end: codes read right by the better-scored of the two views and by either (with -init and no -pages, the network of -init is only measured)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "train-digits:", err)
		if ctx.Err() != nil {
			os.Exit(130)
		}
		os.Exit(1)
	}
}

// sample is one training input: the network field and its label.
type sample struct {
	x     []float32
	label int
}

type data struct {
	train   *synth.MNIST
	nTrain  int
	fonts   []*synth.Glyphs
	nFont   int      // font digits per epoch
	elastic float64  // share of distorted digits also distorted elastically
	cells   []sample // digits cut from labelled pages, in the tuning epochs
}

// draw makes sample i of an epoch: MNIST digits (distorted with
// probability augment), then font digits, then the cells' digits.
func (d *data) draw(i int, augment float64, r *rand.Rand) sample {
	if k := i - d.nTrain - d.nFont; k >= 0 && k < len(d.cells) {
		return d.cells[k]
	}
	if i < d.nTrain {
		lab := int(d.train.Labels[i])
		if r.Float64() < augment {
			return sample{norm.Normalize(d.distort(d.train.Ink(i), r)), lab}
		}
		return sample{norm.Normalize(d.train.Image(i)), lab}
	}
	g := d.fonts[r.Intn(len(d.fonts))]
	lab := r.Intn(10)
	return sample{norm.Normalize(d.distort(g.Digits[lab], r)), lab}
}

// distort renders src as a training digit, elastically distorted for a
// share d.elastic of them. With d.elastic 0 it draws nothing more from r,
// so that the weights of a run without it stay what they were.
func (d *data) distort(src synth.Ink, r *rand.Rand) *image.Gray {
	if d.elastic > 0 && r.Float64() < d.elastic {
		return synth.ElasticDigit(src, r)
	}
	return synth.Digit(src, r)
}

func run(ctx context.Context, o options, log io.Writer) error {
	tr, err := synth.ReadMNIST(o.mnist, "train")
	if err != nil {
		return err
	}
	d := &data{train: tr, nTrain: len(tr.Labels) - o.val}
	if o.limit > 0 && o.limit < d.nTrain {
		d.nTrain = o.limit
	}
	for _, f := range synth.FontFiles(synth.HandFontGlobs) {
		g, err := synth.LoadGlyphs(f)
		if err != nil {
			fmt.Fprintln(log, "skip font:", err)
			continue
		}
		d.fonts = append(d.fonts, g)
	}
	fmt.Fprintf(log, "%d training digits, %d validation, %d fonts\n", d.nTrain, o.val, len(d.fonts))
	if len(d.fonts) == 0 {
		o.fontPerEp = 0
	}
	d.nFont = o.fontPerEp
	d.elastic = o.elastic
	r := rand.New(rand.NewSource(o.seed))
	if o.dump != "" {
		return dump(o.dump, d, r)
	}

	// Fixed validation sets: clean held-out MNIST, distorted held-out
	// MNIST, distorted font digits.
	vr := rand.New(rand.NewSource(o.seed + 1000))
	var valClean, valAug, valFont []sample
	for i := len(tr.Labels) - o.val; i < len(tr.Labels); i++ {
		lab := int(tr.Labels[i])
		valClean = append(valClean, sample{norm.Normalize(tr.Image(i)), lab})
		if i%2 == 0 {
			valAug = append(valAug, sample{norm.Normalize(synth.Digit(tr.Ink(i), vr)), lab})
		}
	}
	for i := 0; i < 2000 && len(d.fonts) > 0; i++ {
		valFont = append(valFont, d.draw(d.nTrain, 0, vr))
	}

	// The network is drawn from r even when -init replaces it, so that
	// the random draws that follow are the same.
	net := cnn.New(o.shape, r.NormFloat64)
	first := o.epochs
	if o.init != "" {
		b, err := os.ReadFile(o.init)
		if err != nil {
			return err
		}
		if net, err = cnn.Load(b); err != nil {
			return fmt.Errorf("%s: %w", o.init, err)
		}
		first = 0
	}
	if o.junk > 0 {
		net = net.WithJunk(r.NormFloat64)
	}
	workers := make([]*cnn.Workspace, max(1, min(2, o.workers)))
	for i := range workers {
		workers[i] = net.NewWorkspace()
	}
	validation := func() string {
		return fmt.Sprintf("validation error: MNIST %.2f%%, distorted MNIST %.2f%%, fonts %.2f%%",
			errRate(workers[0], valClean), errRate(workers[0], valAug), errRate(workers[0], valFont))
	}
	report := func(ep int, loss float64, n int, took time.Duration) {
		fmt.Fprintf(log, "epoch %d: loss %.4f, %d samples in %s; %s\n", ep, loss/float64(n), n, took.Round(time.Second), validation())
	}
	if o.init != "" {
		fmt.Fprintf(log, "from %s: %s\n", o.init, validation())
	}
	opt := cnn.NewAdam(o.lr, len(net.Params))
	for ep := 0; ep < first; ep++ {
		if ep >= first-2 && ep > 0 {
			opt.LR /= 3
		}
		start := time.Now()
		n := d.nTrain + d.nFont
		loss, err := epoch(ctx, workers, opt, net, d, n, o, r)
		if err != nil {
			return err
		}
		report(ep+1, loss, n, time.Since(start))
		if err := save(net, o.out); err != nil {
			return err
		}
	}
	if o.pages != "" && o.tune > 0 {
		// Tuning: the cells of labelled pages, cut and aligned by the
		// network trained so far, join the MNIST and font digits, at
		// the learning rate of the last epochs.
		cells, err := pageCells(ctx, strings.Split(o.pages, ","), net, o.workers, o.junk, log)
		if err != nil {
			return err
		}
		d.cells = cells
		opt = cnn.NewAdam(o.lr/9, len(net.Params))
		for ep := 0; ep < o.tune; ep++ {
			start := time.Now()
			n := d.nTrain + d.nFont + len(d.cells)
			loss, err := epoch(ctx, workers, opt, net, d, n, o, r)
			if err != nil {
				return err
			}
			report(first+ep+1, loss, n, time.Since(start))
			fmt.Fprintf(log, "  page cells: %.2f%% error (training samples)\n", errRate(workers[0], d.cells))
			if err := save(net, o.out); err != nil {
				return err
			}
		}
	}
	if first > 0 || (o.pages != "" && o.tune > 0) {
		fmt.Fprintf(log, "wrote %s (%d parameters)\n", o.out, len(net.Params))
	}
	if o.valPages != "" {
		cs, err := cutCellCodes(ctx, strings.Split(o.valPages, ","), net, o.workers, log)
		if err != nil {
			return err
		}
		printCodeCounts(log, cs)
	}
	return nil
}

// epoch makes one pass over n samples in a random order, in minibatches.
func epoch(ctx context.Context, workers []*cnn.Workspace, opt *cnn.Adam, net *cnn.Net, d *data, n int, o options, r *rand.Rand) (float64, error) {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	r.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	batch := make([]sample, 0, o.batch)
	var loss float64
	for i, idx := range order {
		if i%4096 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		// Samples are drawn in order from one generator, whatever the
		// number of workers.
		batch = append(batch, d.draw(idx, o.augment, r))
		if len(batch) == o.batch || i == n-1 {
			loss += step(workers, batch)
			opt.Step(net.Params, workers[0].Grad(), len(batch))
			batch = batch[:0]
		}
	}
	return loss, nil
}

// step runs forward and backward passes over the batch, split between the
// workers, and leaves the summed gradient in the first worker. Sums are
// added in a fixed order, so results are reproducible.
func step(ws []*cnn.Workspace, batch []sample) float64 {
	losses := make([]float64, len(ws))
	var wg sync.WaitGroup
	for w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += len(ws) {
				ws[w].Forward(batch[i].x)
				losses[w] += float64(ws[w].Backward(batch[i].label))
			}
		}()
	}
	wg.Wait()
	g := ws[0].Grad()
	for _, o := range ws[1:] {
		og := o.Grad()
		if og == nil {
			continue
		}
		for i, v := range og {
			g[i] += v
			og[i] = 0
		}
	}
	var sum float64
	for _, l := range losses {
		sum += l
	}
	return sum
}

func save(net *cnn.Net, path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := net.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func errRate(ws *cnn.Workspace, set []sample) float64 {
	if len(set) == 0 {
		return 0
	}
	bad := 0
	for _, s := range set {
		p := ws.Forward(s.x)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if best != s.label {
			bad++
		}
	}
	return 100 * float64(bad) / float64(len(set))
}

// dump writes distorted samples and composed cells for eyeballing.
func dump(dir string, d *data, r *rand.Rand) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := 0; i < 100; i++ {
		lab := int(d.train.Labels[i])
		g := d.distort(d.train.Ink(i), r)
		if err := writePNG(filepath.Join(dir, fmt.Sprintf("mnist_%03d_%d.png", i, lab)), g); err != nil {
			return err
		}
		if len(d.fonts) > 0 {
			s := r.Intn(len(d.fonts))
			lab = r.Intn(10)
			g = d.distort(d.fonts[s].Digits[lab], r)
			if err := writePNG(filepath.Join(dir, fmt.Sprintf("font_%03d_%d_%s.png", i, lab, d.fonts[s].Name)), g); err != nil {
				return err
			}
		}
	}
	for i := 0; i < 20; i++ {
		var ks []synth.Ink
		for j := 0; j < 5; j++ {
			ks = append(ks, d.train.Ink(r.Intn(d.nTrain)))
		}
		if err := writePNG(filepath.Join(dir, fmt.Sprintf("cell_%02d.png", i)), synth.ComposeCell(ks, synth.DefaultCellOptions(r), r)); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(path string, img *image.Gray) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
