package digits

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/sheetscan/sheetscan/digits/synth"
	"github.com/sheetscan/sheetscan/postal"
)

// exhaustive is decode without shared prefixes or bounds: every code of
// the lexicon scored on its own, equal scores to the code met first.
func (lat *lattice) exhaustive(lexicon []string) (best, second string, bestV, secondV float64) {
	m := lat.m
	neg := math.Inf(-1)
	score := func(code string) float64 {
		prev := make([]float64, m+1)
		for j := 1; j <= m; j++ {
			prev[j] = prev[j-1] + lat.skip[j-1]
		}
		for k := 0; k < len(code); k++ {
			row := make([]float64, m+1)
			row[0] = neg
			for j := 1; j <= m; j++ {
				row[j] = row[j-1] + lat.skip[j-1]
				for _, s := range lat.ends[j] {
					row[j] = math.Max(row[j], prev[s.i]+s.lp[code[k]-'0']+s.pen)
				}
			}
			prev = row
		}
		return prev[m]
	}
	bestV, secondV = neg, neg
	for _, code := range lexicon {
		if !isCode(code) {
			continue
		}
		v := score(code)
		if code[0] == '0' {
			v = math.Max(v, score(code[1:])+fourDigitPrior)
		}
		switch {
		case v > bestV:
			second, secondV = best, bestV
			best, bestV = code, v
		case v > secondV:
			second, secondV = code, v
		}
	}
	return best, second, bestV, secondV
}

// TestDecodeMatchesExhaustive checks that decode, which shares prefixes
// between codes, starts with the department of the digits seen and leaves
// out the codes a bound shows cannot beat the runner-up, finds exactly
// what scoring every code on its own finds, on cells of random codes from
// the La Poste list.
func TestDecodeMatchesExhaustive(t *testing.T) {
	gs := goGlyphs(t)
	lex := postal.Codes()
	r := rand.New(rand.NewSource(5))
	n := 40
	if testing.Short() {
		n = 10
	}
	for i := 0; i < n; i++ {
		code := lex[r.Intn(len(lex))]
		if i%5 == 0 {
			code = fmt.Sprintf("%05d", r.Intn(100000)) // not always a valid code
		}
		img := synth.ComposeCell(glyphInks(gs[i%len(gs)], code), synth.DefaultCellOptions(r), r)
		_, _, lat := segmentCell(img, Probs, true)
		if lat == nil || lat.m < 4 {
			continue
		}
		var got CodeReading
		lat.raw(&got)
		lat.decode(lex, &got)
		best, second, bv, sv := lat.exhaustive(lex)
		if got.Code != best || got.RunnerUp != second || got.Score != bv || (second != "" && got.Margin != bv-sv) {
			t.Errorf("cell %d (%s): decode = %s, runner-up %s, score %v, margin %v; every code scored: %s, %s, %v, %v",
				i, code, got.Code, got.RunnerUp, got.Score, got.Margin, best, second, bv, bv-sv)
		}
	}
}

// TestWritten checks what a reading says was written: four digits seen
// stay four, else the valid code, else the digits seen.
func TestWritten(t *testing.T) {
	for _, c := range []struct {
		r    CodeReading
		want string
	}{
		{CodeReading{Code: "75011", Raw: "75011"}, "75011"},
		{CodeReading{Code: "75011", Raw: "75611"}, "75011"},
		{CodeReading{Code: "07500", Raw: "7500"}, "7500"},
		{CodeReading{Raw: "99999"}, "99999"},
	} {
		if got := c.r.Written(); got != c.want {
			t.Errorf("%+v.Written() = %q, want %q", c.r, got, c.want)
		}
	}
}
