package review

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sheetscan/sheetscan/store"
)

// tallySeed is a row stored as already decided: what the tally counts.
type tallySeed struct {
	Name, Postal          string
	Status                string // store.RowAccepted, RowCorrected, RowFlagged, RowBlank
	Signed, Struck, Blank bool
}

// seedTallyPage stores one page of campaign from file path with rows in
// the given states and returns their ids in order.
func seedTallyPage(tb testing.TB, db *store.DB, campaign, path string, rows []tallySeed) []int64 {
	tb.Helper()
	ctx := context.Background()
	n := seedCounter.Add(1)
	f, _, err := db.BeginFile(ctx, campaign, store.File{Path: path,
		SHA256: fmt.Sprintf("tally-%d-%d", n, time.Now().UnixNano()), Size: 1, Format: "png"})
	if err != nil {
		tb.Fatal(err)
	}
	recs := make([]store.Row, len(rows))
	for i, r := range rows {
		y := 100 + 60*i
		recs[i] = store.Row{Index: i, Number: i + 1, NumberSource: "read", X0: 50, Y0: y, X1: 1150, Y1: y + 56,
			Name: r.Name, NameOCR: r.Name, PostalCode: r.Postal, PostalOCR: r.Postal,
			Signed: r.Signed, Struck: r.Struck, Blank: r.Blank, Status: r.Status, Confidence: 0.9}
		if r.Status == store.RowFlagged {
			recs[i].Reasons = []string{"low_confidence"}
			recs[i].Confidence = 0.3
		}
	}
	p := &store.Page{FileID: f.ID, Index: 1, Status: store.PageOK, DPI: 150, Width: 1200, Height: 200 + 60*len(rows), FormPage: 2}
	if err := db.SavePage(ctx, p, cellPNG(tb, 120, 80, 1), recs); err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

// tallyFixture is a campaign whose counts follow from the rows by the
// rules of issue 7: valid = filled, signed, not struck, accepted or
// corrected; flagged rows await review; a repeated signer on another sheet
// is a duplicate pair for a reviewer to decide.
func tallyFixture(tb testing.TB, db *store.DB) (dupRowIDs []int64) {
	tb.Helper()
	a := seedTallyPage(tb, db, "juin", "lot1.png", []tallySeed{
		{Name: "Jean Dupont", Postal: "75011", Status: store.RowAccepted, Signed: true},              // valid, Paris
		{Name: "Marie Curie", Postal: "75005", Status: store.RowCorrected, Signed: true},             // valid, Paris
		{Name: "Paul Martin", Postal: "69001", Status: store.RowAccepted, Signed: true},              // valid, Rhône
		{Name: "Luc Santoni", Postal: "20000", Status: store.RowAccepted, Signed: true},              // valid, Corse-du-Sud
		{Name: "Ana Ferreira", Postal: "13001", Status: store.RowFlagged, Signed: true},              // pending, Bouches-du-Rhône
		{Status: store.RowBlank, Blank: true},                                                        // blank
		{Name: "Zoé Roux", Postal: "69002", Status: store.RowAccepted, Signed: false},                // invalid: not signed
		{Name: "Léa Petit", Postal: "69003", Status: store.RowCorrected, Signed: true, Struck: true}, // invalid: struck
	})
	b := seedTallyPage(tb, db, "juin", "lot2.png", []tallySeed{
		{Name: "JEAN DUPONT", Postal: "75011", Status: store.RowAccepted, Signed: true}, // the same signer again
		{Name: "Hugo Morel", Postal: "13002", Status: store.RowFlagged, Signed: true},   // pending
	})
	return []int64{a[0], b[0]}
}

var totalRE = regexp.MustCompile(`id="(t-[a-z-]+)"[^>]*>(\d+)<`)

// totals reads the figures of the tally page's totals by element id.
func totals(tb testing.TB, body string) map[string]int {
	tb.Helper()
	m := map[string]int{}
	for _, s := range totalRE.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(s[2])
		m[s[1]] = n
	}
	if len(m) == 0 {
		tb.Fatalf("no totals in page:\n%.800s", body)
	}
	return m
}

