package review

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// pbkdf2Iter is the PBKDF2-SHA256 iteration count of new password hashes
// (OWASP's 2023 figure). Stored hashes carry their own count.
const pbkdf2Iter = 600_000

// HashPassword returns a salted PBKDF2-SHA256 hash of password in the form
// pbkdf2-sha256$ITER$SALT$KEY (base64), for store.SetReviewer.
func HashPassword(password string) (string, error) {
	if password == "" {
		return "", errors.New("hash password: empty password")
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, password, salt, pbkdf2Iter, 32)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	b := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", pbkdf2Iter, b.EncodeToString(salt), b.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash (from HashPassword),
// in time independent of where they differ.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 10_000_000 {
		return false
	}
	b := base64.RawStdEncoding
	salt, err1 := b.DecodeString(parts[2])
	want, err2 := b.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// IsLoopback reports whether addr (HOST:PORT) listens on the local
// machine only.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckAddr refuses to listen on addr beyond the local machine unless
// reviewers must log in, with a shared secret or with accounts.
func CheckAddr(addr string, hasSecret, hasAccounts bool) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if IsLoopback(addr) || hasSecret || hasAccounts {
		return nil
	}
	return fmt.Errorf("address %s is reachable from other machines: set a shared secret (--secret or SHEETSCAN_REVIEW_SECRET) or add reviewer accounts (--add-reviewer NAME) first", addr)
}

// Cookie names.
const (
	nameCookie    = "sheetscan_reviewer" // the reviewer's name, remembered
	sessionCookie = "sheetscan_session"  // signed login, when logins are required
	csrfCookie    = "sheetscan_csrf"     // double-submit CSRF token
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
	sessionLife   = 12 * time.Hour
	nameLife      = 365 * 24 * time.Hour
)

// sign returns an HMAC of msg under the server key, base64.
func (s *Server) sign(msg string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// sessionValue is NAME|EXPIRY|MAC, NAME base64 so that it may hold any
// character.
func (s *Server) sessionValue(name string, until time.Time) string {
	msg := base64.RawURLEncoding.EncodeToString([]byte(name)) + "|" + strconv.FormatInt(until.Unix(), 10)
	return msg + "|" + s.sign("session|"+msg)
}

func (s *Server) parseSession(v string) (string, bool) {
	i := strings.LastIndexByte(v, '|')
	if i < 0 {
		return "", false
	}
	msg, mac := v[:i], v[i+1:]
	if !hmac.Equal([]byte(mac), []byte(s.sign("session|"+msg))) {
		return "", false
	}
	enc, exp, ok := strings.Cut(msg, "|")
	if !ok {
		return "", false
	}
	t, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || time.Now().Unix() > t {
		return "", false
	}
	name, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return "", false
	}
	return string(name), true
}

// reviewer returns who is asking, or "" when they must log in first.
func (s *Server) reviewer(r *http.Request) string {
	if s.loginRequired() {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			return ""
		}
		name, ok := s.parseSession(c.Value)
		if !ok {
			return ""
		}
		return name
	}
	c, err := r.Cookie(nameCookie)
	if err != nil {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return ""
	}
	return cleanReviewer(string(b))
}

// cleanReviewer trims a reviewer name and refuses control characters.
func cleanReviewer(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 64 || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return ""
	}
	return s
}

// csrfToken returns the request's CSRF token, setting a fresh cookie when
// it has none.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	b := make([]byte, 24)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int(nameLife / time.Second)})
	// Later reads in this request see it too.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// checkCSRF refuses a POST without the token of its cookie, or from
// another origin.
func checkCSRF(r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		if o != "http://"+r.Host && o != "https://"+r.Host {
			return errors.New("cross-origin request")
		}
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 {
		return errors.New("no CSRF cookie")
	}
	tok := r.Header.Get(csrfHeader)
	if tok == "" {
		tok = r.PostFormValue(csrfField)
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(c.Value)) != 1 {
		return errors.New("missing or wrong CSRF token")
	}
	return nil
}

// CheckSecret reports whether given matches the shared secret, in time
// independent of where they differ.
func CheckSecret(secret, given string) bool {
	a := sha256.Sum256([]byte(secret))
	b := sha256.Sum256([]byte(given))
	return secret != "" && subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
