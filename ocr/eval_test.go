package ocr

import (
	"flag"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/sheetscan/sheetscan/postal"
	"golang.org/x/text/unicode/norm"
)

var corpusVariants = flag.String("corpus-variants", "api,raw,crop,crop-bin,crop-28,crop-56,pack,crop-nodict,crop/eng,crop-bin/eng,pack/eng", "comma-separated variant[/lang][-nodict] readings TestCorpus measures")

// TestCorpus measures the preprocessing variants on the perfectly cut name
// and postal-code cells of a labelled corpus and prints, per variant: names
// exact (as written), names exact and character error rate after folding
// case, accents and punctuation, postal codes exact. "api" measures the
// Reader as callers use it (ReadAll with default options): first reading,
// agreement of its readings, figures per handwriting and after
// postal.Repair. It asserts only that the corpus was readable; the figures
// are for the report. Cells are cut straight from the truth's page-to-image
// affine, so the figures do not depend on packages deskew and rows.
//
//	go test ./ocr -run TestCorpus -corpus /work/shared/corpus/dev -v
//	    [-corpus-variants api,crop/eng] [-corpus-cache DIR] [-corpus-show]
func TestCorpus(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory given")
	}
	cells := corpusCells(t, *corpusDir)
	if len(cells) == 0 {
		t.Fatal("corpus: no filled cells")
	}
	byName := map[string]variant{}
	for _, v := range []variant{variantRaw, variantCrop, variantCropBin, variantCropLow, variantPack, variantPack48, variantCropHi} {
		byName[v.name] = v
	}
	t.Logf("%-16s %6s %8s %8s %7s %6s %8s %9s", "variant/lang", "names", "exact", "folded", "CER", "codes", "exact", "ms/cell")
	for _, name := range strings.Split(*corpusVariants, ",") {
		if name == "api" {
			corpusAPI(t, cells)
			continue
		}
		// name is variant[/lang][-nodict], e.g. crop/eng or crop-nodict.
		noDict := strings.HasSuffix(name, "-nodict")
		vname, lang, _ := strings.Cut(strings.TrimSuffix(name, "-nodict"), "/")
		if lang == "" {
			lang = "fra"
		}
		v, ok := byName[vname]
		if !ok {
			t.Fatalf("unknown variant %q", name)
		}
		r, err := newReader(Options{Lang: lang, DigitLang: lang}, noDict)
		if err != nil {
			t.Skipf("tesseract unavailable: %v", err)
		}
		var s corpusScore
		start := time.Now()
		for _, c := range cells {
			rd, err := r.read(c.img, c.field, pass{v: v})
			if err != nil {
				t.Fatalf("%s %s: %v", name, c.id, err)
			}
			s.add(c, rd.Text)
			if testing.Verbose() && *corpusShow {
				t.Logf("%s %-40s %-28q %q", name, c.id, c.truth, rd.Text)
			}
		}
		ms := float64(time.Since(start).Milliseconds()) / float64(len(cells))
		r.Close()
		t.Logf("%-16s %6d %7.1f%% %7.1f%% %6.1f%% %6d %7.1f%% %9.1f", name, s.names, pct(s.nameExact, s.names), pct(s.nameFolded, s.names),
			pct(s.editDist, s.nameChars), s.codes, pct(s.codeExact, s.codes), ms)
	}
}

