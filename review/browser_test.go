package review

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sheetscan/sheetscan/formgen"
	"github.com/sheetscan/sheetscan/store"
)

var screenshot = flag.Bool("screenshot", false, "write ../docs/review.png from the browser test (also env SHEETSCAN_SCREENSHOT=1)")

const chromiumPath = "/usr/bin/chromium"

// seedRendered renders page 2 of the original form at 150 dpi with
// entries in embedded handwriting faces and stores it with rows whose
// machine readings are reads[i] (flagged with their reasons), cells cut
// from the render. It returns the page id and the row ids.
func seedRendered(tb testing.TB, db *store.DB, campaign string, entries []formgen.Entry, reads []seedRow) (int64, []int64) {
	tb.Helper()
	const dpi = 150
	rng := rand.New(rand.NewSource(7))
	img, truth := formgen.Render(formgen.OriginalLayout(2), entries, dpi, rng)
	px := func(mm float64) int { return int(mm * dpi / 25.4) }
	crop := func(box [4]float64) ([]byte, image.Rectangle) {
		r := image.Rect(px(box[0]), px(box[1]), px(box[2]), px(box[3])).Intersect(img.Bounds())
		sub := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		draw.Draw(sub, sub.Bounds(), img, r.Min, draw.Src)
		var buf bytes.Buffer
		if err := png.Encode(&buf, sub); err != nil {
			tb.Fatal(err)
		}
		return buf.Bytes(), r
	}
	ctx := context.Background()
	n := seedCounter.Add(1)
	f, _, err := db.BeginFile(ctx, campaign, store.File{Path: "petition-" + strings.Repeat("0", 2) + string(rune('0'+n%10)) + ".png",
		SHA256: "rendered-" + time.Now().Format(time.RFC3339Nano), Size: 1, Format: "png"})
	if err != nil {
		tb.Fatal(err)
	}
	var rows []store.Row
	for i, rt := range truth.Rows {
		if i >= len(reads) || rt.Cells == nil {
			break
		}
		rd := reads[i]
		row := store.Row{Index: i, Number: rt.Number, NumberSource: "read",
			X0: px(rt.BoxMM[0]), Y0: px(rt.BoxMM[1]), X1: px(rt.BoxMM[2]), Y1: px(rt.BoxMM[3]),
			Signed: rd.Signed, NameOCR: rd.Name, NameConf: 0.41, PostalOCR: rd.Postal, PostalConf: 0.52,
			Name: rd.Name, PostalCode: rd.Postal, Status: store.RowFlagged, Reasons: rd.Reasons, Confidence: 0.4}
		if len(rd.Reasons) == 0 {
			row.Status = store.RowAccepted
		}
		for _, c := range []struct {
			kind string
			box  [4]float64
		}{{"name", rt.Cells.Name}, {"postal", rt.Cells.Postal}, {"signature", rt.Cells.Sig}} {
			b, r := crop(c.box)
			row.Cells = append(row.Cells, store.Cell{Kind: c.kind, X0: r.Min.X, Y0: r.Min.Y, X1: r.Max.X, Y1: r.Max.Y, PNG: b})
		}
		rows = append(rows, row)
	}
	var page bytes.Buffer
	if err := png.Encode(&page, img); err != nil {
		tb.Fatal(err)
	}
	p := &store.Page{FileID: f.ID, Index: 1, Status: store.PageOK, DPI: dpi,
		Width: img.Bounds().Dx(), Height: img.Bounds().Dy(), FormPage: 2}
	if err := db.SavePage(ctx, p, page.Bytes(), rows); err != nil {
		tb.Fatal(err)
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return p.ID, ids
}

// browser starts headless Chromium, or skips (fails under CI) when it is
// not installed.
func browser(tb testing.TB) context.Context {
	tb.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("browser test: %s missing under CI: install Debian's chromium package (make deps-test)", chromiumPath)
		}
		tb.Skipf("browser test skipped: %s not installed (apt-get install chromium, or make deps-test)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // we run as root in CI containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 1100),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	tb.Cleanup(func() { cancelT(); cancelB(); cancelA() })
	return ctx
}

// TestBrowserCorrectsRowWithKeyboard drives the review page in headless
// Chromium with the keyboard alone: correct a flagged row (type the name,
// Tab, type the postal code, Enter), mark the next one blank (Alt+B),
// undo it (Alt+Z), and checks the database and the audit trail.
func TestBrowserCorrectsRowWithKeyboard(t *testing.T) {
	ctx := browser(t)
	db := openDB(t)
	entries := []formgen.Entry{
		{Name: "LEFÈVRE Zoé", Postal: "75011", Signed: true, Font: formgen.HandFonts()[0]},
		{Blank: true},
		{Name: "Jean-Noël DURAND", Postal: "69003", Signed: true, Font: formgen.HandFonts()[1%len(formgen.HandFonts())]},
	}
	reads := []seedRow{
		{Name: "LEFEVRE Zoe", Postal: "75O11", Reasons: []string{"name_low_confidence", "postal_invalid"}, Signed: true},
		{Name: "", Postal: "", Reasons: []string{"blank_with_marks"}},
		{Name: "Jean-Noel DURAND", Postal: "69003", Reasons: []string{"name_disagree"}, Signed: true},
	}
	_, ids := seedRendered(t, db, "juin", entries, reads)
	if len(ids) != 3 {
		t.Fatalf("seeded %d rows, want 3", len(ids))
	}
	_, base := startServer(t, Config{DB: db, LocalOnly: true})

	// The reviewer's name, asked once.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#login-name")),
		chromedp.KeyEvent("Claire\r"),
		chromedp.WaitVisible(chromedp.CSS(`section.row[data-row="`+itoa(ids[0])+`"] #name`)),
		chromedp.WaitReady(chromedp.CSS("body[data-ready]")),
	)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	if *screenshot || os.Getenv("SHEETSCAN_SCREENSHOT") != "" {
		shot(t, ctx)
	}

	// A typical correction, keyboard only. The machine's reading is
	// selected in the focused name field: typing replaces it.
	const name, code = "LEFÈVRE Zoé", "75011"
	keys := []rune(name + "\t" + code + "\r")
	start := time.Now()
	err = chromedp.Do(ctx,
		chromedp.KeyEvent(name+"\t"+code),
		// Validity shows as you type, before Enter.
		chromedp.WaitVisible(chromedp.CSS("#postalinfo.valid")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`section.row[data-row="`+itoa(ids[1])+`"] #name`)),
		chromedp.WaitReady(chromedp.CSS("body[data-ready]")),
	)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("correcting row %d: %v", ids[0], err)
	}
	t.Logf("typical correction: %d keystrokes (%d for the name, Tab, %d for the postal code, Enter), %v from first key to next row shown (browser typing instantly; machine noisy, 2 shared cores)",
		len(keys), len([]rune(name)), len(code), elapsed.Round(time.Millisecond))

	r, err := db.RowByID(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != store.RowCorrected || r.Name != name || r.PostalCode != code || r.ReviewedBy != "Claire" {
		t.Errorf("row after keyboard correction: %q name %q postal %q by %q; want corrected %q %q by Claire",
			r.Status, r.Name, r.PostalCode, r.ReviewedBy, name, code)
	}
	trail, err := db.Audit(context.Background(), ids[0])
	if err != nil || len(trail) != 1 {
		t.Fatalf("audit of the corrected row: %d entries (%v), want 1", len(trail), err)
	}
	if e := trail[0]; e.Reviewer != "Claire" || e.Action != store.ActionCorrect ||
		!strings.Contains(e.Before, `"name":"LEFEVRE Zoe"`) || !strings.Contains(e.After, `"name":"LEFÈVRE Zoé"`) ||
		!strings.Contains(e.After, `"postal_code":"75011"`) {
		t.Errorf("audit entry %+v, want Claire's correction from LEFEVRE Zoe/75O11 to %s/%s", e, name, code)
	}

	// Alt+B: the shown row is blank; Alt+Z brings it back.
	err = chromedp.Do(ctx,
		chromedp.KeyEvent("b", chromedp.KeyModifiers(chromedp.ModifierAlt)),
		chromedp.WaitVisible(chromedp.CSS(`section.row[data-row="`+itoa(ids[2])+`"] #name`)),
		chromedp.WaitReady(chromedp.CSS("body[data-ready]")),
	)
	if err != nil {
		t.Fatalf("Alt+B: %v", err)
	}
	if r, _ := db.RowByID(context.Background(), ids[1]); r.Status != store.RowBlank {
		t.Errorf("after Alt+B row %d is %q, want blank", ids[1], r.Status)
	}
	err = chromedp.Do(ctx,
		chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierAlt)),
		chromedp.WaitVisible(chromedp.CSS(`section.row[data-row="`+itoa(ids[1])+`"] #name`)),
		chromedp.WaitReady(chromedp.CSS("body[data-ready]")),
	)
	if err != nil {
		t.Fatalf("Alt+Z: %v", err)
	}
	if r, _ := db.RowByID(context.Background(), ids[1]); r.Status != store.RowFlagged {
		t.Errorf("after Alt+Z row %d is %q, want flagged again", ids[1], r.Status)
	}

	// Alt+P: the row in its page, the page image loaded on demand.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#context image').getAttribute('href') || ''`))
	if err != nil || href != "" {
		t.Errorf("page image href before Alt+P = %q (%v), want none: loaded on demand", href, err)
	}
	err = chromedp.Do(ctx,
		chromedp.KeyEvent("p", chromedp.KeyModifiers(chromedp.ModifierAlt)),
		chromedp.WaitVisible(chromedp.CSS("#context svg.pagectx")),
		// The image's address is set right after the context shows: wait
		// for it rather than race it.
		chromedp.WaitReady(chromedp.CSS(`#context image[href^="/pageimg/"]`)),
	)
	if err != nil {
		t.Fatalf("Alt+P: %v", err)
	}
	href, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#context image').getAttribute('href') || ''`))
	if !strings.HasPrefix(href, "/pageimg/") {
		t.Errorf("page image href after Alt+P = %q, want /pageimg/…", href)
	}
}

// shot writes a screenshot of the review page to docs/review.png.
func shot(t *testing.T, ctx context.Context) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join("..", "docs", "review.png")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot written to %s", path)
}
