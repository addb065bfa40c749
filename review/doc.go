// Package review serves the review web app: reviewers correct the rows
// the machine flagged, fast and from the keyboard, several at once, over
// one sheetscan database.
//
// What it does:
//   - the queue: flagged rows one at a time, each with its cell images
//     (name, postal code, signature), the machine's reading prefilled,
//     the reasons for the flag in words, the communes of the postal code
//     as typed, and the row in the context of its page on demand;
//   - keys: Enter saves and moves on, Tab goes between fields, Alt+B
//     blank, Alt+N signed or not, Alt+X struck or invalid, Alt+S skip,
//     Alt+Z undo the last save, Alt+P the page around the row;
//   - a column mode: a grid of cells of one kind (postal codes or names)
//     with their readings beside them, confirmed in one key;
//   - progress per campaign and a sheet view from which any row, accepted
//     ones too, can be opened and corrected.
//
// Several reviewers at once: each row is claimed by one reviewer for a
// limited time (store.ClaimNext), and every save carries the row version
// it was read at, so a save is never lost nor applied twice
// (store.ErrConflict). Every change goes to the audit trail.
//
// Security: the command binds 127.0.0.1 by default and CheckAddr refuses
// any other address unless a shared secret or reviewer accounts
// (PBKDF2-SHA256 password hashes, HashPassword) are configured. Every POST
// carries a CSRF token (double-submit cookie, plus an Origin check), and
// every text from OCR or a reviewer goes through html/template.
//
// Not goals: TLS (put a reverse proxy in front when reviewers are not on
// the local machine), user management beyond name and password, reading
// images. Templates, CSS and JavaScript are embedded: the app works
// offline, with no CDN.
package review
