package review

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sheetscan/sheetscan/store"
)

// seedRow is a flagged row to store: what the machine read.
type seedRow struct {
	Name, Postal string
	Reasons      []string
	Signed       bool
}

var seedCounter atomic.Int64

// seedPage stores one page of campaign with rows, each with small
// generated cell images (strokes whose count depends on the row, so that
// cells differ), and returns the stored rows' ids in order.
func seedPage(tb testing.TB, db *store.DB, campaign string, rows []seedRow) (pageID int64, ids []int64) {
	tb.Helper()
	ctx := context.Background()
	n := seedCounter.Add(1)
	f, _, err := db.BeginFile(ctx, campaign, store.File{Path: fmt.Sprintf("scan-%03d.png", n),
		SHA256: fmt.Sprintf("sha-%d-%d", n, time.Now().UnixNano()), Size: 1, Format: "png"})
	if err != nil {
		tb.Fatal(err)
	}
	const rowH, width = 60, 1200
	height := 200 + rowH*len(rows)
	recs := make([]store.Row, len(rows))
	for i, r := range rows {
		y := 100 + rowH*i
		recs[i] = store.Row{Index: i, Number: i + 1, NumberSource: "read",
			X0: 50, Y0: y, X1: width - 50, Y1: y + rowH - 4,
			Signed: r.Signed, NameOCR: r.Name, NameConf: 0.4, PostalOCR: r.Postal, PostalConf: 0.5,
			Name: r.Name, PostalCode: r.Postal, Status: store.RowFlagged, Reasons: r.Reasons, Confidence: 0.4,
			Cells: []store.Cell{
				{Kind: "name", X0: 100, Y0: y, X1: 700, Y1: y + rowH, PNG: cellPNG(tb, 600, rowH, i+3)},
				{Kind: "postal", X0: 700, Y0: y, X1: 880, Y1: y + rowH, PNG: cellPNG(tb, 180, rowH, 5)},
				{Kind: "signature", X0: 880, Y0: y, X1: 1150, Y1: y + rowH, PNG: cellPNG(tb, 270, rowH, 1+i%2)},
			}}
	}
	p := &store.Page{FileID: f.ID, Index: 1, Status: store.PageOK, DPI: 150, Width: width, Height: height, FormPage: 2}
	if err := db.SavePage(ctx, p, cellPNG(tb, width, height, len(rows)), recs); err != nil {
		tb.Fatal(err)
	}
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	return p.ID, ids
}

// cellPNG draws strokes dark strokes on white, like ink in a cell.
func cellPNG(tb testing.TB, w, h, strokes int) []byte {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for s := 0; s < strokes; s++ {
		x0 := 10 + s*(w-20)/max(strokes, 1)
		for t := 0; t < h*2/3; t++ {
			x, y := x0+t/4, h/6+t
			for dx := 0; dx < 3; dx++ {
				if x+dx < w && y < h {
					img.SetGray(x+dx, y, color.Gray{Y: 20})
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "review.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// startServer serves cfg over plain HTTP on 127.0.0.1 and returns its
// base URL.
func startServer(tb testing.TB, cfg Config) (*Server, string) {
	tb.Helper()
	if cfg.Logf == nil {
		cfg.Logf = tb.Logf
	}
	s, err := New(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return s, ts.URL
}

// client is one reviewer's browser without JavaScript: a cookie jar and
// the CSRF token of the last page.
type client struct {
	tb   testing.TB
	base string
	hc   *http.Client
	csrf string
}

func newClient(tb testing.TB, base string) *client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	return &client{tb: tb, base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns status and body, remembering the CSRF token.
func (c *client) get(path string) (int, string) {
	c.tb.Helper()
	resp, err := c.hc.Get(c.base + path)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return resp.StatusCode, string(b)
}

// post sends a form with the CSRF token (unless the form has its own
// "csrf") and returns status, final URL path and body.
func (c *client) post(path string, form url.Values) (int, string, string) {
	c.tb.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	resp, err := c.hc.PostForm(c.base+path, form)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return resp.StatusCode, resp.Request.URL.RequestURI(), string(b)
}

// login opens the login form and logs in as name with the extra fields.
func (c *client) login(name string, extra url.Values) (int, string) {
	c.tb.Helper()
	c.get("/login")
	form := url.Values{"name": {name}}
	for k, v := range extra {
		form[k] = v
	}
	code, path, _ := c.post("/login", form)
	return code, path
}

var (
	idRE      = regexp.MustCompile(`name="id" value="(\d+)"`)
	versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)
)

// formRow returns the row id and version of the row form in body.
func formRow(tb testing.TB, body string) (id, version string) {
	tb.Helper()
	a, b := idRE.FindStringSubmatch(body), versionRE.FindStringSubmatch(body)
	if a == nil || b == nil {
		tb.Fatalf("no row form in page:\n%.600s", body)
	}
	return a[1], b[1]
}

func contains(body string, subs ...string) string {
	for _, s := range subs {
		if !strings.Contains(body, s) {
			return s
		}
	}
	return ""
}
