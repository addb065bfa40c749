package deskew

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"testing"
)

var (
	corpusDir  = flag.String("corpus", "", "directory of a labelled corpus (truth.json, scans/) to evaluate on; empty skips TestCorpus")
	corpusGen  = flag.Bool("corpusgen", true, "with -corpus, also evaluate the generated angles on every page")
	corpusFile = flag.String("corpusfile", "", "with -corpus, only evaluate the pages of files whose name contains this")
)

// generatedAngles are the skews the generated set applies to each
// straightened page, upright and upside down.
var generatedAngles = []float64{-10, -6.5, -3, -0.4, 0, 0.3, 2, 5, 9.5}

// outcome is the result of Estimate on one page with known rotation.
type outcome struct {
	name              string
	want              float64 // true skew, degrees
	wantFlip          bool
	got               Result
	residual          float64 // got.Angle - want, degrees
	orientOK          bool
	angleConf, orConf float64
}

func measure(name string, img *image.Gray, want float64, flip bool, dpi float64) (outcome, error) {
	r, err := Estimate(img, dpi)
	if err != nil {
		return outcome{}, err
	}
	return outcome{
		name: name, want: want, wantFlip: flip, got: r,
		residual: angleDiff(r.Angle, want),
		orientOK: r.UpsideDown == flip,
	}, nil
}

// summary holds the figures reported over a set of outcomes.
type summary struct {
	n               int
	median, worst   float64 // |residual|, degrees
	orientRight     int
	minConf, minOrC float64
}

func summarise(outs []outcome) summary {
	s := summary{n: len(outs), minConf: 1, minOrC: 1}
	if len(outs) == 0 {
		return s
	}
	abs := make([]float64, len(outs))
	for i, o := range outs {
		abs[i] = math.Abs(o.residual)
		if o.orientOK {
			s.orientRight++
		}
		s.minConf = math.Min(s.minConf, o.got.Confidence)
		s.minOrC = math.Min(s.minOrC, o.got.OrientationConfidence)
	}
	slices.Sort(abs)
	s.median = abs[len(abs)/2]
	if len(abs)%2 == 0 {
		s.median = (abs[len(abs)/2-1] + abs[len(abs)/2]) / 2
	}
	s.worst = abs[len(abs)-1]
	return s
}

func (s summary) String() string {
	return fmt.Sprintf("%d pages: residual median %.3f°, worst %.3f°; orientation %d/%d right; min angle confidence %.2f, min orientation confidence %.2f",
		s.n, s.median, s.worst, s.orientRight, s.n, s.minConf, s.minOrC)
}

func logOutcomes(tb testing.TB, outs []outcome) {
	tb.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%-32s %8s %8s %8s %6s %5s %5s\n", "page", "truth", "est", "resid", "orient", "conf", "oconf")
	for _, o := range outs {
		ok := "ok"
		if !o.orientOK {
			ok = "WRONG"
		}
		fmt.Fprintf(&b, "%-32s %8.3f %8.3f %8.3f %6s %5.2f %5.2f\n",
			o.name, o.want, o.got.Angle, o.residual, ok, o.got.Confidence, o.got.OrientationConfidence)
	}
	tb.Log("\n" + b.String())
}

// generated straightens each page with its truth rotation and turns it by
// each of angles, upright and upside down, in one resampling, and
// measures Estimate on the result.
func generated(tb testing.TB, img *image.Gray, p truthPage, angles []float64) []outcome {
	tb.Helper()
	var outs []outcome
	// Fill the corners the rotation adds with the colour of the scan's
	// border (usually the scanner bed), as a scanner would: white corners
	// on a dark bed would be long straight edges no real scan has.
	fill := borderMedian(img)
	for _, flip := range []bool{false, true} {
		for _, a := range angles {
			rot := a
			if flip {
				rot += 180
			}
			// Undo the truth rotation and apply rot in one resampling.
			g := rotate(img, rot-p.RotationDeg, fill)
			name := fmt.Sprintf("%s p%d %+.1f", p.File, p.PageInFile, rot)
			o, err := measure(name, g, a, flip, p.DPI)
			if err != nil {
				tb.Fatalf("Estimate(%s): %v", name, err)
			}
			outs = append(outs, o)
		}
	}
	return outs
}

// TestCorpus evaluates on a labelled corpus outside the repository:
//
//	go test ./deskew -run TestCorpus -corpus /work/shared/corpus/dev -v
//
// It prints one line per page and the summaries; it fails only when pages
// cannot be read.
func TestCorpus(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory given")
	}
	pages := loadTruth(t, *corpusDir)
	var real, gen []outcome
	for _, p := range pages {
		if !strings.Contains(p.File, *corpusFile) {
			continue
		}
		img, err := loadPage(t, *corpusDir, p)
		if errors.Is(err, errNoPoppler) {
			t.Logf("skip %s: %v", p.File, err)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		o, err := measure(fmt.Sprintf("%s p%d", p.File, p.PageInFile), img, p.SkewDeg, p.UpsideDown, p.DPI)
		if err != nil {
			t.Fatal(err)
		}
		real = append(real, o)
		if *corpusGen {
			gen = append(gen, generated(t, img, p, generatedAngles)...)
		}
	}
	logOutcomes(t, real)
	var bad, unsure []outcome
	for _, o := range gen {
		switch {
		case !o.orientOK || math.Abs(o.residual) > 0.3:
			bad = append(bad, o)
		case o.got.OrientationConfidence < 0.3:
			unsure = append(unsure, o)
		}
	}
	if len(bad) > 0 {
		t.Log("generated pages off target:")
		logOutcomes(t, bad)
	}
	if len(unsure) > 0 {
		t.Log("generated pages right but with orientation confidence < 0.3:")
		logOutcomes(t, unsure)
	}
	t.Logf("scans:     %v", summarise(real))
	t.Logf("generated: %v", summarise(gen))
}

// borderMedian returns the median grey of the outermost pixels of img.
func borderMedian(img *image.Gray) uint8 {
	var hist [256]int
	b := img.Bounds()
	n := 0
	for x := b.Min.X; x < b.Max.X; x++ {
		hist[img.GrayAt(x, b.Min.Y).Y]++
		hist[img.GrayAt(x, b.Max.Y-1).Y]++
		n += 2
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		hist[img.GrayAt(b.Min.X, y).Y]++
		hist[img.GrayAt(b.Max.X-1, y).Y]++
		n += 2
	}
	acc := 0
	for v, c := range hist {
		acc += c
		if 2*acc >= n {
			return uint8(v)
		}
	}
	return 255
}
