package review

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sheetscan/sheetscan/names"
	"github.com/sheetscan/sheetscan/postal"
	"github.com/sheetscan/sheetscan/store"
)

//go:embed templates static
var assets embed.FS

// Config sets up a Server.
type Config struct {
	DB       *store.DB
	Campaign string        // only this campaign; "" for all
	Secret   string        // shared secret asked at login; "" for none
	ClaimTTL time.Duration // how long a row stays with one reviewer; 5 minutes when 0
	// LocalOnly refuses requests whose Host header is not a loopback
	// name, so that a web page elsewhere cannot reach a server bound to
	// 127.0.0.1 through DNS rebinding. Set it when listening on loopback.
	LocalOnly bool
	// Logf logs server errors; nil discards them.
	Logf func(format string, args ...any)
}

// Server is the review web app. It is an http.Handler, safe for
// concurrent use.
type Server struct {
	cfg      Config
	db       *store.DB
	key      []byte // signs sessions; new at every start
	accounts bool
	checking chan struct{} // one password check at a time

	progMu sync.Mutex
	prog   store.Progress // cached for progressTTL
	progAt time.Time
	dups   dupSearch // when the tally page last looked for duplicates
	pages  map[string]*template.Template
	mux    *http.ServeMux
}

// GridSize is the number of cells in one column-mode grid.
const GridSize = 20

// New returns a Server over cfg.DB, which the caller keeps open and
// closes after the server stops.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("review: no database")
	}
	if cfg.ClaimTTL <= 0 {
		cfg.ClaimTTL = 5 * time.Minute
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	n, err := cfg.DB.ReviewerCount(ctx)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	s := &Server{cfg: cfg, db: cfg.DB, key: make([]byte, 32), accounts: n > 0, checking: make(chan struct{}, 1)}
	rand.Read(s.key)
	if err := s.parseTemplates(); err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	s.routes()
	return s, nil
}

func (s *Server) loginRequired() bool { return s.cfg.Secret != "" || s.accounts }

var funcs = template.FuncMap{
	"reason": ReasonText,
	"status": func(st string) string {
		if w, ok := statusWords[st]; ok {
			return w
		}
		return st
	},
	"pct": func(a, b int) int {
		if b <= 0 {
			return 0
		}
		return a * 100 / b
	},
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
}

func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return err
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", n)
		if err != nil {
			return err
		}
		s.pages[base] = t
	}
	return nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /login", s.loginForm)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.auth(s.logout))
	m.HandleFunc("GET /queue", s.auth(s.queue))
	m.HandleFunc("GET /row/{id}", s.auth(s.rowPage))
	m.HandleFunc("POST /save", s.auth(s.save))
	m.HandleFunc("POST /undo", s.auth(s.undo))
	m.HandleFunc("GET /column", s.auth(s.columnPage))
	m.HandleFunc("POST /column", s.auth(s.columnSave))
	m.HandleFunc("GET /sheets", s.auth(s.sheets))
	m.HandleFunc("GET /sheet/{id}", s.auth(s.sheet))
	m.HandleFunc("GET /tally", s.auth(s.tally))
	m.HandleFunc("GET /cell/{id}/{kind}", s.auth(s.cell))
	m.HandleFunc("GET /pageimg/{id}", s.auth(s.pageImage))
	m.HandleFunc("GET /api/postal", s.auth(s.apiPostal))
	m.HandleFunc("GET /api/progress", s.auth(s.apiProgress))
	m.HandleFunc("GET /api/next", s.auth(s.apiNext))
	m.HandleFunc("POST /api/save", s.auth(s.apiSave))
	m.HandleFunc("POST /api/renew", s.auth(s.renew))
	m.HandleFunc("POST /api/release", s.auth(s.release))
	s.mux = m
}

