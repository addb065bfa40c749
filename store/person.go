package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"sort"
	"strings"
	"time"

	"github.com/sheetscan/sheetscan/tally"
)

// ErrErased is returned when a row was already erased.
var ErrErased = errors.New("already erased")

// PersonMatch is a row found by FindPersons.
type PersonMatch struct {
	ID         int64   `json:"id"` // row id, for `person show` and `person erase`
	Campaign   string  `json:"campaign"`
	Name       string  `json:"name"`
	NameOCR    string  `json:"name_ocr,omitempty"` // the machine's reading, when it differs
	PostalCode string  `json:"postal_code"`
	File       string  `json:"file"` // as given at import
	Page       int     `json:"page"` // 1-based within the file
	RowNumber  int     `json:"row_number"`
	Status     string  `json:"status"`
	Score      float64 `json:"score"` // 0..1: 1 when the text is contained in the name
}

// FindPersons returns the rows whose name, or the machine's reading of it,
// matches text regardless of case, accents, hyphens and word order: every
// word of text must start a word of the name or be within one edit of one
// (none for words under four letters), or the whole text must be Similar
// to the name. postalCode, when not empty, must equal the row's code.
// Erased rows are never returned. Best matches first.
func (d *DB) FindPersons(ctx context.Context, text, postalCode string) ([]PersonMatch, error) {
	q := tally.Normalize(text)
	if q == "" {
		return nil, errors.New("find person: empty text")
	}
	sql := `SELECT r.id, c.name, r.name, r.surname, r.given_name, r.name_ocr, r.postal_code, f.path, p.page_index,
		r.number, r.status` + rowJoins + ` WHERE r.erased_at = ''`
	var args []any
	if postalCode != "" {
		sql += ` AND r.postal_code = ?`
		args = append(args, strings.TrimSpace(postalCode))
	}
	sql += ` ORDER BY f.path, p.page_index, r.idx`
	rs, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	defer rs.Close()
	out := []PersonMatch{}
	for rs.Next() {
		var m PersonMatch
		var surname, given string
		if err := rs.Scan(&m.ID, &m.Campaign, &m.Name, &surname, &given, &m.NameOCR, &m.PostalCode, &m.File, &m.Page,
			&m.RowNumber, &m.Status); err != nil {
			return nil, fmt.Errorf("find person: %w", err)
		}
		best := 0.0
		for _, n := range []string{m.Name, surname + " " + given, m.NameOCR} {
			best = max(best, matchScore(q, text, n))
		}
		if best == 0 {
			continue
		}
		if m.NameOCR == m.Name {
			m.NameOCR = ""
		}
		m.Score = best
		out = append(out, m)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

// matchScore scores how well a normalised query q (raw text) matches a
// name: 1 when contained, 0.9 when every query word starts or nearly
// equals a word of the name, the Similar score otherwise, 0 for no match.
func matchScore(q, text, name string) float64 {
	n := tally.Normalize(name)
	if n == "" {
		return 0
	}
	if strings.Contains(n, q) {
		return 1
	}
	words := strings.Fields(n)
	all := true
	for _, qw := range strings.Fields(q) {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, qw) || (len(qw) >= 4 && tally.Distance(w, qw) <= 1) {
				found = true
				break
			}
		}
		if !found {
			all = false
			break
		}
	}
	if all {
		return 0.9
	}
	if s, ok := tally.Similar(text, name); ok {
		return s * 0.9
	}
	return 0
}

// PersonAudit is one audit entry about a row.
type PersonAudit struct {
	ID       int64     `json:"id"`
	Reviewer string    `json:"reviewer"`
	At       time.Time `json:"at"`
	Action   string    `json:"action"`
	Before   string    `json:"before"` // JSON of the changed fields, "" once erased
	After    string    `json:"after"`
}

// PersonCell describes a stored cell image, without its pixels.
type PersonCell struct {
	Kind  string `json:"kind"`
	Box   [4]int `json:"box"` // x0, y0, x1, y1 in pixels
	Bytes int    `json:"bytes"`
}

