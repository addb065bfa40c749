package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sheetscan/sheetscan/postal"
	"github.com/sheetscan/sheetscan/tally"
)

// Tally groupings, the values of TallyOptions.By.
const (
	ByCampaign   = "campaign"
	ByDepartment = "department"
	ByPostal     = "postal"
	ByCommune    = "commune"
	BySheet      = "sheet" // one scanned page: file and page
	ByDay        = "day"   // day the file was imported, UTC
)

// TallyGroupings lists the accepted values of TallyOptions.By.
var TallyGroupings = []string{ByCampaign, ByDepartment, ByPostal, ByCommune, BySheet, ByDay}

// TallyOptions selects what Tally counts and how it groups.
type TallyOptions struct {
	Campaign string // "" for all campaigns
	By       string // one of TallyGroupings; "" means ByCampaign
}

// TallyCount counts the printed rows of one group. Every row falls in
// exactly one of Valid, Duplicates, Pending, Invalid, Blank and Erased, so
// they add up to Rows.
type TallyCount struct {
	Key   string `json:"key"`   // department code, postal code, INSEE code(s), "file#page", day, campaign; "" when unknown
	Label string `json:"label"` // human name of the key: department or commune name, file and page
	// Valid counts the valid signatures: filled, signed, not struck,
	// accepted or corrected, each confirmed duplicate group once.
	Valid int `json:"valid"`
	// Duplicates counts valid rows left out because a reviewer confirmed
	// they are the same person as a counted row.
	Duplicates int `json:"duplicates"`
	// Pending counts rows awaiting review (status flagged): the figure is
	// final when it is 0.
	Pending int `json:"pending"`
	// Invalid counts reviewed rows that are no valid signature: unsigned,
	// struck, or marked empty.
	Invalid int `json:"invalid"`
	Blank   int `json:"blank"` // rows with status blank
	// Erased counts rows emptied on a data-protection request: kept
	// anonymous so that the totals stay explainable.
	Erased int `json:"erased"`
	Rows   int `json:"rows"`
}

func (c *TallyCount) add(o TallyCount) {
	c.Valid += o.Valid
	c.Duplicates += o.Duplicates
	c.Pending += o.Pending
	c.Invalid += o.Invalid
	c.Blank += o.Blank
	c.Erased += o.Erased
	c.Rows += o.Rows
}

// ErasedScans sums what `scan erase` removed: those rows are gone from
// the groups and from Total.
type ErasedScans struct {
	Scans   int `json:"scans"`
	Pages   int `json:"pages"`
	Rows    int `json:"rows"`
	Valid   int `json:"valid"`   // valid signatures among them when erased
	Pending int `json:"pending"` // rows then awaiting review
}

// Tally is the count of signatures, grouped.
type Tally struct {
	Campaign string       `json:"campaign,omitempty"`
	By       string       `json:"by"`
	At       time.Time    `json:"at"`
	Groups   []TallyCount `json:"groups"` // by decreasing Valid, then key; by key for sheets and days
	Total    TallyCount   `json:"total"`
	// PendingDuplicates counts proposed duplicate pairs no reviewer has
	// confirmed or rejected yet: the figure may still drop by that much.
	PendingDuplicates int         `json:"pending_duplicates"`
	ErasedScans       ErasedScans `json:"erased_scans"`
}

// Final reports whether no row and no duplicate pair awaits a reviewer.
func (t *Tally) Final() bool { return t.Total.Pending == 0 && t.PendingDuplicates == 0 }

// tallyRow is what counting needs of a row.
type tallyRow struct {
	id                    int64
	campaign              string
	filePath              string
	pageIndex             int
	importedAt            string
	postal                string
	department            string
	status                string
	blank, signed, struck bool
	erased                bool
}

// signature reports whether the row is a valid signature before
// duplicates are taken into account.
func (r *tallyRow) signature() bool {
	return !r.erased && (r.status == RowAccepted || r.status == RowCorrected) && !r.blank && r.signed && !r.struck
}