// ServeHTTP checks the Host, sets security headers, refuses POSTs without
// a CSRF token and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cfg.LocalOnly && !loopbackHost(r.Host) {
		http.Error(w, "this server answers only to 127.0.0.1 or localhost", http.StatusMisdirectedRequest)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := checkCSRF(r); err != nil {
			http.Error(w, "refused: "+err.Error(), http.StatusForbidden)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type ctxKey struct{}

// auth runs h with the reviewer's name in the context, or sends them to
// the login form.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := s.reviewer(r)
		if name == "" {
			if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "log in first", http.StatusUnauthorized)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, name)))
	}
}

func who(r *http.Request) string { name, _ := r.Context().Value(ctxKey{}).(string); return name }

// page is what every template gets.
type page struct {
	Title     string
	Reviewer  string
	CSRF      string
	Campaign  string
	Progress  store.Progress
	NeedLogin bool
	Msg       string
	Data      any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.CSRF = s.csrfToken(w, r)
	p.Reviewer = who(r)
	p.Campaign = s.cfg.Campaign
	p.NeedLogin = s.loginRequired()
	if p.Reviewer != "" {
		p.Progress = s.progress(r.Context())
	}
	t := s.pages[name]
	if t == nil {
		s.fail(w, fmt.Errorf("no template %s", name))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := t.Execute(w, p); err != nil {
		s.cfg.Logf("review: render %s: %v", name, err)
	}
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	s.cfg.Logf("review: %v", err)
	http.Error(w, "internal error, see the server log", http.StatusInternalServerError)
}

// progressTTL is how long the header's counts may lag: counting a large
// campaign reads every row, too much for every page view.
const progressTTL = 3 * time.Second

func (s *Server) progress(ctx context.Context) store.Progress {
	s.progMu.Lock()
	defer s.progMu.Unlock()
	if time.Since(s.progAt) < progressTTL {
		return s.prog
	}
	ps, err := s.db.Progress(ctx, s.cfg.Campaign)
	if err != nil {
		s.cfg.Logf("review: progress: %v", err)
	}
	var sum store.Progress
	sum.Campaign = s.cfg.Campaign
	for _, p := range ps {
		sum.Rows += p.Rows
		sum.Flagged += p.Flagged
		sum.Left += p.Left
		sum.Claimed += p.Claimed
		sum.Done += p.Done
	}
	if err == nil {
		s.prog, s.progAt = sum, time.Now()
	}
	return sum
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if s.reviewer(r) == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/queue", http.StatusSeeOther)
}

type loginData struct {
	Name     string
	Next     string
	Secret   bool
	Accounts bool
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	d := loginData{Next: safeNext(r.URL.Query().Get("next")), Secret: s.cfg.Secret != "", Accounts: s.accounts}
	if c, err := r.Cookie(nameCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			d.Name = string(b)
		}
	}
	s.render(w, r, http.StatusOK, "login", page{Title: "Relecteur", Data: d})
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/queue"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	name := cleanReviewer(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"))
	d := loginData{Name: name, Next: next, Secret: s.cfg.Secret != "", Accounts: s.accounts}
	refuse := func(msg string) {
		s.render(w, r, http.StatusUnauthorized, "login", page{Title: "Relecteur", Msg: msg, Data: d})
	}
	if name == "" {
		refuse("Votre nom, s'il vous plaît (64 caractères au plus).")
		return
	}
	if s.accounts {
		// One password check at a time: PBKDF2 is slow on purpose, and
		// a flood of logins must not take every core.
		s.checking <- struct{}{}
		defer func() { <-s.checking }()
		h, err := s.db.ReviewerHash(r.Context(), name)
		if err != nil || !CheckPassword(h, r.PostFormValue("password")) {
			refuse("Nom ou mot de passe inconnu.")
			return
		}
	} else if s.cfg.Secret != "" {
		if !CheckSecret(s.cfg.Secret, r.PostFormValue("secret")) {
			refuse("Ce n'est pas le bon secret.")
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: nameCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(name)),
		Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: int(nameLife / time.Second)})
	if s.loginRequired() {
		http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.sessionValue(name, time.Now().Add(sessionLife)),
			Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: int(sessionLife / time.Second)})
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1})
	if !s.loginRequired() {
		http.SetCookie(w, &http.Cookie{Name: nameCookie, Value: "", Path: "/", MaxAge: -1})
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// rowData is what the row template shows.
type rowData struct {
	Row         *store.RowRef
	Name        string // in the field: the current value, or what was typed
	Postal      string
	PostalValid bool
	// PostalNotDigits: the code holds letters or signs, often an O read
	// for a 0.
	PostalNotDigits bool
	Communes        []string
	Back            string
	Force           bool // an unknown postal code was refused once: Enter again keeps it
	Page            *store.PageSummary
	Audit           []store.AuditEntry
	CellKinds       []string
}

func (s *Server) queue(w http.ResponseWriter, r *http.Request) {
	row, err := s.db.ClaimNext(r.Context(), s.cfg.Campaign, who(r), s.cfg.ClaimTTL)
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusOK, "done", page{Title: "File vide", Msg: r.URL.Query().Get("msg")})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.showRow(w, r, http.StatusOK, row, rowData{Name: row.Name, Postal: row.PostalCode}, messages[r.URL.Query().Get("msg")])
}

