package rows

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var noNumbers = flag.Bool("nonumbers", false, "TestCorpus: do not read row numbers")

var trace = flag.Bool("rowstrace", false, "log the table search's reasoning")

var debugDir = flag.String("rowsdebug", "", "write each page's cells as PNG under this directory")

// pageScore counts agreements between Find and the truth on one page.
type pageScore struct {
	rowsFound, rowsWant          int
	numbersRight, numbersChecked int
	blankRight, signedRight      int
	struckRight, aligned         int
	errs                         []string
	maxUnstruck, minStruck       float64 // StruckScore margins
	notRead                      int     // rows numbered "corrected" or "inferred"
	matched                      int     // rows confirmed by DigitTemplates
}

// scorePage runs Find on the straightened page and compares with truth.
func scorePage(tb testing.TB, dir string, tp truthPage, nr NumberReader) pageScore {
	tb.Helper()
	img := loadPage(tb, filepath.Join(dir, tp.File), tp.PageInFile, tp.DPI)
	page, mapPt := straighten(tb, img, tp)
	return scoreFind(tb, page, tp, mapPt, nr)
}

// scoreFind runs Find on an upright page and compares with its truth;
// mapPt maps a point of the printed page (mm) to the page's pixels.
func scoreFind(tb testing.TB, page *image.Gray, tp truthPage, mapPt func(x, y float64) (float64, float64), nr NumberReader) pageScore {
	tb.Helper()
	ps := pageScore{rowsWant: len(tp.Rows), minStruck: 1}
	if *debugDir != "" {
		writeOverlay(tb, filepath.Join(*debugDir, fmt.Sprintf("%s_p%d.png", tp.File, tp.PageInFile)), page, tp.DPI)
	}
	if br, ok := nr.(*batchReader); ok {
		// Record the cells, read them in one go. The recorder answers ""
		// so Find also asks for every second preparation in this pass.
		Find(page, tp.DPI, br)
		br.run()
	}
	if *trace {
		tracef = tb.Logf
		defer func() { tracef = func(string, ...any) {} }()
	}
	tab, err := Find(page, tp.DPI, nr)
	if err != nil {
		ps.errs = append(ps.errs, fmt.Sprintf("Find: %v", err))
		return ps
	}
	ps.rowsFound = len(tab.Rows)
	if *debugDir != "" {
		dumpCells(tb, filepath.Join(*debugDir, fmt.Sprintf("%s_p%d", tp.File, tp.PageInFile)), tab)
	}
	if !tab.HeaderFound {
		ps.errs = append(ps.errs, "HeaderFound = false")
	}
	if nr != nil && tab.FormPage != tp.FormPage {
		ps.errs = append(ps.errs, fmt.Sprintf("FormPage = %d, want %d", tab.FormPage, tp.FormPage))
	}
	for _, tr := range tp.Rows {
		x, y := mapPt((tr.BoxMM[0]+tr.BoxMM[2])/2, (tr.BoxMM[1]+tr.BoxMM[3])/2)
		var r *Row
		for i := range tab.Rows {
			if (image.Point{int(x), int(y)}).In(tab.Rows[i].Box) {
				r = &tab.Rows[i]
			}
		}
		if r == nil {
			ps.errs = append(ps.errs, fmt.Sprintf("row %d (at %.0f,%.0f): not found", tr.Number, x, y))
			continue
		}
		ps.aligned++
		if nr != nil {
			ps.numbersChecked++
			switch r.NumberSource {
			case SourceMatched:
				ps.matched++
			case SourceCorrected, SourceInferred:
				ps.notRead++
			}
			if r.Number == tr.Number {
				ps.numbersRight++
			} else {
				ps.errs = append(ps.errs, fmt.Sprintf("row %d: Number = %d (%s, read %q %.2f)", tr.Number, r.Number, r.NumberSource, r.NumberText, r.NumberConf))
			}
		}
		if r.Blank == tr.Blank {
			ps.blankRight++
		} else {
			ps.errs = append(ps.errs, fmt.Sprintf("row %d: Blank = %v (score %.1f mm²) %v", tr.Number, r.Blank, r.BlankScore, tr.Notes))
		}
		if r.Signed == tr.Signed {
			ps.signedRight++
		} else {
			ps.errs = append(ps.errs, fmt.Sprintf("row %d: Signed = %v (score %.1f mm²) %v", tr.Number, r.Signed, r.SignedScore, tr.Notes))
		}
		if tr.Struck {
			ps.minStruck = math.Min(ps.minStruck, r.StruckScore)
		} else {
			ps.maxUnstruck = math.Max(ps.maxUnstruck, r.StruckScore)
		}
		if r.Struck == tr.Struck {
			ps.struckRight++
		} else {
			ps.errs = append(ps.errs, fmt.Sprintf("row %d: Struck = %v (score %.2f) %v", tr.Number, r.Struck, r.StruckScore, tr.Notes))
		}
	}
	return ps
}