// IsValid reports whether a row is a valid signature, duplicates aside:
// filled, signed, not struck, accepted or corrected, not erased.
func IsValid(r *Row) bool {
	tr := tallyRow{status: r.Status, blank: r.Blank, signed: r.Signed, struck: r.Struck}
	return tr.signature()
}

// Tally counts the valid signatures and the rows still awaiting review,
// grouped as o.By says. Departments and communes come from the current
// postal code (package postal, so Corsica, overseas and cross-border codes
// come out right); rows whose code is not valid fall in the group with an
// empty key.
func (d *DB) Tally(ctx context.Context, o TallyOptions) (*Tally, error) {
	if o.By == "" {
		o.By = ByCampaign
	}
	if !validGrouping(o.By) {
		return nil, fmt.Errorf("tally: unknown grouping %q (want one of %s)", o.By, strings.Join(TallyGroupings, ", "))
	}
	var t *Tally
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		t, _, err = tallyTx(tx, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tally: %w", err)
	}
	return t, nil
}

// tallyTx computes the tally of o (By already checked) and returns with
// it the ids of the rows counted as valid signatures.
func tallyTx(tx *sql.Tx, o TallyOptions) (*Tally, map[int64]bool, error) {
	t := &Tally{Campaign: o.Campaign, By: o.By, At: time.Now().UTC()}
	rows, counted, err := tallyRows(tx, o.Campaign)
	if err != nil {
		return nil, nil, err
	}
	groups := map[string]*TallyCount{}
	for i := range rows {
		r := &rows[i]
		key, label := groupOf(r, o.By)
		g := groups[key]
		if g == nil {
			g = &TallyCount{Key: key, Label: label}
			groups[key] = g
		}
		g.Rows++
		switch {
		case r.erased:
			g.Erased++
		case r.signature() && counted[r.id]:
			g.Valid++
		case r.signature():
			g.Duplicates++
		case r.status == RowFlagged:
			g.Pending++
		case r.status == RowBlank:
			g.Blank++
		default:
			g.Invalid++
		}
	}
	for _, g := range groups {
		t.Groups = append(t.Groups, *g)
		t.Total.add(*g)
	}
	t.Total.Key, t.Total.Label = "", "total"
	if t.PendingDuplicates, err = pendingDuplicates(tx, o.Campaign); err != nil {
		return nil, nil, err
	}
	if t.ErasedScans, err = erasedScans(tx, o.Campaign); err != nil {
		return nil, nil, err
	}
	sort.Slice(t.Groups, func(i, j int) bool {
		a, b := t.Groups[i], t.Groups[j]
		if a.Valid != b.Valid && o.By != BySheet && o.By != ByDay {
			return a.Valid > b.Valid
		}
		return a.Key < b.Key
	})
	if t.Groups == nil {
		t.Groups = []TallyCount{}
	}
	return t, counted, nil
}

func validGrouping(by string) bool {
	for _, g := range TallyGroupings {
		if g == by {
			return true
		}
	}
	return false
}