func TestTallyPageTotals(t *testing.T) {
	db := openDB(t)
	dup := tallyFixture(t, db)
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)

	code, body := c.get("/tally")
	if code != http.StatusOK {
		t.Fatalf("GET /tally = %d\n%.600s", code, body)
	}
	// Before any decision the repeated signer counts twice and the pair
	// waits for a reviewer.
	want := map[string]int{"t-valid": 5, "t-pending": 2, "t-invalid": 2, "t-blank": 1, "t-duplicates": 0,
		"t-pending-dup": 1, "t-erased": 0, "t-rows": 10}
	got := totals(t, body)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("before the decision: %s = %d, want %d", k, got[k], w)
		}
	}
	if miss := contains(body, "Paris", "Rhône", "Corse-du-Sud", `data-key="2A"`, "Bouches-du-Rhône", "Chiffres provisoires", `href="/tally"`); miss != "" {
		t.Errorf("tally page lacks %q", miss)
	}

	// A reviewer confirms the pair: the signer counts once.
	ds, err := db.Duplicates(context.Background(), store.DuplicateFilter{Status: store.DupPending})
	if err != nil || len(ds) != 1 || ds[0].A.RowID != dup[0] || ds[0].B.RowID != dup[1] {
		t.Fatalf("pending duplicates = %+v, %v; want the pair %v", ds, err, dup)
	}
	if err := db.DecideDuplicate(context.Background(), ds[0].ID, true, "alice"); err != nil {
		t.Fatal(err)
	}
	_, body = c.get("/tally")
	want["t-valid"], want["t-duplicates"], want["t-pending-dup"] = 4, 1, 0
	got = totals(t, body)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("after confirming the pair: %s = %d, want %d", k, got[k], w)
		}
	}
}

// TestTallyPageErased checks that a row erased on a data-protection
// request leaves the valid count and stays counted, anonymously.
func TestTallyPageErased(t *testing.T) {
	db := openDB(t)
	ids := seedTallyPage(t, db, "juin", "lot.png", []tallySeed{
		{Name: "Jean Dupont", Postal: "75011", Status: store.RowAccepted, Signed: true},
		{Name: "Marie Curie", Postal: "75005", Status: store.RowAccepted, Signed: true},
		{Status: store.RowBlank, Blank: true},
	})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	if _, err := db.ErasePerson(context.Background(), ids[0], "dpo"); err != nil {
		t.Fatal(err)
	}
	_, body := c.get("/tally")
	got := totals(t, body)
	want := map[string]int{"t-valid": 1, "t-erased": 1, "t-blank": 1, "t-rows": 3}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("after erasing a valid row: %s = %d, want %d", k, got[k], w)
		}
	}
	if strings.Contains(body, "Jean Dupont") {
		t.Error("tally page shows the erased name")
	}
}

// TestTallyPageDuplicateSearch checks that the page looks for new
// duplicate pairs, but not again within dupSearchTTL.
func TestTallyPageDuplicateSearch(t *testing.T) {
	db := openDB(t)
	seedTallyPage(t, db, "juin", "a.png", []tallySeed{
		{Name: "Jean Dupont", Postal: "75011", Status: store.RowAccepted, Signed: true},
	})
	s, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	_, body := c.get("/tally")
	if got := totals(t, body)["t-pending-dup"]; got != 0 {
		t.Fatalf("one signer: %d pending duplicate pairs, want 0", got)
	}
	seedTallyPage(t, db, "juin", "b.png", []tallySeed{
		{Name: "Jean Dupond", Postal: "75011", Status: store.RowAccepted, Signed: true},
	})
	_, body = c.get("/tally")
	if got := totals(t, body); got["t-pending-dup"] != 0 || got["t-valid"] != 2 {
		t.Errorf("within %v of the last search: %v, want the new row counted and no new pair yet", dupSearchTTL, got)
	}
	s.dups.mu.Lock()
	s.dups.at = time.Now().Add(-dupSearchTTL)
	s.dups.mu.Unlock()
	_, body = c.get("/tally")
	if got := totals(t, body)["t-pending-dup"]; got != 1 {
		t.Errorf("after %v: %d pending duplicate pairs, want 1 (Dupont/Dupond, same code)", dupSearchTTL, got)
	}
}

