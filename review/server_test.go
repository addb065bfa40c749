package review

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sheetscan/sheetscan/store"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		name             string
		addr             string
		secret, accounts bool
		ok               bool
	}{
		{"loopback v4", "127.0.0.1:8080", false, false, true},
		{"loopback v6", "[::1]:8080", false, false, true},
		{"localhost", "localhost:0", false, false, true},
		{"all interfaces refused", "0.0.0.0:8080", false, false, false},
		{"empty host refused", ":8080", false, false, false},
		{"lan address refused", "192.168.1.10:8080", false, false, false},
		{"all interfaces with secret", "0.0.0.0:8080", true, false, true},
		{"all interfaces with accounts", ":8080", false, true, true},
		{"no port", "127.0.0.1", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAddr(tt.addr, tt.secret, tt.accounts)
			if (err == nil) != tt.ok {
				t.Errorf("CheckAddr(%q, secret %v, accounts %v) = %v, want ok %v", tt.addr, tt.secret, tt.accounts, err, tt.ok)
			}
		})
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "correct horse") || !strings.HasPrefix(h, "pbkdf2-sha256$") {
		t.Errorf("HashPassword = %q, want a pbkdf2-sha256 hash without the password", h)
	}
	h2, _ := HashPassword("correct horse")
	if h == h2 {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse", true},
		{h, "correct horsE", false},
		{h, "", false},
		{"pbkdf2-sha256$1$bad", "x", false},
		{"plain", "plain", false},
	}
	for _, tt := range tests {
		if got := CheckPassword(tt.hash, tt.pw); got != tt.want {
			t.Errorf("CheckPassword(%.20q, %q) = %v, want %v", tt.hash, tt.pw, got, tt.want)
		}
	}
}

func TestQueueEscapesEverythingFromOCRAndReviewers(t *testing.T) {
	db := openDB(t)
	const evil = `<script>alert(1)</script>`
	seedPage(t, db, "c", []seedRow{{Name: evil, Postal: `75011"><img src=x onerror=alert(2)>`,
		Reasons: []string{"name_low_confidence", `<b>x</b>`}, Signed: true}})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	if code, _ := c.login(evil, nil); code != http.StatusOK {
		t.Fatalf("login status %d", code)
	}
	code, body := c.get("/queue")
	if code != http.StatusOK {
		t.Fatalf("GET /queue = %d", code)
	}
	for _, bad := range []string{evil, "<img src=x", "<b>x</b>"} {
		if strings.Contains(body, bad) {
			t.Errorf("queue page contains %q unescaped", bad)
		}
	}
	if miss := contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;", "lecture du nom peu sûre"); miss != "" {
		t.Errorf("queue page lacks %q", miss)
	}
	// The sheet view shows the same name.
	pages, _ := db.Pages(context.Background(), "")
	_, sheet := c.get("/sheet/" + itoa(pages[0].ID))
	if strings.Contains(sheet, evil) || !strings.Contains(sheet, "&lt;script&gt;") {
		t.Errorf("sheet view does not escape the name")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestPostsWithoutCSRFTokenAreRefused(t *testing.T) {
	db := openDB(t)
	_, ids := seedPage(t, db, "c", []seedRow{{Name: "DUPONT Jean", Postal: "75011", Signed: true}})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	_, body := c.get("/queue")
	id, version := formRow(t, body)
	good := url.Values{"id": {id}, "version": {version}, "name": {"MARTIN Paul"}, "postal": {"75011"}}
	tests := []struct {
		name   string
		csrf   string
		origin string
	}{
		{"no token", "", ""},
		{"wrong token", strings.Repeat("A", 32), ""},
		{"right token, foreign origin", c.csrf, "http://evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			if tt.csrf != "" {
				f.Set("csrf", tt.csrf)
			}
			req, _ := http.NewRequest("POST", base+"/save", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST /save with %s = %d, want 403", tt.name, resp.StatusCode)
			}
		})
	}
	r, _ := db.RowByID(context.Background(), ids[0])
	if r.Status != store.RowFlagged || r.Name != "DUPONT Jean" {
		t.Errorf("after refused posts the row is %q %q, want it untouched", r.Status, r.Name)
	}
	// The same form with the token goes through.
	if code, _, _ := c.post("/save", good); code != http.StatusOK {
		t.Errorf("POST /save with the token = %d, want 200 after redirect", code)
	}
	r, _ = db.RowByID(context.Background(), ids[0])
	if r.Status != store.RowCorrected || r.Name != "MARTIN Paul" {
		t.Errorf("after the good post the row is %q %q, want corrected MARTIN Paul", r.Status, r.Name)
	}
}

