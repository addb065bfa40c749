package review

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sheetscan/sheetscan/store"
)

var long = flag.Bool("long", false, "run the load test on 10,000 rows with 16 clients")

// seedMany stores n flagged rows, 25 to a page, sharing one small cell
// image: enough for claims and saves, cheap to make.
func seedMany(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	ctx := context.Background()
	cell := cellPNG(tb, 120, 24, 2)
	for p := 0; p*25 < n; p++ {
		f, _, err := db.BeginFile(ctx, "load", store.File{Path: fmt.Sprintf("load-%04d.png", p), SHA256: fmt.Sprintf("load-%d", p), Size: 1})
		if err != nil {
			tb.Fatal(err)
		}
		var rows []store.Row
		for i := 0; i < 25 && p*25+i < n; i++ {
			rows = append(rows, store.Row{Index: i, Number: i + 1, X0: 0, Y0: 40 * i, X1: 1000, Y1: 40*i + 38,
				Signed: true, NameOCR: "NOM", Name: "NOM", PostalOCR: "75011", PostalCode: "75011",
				Status: store.RowFlagged, Reasons: []string{"name_low_confidence"},
				Cells: []store.Cell{{Kind: "name", PNG: cell}}})
		}
		if err := db.SavePage(ctx, &store.Page{FileID: f.ID, Index: 1, Status: store.PageOK}, nil, rows); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestConcurrentReviewersLoseNoSave has several reviewers claim and save
// every flagged row over plain HTTP at once: each row must be handed to
// exactly one reviewer, saved exactly once, with one audit entry, and no
// save may be refused as a conflict (claims keep reviewers apart).
func TestConcurrentReviewersLoseNoSave(t *testing.T) {
	rows, clients := 2000, 8
	if *long {
		rows, clients = 10000, 16
	} else if testing.Short() {
		rows = 300
	}
	db := openDB(t)
	seedMany(t, db, rows)
	_, base := startServer(t, Config{DB: db, ClaimTTL: 5 * time.Minute})

	var mu sync.Mutex
	handed := map[int64]string{} // row id -> reviewer it was handed to
	var lat []time.Duration
	var errs []string
	saves := 0
	fail := func(format string, a ...any) {
		mu.Lock()
		errs = append(errs, fmt.Sprintf(format, a...))
		mu.Unlock()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(who string) {
			defer wg.Done()
			c := newClient(t, base)
			c.get("/login")
			resp, err := c.hc.PostForm(base+"/login", url.Values{"name": {who}, "csrf": {c.csrf}})
			if err != nil {
				fail("%s login: %v", who, err)
				return
			}
			resp.Body.Close()
			for {
				resp, err := c.hc.Get(base + "/api/next")
				if err != nil {
					fail("%s next: %v", who, err)
					return
				}
				if resp.StatusCode == http.StatusNoContent {
					resp.Body.Close()
					return
				}
				var r apiRow
				err = json.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					fail("%s next: status %d, %v", who, resp.StatusCode, err)
					return
				}
				mu.Lock()
				if prev, ok := handed[r.ID]; ok {
					errs = append(errs, fmt.Sprintf("row %d handed to %s after %s", r.ID, who, prev))
				}
				handed[r.ID] = who
				mu.Unlock()
				form := url.Values{"csrf": {c.csrf}, "id": {itoa(r.ID)}, "version": {fmt.Sprint(r.Version)},
					"name": {"NOM corrigé par " + who}, "postal": {"75011"}}
				t0 := time.Now()
				resp, err = c.hc.PostForm(base+"/api/save", form)
				d := time.Since(t0)
				if err != nil {
					fail("%s save %d: %v", who, r.ID, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					fail("%s save %d: status %d", who, r.ID, resp.StatusCode)
					continue
				}
				mu.Lock()
				saves++
				lat = append(lat, d)
				mu.Unlock()
			}
		}(fmt.Sprintf("reviewer-%d", i))
	}
	wg.Wait()
	total := time.Since(start)
	for i, e := range errs {
		if i == 10 {
			t.Errorf("... and %d more", len(errs)-10)
			break
		}
		t.Error(e)
	}
	if saves != rows || len(handed) != rows {
		t.Errorf("%d saves of %d rows handed out, want %d of %d", saves, len(handed), rows, rows)
	}
	// The database agrees: every row corrected once, one audit entry each.
	var left, audits, multi int
	sq := db.SQL()
	sq.QueryRow(`SELECT count(*) FROM rows WHERE status != 'corrected'`).Scan(&left)
	sq.QueryRow(`SELECT count(*) FROM audit`).Scan(&audits)
	sq.QueryRow(`SELECT count(*) FROM (SELECT row_id FROM audit GROUP BY row_id HAVING count(*) > 1)`).Scan(&multi)
	if left != 0 || audits != rows || multi != 0 {
		t.Errorf("database: %d rows not corrected, %d audit entries (want %d), %d rows with several", left, audits, rows, multi)
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		p95 := lat[len(lat)*95/100]
		t.Logf("%d clients saved %d rows in %v: save latency p50 %v, p95 %v, max %v (plain HTTP, WAL SQLite; timings noisy on 2 shared cores)",
			clients, saves, total.Round(time.Millisecond), lat[len(lat)/2].Round(time.Microsecond),
			p95.Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	}
}