func TestTallyPageEmpty(t *testing.T) {
	db := openDB(t)
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	code, body := c.get("/tally")
	if code != http.StatusOK {
		t.Fatalf("GET /tally on an empty database = %d", code)
	}
	if miss := contains(body, "rien à compter", `id="chart-empty"`, "Aucune ligne importée."); miss != "" {
		t.Errorf("tally page of an empty database lacks %q", miss)
	}
	if strings.Contains(body, "Chiffres définitifs") {
		t.Error("tally page calls the figures of an empty database final")
	}
}

func TestTallyPageFinal(t *testing.T) {
	db := openDB(t)
	seedTallyPage(t, db, "mai", "mai.png", []tallySeed{
		{Name: "Jean Dupont", Postal: "97110", Status: store.RowAccepted, Signed: true},
		{Status: store.RowBlank, Blank: true},
	})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("bob", nil)
	_, body := c.get("/tally")
	if miss := contains(body, "Chiffres définitifs", "Guadeloupe", "971"); miss != "" {
		t.Errorf("tally page of a fully reviewed campaign lacks %q", miss)
	}
	if got := totals(t, body); got["t-valid"] != 1 || got["t-pending"] != 0 || got["t-blank"] != 1 {
		t.Errorf("totals = %v, want 1 valid, 0 pending, 1 blank", got)
	}
}

// TestTallyPageChartOrder checks that the department bars come by
// decreasing valid count, each with its pending count beside it.
func TestTallyPageChartOrder(t *testing.T) {
	db := openDB(t)
	tallyFixture(t, db)
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	_, body := c.get("/tally")
	start := strings.Index(body, `id="chart"`)
	end := strings.Index(body, "</svg>")
	if start < 0 || end < start {
		t.Fatalf("no chart in page:\n%.800s", body)
	}
	svg := body[start:end]
	keys := regexp.MustCompile(`data-key="([^"]*)"`).FindAllStringSubmatch(svg, -1)
	var order []string
	for _, k := range keys {
		order = append(order, k[1])
	}
	// Paris 3 valid, then Corse-du-Sud and Rhône 1 each (key order), then
	// Bouches-du-Rhône with 2 pending only.
	if want := []string{"75", "2A", "69", "13"}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("chart bars = %v, want %v", order, want)
	}
	// In the table too the rows of no department come last.
	table := body[strings.Index(body, `id="tally-table"`):]
	if p, u := strings.Index(table, "Bouches-du-Rhône"), strings.Index(table, unknownLabel); p < 0 || u < p {
		t.Errorf("table: unknown department at %d, before Bouches-du-Rhône at %d", u, p)
	}
	if !strings.Contains(svg, "+2 à relire") {
		t.Errorf("chart does not show the 2 rows awaiting review beside Bouches-du-Rhône:\n%s", svg)
	}
}

func TestTallyPageGroupings(t *testing.T) {
	db := openDB(t)
	tallyFixture(t, db)
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	tests := []struct {
		by   string
		code int
		want []string
	}{
		{"department", http.StatusOK, []string{"Tableau par département", "Paris", "inconnu (pas de code postal valable)"}},
		{"postal", http.StatusOK, []string{"Tableau par code postal", "75011", "Ajaccio"}},
		{"commune", http.StatusOK, []string{"Tableau par commune", "Ajaccio"}},
		{"sheet", http.StatusOK, []string{"Tableau par feuille", "lot1.png page 1", "lot2.png page 1"}},
		{"day", http.StatusOK, []string{"Tableau par jour", time.Now().UTC().Format("2006-01-02")}},
		{"campaign", http.StatusOK, []string{"Tableau par campagne", "juin"}},
		{"nonsense", http.StatusBadRequest, []string{"unknown grouping"}},
		{"<script>", http.StatusBadRequest, []string{"unknown grouping"}},
	}
	for _, tt := range tests {
		t.Run(tt.by, func(t *testing.T) {
			code, body := c.get("/tally?by=" + url.QueryEscape(tt.by))
			if code != tt.code {
				t.Fatalf("GET /tally?by=%s = %d, want %d", tt.by, code, tt.code)
			}
			if miss := contains(body, tt.want...); miss != "" {
				t.Errorf("GET /tally?by=%s lacks %q:\n%.600s", tt.by, miss, body)
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("GET /tally?by=%s echoes a raw <script>", tt.by)
			}
		})
	}
}