// corpusAPI measures ReadAll with the default options: the first reading
// (Read's) and how often all its readings agree, and are right when they
// do.
func corpusAPI(t *testing.T, cells []corpusCell) {
	r, err := NewReader(Options{})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	defer r.Close()
	var s corpusScore
	byWriter := map[string]*corpusScore{}
	var rep repairScore
	repNoAlts := repairScore{noAlts: true}
	agree := map[Field][2]int{} // agreeing, agreeing and right
	start := time.Now()
	for _, c := range cells {
		rds, err := r.ReadAll(c.img, c.field)
		if err != nil {
			t.Fatalf("api %s: %v", c.id, err)
		}
		s.add(c, rds[0].Text)
		if byWriter[c.writer] == nil {
			byWriter[c.writer] = &corpusScore{}
		}
		byWriter[c.writer].add(c, rds[0].Text)
		if c.field == Postal {
			rep.add(c.truth, rds)
			repNoAlts.add(c.truth, rds)
		}
		agreeing := fold(rds[0].Text) != ""
		for _, rd := range rds[1:] {
			agreeing = agreeing && fold(rd.Text) == fold(rds[0].Text)
		}
		if a := fold(rds[0].Text); agreeing {
			n := agree[c.field]
			n[0]++
			if a == fold(c.truth) {
				n[1]++
			}
			agree[c.field] = n
		}
	}
	ms := float64(time.Since(start).Milliseconds()) / float64(len(cells))
	t.Logf("%-16s %6d %7.1f%% %7.1f%% %6.1f%% %6d %7.1f%% %9.1f (ReadAll, first reading)", "api", s.names, pct(s.nameExact, s.names), pct(s.nameFolded, s.names),
		pct(s.editDist, s.nameChars), s.codes, pct(s.codeExact, s.codes), ms)
	for _, f := range []Field{Name, Postal} {
		n, total := agree[f], s.names
		if f == Postal {
			total = s.codes
		}
		t.Logf("api %-6s readings agree on %d of %d cells (%.1f%%), right when agreeing: %.1f%%", f, n[0], total, pct(n[0], total), pct(n[1], n[0]))
	}
	for _, w := range slices.Sorted(maps.Keys(byWriter)) {
		ws := byWriter[w]
		t.Logf("api writer %-16s names %3d exact %5.1f%% CER %5.1f%%, codes %3d exact %5.1f%%", w, ws.names, pct(ws.nameExact, ws.names), pct(ws.editDist, ws.nameChars), ws.codes, pct(ws.codeExact, ws.codes))
	}
	t.Logf("api postal + postal.Repair: %d of %d codes accepted (valid reading, or unique repair of the first then second reading, never FourDigits), %.1f%% of them right; %d right overall (%.1f%%)",
		rep.accepted, s.codes, pct(rep.right, rep.accepted), rep.right, pct(rep.right, s.codes))
	for _, h := range slices.Sorted(maps.Keys(rep.how)) {
		t.Logf("api postal + postal.Repair by %-12s accepted %3d, right %3d (%.1f%%)", h, rep.how[h][0], rep.how[h][1], pct(rep.how[h][1], rep.how[h][0]))
	}
	t.Logf("api postal + postal.Repair without the OCR alternatives: %d accepted, %.1f%% right; %d right overall",
		repNoAlts.accepted, pct(repNoAlts.right, repNoAlts.accepted), repNoAlts.right)
}

// repairScore counts postal codes a caller would accept after
// postal.Repair, in all and per kind of repair (Candidate.How).
type repairScore struct {
	noAlts          bool // ignore the OCR's alternatives
	accepted, right int
	how             map[string][2]int
}

func (s *repairScore) add(truth string, rds []Reading) {
	if s.how == nil {
		s.how = map[string][2]int{}
	}
	for _, rd := range rds {
		code := strings.ReplaceAll(rd.Text, " ", "")
		var alts [][]rune
		for _, c := range rd.Chars {
			var a []rune
			for _, alt := range c.Alts {
				a = append(a, []rune(alt.Text)...)
			}
			alts = append(alts, a)
		}
		if len(alts) != len([]rune(code)) || s.noAlts {
			alts = nil
		}
		sg := postal.Repair(code, alts)
		if sg.Best != nil && sg.Unique && !sg.FourDigits {
			s.accepted++
			h := s.how[sg.Best.How]
			h[0]++
			if sg.Best.Code == truth {
				s.right++
				h[1]++
			}
			s.how[sg.Best.How] = h
			return
		}
	}
}

var corpusShow = flag.Bool("corpus-show", false, "with -v, print every reading of TestCorpus")

type corpusScore struct {
	names, nameExact, nameFolded, editDist, nameChars int
	codes, codeExact                                  int
}

func (s *corpusScore) add(c corpusCell, got string) {
	switch c.field {
	case Name:
		s.names++
		if got == c.truth {
			s.nameExact++
		}
		ft, fg := fold(c.truth), fold(got)
		if ft == fg {
			s.nameFolded++
		}
		s.editDist += levenshtein([]rune(ft), []rune(fg))
		s.nameChars += len([]rune(ft))
	case Postal:
		s.codes++
		if strings.ReplaceAll(got, " ", "") == c.truth {
			s.codeExact++
		}
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// fold upper-cases s, removes accents and punctuation other than the
// hyphen, and collapses spaces: how names are compared.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ' || r == 'Œ':
			b.WriteString("OE")
		case r == 'æ' || r == 'Æ':
			b.WriteString("AE")
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-':
			b.WriteRune(unicode.ToUpper(r))
		default:
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// levenshtein is the edit distance between a and b.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestFoldAndLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"TRUONG François", "TRUONG FRANCOIS", 0},
		{"MICHAUD NOËL", "michaud noel", 0},
		{"DE OLIVEIRA  ARTHUR", "DE OLIVEIRA ARTHUR", 0},
		{"L'HÔTE Anne-Marie", "L HOTE ANNE-MARIE", 0},
		{"BOUZID", "BOUZIO", 1},
		{"ABC", "", 3},
	}
	for _, tt := range tests {
		if got := levenshtein([]rune(fold(tt.a)), []rune(fold(tt.b))); got != tt.want {
			t.Errorf("levenshtein(fold(%q), fold(%q)) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// newTestReader returns a Reader with the default options or skips the
// test when Tesseract cannot start (no libtesseract data on this machine).
func newTestReader(tb testing.TB) *Reader {
	tb.Helper()
	r, err := NewReader(Options{})
	if err != nil {
		tb.Skipf("tesseract unavailable: %v", err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}