const erasedText = "Cette ligne a été effacée à la demande de la personne : elle ne peut plus être relue."

// messages are the short notices a redirect can carry (?msg=KEY), so
// that no text of the URL reaches the page.
var messages = map[string]string{
	"conflict": "Cette ligne venait d'être modifiée par quelqu'un d'autre : voici sa version actuelle.",
	"claimed":  "Une autre personne relit cette ligne en ce moment.",
	"undone":   "Dernier enregistrement annulé : la ligne est de nouveau là.",
	"noundo":   "Rien à annuler.",
	"undoconf": "Impossible d'annuler : la ligne a été modifiée (ou effacée) depuis.",
	"saved":    "Enregistré.",
	"skipped":  "Ligne passée.",
}

func (s *Server) showRow(w http.ResponseWriter, r *http.Request, status int, row *store.RowRef, d rowData, msg string) {
	d.Row = row
	if d.Back == "" {
		d.Back = safeBack(r.URL.Query().Get("back"))
	}
	d.PostalValid = postal.Valid(d.Postal)
	d.PostalNotDigits = strings.ContainsFunc(d.Postal, func(r rune) bool { return r < '0' || r > '9' })
	d.Communes = communeNames(d.Postal)
	if pg, err := s.db.PageByID(r.Context(), row.PageID); err == nil {
		d.Page = pg
	}
	if a, err := s.db.Audit(r.Context(), row.ID); err == nil {
		d.Audit = a
	}
	s.render(w, r, status, "row", page{Title: fmt.Sprintf("Ligne %d", row.Number), Msg: msg, Data: d})
}

// safeBack keeps the "back to" link of a row on this site's sheet view.
func safeBack(b string) string {
	if strings.HasPrefix(b, "/sheet/") && !strings.ContainsAny(b, "\\?#") {
		return b
	}
	return ""
}

func communeNames(code string) []string {
	var out []string
	for _, c := range postal.Communes(code) {
		out = append(out, c.Name)
	}
	return out
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) rowPage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if s.cfg.Campaign != "" {
		if row, err := s.db.RowByID(r.Context(), id); err == nil && row.Campaign != s.cfg.Campaign {
			http.NotFound(w, r)
			return
		}
	}
	row, err := s.db.Claim(r.Context(), id, who(r), s.cfg.ClaimTTL)
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.NotFound(w, r)
		return
	case errors.Is(err, store.ErrErased):
		http.Error(w, erasedText, http.StatusGone)
		return
	case errors.Is(err, store.ErrConflict):
		row, err = s.db.RowByID(r.Context(), id)
		if err != nil {
			s.fail(w, err)
			return
		}
		s.render(w, r, http.StatusConflict, "busy", page{Title: "Occupée", Msg: messages["claimed"],
			Data: rowData{Row: row, Back: safeBack(r.URL.Query().Get("back"))}})
		return
	case err != nil:
		s.fail(w, err)
		return
	}
	s.showRow(w, r, http.StatusOK, row, rowData{Name: row.Name, Postal: row.PostalCode}, messages[r.URL.Query().Get("msg")])
}