// tallyRows loads the rows of a campaign ("" for all) and the set of row
// ids that count as a signature once confirmed duplicates are collapsed:
// in each group of rows confirmed to be one person, the valid row with the
// smallest id.
func tallyRows(tx *sql.Tx, campaign string) ([]tallyRow, map[int64]bool, error) {
	q := `SELECT r.id, c.name, f.path, p.page_index, f.imported_at, r.postal_code, r.department, r.status,
		r.blank, r.signed, r.struck, r.erased_at != ''` + rowJoins
	var args []any
	if campaign != "" {
		q += ` WHERE c.name = ?`
		args = append(args, campaign)
	}
	q += ` ORDER BY r.id`
	rs, err := tx.Query(q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	var rows []tallyRow
	for rs.Next() {
		var r tallyRow
		if err := rs.Scan(&r.id, &r.campaign, &r.filePath, &r.pageIndex, &r.importedAt, &r.postal, &r.department,
			&r.status, &r.blank, &r.signed, &r.struck, &r.erased); err != nil {
			return nil, nil, err
		}
		rows = append(rows, r)
	}
	if err := rs.Err(); err != nil {
		return nil, nil, err
	}
	rs.Close()

	index := make(map[int64]int, len(rows))
	for i, r := range rows {
		index[r.id] = i
	}
	groups := tally.NewGroups(len(rows))
	prs, err := tx.Query(`SELECT row_a, row_b FROM duplicates WHERE status = 'confirmed'`)
	if err != nil {
		return nil, nil, err
	}
	defer prs.Close()
	for prs.Next() {
		var a, b int64
		if err := prs.Scan(&a, &b); err != nil {
			return nil, nil, err
		}
		ia, oka := index[a]
		ib, okb := index[b]
		if oka && okb {
			groups.Union(ia, ib)
		}
	}
	if err := prs.Err(); err != nil {
		return nil, nil, err
	}
	counted := map[int64]bool{}
	taken := map[int]bool{} // group representative -> a row already counted
	for i := range rows {   // in id order, so the smallest valid id counts
		if !rows[i].signature() {
			continue
		}
		g := groups.Find(i)
		if !taken[g] {
			taken[g] = true
			counted[rows[i].id] = true
		}
	}
	return rows, counted, nil
}

// groupOf returns the key and label of the group of r.
func groupOf(r *tallyRow, by string) (key, label string) {
	switch by {
	case ByCampaign:
		return r.campaign, r.campaign
	case ByDepartment:
		if dep, name, ok := postal.Department(r.postal); ok {
			return dep, name
		}
		if r.department != "" { // an erased row keeps its department only
			return r.department, departmentName(r.department)
		}
		return "", "unknown (no valid postal code)"
	case ByPostal:
		if postal.Valid(r.postal) {
			return r.postal, communeNames(r.postal)
		}
		return "", "unknown (no valid postal code)"
	case ByCommune:
		cs := postal.Communes(r.postal)
		if len(cs) == 0 {
			return "", "unknown (no valid postal code)"
		}
		// A code serving several communes cannot say which one the
		// signer lives in: the group is those communes together.
		insee := make([]string, len(cs))
		for i, c := range cs {
			insee[i] = c.INSEE
		}
		return strings.Join(insee, "+"), communeNames(r.postal)
	case BySheet:
		return r.filePath + "#" + strconv.Itoa(r.pageIndex), r.filePath + " page " + strconv.Itoa(r.pageIndex)
	case ByDay:
		day := r.importedAt
		if len(day) >= 10 {
			day = day[:10]
		}
		return day, day
	}
	return "", ""
}

// communeNames returns the names of the communes a valid code serves,
// joined by " / ".
func communeNames(code string) string {
	cs := postal.Communes(code)
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, " / ")
}

// departmentNames maps department codes to names, from package postal:
// it exports names only through Department.
var departmentNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, code := range postal.Codes() {
		if dep, name, ok := postal.Department(code); ok {
			m[dep] = name
		}
	}
	return m
})

func departmentName(dep string) string {
	if n, ok := departmentNames()[dep]; ok {
		return n
	}
	return dep
}

func pendingDuplicates(tx *sql.Tx, campaign string) (int, error) {
	q := `SELECT count(*) FROM duplicates d JOIN rows r ON r.id = d.row_a JOIN pages p ON p.id = r.page_id
		JOIN files f ON f.id = p.file_id JOIN campaigns c ON c.id = f.campaign_id WHERE d.status = 'pending'`
	var args []any
	if campaign != "" {
		q += ` AND c.name = ?`
		args = append(args, campaign)
	}
	var n int
	err := tx.QueryRow(q, args...).Scan(&n)
	return n, err
}