// TestTallyPageEscapes stores a campaign and a file whose names carry
// markup: they reach the page only escaped.
func TestTallyPageEscapes(t *testing.T) {
	db := openDB(t)
	const evil = `<script>alert("x")</script>`
	seedTallyPage(t, db, "camp"+evil, "scan"+evil+".png", []tallySeed{
		{Name: "Jean " + evil, Postal: "75011", Status: store.RowAccepted, Signed: true},
	})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	for _, by := range []string{"campaign", "sheet", "department"} {
		code, body := c.get("/tally?by=" + by)
		if code != http.StatusOK {
			t.Fatalf("GET /tally?by=%s = %d", by, code)
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("GET /tally?by=%s shows a raw <script>:\n%s", by, body)
		}
		if by != "department" && !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("GET /tally?by=%s does not show the escaped label", by)
		}
	}
}

func TestTallyPageMethods(t *testing.T) {
	db := openDB(t)
	tallyFixture(t, db)
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	c.get("/tally")

	code, _, _ := c.post("/tally", url.Values{"csrf": {""}})
	if code != http.StatusForbidden {
		t.Errorf("POST /tally without CSRF token = %d, want %d", code, http.StatusForbidden)
	}
	code, _, _ = c.post("/tally", url.Values{})
	if code != http.StatusMethodNotAllowed {
		t.Errorf("POST /tally with CSRF token = %d, want %d", code, http.StatusMethodNotAllowed)
	}
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		req, err := http.NewRequest(m, base+"/tally", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s /tally = %d, want %d", m, resp.StatusCode, http.StatusMethodNotAllowed)
		}
	}
	// A GET changes no row.
	before, _ := db.Tally(context.Background(), store.TallyOptions{})
	c.get("/tally")
	after, _ := db.Tally(context.Background(), store.TallyOptions{})
	if before.Total != after.Total {
		t.Errorf("GET /tally changed the counts: %+v -> %+v", before.Total, after.Total)
	}
}

func TestTallyPageNeedsLogin(t *testing.T) {
	db := openDB(t)
	tallyFixture(t, db)
	_, base := startServer(t, Config{DB: db, Secret: "correct horse battery"})
	c := newClient(t, base)
	_, body := c.get("/tally")
	if strings.Contains(body, `id="t-valid"`) {
		t.Fatal("GET /tally without login shows the counts")
	}
	if !strings.Contains(body, `name="secret"`) {
		t.Errorf("GET /tally without login does not lead to the login form:\n%.600s", body)
	}
	c.login("alice", url.Values{"secret": {"correct horse battery"}})
	if code, body := c.get("/tally"); code != http.StatusOK || !strings.Contains(body, `id="t-valid"`) {
		t.Errorf("GET /tally after login = %d, no totals", code)
	}
}

func TestTallyPageCampaign(t *testing.T) {
	db := openDB(t)
	tallyFixture(t, db)
	seedTallyPage(t, db, "autre", "autre.png", []tallySeed{
		{Name: "Paul Autre", Postal: "01000", Status: store.RowAccepted, Signed: true},
	})
	_, base := startServer(t, Config{DB: db, Campaign: "autre"})
	c := newClient(t, base)
	c.login("alice", nil)
	_, body := c.get("/tally")
	if got := totals(t, body); got["t-valid"] != 1 || got["t-rows"] != 1 {
		t.Errorf("tally of campaign autre = %v, want 1 valid of 1 row", got)
	}
	if strings.Contains(body, "Paris") || !strings.Contains(body, "Ain") {
		t.Errorf("tally of campaign autre shows other campaigns' departments, or not its own")
	}
}