// Save actions of the row form.
const (
	actSave     = "save"
	actBlank    = "blank"
	actUnsigned = "unsigned"
	actStruck   = "struck"
	actSkip     = "skip"
)

// saveResult is the outcome of one row save, for the page and the API.
type saveResult struct {
	Row      *store.RowRef `json:"-"`
	Status   string        `json:"status"`
	Version  int           `json:"version"`
	Conflict bool          `json:"conflict,omitempty"`
	Invalid  bool          `json:"invalid_postal,omitempty"` // refused: unknown postal code, not forced
	Skipped  bool          `json:"skipped,omitempty"`
}

// saveForm applies the row form: the values typed and the action chosen.
// The postal code is checked again here: an unknown one is refused
// unless force is set (the reviewer pressed Enter twice).
func (s *Server) saveForm(ctx context.Context, reviewer string, id int64, version int, action, name, code string, force bool) (saveResult, error) {
	cur, err := s.db.RowByID(ctx, id)
	if err != nil {
		return saveResult{}, err
	}
	if action == actSkip {
		return saveResult{Row: cur, Skipped: true}, s.db.Skip(ctx, id, reviewer)
	}
	ch := store.ReviewChange{Signed: cur.Signed, Struck: cur.Struck}
	ch.Name = names.Clean(name)
	ch.PostalCode = strings.Join(strings.Fields(code), "")
	switch action {
	case actBlank:
		ch.Blank, ch.Mark = true, store.ActionBlank
	case actUnsigned:
		ch.Signed = !cur.Signed
		if !ch.Signed {
			ch.Mark = store.ActionUnsigned
		}
	case actStruck:
		ch.Struck = !cur.Struck
		if ch.Struck {
			ch.Mark = store.ActionStruck
		}
	case actSave, "":
	default:
		return saveResult{}, fmt.Errorf("unknown action %q", action)
	}
	if !ch.Blank && ch.PostalCode != "" && !postal.Valid(ch.PostalCode) && !force {
		return saveResult{Row: cur, Invalid: true}, nil
	}
	fillDerived(&ch)
	row, err := s.db.SaveReview(ctx, id, version, reviewer, ch)
	if errors.Is(err, store.ErrConflict) {
		return saveResult{Row: cur, Conflict: true}, nil
	}
	if err != nil {
		return saveResult{}, err
	}
	return saveResult{Row: row, Status: row.Status, Version: row.Version}, nil
}

// fillDerived sets what follows from the name and the postal code, as the
// import pipeline does.
func fillDerived(ch *store.ReviewChange) {
	ch.Surname, ch.GivenName = names.Split(ch.Name)
	ch.Department, ch.Communes = "", ""
	if dep, _, ok := postal.Department(ch.PostalCode); ok {
		ch.Department = dep
	}
	ch.Communes = store.JoinCommunes(communeNames(ch.PostalCode))
}

func formInt(r *http.Request, key string) (int64, bool) {
	v, err := strconv.ParseInt(r.PostFormValue(key), 10, 64)
	return v, err == nil
}