func erasedScans(tx *sql.Tx, campaign string) (ErasedScans, error) {
	q := `SELECT count(*), coalesce(sum(e.pages), 0), coalesce(sum(e.rows), 0), coalesce(sum(e.valid), 0),
		coalesce(sum(e.pending), 0) FROM erasures e LEFT JOIN campaigns c ON c.id = e.campaign_id WHERE e.kind = 'scan'`
	var args []any
	if campaign != "" {
		q += ` AND c.name = ?`
		args = append(args, campaign)
	}
	var s ErasedScans
	err := tx.QueryRow(q, args...).Scan(&s.Scans, &s.Pages, &s.Rows, &s.Valid, &s.Pending)
	return s, err
}

// inReadTx runs fn in a transaction so that several queries see one
// snapshot of the database. The DSN makes every transaction BEGIN
// IMMEDIATE, which also keeps writers out for the short time it lasts.
func (d *DB) inReadTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return d.inTx(ctx, fn)
}

// Duplicate pair states.
const (
	DupPending   = "pending"
	DupConfirmed = "confirmed"
	DupRejected  = "rejected"
)

// DuplicateSide is one row of a duplicate pair, with where it was read.
type DuplicateSide struct {
	RowID      int64  `json:"row_id"`
	Name       string `json:"name"`
	PostalCode string `json:"postal_code"`
	File       string `json:"file"` // as given at import
	Page       int    `json:"page"` // 1-based within the file
	Number     int    `json:"row_number"`
	Status     string `json:"status"`
}

// Duplicate is a pair of rows that plausibly hold the same person.
type Duplicate struct {
	ID        int64         `json:"id"`
	Campaign  string        `json:"campaign"`
	A         DuplicateSide `json:"a"`
	B         DuplicateSide `json:"b"`
	Score     float64       `json:"score"` // 0..1, 1 for the same normalised name
	Status    string        `json:"status"`
	FoundAt   time.Time     `json:"found_at"`
	DecidedBy string        `json:"decided_by,omitempty"`
	DecidedAt time.Time     `json:"decided_at,omitzero"`
}

// FindDuplicates compares the names of the filled rows of a campaign (""
// for all; rows are only compared within their campaign) that share a
// postal code, records the similar pairs not seen before as pending, and
// drops pending pairs that are no longer similar (a reviewer corrected a
// name). Decided pairs are kept as they are. It returns the number of
// pairs added.
func (d *DB) FindDuplicates(ctx context.Context, campaign string) (added int, err error) {
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		added, err = findDuplicates(tx, campaign)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("find duplicates: %w", err)
	}
	return added, nil
}