func dumpCells(tb testing.TB, dir string, t *Table) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, r := range t.Rows {
		for name, c := range map[string]Cell{"name": r.Name, "postal": r.Postal, "sig": r.Signature} {
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%02d_%s.png", r.Index, name)))
			if err != nil {
				tb.Fatal(err)
			}
			png.Encode(f, c.Image)
			f.Close()
		}
	}
}

// runPages scores every page of a corpus directory and logs the figures.
func runPages(t *testing.T, dir string, nr func(testing.TB) NumberReader, strict bool) {
	parallel := !*trace
	var mu sync.Mutex
	pages := loadTruth(t, dir)
	scans := filepath.Join(dir, "scans")
	if st, err := os.Stat(scans); err != nil || !st.IsDir() {
		scans = dir
	}
	var tot pageScore
	for _, tp := range pages {
		name := fmt.Sprintf("%s#%d", strings.ReplaceAll(tp.File, " ", "_"), tp.PageInFile)
		t.Run(name, func(t *testing.T) {
			if parallel {
				t.Parallel()
			}
			ps := scorePage(t, scans, tp, nr(t))
			t.Logf("%s: rows %d/%d, numbers %d/%d (%d matched, %d not read), blank %d/%d, signed %d/%d, struck %d/%d (scores: struck ≥ %.2f, others ≤ %.2f)",
				name, ps.rowsFound, ps.rowsWant, ps.numbersRight, ps.numbersChecked, ps.matched, ps.notRead,
				ps.blankRight, ps.aligned, ps.signedRight, ps.aligned, ps.struckRight, ps.aligned, ps.minStruck, ps.maxUnstruck)
			for _, e := range ps.errs {
				t.Log("  " + e)
			}
			if strict {
				if ps.rowsFound != ps.rowsWant {
					t.Errorf("Find(%s) found %d rows, want %d", name, ps.rowsFound, ps.rowsWant)
				}
				if ps.numbersRight != ps.numbersChecked {
					t.Errorf("Find(%s): %d of %d row numbers right, want all", name, ps.numbersRight, ps.numbersChecked)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			tot.rowsFound += ps.rowsFound
			tot.rowsWant += ps.rowsWant
			tot.numbersRight += ps.numbersRight
			tot.numbersChecked += ps.numbersChecked
			tot.notRead += ps.notRead
			tot.matched += ps.matched
			tot.blankRight += ps.blankRight
			tot.signedRight += ps.signedRight
			tot.struckRight += ps.struckRight
			tot.aligned += ps.aligned
		})
	}
	t.Cleanup(func() { logTotal(t, len(pages), tot) })
}

func logTotal(t *testing.T, pages int, tot pageScore) {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	t.Logf("TOTAL %d pages: rows %d/%d, numbers %d/%d (%.1f%%; %d matched to the page's digits, %d corrected or inferred), blank %.1f%%, signed %.1f%%, struck %.1f%% (of %d aligned rows)",
		pages, tot.rowsFound, tot.rowsWant, tot.numbersRight, tot.numbersChecked, pct(tot.numbersRight, tot.numbersChecked), tot.matched, tot.notRead,
		pct(tot.blankRight, tot.aligned), pct(tot.signedRight, tot.aligned), pct(tot.struckRight, tot.aligned), tot.aligned)
}

func TestSamples(t *testing.T) {
	nr := func(testing.TB) NumberReader { return nil }
	if haveTesseract() && !testing.Short() {
		nr = func(tb testing.TB) NumberReader { return newBatchReader(tb) }
	} else {
		t.Log("row numbers not checked (tesseract not on PATH or -short)")
	}
	runPages(t, "../testdata/scans", nr, true)
}

func TestCorpus(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory")
	}
	nr := func(testing.TB) NumberReader { return nil }
	if haveTesseract() && !*noNumbers {
		nr = func(tb testing.TB) NumberReader { return newBatchReader(tb) }
	}
	runPages(t, *corpusDir, nr, false)
}

// TestTableEnds reads three generated pages (cmd/mkforms, set final14)
// whose table's ends were misplaced: on two, the data-protection notice
// under the table, justified flush with its border, stretched some column
// rules down through its lines and one line of text became a 36th row; on
// the third, a fold across the page cut the header's column rules short
// and row 1 was taken for the header. Every row and number must be found.
// (petition_026 and scan_0012 re-encoded as JPEG at quality 60 to keep
// the repository small.)
func TestTableEnds(t *testing.T) {
	nr := func(testing.TB) NumberReader { return nil }
	if haveTesseract() && !testing.Short() {
		nr = func(tb testing.TB) NumberReader { return newBatchReader(tb) }
	}
	runPages(t, "testdata/ends", nr, true)
}

// TestRefusedPages reads two generated pages that were refused as not the
// form. scan_0040 (set unseen4; JPEG re-encoded at quality 60): a bilevel
// scan lost its grey rules, so the grid comes from the printed text
// (textGrid), and its proportional face sets the two ones of "11" 0.4 of
// their height apart: the number fell apart and row 11 was taken for the
// header. petition_028 (set unseen2, bilevel): its name column is a
// little narrower than the signature column (71 and 72 mm), which the
// grid's check refused, and its header labels are set left, which the
// fallback, taking them for centred, could not place (before the first
// fix, it took row 11 for the header). petition_068 (set unseen4, bilevel
// 150 dpi) was not refused but numbered 1..25 for 11..35: the dotted ends
// of its horizontal rules put the table's left border 5 mm inside the
// one seen, which cut the first digit off every number. Every row and
// number must be found.
func TestRefusedPages(t *testing.T) {
	nr := func(testing.TB) NumberReader { return nil }
	if haveTesseract() && !testing.Short() {
		nr = func(tb testing.TB) NumberReader { return newBatchReader(tb) }
	}
	runPages(t, "testdata/refused", nr, true)
}

// TestRulesUnderTextGrid reads two generated pages whose grid comes from
// the printed text (textGrid) although their rules are there: justified
// text under or beside the table, flush with its border, stretched two
// column rules past the others, and findGrid could not group them.
// petition_046 (set unseen4): two signatures joined to a rule that stayed
// in the ink went with it, and their rows were read blank. petition_021
// (set final14): a row written across its top rule, joined to it, was
// read blank. Every row must be found, blank and signed right. (Both
// re-encoded as JPEG at quality 60 to keep the repository small.)
func TestRulesUnderTextGrid(t *testing.T) {
	allBlankSignedRight(t, "testdata/textgrid")
}

// TestCutSignatures reads a generated page (cmd/mkforms, set final3;
// binarised, kept as PNG) whose tall signatures cross the rules between
// rows: three unsigned rows (17, 26, 31) held only small pieces of their
// neighbours' signatures, cut off by the rules' removal, and were read as
// signed (SharedSignedMinInk). Every row's Signed and Blank must be right.
func TestCutSignatures(t *testing.T) {
	allBlankSignedRight(t, "testdata/cutsig")
}

// TestStrikeTouchingSignature reads a generated page (cmd/mkforms, set
// unseen7; re-encoded as JPEG at quality 60) whose row 11 is struck
// through name, code and signature, the strike touching the signature of
// row 12 that rises into it. The strike went whole to row 12, with row
// 11's writing: row 11 was read blank and row 12 struck (splitStrikes).
func TestStrikeTouchingSignature(t *testing.T) {
	allBlankSignedRight(t, "testdata/strike")
	for _, tp := range loadTruth(t, "testdata/strike") {
		if ps := scorePage(t, "testdata/strike", tp, nil); ps.struckRight != ps.aligned {
			t.Errorf("%s: Struck right on %d of %d rows, want all", tp.File, ps.struckRight, ps.aligned)
		}
	}
}

// allBlankSignedRight runs Find on each page of the labelled folder dir
// and wants every row found, with Blank and Signed right.
func allBlankSignedRight(t *testing.T, dir string) {
	t.Helper()
	for _, tp := range loadTruth(t, dir) {
		ps := scorePage(t, dir, tp, nil)
		for _, e := range ps.errs {
			t.Log("  " + e)
		}
		if ps.aligned != len(tp.Rows) || ps.signedRight != ps.aligned || ps.blankRight != ps.aligned {
			t.Errorf("%s: %d of %d rows found, Signed right on %d, Blank on %d; want all", tp.File, ps.aligned, len(tp.Rows), ps.signedRight, ps.blankRight)
		}
	}
}