func (s *Server) save(w http.ResponseWriter, r *http.Request) {
	id, ok1 := formInt(r, "id")
	version, ok2 := formInt(r, "version")
	if !ok1 || !ok2 {
		http.Error(w, "bad form: id and version", http.StatusBadRequest)
		return
	}
	back := safeBack(r.PostFormValue("back"))
	name, code := r.PostFormValue("name"), r.PostFormValue("postal")
	res, err := s.saveForm(r.Context(), who(r), id, int(version), r.PostFormValue("action"), name, code, r.PostFormValue("force") == "1")
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.NotFound(w, r)
		return
	case errors.Is(err, store.ErrErased):
		http.Error(w, erasedText, http.StatusGone)
		return
	case err != nil:
		s.fail(w, err)
		return
	case res.Invalid:
		s.showRow(w, r, http.StatusUnprocessableEntity, res.Row,
			rowData{Name: name, Postal: code, Back: back, Force: true},
			"Ce code postal n'existe pas dans la liste de La Poste. Corrigez-le, ou appuyez de nouveau sur Entrée pour le garder tel qu'écrit.")
		return
	case res.Conflict:
		s.conflict(w, r, id, name, code, back)
		return
	}
	next := "/queue"
	if back != "" {
		next = back
	}
	if res.Skipped {
		next += "?msg=skipped"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// conflict shows a row whose save was refused because it changed or
// another reviewer holds it, keeping what the reviewer typed in the
// fields: nothing typed is lost, and they decide with the current
// version in front of them.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request, id int64, name, code, back string) {
	row, err := s.db.Claim(r.Context(), id, who(r), s.cfg.ClaimTTL)
	if errors.Is(err, store.ErrErased) {
		http.Error(w, erasedText, http.StatusGone)
		return
	}
	if errors.Is(err, store.ErrConflict) {
		row, err = s.db.RowByID(r.Context(), id)
		if err != nil {
			s.fail(w, err)
			return
		}
		s.render(w, r, http.StatusConflict, "busy", page{Title: "Occupée",
			Msg:  fmt.Sprintf("Une autre personne relit cette ligne en ce moment. Vous aviez tapé : « %s », « %s ».", name, code),
			Data: rowData{Row: row, Back: back}})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	msg := fmt.Sprintf("Cette ligne a été modifiée entre-temps (par %s : « %s », « %s », %s). Vos valeurs sont restées dans les champs : Entrée les enregistre sur la nouvelle version.",
		orDash(row.ReviewedBy), row.Name, row.PostalCode, statusWords[row.Status])
	s.showRow(w, r, http.StatusConflict, row, rowData{Name: name, Postal: code, Back: back}, msg)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// renew extends the reviewer's claim on the row they have open, so that a
// long look does not hand it to someone else (the page calls it every
// minute; a closed tab lets the claim expire).
func (s *Server) renew(w http.ResponseWriter, r *http.Request) {
	id, ok := formInt(r, "id")
	if !ok {
		http.Error(w, "bad form: id", http.StatusBadRequest)
		return
	}
	_, err := s.db.Claim(r.Context(), id, who(r), s.cfg.ClaimTTL)
	switch {
	case errors.Is(err, store.ErrConflict):
		writeJSON(w, http.StatusConflict, map[string]bool{"claimed": false})
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrErased):
		http.NotFound(w, r)
	case err != nil:
		s.fail(w, err)
	default:
		writeJSON(w, http.StatusOK, map[string]bool{"claimed": true})
	}
}

// release gives up the reviewer's claim on a row they leave without
// saving (the page sends it when it goes away), so others need not wait
// for the claim to expire.
func (s *Server) release(w http.ResponseWriter, r *http.Request) {
	id, ok := formInt(r, "id")
	if !ok {
		http.Error(w, "bad form: id", http.StatusBadRequest)
		return
	}
	if err := s.db.Release(r.Context(), id, who(r)); err != nil {
		s.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) undo(w http.ResponseWriter, r *http.Request) {
	row, err := s.db.Undo(r.Context(), who(r), s.cfg.ClaimTTL)
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.Redirect(w, r, "/queue?msg=noundo", http.StatusSeeOther)
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrErased):
		http.Redirect(w, r, "/queue?msg=undoconf", http.StatusSeeOther)
	case err != nil:
		s.fail(w, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/row/%d?msg=undone", row.ID), http.StatusSeeOther)
	}
}

// statusWords name the row statuses for reviewers.
var statusWords = map[string]string{
	store.RowFlagged:   "à relire",
	store.RowAccepted:  "acceptée",
	store.RowCorrected: "corrigée",
	store.RowBlank:     "vide",
}

// columnData is what the column template shows.
type columnData struct {
	Kind  string
	Label string
	Rows  []columnRow
	Kinds []string
}

type columnRow struct {
	Row    store.RowRef
	Value  string
	Valid  bool
	Detail string // communes of a postal code
}

func (s *Server) columnPage(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if _, ok := columnKinds[kind]; !ok {
		kind = "postal"
	}
	rows, err := s.db.ClaimBatch(r.Context(), s.cfg.Campaign, who(r), GridSize, s.cfg.ClaimTTL,
		func(row *store.RowRef) bool { return !row.Blank && onlyAbout(row.Reasons, kind) })
	if err != nil {
		s.fail(w, err)
		return
	}
	d := columnData{Kind: kind, Label: map[string]string{"postal": "Codes postaux", "name": "Noms"}[kind]}
	for _, row := range rows {
		c := columnRow{Row: row, Value: row.Name, Valid: true}
		if kind == "postal" {
			c.Value = row.PostalCode
			c.Valid = postal.Valid(row.PostalCode)
			cs := communeNames(row.PostalCode)
			if len(cs) > 3 {
				cs = append(cs[:3], fmt.Sprintf("… (+%d)", len(cs)-3))
			}
			c.Detail = strings.Join(cs, ", ")
		}
		d.Rows = append(d.Rows, c)
	}
	msg := r.URL.Query().Get("msg")
	if n, err := strconv.Atoi(msg); err == nil {
		msg = fmt.Sprintf("%d ligne(s) n'ont pas été enregistrées (code inconnu ou modifiée ailleurs) : elles restent dans la file.", n)
	} else {
		msg = messages[msg]
	}
	s.render(w, r, http.StatusOK, "column", page{Title: d.Label, Msg: msg, Data: d})
}

func (s *Server) columnSave(w http.ResponseWriter, r *http.Request) {
	kind := r.PostFormValue("kind")
	if _, ok := columnKinds[kind]; !ok {
		http.Error(w, "bad form: kind", http.StatusBadRequest)
		return
	}
	ids, versions, values := r.PostForm["id"], r.PostForm["version"], r.PostForm["value"]
	if len(ids) != len(versions) || len(ids) != len(values) || len(ids) > 2*GridSize {
		http.Error(w, "bad form: rows", http.StatusBadRequest)
		return
	}
	reviewer := who(r)
	left := 0
	for i := range ids {
		id, err1 := strconv.ParseInt(ids[i], 10, 64)
		version, err2 := strconv.Atoi(versions[i])
		if err1 != nil || err2 != nil {
			http.Error(w, "bad form: rows", http.StatusBadRequest)
			return
		}
		cur, err := s.db.RowByID(r.Context(), id)
		if err != nil {
			left++
			continue
		}
		name, code := cur.Name, cur.PostalCode
		if kind == "postal" {
			code = values[i]
		} else {
			name = values[i]
		}
		res, err := s.saveForm(r.Context(), reviewer, id, version, actSave, name, code, false)
		if err != nil {
			s.cfg.Logf("review: column save row %d: %v", id, err)
		}
		if err != nil || res.Conflict || res.Invalid {
			left++
			if res.Invalid {
				s.db.Skip(r.Context(), id, reviewer)
			}
		}
	}
	next := "/column?kind=" + kind
	if left > 0 {
		next += "&msg=" + strconv.Itoa(left)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) sheets(w http.ResponseWriter, r *http.Request) {
	ps, err := s.db.Pages(r.Context(), s.cfg.Campaign)
	if err != nil {
		s.fail(w, err)
		return
	}
	prog, err := s.db.Progress(r.Context(), s.cfg.Campaign)
	if err != nil {
		s.fail(w, err)
		return
	}
	s.render(w, r, http.StatusOK, "sheets", page{Title: "Feuilles", Data: sheetsData{Progress: prog, Pages: ps}})
}

type sheetsData struct {
	Progress []store.Progress
	Pages    []store.PageSummary
}

type sheetData struct {
	Page *store.PageSummary
	Rows []store.RowRef
}

func (s *Server) sheet(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	pg, err := s.db.PageByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || err == nil && s.cfg.Campaign != "" && pg.Campaign != s.cfg.Campaign {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	rows, err := s.db.Rows(r.Context(), store.RowFilter{PageID: id})
	if err != nil {
		s.fail(w, err)
		return
	}
	s.render(w, r, http.StatusOK, "sheet", page{Title: fmt.Sprintf("%s, page %d", pg.FilePath, pg.Index),
		Data: sheetData{Page: pg, Rows: rows}})
}

func (s *Server) cell(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := s.db.CellPNG(r.Context(), id, r.PathValue("kind"))
	s.sendPNG(w, r, b, err)
}

func (s *Server) pageImage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := s.db.PageImage(r.Context(), id)
	s.sendPNG(w, r, b, err)
}

func (s *Server) sendPNG(w http.ResponseWriter, r *http.Request, b []byte, err error) {
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	// Images of handwriting are personal data: no shared cache.
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(b)
}

// postalInfo is the answer of /api/postal.
type postalInfo struct {
	Code     string   `json:"code"`
	Valid    bool     `json:"valid"`
	Communes []string `json:"communes"`
}

func (s *Server) apiPostal(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.URL.Query().Get("code"))
	writeJSON(w, http.StatusOK, postalInfo{Code: code, Valid: postal.Valid(code), Communes: communeNames(code)})
}

func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request) {
	ps, err := s.db.Progress(r.Context(), s.cfg.Campaign)
	if err != nil {
		s.fail(w, err)
		return
	}
	type out struct {
		Campaign                           string
		Rows, Flagged, Left, Claimed, Done int
	}
	var o []out
	for _, p := range ps {
		o = append(o, out(p))
	}
	writeJSON(w, http.StatusOK, o)
}