func findDuplicates(tx *sql.Tx, campaign string) (int, error) {
	q := `SELECT r.id, c.name, r.name, r.postal_code` + rowJoins + ` WHERE r.erased_at = '' AND r.blank = 0
		AND r.status != 'blank' AND r.name != '' AND r.postal_code != ''`
	var args []any
	if campaign != "" {
		q += ` AND c.name = ?`
		args = append(args, campaign)
	}
	rs, err := tx.Query(q, args...)
	if err != nil {
		return 0, err
	}
	var signers []tally.Signer
	for rs.Next() {
		var s tally.Signer
		if err := rs.Scan(&s.ID, &s.Group, &s.Name, &s.Postal); err != nil {
			rs.Close()
			return 0, err
		}
		signers = append(signers, s)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return 0, err
	}
	found := map[[2]int64]bool{}
	added := 0
	at := now()
	for _, p := range tally.FindPairs(signers) {
		found[[2]int64{p.A, p.B}] = true
		res, err := tx.Exec(`INSERT INTO duplicates (row_a, row_b, score, status, found_at) VALUES (?, ?, ?, 'pending', ?)
			ON CONFLICT (row_a, row_b) DO NOTHING`, p.A, p.B, p.Score, at)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	// Pending pairs of the rows examined that are no longer similar.
	inScope := make(map[int64]bool, len(signers))
	for _, s := range signers {
		inScope[s.ID] = true
	}
	prs, err := tx.Query(`SELECT id, row_a, row_b FROM duplicates WHERE status = 'pending'`)
	if err != nil {
		return 0, err
	}
	var stale []int64
	for prs.Next() {
		var id, a, b int64
		if err := prs.Scan(&id, &a, &b); err != nil {
			prs.Close()
			return 0, err
		}
		if found[[2]int64{a, b}] {
			continue
		}
		// A row out of scope is either of another campaign (leave its
		// pairs alone) or no longer a candidate (erased, blank, emptied).
		if (inScope[a] && inScope[b]) || campaign == "" {
			stale = append(stale, id)
		}
	}
	prs.Close()
	if err := prs.Err(); err != nil {
		return 0, err
	}
	for _, id := range stale {
		if _, err := tx.Exec(`DELETE FROM duplicates WHERE id = ?`, id); err != nil {
			return 0, err
		}
	}
	return added, nil
}

// DuplicateFilter selects duplicate pairs. Zero values select everything.
type DuplicateFilter struct {
	Campaign string
	Status   string // DupPending, DupConfirmed, DupRejected or "" for all
}

// Duplicates returns the recorded duplicate pairs, best score first.
func (d *DB) Duplicates(ctx context.Context, f DuplicateFilter) ([]Duplicate, error) {
	q := `SELECT d.id, ca.name, d.score, d.status, d.found_at, d.decided_by, d.decided_at,
		a.id, a.name, a.postal_code, fa.path, pa.page_index, a.number, a.status,
		b.id, b.name, b.postal_code, fb.path, pb.page_index, b.number, b.status
		FROM duplicates d
		JOIN rows a ON a.id = d.row_a JOIN pages pa ON pa.id = a.page_id JOIN files fa ON fa.id = pa.file_id
		JOIN campaigns ca ON ca.id = fa.campaign_id
		JOIN rows b ON b.id = d.row_b JOIN pages pb ON pb.id = b.page_id JOIN files fb ON fb.id = pb.file_id
		WHERE 1`
	var args []any
	if f.Campaign != "" {
		q, args = q+` AND ca.name = ?`, append(args, f.Campaign)
	}
	if f.Status != "" {
		q, args = q+` AND d.status = ?`, append(args, f.Status)
	}
	q += ` ORDER BY d.score DESC, d.id`
	rs, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list duplicates: %w", err)
	}
	defer rs.Close()
	out := []Duplicate{}
	for rs.Next() {
		var p Duplicate
		var found, decided string
		if err := rs.Scan(&p.ID, &p.Campaign, &p.Score, &p.Status, &found, &p.DecidedBy, &decided,
			&p.A.RowID, &p.A.Name, &p.A.PostalCode, &p.A.File, &p.A.Page, &p.A.Number, &p.A.Status,
			&p.B.RowID, &p.B.Name, &p.B.PostalCode, &p.B.File, &p.B.Page, &p.B.Number, &p.B.Status); err != nil {
			return nil, fmt.Errorf("list duplicates: %w", err)
		}
		p.FoundAt = parseTime(found)
		if decided != "" {
			p.DecidedAt = parseTime(decided)
		}
		out = append(out, p)
	}
	return out, rs.Err()
}

// DecideDuplicate records a reviewer's decision on a pair: confirmed (the
// same person: counted once) or rejected (two people). A decision can be
// changed by deciding again. It returns ErrNotFound for an unknown id.
func (d *DB) DecideDuplicate(ctx context.Context, id int64, confirmed bool, by string) error {
	status := DupRejected
	if confirmed {
		status = DupConfirmed
	}
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE duplicates SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			status, by, now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("duplicate %d: %w", id, err)
	}
	return nil
}