// Person is everything stored about one row, for a data-protection access
// request: where it was read, the machine's readings, the current values,
// the cell images kept, the audit trail, and the duplicate pairs it is in.
type Person struct {
	ID         int64     `json:"id"`
	Campaign   string    `json:"campaign"`
	File       string    `json:"file"` // as given at import
	FileSHA256 string    `json:"file_sha256"`
	ImportedAt time.Time `json:"imported_at"`
	Page       int       `json:"page"` // 1-based within the file
	FormPage   int       `json:"form_page"`
	RowNumber  int       `json:"row_number"`
	Box        [4]int    `json:"box"` // the row on the straightened page, pixels
	ErasedAt   string    `json:"erased_at,omitempty"`
	// Columns is every column of the row as stored (text and numbers;
	// blobs as their length), so that nothing stored is left out.
	Columns    map[string]any `json:"columns"`
	Cells      []PersonCell   `json:"cells"`
	PageImage  int            `json:"page_image_bytes"` // size of the stored page image showing the row
	Audit      []PersonAudit  `json:"audit"`
	Duplicates []Duplicate    `json:"duplicates"`
}

// Person returns everything stored about row id, or ErrNotFound.
func (d *DB) Person(ctx context.Context, id int64) (*Person, error) {
	var p *Person
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = person(tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	dups, err := d.Duplicates(ctx, DuplicateFilter{})
	if err != nil {
		return nil, err
	}
	p.Duplicates = []Duplicate{}
	for _, dp := range dups {
		if dp.A.RowID == id || dp.B.RowID == id {
			p.Duplicates = append(p.Duplicates, dp)
		}
	}
	return p, nil
}

func person(tx *sql.Tx, id int64) (*Person, error) {
	p := &Person{ID: id, Columns: map[string]any{}, Cells: []PersonCell{}, Audit: []PersonAudit{}}
	var imported string
	err := tx.QueryRow(`SELECT c.name, f.path, f.sha256, f.imported_at, p.page_index, p.form_page, r.number,
		r.x0, r.y0, r.x1, r.y1, r.erased_at`+rowJoins+` WHERE r.id = ?`, id).Scan(&p.Campaign, &p.File, &p.FileSHA256,
		&imported, &p.Page, &p.FormPage, &p.RowNumber, &p.Box[0], &p.Box[1], &p.Box[2], &p.Box[3], &p.ErasedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p.ImportedAt = parseTime(imported)

	rs, err := tx.Query(`SELECT * FROM rows WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	cols, err := rs.Columns()
	if err != nil {
		rs.Close()
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			rs.Close()
			return nil, err
		}
	}
	rs.Close()
	for i, c := range cols {
		switch v := vals[i].(type) {
		case []byte:
			p.Columns[c] = string(v)
		default:
			p.Columns[c] = v
		}
	}

	crs, err := tx.Query(`SELECT kind, x0, y0, x1, y1, length(png) FROM cells WHERE row_id = ? ORDER BY kind`, id)
	if err != nil {
		return nil, err
	}
	for crs.Next() {
		var c PersonCell
		if err := crs.Scan(&c.Kind, &c.Box[0], &c.Box[1], &c.Box[2], &c.Box[3], &c.Bytes); err != nil {
			crs.Close()
			return nil, err
		}
		p.Cells = append(p.Cells, c)
	}
	crs.Close()
	if err := tx.QueryRow(`SELECT coalesce(length(i.data), 0) FROM rows r LEFT JOIN page_images i ON i.page_id = r.page_id
		WHERE r.id = ?`, id).Scan(&p.PageImage); err != nil {
		return nil, err
	}

	ars, err := tx.Query(`SELECT id, reviewer, at, action, before, after FROM audit WHERE row_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer ars.Close()
	for ars.Next() {
		var a PersonAudit
		var at string
		if err := ars.Scan(&a.ID, &a.Reviewer, &at, &a.Action, &a.Before, &a.After); err != nil {
			return nil, err
		}
		a.At = parseTime(at)
		p.Audit = append(p.Audit, a)
	}
	return p, ars.Err()
}

// Erasure reports what an erasure removed.
type Erasure struct {
	Rows  int `json:"rows"`  // printed rows emptied (person) or removed (scan)
	Pages int `json:"pages"` // pages removed (scan) or repainted (person)
	Cells int `json:"cells"` // cell images removed
	Audit int `json:"audit"` // audit entries emptied or removed
	Valid int `json:"valid"` // of the rows, valid signatures when erased
	// Scrubbed is true when the write-ahead log was emptied and the
	// database rebuilt (VACUUM), so that no erased byte is left in any
	// database file. False means another connection (a running review
	// server) held the log: the erased values are no longer readable
	// but may remain on disk until `sheetscan person erase` runs again
	// with nothing else open.
	Scrubbed bool `json:"scrubbed"`
}

// keptRowColumns are the text columns of rows that an erasure keeps: no
// personal data, and what the anonymous count needs (status, department).
var keptRowColumns = map[string]bool{
	"status": true, "reasons": true, "number_text": true, "number_source": true, "department": true,
	"reviewed_by": true, "reviewed_at": true, "claimed_by": true, "claim_expires": true, "erased_at": true,
}

// ErasePerson answers an erasure request for row id: it empties every text
// field of the row that may hold personal data (name, readings, postal
// code, communes, evidence; the department and status stay for the
// anonymous count, with erased_at set), deletes its cell images, paints
// the row's part of the page image white, empties the values of its audit
// entries and records an anonymous erasure. Then it empties the
// write-ahead log and rebuilds the database so that no copy remains in
// any database file (see Erasure.Scrubbed). by names who did it.
func (d *DB) ErasePerson(ctx context.Context, id int64, by string) (*Erasure, error) {
	e, errs, err := d.ErasePersons(ctx, []int64{id}, by)
	if errs[0] != nil {
		return nil, errs[0]
	}
	if err != nil {
		return e, fmt.Errorf("erase person %d: row erased, but %w", id, err)
	}
	return e, nil
}

// ErasePersons erases several rows as ErasePerson does, each in its own
// transaction, and rebuilds the database once at the end, even when no row
// was erased (so that running it again completes a rebuild an earlier run
// could not do). errs[i] is the error for ids[i] (wrapping ErrNotFound or
// ErrErased), nil when it was erased; err is the rebuild's. The Erasure
// sums the rows erased.
func (d *DB) ErasePersons(ctx context.Context, ids []int64, by string) (e *Erasure, errs []error, err error) {
	e = &Erasure{}
	errs = make([]error, len(ids))
	for i, id := range ids {
		one := &Erasure{}
		if err := d.inTx(ctx, func(tx *sql.Tx) error { return erasePerson(tx, id, by, one) }); err != nil {
			errs[i] = fmt.Errorf("erase person %d: %w", id, err)
			continue
		}
		e.add(one)
	}
	e.Scrubbed, err = d.scrub(ctx)
	return e, errs, err
}

func (e *Erasure) add(o *Erasure) {
	e.Rows += o.Rows
	e.Pages += o.Pages
	e.Cells += o.Cells
	e.Audit += o.Audit
	e.Valid += o.Valid
}

func erasePerson(tx *sql.Tx, id int64, by string, e *Erasure) error {
	var pageID, campaignID int64
	var erasedAt, status string
	var x0, y0, x1, y1 int
	var blank, signed, struck bool
	err := tx.QueryRow(`SELECT r.page_id, f.campaign_id, r.erased_at, r.status, r.blank, r.signed, r.struck,
		r.x0, r.y0, r.x1, r.y1 FROM rows r JOIN pages p ON p.id = r.page_id JOIN files f ON f.id = p.file_id
		WHERE r.id = ?`, id).Scan(&pageID, &campaignID, &erasedAt, &status, &blank, &signed, &struck, &x0, &y0, &x1, &y1)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if erasedAt != "" {
		return ErrErased
	}
	wasValid := (&tallyRow{status: status, blank: blank, signed: signed, struck: struck}).signature()
	pending := 0
	if status == RowFlagged {
		pending = 1
	}
	e.Rows = 1
	if wasValid {
		e.Valid = 1
	}

	// The row's box on the page, grown to its cells' boxes.
	boxes := []image.Rectangle{image.Rect(x0, y0, x1, y1)}
	crs, err := tx.Query(`SELECT x0, y0, x1, y1 FROM cells WHERE row_id = ?`, id)
	if err != nil {
		return err
	}
	for crs.Next() {
		var r image.Rectangle
		if err := crs.Scan(&r.Min.X, &r.Min.Y, &r.Max.X, &r.Max.Y); err != nil {
			crs.Close()
			return err
		}
		boxes = append(boxes, r)
	}
	crs.Close()
	res, err := tx.Exec(`DELETE FROM cells WHERE row_id = ?`, id)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	e.Cells = int(n)
	painted, err := whitenPageImage(tx, pageID, boxes)
	if err != nil {
		return fmt.Errorf("page image: %w", err)
	}
	if painted {
		e.Pages = 1
	}

	// Every text column but those kept, whatever later migrations added.
	cols, err := textColumns(tx, "rows")
	if err != nil {
		return err
	}
	var set []string
	for _, c := range cols {
		if !keptRowColumns[c] {
			set = append(set, c+" = ''")
		}
	}
	at := now()
	set = append(set, "name_conf = 0", "postal_conf = 0", "erased_at = ?", "version = version + 1")
	if _, err := tx.Exec(`UPDATE rows SET `+strings.Join(set, ", ")+` WHERE id = ?`, at, id); err != nil {
		return err
	}

	if e.Audit, err = emptyAudit(tx, []int64{id}, at); err != nil {
		return err
	}
	if err := deleteRowLinked(tx, []int64{id}); err != nil {
		return err
	}
	// Undecided pairs with an erased row cannot be decided any more;
	// decided ones stay so that the tally does not change.
	if _, err := tx.Exec(`DELETE FROM duplicates WHERE status = 'pending' AND (row_a = ? OR row_b = ?)`, id, id); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO audit (row_id, reviewer, at, action) VALUES (?, ?, ?, 'erase')`, id, by, at); err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO erasures (kind, at, by, campaign_id, row_id, pages, rows, valid, pending)
		VALUES ('person', ?, ?, ?, ?, 0, 1, ?, ?)`, at, by, campaignID, id, e.Valid, pending)
	return err
}

// textColumns returns the names of the columns of a table that may hold
// text: declared TEXT, BLOB, VARCHAR and the like, or with no type.
func textColumns(tx *sql.Tx, table string) ([]string, error) {
	rs, err := tx.Query(`SELECT name, type FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var name, typ string
		if err := rs.Scan(&name, &typ); err != nil {
			return nil, err
		}
		// Untyped and BLOB columns may hold text too.
		if t := strings.ToUpper(typ); t == "TEXT" || t == "BLOB" || t == "" || strings.Contains(t, "CHAR") {
			out = append(out, name)
		}
	}
	return out, rs.Err()
}

// emptyAudit empties the recorded values of the audit entries of rows
// (before, after, and any other text column), leaving who did what when. Entries are also marked undone, when the
// review schema has that column, so that an undo never tries to restore
// an emptied value.
func emptyAudit(tx *sql.Tx, ids []int64, at string) (int, error) {
	cols, err := textColumns(tx, "audit")
	if err != nil {
		return 0, err
	}
	var set []string
	for _, c := range cols {
		switch c {
		case "reviewer", "at", "action":
		case "undone_at":
			set = append(set, "undone_at = CASE WHEN undone_at = '' THEN '"+at+"' ELSE undone_at END")
		default: // before, after, and any value a later migration adds
			set = append(set, c+" = ''")
		}
	}
	total := 0
	for _, id := range ids {
		res, err := tx.Exec(`UPDATE audit SET `+strings.Join(set, ", ")+` WHERE row_id = ?`, id)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	return total, nil
}

// deleteRowLinked deletes, in every table with a row_id column other than
// those this file handles itself, the records of rows: tables added by
// later migrations (review skips, readings, …) may hold personal data
// this code does not know about, so erasing them is the safe default.
func deleteRowLinked(tx *sql.Tx, ids []int64) error {
	handled := map[string]bool{"rows": true, "cells": true, "audit": true, "erasures": true, "duplicates": true}
	rs, err := tx.Query(`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'row_id'`)
	if err != nil {
		return err
	}
	var tables []string
	for rs.Next() {
		var t string
		if err := rs.Scan(&t); err != nil {
			rs.Close()
			return err
		}
		if !handled[t] {
			tables = append(tables, t)
		}
	}
	rs.Close()
	for _, t := range tables {
		for _, id := range ids {
			if _, err := tx.Exec(`DELETE FROM "`+strings.ReplaceAll(t, `"`, `""`)+`" WHERE row_id = ?`, id); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
	}
	return nil
}

// whitenPageImage paints boxes white on the stored image of a page and
// stores it again. It reports false when the page has no image.
func whitenPageImage(tx *sql.Tx, pageID int64, boxes []image.Rectangle) (bool, error) {
	var data []byte
	err := tx.QueryRow(`SELECT data FROM page_images WHERE page_id = ?`, pageID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	out, err := whitenPNG(data, boxes)
	if err != nil {
		return false, err
	}
	_, err = tx.Exec(`UPDATE page_images SET format = 'png', data = ? WHERE page_id = ?`, out, pageID)
	return err == nil, err
}

// whitenPNG decodes a PNG, paints boxes white (clipped to the image) and
// encodes it again, keeping its colour model when it can be drawn on.
func whitenPNG(data []byte, boxes []image.Rectangle) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	dst, ok := img.(draw.Image)
	if !ok {
		rgba := image.NewNRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		dst = rgba
	}
	white := image.NewUniform(color.White)
	for _, b := range boxes {
		draw.Draw(dst, b.Canon().Intersect(dst.Bounds()), white, image.Point{}, draw.Src)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Scrub empties the write-ahead log and rebuilds the database, as the
// erasures do, and reports whether the log could be emptied. Call it again
// after an erasure whose Scrubbed was false, once other connections are
// closed.
func (d *DB) Scrub(ctx context.Context) (bool, error) {
	ok, err := d.scrub(ctx)
	if err != nil {
		return false, fmt.Errorf("scrub database: %w", err)
	}
	return ok, nil
}

// scrub empties the write-ahead log and rebuilds the database file so that
// the bytes of erased values, already overwritten in freed pages by
// secure_delete, leave no copy in the -wal file or in unused space. It
// reports false when another connection kept the log from being emptied.
func (d *DB) scrub(ctx context.Context) (bool, error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	checkpoint := func() (bool, error) {
		var busy, logPages, done int
		if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
			return false, fmt.Errorf("checkpoint: %w", err)
		}
		return busy == 0, nil
	}
	if _, err := checkpoint(); err != nil {
		return false, err
	}
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		return false, fmt.Errorf("vacuum: %w", err)
	}
	return checkpoint()
}

// FindScans returns the stored files whose path (as given at import)
// equals ref or whose SHA-256 (hex) equals ref, case-insensitively for the
// hash.
func (d *DB) FindScans(ctx context.Context, ref string) ([]File, error) {
	rs, err := d.db.QueryContext(ctx, `SELECT id FROM files WHERE path = ? OR sha256 = lower(?) ORDER BY id`, ref, ref)
	if err != nil {
		return nil, fmt.Errorf("find scan %s: %w", ref, err)
	}
	var ids []int64
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			rs.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rs.Close()
	out := []File{}
	for _, id := range ids {
		f, err := d.FileByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, nil
}

// EraseScan removes a scanned file and everything that came from it: its
// pages and their images, its rows and their cells, their audit entries and
// duplicate pairs. Only an anonymous line with the counts stays (see
// Tally.ErasedScans). Then, as ErasePerson, it empties the write-ahead log
// and rebuilds the database. by names who did it.
func (d *DB) EraseScan(ctx context.Context, fileID int64, by string) (*Erasure, error) {
	e, errs, err := d.EraseScans(ctx, []int64{fileID}, by)
	if errs[0] != nil {
		return nil, errs[0]
	}
	if err != nil {
		return e, fmt.Errorf("erase scan %d: scan erased, but %w", fileID, err)
	}
	return e, nil
}

// EraseScans erases several scans as EraseScan does, each in its own
// transaction, and rebuilds the database once at the end. errs[i] is the
// error for fileIDs[i], nil when it was erased; err is the rebuild's.
func (d *DB) EraseScans(ctx context.Context, fileIDs []int64, by string) (e *Erasure, errs []error, err error) {
	e = &Erasure{}
	errs = make([]error, len(fileIDs))
	for i, id := range fileIDs {
		one := &Erasure{}
		if err := d.inTx(ctx, func(tx *sql.Tx) error { return eraseScan(tx, id, by, one) }); err != nil {
			errs[i] = fmt.Errorf("erase scan %d: %w", id, err)
			continue
		}
		e.add(one)
	}
	e.Scrubbed, err = d.scrub(ctx)
	return e, errs, err
}

func eraseScan(tx *sql.Tx, fileID int64, by string, e *Erasure) error {
	var campaignID int64
	var campaign string
	err := tx.QueryRow(`SELECT f.campaign_id, c.name FROM files f JOIN campaigns c ON c.id = f.campaign_id WHERE f.id = ?`,
		fileID).Scan(&campaignID, &campaign)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	rows, counted, err := tallyRows(tx, campaign)
	if err != nil {
		return err
	}
	inFile := map[int64]bool{}
	rs, err := tx.Query(`SELECT r.id FROM rows r JOIN pages p ON p.id = r.page_id WHERE p.file_id = ?`, fileID)
	if err != nil {
		return err
	}
	var ids []int64
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			rs.Close()
			return err
		}
		inFile[id] = true
		ids = append(ids, id)
	}
	rs.Close()
	pending := 0
	for _, r := range rows {
		if !inFile[r.id] || r.erased {
			continue
		}
		if counted[r.id] {
			e.Valid++
		}
		if r.status == RowFlagged {
			pending++
		}
	}
	e.Rows = len(ids)
	if err := tx.QueryRow(`SELECT count(*) FROM pages WHERE file_id = ?`, fileID).Scan(&e.Pages); err != nil {
		return err
	}
	if err := tx.QueryRow(`SELECT count(*) FROM cells c JOIN rows r ON r.id = c.row_id JOIN pages p ON p.id = r.page_id
		WHERE p.file_id = ?`, fileID).Scan(&e.Cells); err != nil {
		return err
	}
	for _, id := range ids {
		res, err := tx.Exec(`DELETE FROM audit WHERE row_id = ?`, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		e.Audit += int(n)
	}
	if err := deleteRowLinked(tx, ids); err != nil {
		return err
	}
	// Pages, their images, rows, cells and duplicate pairs go by cascade.
	if _, err := tx.Exec(`DELETE FROM files WHERE id = ?`, fileID); err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO erasures (kind, at, by, campaign_id, pages, rows, valid, pending)
		VALUES ('scan', ?, ?, ?, ?, ?, ?, ?)`, now(), by, campaignID, e.Pages, e.Rows, e.Valid, pending)
	return err
}