// apiRow is a row as the JSON API gives it.
type apiRow struct {
	ID         int64  `json:"id"`
	Version    int    `json:"version"`
	Name       string `json:"name"`
	PostalCode string `json:"postal_code"`
	Status     string `json:"status"`
	ClaimedBy  string `json:"claimed_by"`
}

// apiNext claims the next row, like /queue, and answers JSON: for scripts
// and the load test. 204 when the queue is empty.
func (s *Server) apiNext(w http.ResponseWriter, r *http.Request) {
	row, err := s.db.ClaimNext(r.Context(), s.cfg.Campaign, who(r), s.cfg.ClaimTTL)
	if errors.Is(err, store.ErrNotFound) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, apiRow{ID: row.ID, Version: row.Version, Name: row.Name,
		PostalCode: row.PostalCode, Status: row.Status, ClaimedBy: who(r)})
}

// apiSave takes the row form fields and answers JSON: 200 saved, 409
// conflict, 422 unknown postal code.
func (s *Server) apiSave(w http.ResponseWriter, r *http.Request) {
	id, ok1 := formInt(r, "id")
	version, ok2 := formInt(r, "version")
	if !ok1 || !ok2 {
		http.Error(w, "bad form: id and version", http.StatusBadRequest)
		return
	}
	res, err := s.saveForm(r.Context(), who(r), id, int(version), r.PostFormValue("action"),
		r.PostFormValue("name"), r.PostFormValue("postal"), r.PostFormValue("force") == "1")
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.NotFound(w, r)
	case errors.Is(err, store.ErrErased):
		http.Error(w, erasedText, http.StatusGone)
	case err != nil:
		s.fail(w, err)
	case res.Conflict:
		writeJSON(w, http.StatusConflict, res)
	case res.Invalid:
		writeJSON(w, http.StatusUnprocessableEntity, res)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