func TestSaveFlow(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, ids := seedPage(t, db, "c", []seedRow{
		{Name: "LEFEVRE Zoe", Postal: "75O11", Reasons: []string{"postal_invalid"}, Signed: true},
		{Name: "DURAND Marie", Postal: "69001", Reasons: []string{"name_low_confidence"}, Signed: true},
		{Name: "", Postal: "", Reasons: []string{"blank_with_marks"}},
	})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)

	// 1. An unknown postal code is refused once, the typed values kept.
	_, body := c.get("/queue")
	id, version := formRow(t, body)
	if id != itoa(ids[0]) {
		t.Fatalf("first row in queue %s, want %d", id, ids[0])
	}
	code, _, body := c.post("/save", url.Values{"id": {id}, "version": {version}, "name": {"LEFÈVRE Zoé"}, "postal": {"99999"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="LEFÈVRE Zoé"`) || !strings.Contains(body, `name="force" value="1"`) {
		t.Errorf("save with unknown code = %d, want 422 with the typed name kept and a force field", code)
	}
	// 2. Corrected with a valid code: accents and case kept, derived
	// fields filled.
	c.post("/save", url.Values{"id": {id}, "version": {version}, "name": {"  LEFÈVRE   Zoé "}, "postal": {"75011"}})
	r, _ := db.RowByID(ctx, ids[0])
	if r.Status != store.RowCorrected || r.Name != "LEFÈVRE Zoé" || r.PostalCode != "75011" || r.ReviewedBy != "alice" {
		t.Errorf("row after correction: %q %q %q by %q, want corrected \"LEFÈVRE Zoé\" 75011 by alice", r.Status, r.Name, r.PostalCode, r.ReviewedBy)
	}
	if r.Department != "75" || !strings.Contains(r.Communes, "Paris") || r.Surname != "LEFÈVRE" || r.GivenName != "Zoé" {
		t.Errorf("derived fields: department %q communes %q surname %q given %q", r.Department, r.Communes, r.Surname, r.GivenName)
	}
	// 3. The next row saved unchanged is accepted.
	_, body = c.get("/queue")
	id, version = formRow(t, body)
	c.post("/save", url.Values{"id": {id}, "version": {version}, "name": {"DURAND Marie"}, "postal": {"69001"}})
	r, _ = db.RowByID(ctx, ids[1])
	if r.Status != store.RowAccepted || r.ReviewedBy != "alice" {
		t.Errorf("row saved unchanged: %q by %q, want accepted by alice", r.Status, r.ReviewedBy)
	}
	// 4. Undo brings it back, flagged, to the reviewer.
	code, path, _ := c.post("/undo", url.Values{})
	r, _ = db.RowByID(ctx, ids[1])
	if code != http.StatusOK || !strings.HasPrefix(path, "/row/"+itoa(ids[1])) || r.Status != store.RowFlagged {
		t.Errorf("undo: status %d at %s, row %q; want back at /row/%d, flagged", code, path, r.Status, ids[1])
	}
	// 5. A mark key: the third row is blank.
	_, body = c.get("/row/" + itoa(ids[2]))
	id, version = formRow(t, body)
	c.post("/save", url.Values{"id": {id}, "version": {version}, "action": {"blank"}})
	r, _ = db.RowByID(ctx, ids[2])
	if r.Status != store.RowBlank || !r.Blank {
		t.Errorf("row marked blank: status %q blank %v", r.Status, r.Blank)
	}
	// 6. A stale form (version moved) is not applied and shows the row again.
	_, body = c.get("/row/" + itoa(ids[0]))
	id, _ = formRow(t, body)
	code, _, body = c.post("/save", url.Values{"id": {id}, "version": {"1"}, "name": {"Xavier TYPÉ"}, "postal": {""}})
	r, _ = db.RowByID(ctx, ids[0])
	if r.Name != "LEFÈVRE Zoé" || code != http.StatusConflict {
		t.Errorf("stale save: status %d, row name %q; want 409 and the name unchanged", code, r.Name)
	}
	if miss := contains(body, `value="Xavier TYPÉ"`, "modifiée entre-temps", "LEFÈVRE Zoé", `name="version" value="`+strconv.Itoa(r.Version)+`"`); miss != "" {
		t.Errorf("stale save page lacks %q: the typed value must stay, with the current version", miss)
	}
	trail, _ := db.Audit(ctx, ids[0])
	if len(trail) != 1 || trail[0].Action != store.ActionCorrect || !strings.Contains(trail[0].After, "LEFÈVRE Zoé") {
		t.Errorf("audit of row %d: %+v, want one correct entry with the new name", ids[0], trail)
	}
}

func TestLoginWithSecretAndAccounts(t *testing.T) {
	db := openDB(t)
	seedPage(t, db, "c", []seedRow{{Name: "A", Postal: "75011"}})
	_, base := startServer(t, Config{DB: db, Secret: "s3cret-phrase"})
	c := newClient(t, base)
	if code, path, _ := c.post("/save", url.Values{"id": {"1"}, "version": {"1"}}); code != http.StatusForbidden {
		t.Errorf("post before any page: %d %s, want 403 (no CSRF cookie)", code, path)
	}
	if _, body := c.get("/queue"); !strings.Contains(body, `name="secret"`) {
		t.Errorf("GET /queue without login does not show the login form with a secret field")
	}
	if code, _ := c.login("alice", url.Values{"secret": {"wrong"}}); code != http.StatusUnauthorized {
		t.Errorf("login with a wrong secret = %d, want 401", code)
	}
	if code, path := c.login("alice", url.Values{"secret": {"s3cret-phrase"}}); code != http.StatusOK || path != "/queue" {
		t.Errorf("login with the secret = %d at %s, want 200 at /queue", code, path)
	}
	// A forged name cookie does not replace the signed session.
	u, _ := url.Parse(base)
	c2 := newClient(t, base)
	c2.hc.Jar.SetCookies(u, []*http.Cookie{{Name: nameCookie, Value: "YWxpY2U"}, {Name: sessionCookie, Value: "YWxpY2U|99999999999|forged"}})
	if _, body := c2.get("/queue"); !strings.Contains(body, `name="secret"`) {
		t.Errorf("a forged session cookie got past the login")
	}

	// Accounts: a password per reviewer.
	h, _ := HashPassword("horse battery")
	if err := db.SetReviewer(context.Background(), "bob", h); err != nil {
		t.Fatal(err)
	}
	_, base2 := startServer(t, Config{DB: db})
	c3 := newClient(t, base2)
	if code, _ := c3.login("bob", url.Values{"password": {"nope"}}); code != http.StatusUnauthorized {
		t.Errorf("login with a wrong password = %d, want 401", code)
	}
	if code, path := c3.login("bob", url.Values{"password": {"horse battery"}}); code != http.StatusOK || path != "/queue" {
		t.Errorf("login with the password = %d at %s", code, path)
	}
	if _, body := c3.get("/queue"); !strings.Contains(body, `id="reviewer">bob<`) {
		t.Errorf("after login the page does not name bob")
	}
}

func TestLocalOnlyRefusesForeignHost(t *testing.T) {
	db := openDB(t)
	_, base := startServer(t, Config{DB: db, LocalOnly: true})
	req, _ := http.NewRequest("GET", base+"/login", nil)
	req.Host = "attacker.example:8080"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("GET with Host attacker.example = %d, want 421", resp.StatusCode)
	}
	if code, _ := newClient(t, base).get("/login"); code != http.StatusOK {
		t.Errorf("GET with Host 127.0.0.1 = %d, want 200", code)
	}
}

func TestColumnModeConfirmsGrid(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, ids := seedPage(t, db, "c", []seedRow{
		{Name: "A", Postal: "75011", Reasons: []string{"postal_low_confidence"}, Signed: true},
		{Name: "B", Postal: "6900l", Reasons: []string{"postal_invalid"}, Signed: true},
		{Name: "C", Postal: "13001", Reasons: []string{"postal_low_confidence", "name_low_confidence"}, Signed: true},
		{Name: "D", Postal: "33000", Reasons: []string{"postal_disagree"}, Signed: true},
	})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	_, body := c.get("/column?kind=postal")
	gotIDs := idRE.FindAllStringSubmatch(body, -1)
	versions := versionRE.FindAllStringSubmatch(body, -1)
	// Row C is in doubt for its name too: it stays in the one-row queue.
	if len(gotIDs) != 3 || strings.Contains(body, `value="`+itoa(ids[2])+`"`) {
		t.Fatalf("postal grid has %d rows, want 3 (not row C)", len(gotIDs))
	}
	form := url.Values{"kind": {"postal"}}
	fix := map[string]string{itoa(ids[1]): "69001", itoa(ids[3]): "99999"}
	for i, m := range gotIDs {
		v := map[string]string{itoa(ids[0]): "75011", itoa(ids[1]): "6900l", itoa(ids[3]): "33000"}[m[1]]
		if f, ok := fix[m[1]]; ok {
			v = f
		}
		form.Add("id", m[1])
		form.Add("version", versions[i][1])
		form.Add("value", v)
	}
	_, path, _ := c.post("/column", form)
	want := []struct {
		id     int64
		status string
		postal string
	}{
		{ids[0], store.RowAccepted, "75011"},
		{ids[1], store.RowCorrected, "69001"},
		{ids[2], store.RowFlagged, "13001"},
		{ids[3], store.RowFlagged, "33000"}, // typed an unknown code: left in the queue
	}
	for _, w := range want {
		r, _ := db.RowByID(ctx, w.id)
		if r.Status != w.status || r.PostalCode != w.postal {
			t.Errorf("row %d after grid: %q %q, want %q %q", w.id, r.Status, r.PostalCode, w.status, w.postal)
		}
	}
	if !strings.Contains(path, "msg=1") {
		t.Errorf("after grid landed on %s, want a notice of 1 row left", path)
	}
}

func TestSheetViewOpensAcceptedRow(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	pid, ids := seedPage(t, db, "c", []seedRow{{Name: "NOËL Anaïs", Postal: "75011", Signed: true}})
	// The machine accepted it: not in the queue.
	if _, err := db.Claim(ctx, ids[0], "machine", time.Second); err != nil {
		t.Fatal(err)
	}
	r, _ := db.RowByID(ctx, ids[0])
	if _, err := db.SaveReview(ctx, ids[0], r.Version, "machine", store.ReviewChange{Name: r.Name, PostalCode: r.PostalCode, Signed: true}); err != nil {
		t.Fatal(err)
	}
	db.SQL().Exec(`UPDATE rows SET reviewed_by = '' WHERE id = ?`, ids[0])
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	if _, body := c.get("/queue"); !strings.Contains(body, "Plus rien à relire") {
		t.Errorf("queue not empty with only an accepted row")
	}
	_, sheet := c.get("/sheet/" + itoa(pid))
	link := "/row/" + itoa(ids[0]) + "?back=/sheet/" + itoa(pid)
	if miss := contains(sheet, `href="`+link+`"`, "NOËL Anaïs", "/pageimg/"+itoa(pid)); miss != "" {
		t.Fatalf("sheet view lacks %q", miss)
	}
	_, body := c.get(link)
	id, version := formRow(t, body)
	_, path, _ := c.post("/save", url.Values{"id": {id}, "version": {version}, "name": {"NOËL Anaïs"}, "postal": {"75012"}, "back": {"/sheet/" + itoa(pid)}})
	r, _ = db.RowByID(ctx, ids[0])
	if r.Status != store.RowCorrected || r.PostalCode != "75012" || path != "/sheet/"+itoa(pid) {
		t.Errorf("after correcting from the sheet: %q %q, landed on %s", r.Status, r.PostalCode, path)
	}
	// Images are served, as PNG.
	for _, p := range []string{"/cell/" + id + "/name", "/pageimg/" + itoa(pid)} {
		resp, err := c.hc.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("GET %s = %d %s", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

func TestAPIPostal(t *testing.T) {
	db := openDB(t)
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	tests := []struct {
		code     string
		valid    bool
		communes string
	}{
		{"75011", true, "Paris"},
		{"20000", true, "Ajaccio"},
		{"99999", false, ""},
		{"7501", false, ""},
	}
	for _, tt := range tests {
		_, body := c.get("/api/postal?code=" + tt.code)
		var p postalInfo
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("/api/postal?code=%s: %v", tt.code, err)
		}
		if p.Valid != tt.valid || !strings.Contains(strings.Join(p.Communes, ","), tt.communes) {
			t.Errorf("/api/postal?code=%s = %+v, want valid %v with %q", tt.code, p, tt.valid, tt.communes)
		}
	}
}

func TestClaimHeldByAnotherKeepsTypedValues(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, ids := seedPage(t, db, "c", []seedRow{{Name: "A", Postal: "75011", Reasons: []string{"x"}}})
	_, base := startServer(t, Config{DB: db, ClaimTTL: time.Minute})
	alice, bob := newClient(t, base), newClient(t, base)
	alice.login("alice", nil)
	bob.login("bob", nil)
	_, body := alice.get("/queue")
	id, version := formRow(t, body)
	// Bob cannot open it while alice has it.
	if code, body := bob.get("/row/" + id); code != http.StatusConflict || !strings.Contains(body, "relit cette ligne") {
		t.Errorf("bob opening alice's row = %d, want 409 with a notice", code)
	}
	// Alice's claim runs out; bob takes the row; alice's save is refused
	// but what she typed is shown back.
	db.SQL().Exec(`UPDATE rows SET claim_expires = '2000-01-01T00:00:00.000Z' WHERE id = ?`, ids[0])
	if _, body := bob.get("/queue"); !strings.Contains(body, `name="id" value="`+id+`"`) {
		t.Fatalf("bob did not get the row after alice's claim expired")
	}
	code, _, body := alice.post("/save", url.Values{"id": {id}, "version": {version}, "name": {"Élodie B"}, "postal": {"75012"}})
	if code != http.StatusConflict || !strings.Contains(body, "Élodie B") {
		t.Errorf("alice saving bob's row = %d, want 409 showing her typed name", code)
	}
	if r, _ := db.RowByID(ctx, ids[0]); r.Name != "A" || r.Status != store.RowFlagged {
		t.Errorf("row after refused save: %q %q", r.Name, r.Status)
	}
	// Renewing: bob keeps it, alice cannot take it.
	// The page sends its token in a header, as fetch does.
	req, _ := http.NewRequest("POST", base+"/api/renew", strings.NewReader("id="+id))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(csrfHeader, bob.csrf)
	resp, err := bob.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	code = resp.StatusCode
	code2, _, _ := alice.post("/api/renew", url.Values{"id": {id}})
	if code != http.StatusOK || code2 != http.StatusConflict {
		t.Errorf("renew: bob %d, alice %d; want 200, 409", code, code2)
	}
	// Bob leaves the row: it is free for alice at once.
	if code, _, _ := bob.post("/api/release", url.Values{"id": {id}}); code != http.StatusNoContent {
		t.Errorf("release = %d, want 204", code)
	}
	if code, _ := alice.get("/row/" + id); code != http.StatusOK {
		t.Errorf("alice opening the released row = %d, want 200", code)
	}
}

func TestErasedRowCannotBeOpenedOrSaved(t *testing.T) {
	db := openDB(t)
	_, ids := seedPage(t, db, "c", []seedRow{{Name: "A", Postal: "75011", Reasons: []string{"x"}}})
	_, base := startServer(t, Config{DB: db})
	c := newClient(t, base)
	c.login("alice", nil)
	_, body := c.get("/queue")
	id, version := formRow(t, body)
	// As an erasure leaves it (store/person.go owns the real one).
	db.SQL().Exec(`UPDATE rows SET name = '', erased_at = '2026-01-01T00:00:00.000Z', version = version + 1 WHERE id = ?`, ids[0])
	if code, _, _ := c.post("/save", url.Values{"id": {id}, "version": {version}, "name": {"A"}, "postal": {"75011"}}); code != http.StatusGone {
		t.Errorf("saving an erased row = %d, want 410", code)
	}
	if code, _ := c.get("/row/" + id); code != http.StatusGone {
		t.Errorf("opening an erased row = %d, want 410", code)
	}
	if r, _ := db.RowByID(context.Background(), ids[0]); r.Name != "" {
		t.Errorf("erased row name became %q", r.Name)
	}
}