func TestNewBarChart(t *testing.T) {
	tests := []struct {
		name   string
		groups []store.TallyCount
		order  []string
	}{
		{"empty", nil, nil},
		{"nothing to draw", []store.TallyCount{{Key: "75", Blank: 3, Rows: 3}}, nil},
		{"by valid then pending then key", []store.TallyCount{
			{Key: "69", Valid: 2}, {Key: "75", Valid: 5, Pending: 1}, {Key: "13", Valid: 2, Pending: 4}, {Key: "01", Valid: 2},
		}, []string{"75", "13", "01", "69"}},
		{"unknown last", []store.TallyCount{{Key: "", Valid: 9}, {Key: "2B", Pending: 1}}, []string{"2B", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newBarChart(tt.groups)
			var order []string
			most := 0
			for _, b := range c.Bars {
				order = append(order, b.Key)
				most = max(most, b.Valid+b.Pending)
			}
			if strings.Join(order, ",") != strings.Join(tt.order, ",") || len(order) != len(tt.order) {
				t.Fatalf("newBarChart order = %q, want %q", order, tt.order)
			}
			area := chartWidth - chartLabelW - chartTextW
			prevY := -1
			for _, b := range c.Bars {
				if b.XPending != b.X+b.WValid {
					t.Errorf("bar %q: pending starts at %d, want beside valid at %d", b.Key, b.XPending, b.X+b.WValid)
				}
				if b.X+b.WValid+b.WPending > chartWidth-chartTextW {
					t.Errorf("bar %q: ends at %d, past the bar area", b.Key, b.X+b.WValid+b.WPending)
				}
				if b.Valid+b.Pending == most && b.WValid+b.WPending != area {
					t.Errorf("longest bar %q: length %d, want the full area %d", b.Key, b.WValid+b.WPending, area)
				}
				if (b.Pending > 0) != (b.WPending > 0) {
					t.Errorf("bar %q: %d pending drawn %d long", b.Key, b.Pending, b.WPending)
				}
				if b.Y <= prevY || b.Y+chartBarH > c.Height {
					t.Errorf("bar %q at y=%d (previous %d, height %d)", b.Key, b.Y, prevY, c.Height)
				}
				prevY = b.Y
			}
		})
	}
}

// Names far enough apart that only their repeats are duplicates: 40
// surnames by 25 given names, each pair once in 1000 rows.
var (
	benchSurnames = strings.Fields("Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent " +
		"Simon Michel Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine " +
		"Rousseau Vincent Muller Lefevre Faure Andre Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Garcia")
	benchGiven = strings.Fields("Jean Marie Pierre Anne Michel Sophie Claude Isabelle Philippe Nathalie Alain Sylvie " +
		"Jacques Catherine Bernard Christine Daniel Monique Patrick Françoise Nicolas Valérie Christophe Sandrine Julien")
)

// BenchmarkTallyPage serves the tally page of a campaign of 40 sheets of
// 25 rows (1000 rows, a third awaiting review, postal codes over many
// departments): two tallies and the rendering, with and without the
// search for duplicate pairs that the page does every dupSearchTTL.
func BenchmarkTallyPage(b *testing.B) {
	db := openDB(b)
	codes := []string{"75011", "69001", "13001", "20000", "97110", "01000", "33000", "59000", "35000", "67000"}
	for s := 0; s < 40; s++ {
		rows := make([]tallySeed, 25)
		for i := range rows {
			n := s*25 + i
			rows[i] = tallySeed{Name: benchSurnames[n%len(benchSurnames)] + " " + benchGiven[n/len(benchSurnames)%len(benchGiven)],
				Postal: codes[(s+i)%len(codes)],
				Status: store.RowAccepted, Signed: true}
			switch i % 3 {
			case 1:
				rows[i].Status = store.RowFlagged
			case 2:
				if i > 20 {
					rows[i] = tallySeed{Status: store.RowBlank, Blank: true}
				}
			}
		}
		seedTallyPage(b, db, "bench", fmt.Sprintf("sheet%02d.png", s), rows)
	}
	s, base := startServer(b, Config{DB: db, Logf: func(string, ...any) {}})
	c := newClient(b, base)
	c.login("bench", nil)
	for _, search := range []bool{false, true} {
		b.Run(map[bool]string{false: "counts", true: "counts+duplicates"}[search], func(b *testing.B) {
			for b.Loop() {
				if search {
					s.dups.mu.Lock()
					s.dups.at = time.Time{}
					s.dups.mu.Unlock()
				}
				if code, _ := c.get("/tally"); code != http.StatusOK {
					b.Fatalf("GET /tally = %d", code)
				}
			}
		})
	}
}
