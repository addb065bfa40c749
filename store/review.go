package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrConflict is returned by review methods when a row changed since the
// caller read it (its version moved) or another reviewer holds its claim.
// The caller should reload the row and let the reviewer look again.
var ErrConflict = errors.New("row changed or claimed by another reviewer")

// Review actions recorded in the audit trail.
const (
	ActionAccept   = "accept"   // saved unchanged
	ActionCorrect  = "correct"  // saved with a change
	ActionBlank    = "blank"    // marked blank
	ActionUnsigned = "unsigned" // marked not signed
	ActionStruck   = "struck"   // marked struck or invalid
	ActionUndo     = "undo"     // an earlier save reverted
)

// ReviewChange is what a reviewer saves for a row: the full reviewed
// state, not a difference. The caller fills Department and Communes from
// the postal code; the store does not interpret them.
type ReviewChange struct {
	Name       string // as written, accents and case kept
	Surname    string
	GivenName  string
	PostalCode string
	Department string
	Communes   string // names joined by JoinCommunes
	Signed     bool
	Struck     bool
	Blank      bool
	// Mark is the action the reviewer chose: "" for a plain save, or
	// ActionBlank, ActionUnsigned, ActionStruck. It only names the audit
	// entry; the fields above carry the state.
	Mark string
}

// reviewState is the part of a row a review changes, as written to the
// audit trail (JSON) and restored by Undo.
type reviewState struct {
	Name       string `json:"name"`
	Surname    string `json:"surname"`
	GivenName  string `json:"given_name"`
	PostalCode string `json:"postal_code"`
	Department string `json:"department"`
	Communes   string `json:"communes"`
	Signed     bool   `json:"signed"`
	Struck     bool   `json:"struck"`
	Blank      bool   `json:"blank"`
	Status     string `json:"status"`
	ReviewedBy string `json:"reviewed_by"`
	ReviewedAt string `json:"reviewed_at"`
	Version    int    `json:"version"`
}

func stateOf(r *RowRef) reviewState {
	at := ""
	if !r.ReviewedAt.IsZero() {
		at = formatTime(r.ReviewedAt)
	}
	return reviewState{Name: r.Name, Surname: r.Surname, GivenName: r.GivenName,
		PostalCode: r.PostalCode, Department: r.Department, Communes: r.Communes,
		Signed: r.Signed, Struck: r.Struck, Blank: r.Blank, Status: r.Status,
		ReviewedBy: r.ReviewedBy, ReviewedAt: at, Version: r.Version}
}

// sameReading reports whether two states hold the same reading, ignoring
// who reviewed it and when.
func sameReading(a, b reviewState) bool {
	return a.Name == b.Name && a.PostalCode == b.PostalCode && a.Signed == b.Signed &&
		a.Struck == b.Struck && a.Blank == b.Blank
}

// AuditEntry is one line of the audit trail. Before and After are JSON
// objects of the row's reviewed fields.
type AuditEntry struct {
	ID       int64
	RowID    int64
	Reviewer string
	At       time.Time
	Action   string
	Before   string
	After    string
	UndoneAt time.Time // zero unless an undo reverted this entry
}

// Progress counts the review work of one campaign. Flagged is every row
// that went through review or still waits for it (Left + Done); Done
// counts rows a person reviewed, including rows opened from the sheet
// view that the machine had accepted.
type Progress struct {
	Campaign string
	Rows     int // all rows
	Flagged  int
	Left     int // still flagged
	Claimed  int // of Left, held by a reviewer right now
	Done     int
}

// PageSummary is a stored page with its rows counted by status, for the
// sheet view.
type PageSummary struct {
	ID        int64
	Campaign  string
	FileID    int64
	FilePath  string
	Index     int // 1-based within the file
	FormPage  int
	Width     int // of the straightened image, pixels
	Height    int
	HasImage  bool
	Rows      int
	ByStatus  map[string]int
	Reviewed  int
	PageState string // ok, not_form, failed
}

// ClaimNext hands reviewer the next flagged row of campaign ("" for all),
// in import order, and claims it until ttl from now, so that no other
// reviewer gets it meanwhile. A row the reviewer already holds comes
// first, rows they skipped come last. It returns ErrNotFound when nothing is left for
// them.
func (d *DB) ClaimNext(ctx context.Context, campaign, reviewer string, ttl time.Duration) (*RowRef, error) {
	var r *RowRef
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = claimNext(tx, campaign, reviewer, ttl)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func claimNext(tx *sql.Tx, campaign, reviewer string, ttl time.Duration) (*RowRef, error) {
	t := time.Now()
	var found *RowRef
	err := eachClaimable(tx, campaign, reviewer, t, func(r *RowRef) bool {
		found = r
		return false
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, ErrNotFound
	}
	if err := setClaim(tx, found.ID, reviewer, t.Add(ttl)); err != nil {
		return nil, err
	}
	return rowInTx(tx, found.ID)
}

// eachClaimable calls fn with the flagged rows of campaign ("" for all)
// that reviewer may claim at t, in queue order, until fn returns false:
// first the rows they hold, then the free ones (never claimed, or the
// claim expired) in import order, then the free ones they skipped. Each
// pass walks the status index in row id order and stops early, so that
// the next row of a large queue costs no sort.
func eachClaimable(tx *sql.Tx, campaign, reviewer string, t time.Time, fn func(*RowRef) bool) error {
	var campFilter string
	var campArgs []any
	if campaign != "" {
		var cid int64
		err := tx.QueryRow(`SELECT id FROM campaigns WHERE name = ?`, campaign).Scan(&cid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		campFilter = ` AND r.page_id IN (SELECT p2.id FROM pages p2 JOIN files f2 ON f2.id = p2.file_id WHERE f2.campaign_id = ?)`
		campArgs = []any{cid}
	}
	stamp := formatTime(t)
	const skipped = `EXISTS (SELECT 1 FROM review_skips s WHERE s.row_id = r.id AND s.reviewer = ?)`
	const free = `r.status = 'flagged' AND r.erased_at = '' AND r.claimed_by != ? AND (r.claimed_by = '' OR r.claim_expires < ?)`
	passes := []struct {
		where string
		args  []any
	}{
		{`r.status = 'flagged' AND r.erased_at = '' AND r.claimed_by = ?`, []any{reviewer}},
		{free + ` AND NOT ` + skipped, []any{reviewer, stamp, reviewer}},
		{free + ` AND ` + skipped, []any{reviewer, stamp, reviewer}},
	}
	for _, p := range passes {
		rs, err := tx.Query(`SELECT `+rowColumns+rowJoins+` WHERE `+p.where+campFilter+` ORDER BY r.id`,
			append(p.args, campArgs...)...)
		if err != nil {
			return err
		}
		more := true
		for more && rs.Next() {
			r, err := scanRowRef(rs)
			if err != nil {
				rs.Close()
				return err
			}
			more = fn(r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return nil
}

func setClaim(tx *sql.Tx, id int64, reviewer string, until time.Time) error {
	_, err := tx.Exec(`UPDATE rows SET claimed_by = ?, claim_expires = ? WHERE id = ?`, reviewer, formatTime(until), id)
	return err
}

func rowInTx(tx *sql.Tx, id int64) (*RowRef, error) {
	r, err := scanRowRef(tx.QueryRow(`SELECT `+rowColumns+rowJoins+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, err
}

// claimHolder returns who holds an unexpired claim on row id, or "";
// ErrErased when the row was erased.
func claimHolder(tx *sql.Tx, id int64, t time.Time) (string, error) {
	var by, until, erased string
	err := tx.QueryRow(`SELECT claimed_by, claim_expires, erased_at FROM rows WHERE id = ?`, id).Scan(&by, &until, &erased)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if erased != "" {
		return "", ErrErased
	}
	if by == "" || until < formatTime(t) {
		return "", nil
	}
	return by, nil
}

// Claim claims one row, whatever its status, for reviewer until ttl from
// now: the sheet view opens accepted rows this way. It returns
// ErrConflict when another reviewer holds it, ErrNotFound when it does not
// exist.
func (d *DB) Claim(ctx context.Context, rowID int64, reviewer string, ttl time.Duration) (*RowRef, error) {
	var r *RowRef
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		t := time.Now()
		by, err := claimHolder(tx, rowID, t)
		if err != nil {
			return err
		}
		if by != "" && by != reviewer {
			return ErrConflict
		}
		if err := setClaim(tx, rowID, reviewer, t.Add(ttl)); err != nil {
			return err
		}
		r, err = rowInTx(tx, rowID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ClaimBatch claims up to n flagged rows of campaign that match (the
// caller's test, e.g. "only the postal code is in doubt") for reviewer
// until ttl from now, for the column mode. Rows the reviewer already
// holds come first.
func (d *DB) ClaimBatch(ctx context.Context, campaign, reviewer string, n int, ttl time.Duration, match func(*RowRef) bool) ([]RowRef, error) {
	var out []RowRef
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		out = nil
		t := time.Now()
		if n <= 0 {
			return nil
		}
		err := eachClaimable(tx, campaign, reviewer, t, func(r *RowRef) bool {
			if match == nil || match(r) {
				out = append(out, *r)
			}
			return len(out) < n
		})
		if err != nil {
			return err
		}
		for _, r := range out {
			if err := setClaim(tx, r.ID, reviewer, t.Add(ttl)); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Release gives up reviewer's claim on a row, if they hold it.
func (d *DB) Release(ctx context.Context, rowID int64, reviewer string) error {
	_, err := d.db.ExecContext(ctx, `UPDATE rows SET claimed_by = '', claim_expires = '' WHERE id = ? AND claimed_by = ?`, rowID, reviewer)
	return err
}

// Skip releases reviewer's claim on a row and puts it at the back of
// their queue.
func (d *DB) Skip(ctx context.Context, rowID int64, reviewer string) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE rows SET claimed_by = '', claim_expires = '' WHERE id = ? AND claimed_by = ?`, rowID, reviewer); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO review_skips (row_id, reviewer, at) VALUES (?, ?, ?)
			ON CONFLICT(row_id, reviewer) DO UPDATE SET at = excluded.at`, rowID, reviewer, now())
		return err
	})
}

// SaveReview saves reviewer's reading of a row read at version. The row
// becomes blank when change.Blank, accepted when the reading is unchanged,
// corrected otherwise; reviewed_by is set, the claim released, the
// version bumped and the change written to the audit trail, all in one
// transaction. It returns ErrConflict when the version moved or another
// reviewer holds the claim (a save is then never applied), ErrErased when
// the row was erased.
func (d *DB) SaveReview(ctx context.Context, rowID int64, version int, reviewer string, change ReviewChange) (*RowRef, error) {
	var r *RowRef
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = saveReview(tx, rowID, version, reviewer, change)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save row %d: %w", rowID, err)
	}
	return r, nil
}

func saveReview(tx *sql.Tx, rowID int64, version int, reviewer string, ch ReviewChange) (*RowRef, error) {
	if strings.TrimSpace(reviewer) == "" {
		return nil, errors.New("no reviewer name")
	}
	t := time.Now()
	cur, err := rowInTx(tx, rowID)
	if err != nil {
		return nil, err
	}
	if _, err := claimHolder(tx, rowID, t); errors.Is(err, ErrErased) {
		return nil, err
	}
	if cur.Version != version {
		return nil, ErrConflict
	}
	by, err := claimHolder(tx, rowID, t)
	if err != nil {
		return nil, err
	}
	if by != "" && by != reviewer {
		return nil, ErrConflict
	}
	before := stateOf(cur)
	after := reviewState{Name: ch.Name, Surname: ch.Surname, GivenName: ch.GivenName,
		PostalCode: ch.PostalCode, Department: ch.Department, Communes: ch.Communes,
		Signed: ch.Signed, Struck: ch.Struck, Blank: ch.Blank,
		ReviewedBy: reviewer, ReviewedAt: formatTime(t), Version: version + 1}
	action := ch.Mark
	switch {
	case ch.Blank:
		after.Status = RowBlank
		if action == "" {
			action = ActionBlank
		}
	case sameReading(before, after):
		after.Status = RowAccepted
		action = ActionAccept
	default:
		after.Status = RowCorrected
		if action == "" {
			action = ActionCorrect
		}
	}
	if err := writeState(tx, rowID, after, "", ""); err != nil {
		return nil, err
	}
	if _, err := insertAudit(tx, rowID, reviewer, after.ReviewedAt, action, before, after); err != nil {
		return nil, err
	}
	return rowInTx(tx, rowID)
}

func writeState(tx *sql.Tx, rowID int64, s reviewState, claimedBy, claimExpires string) error {
	_, err := tx.Exec(`UPDATE rows SET name = ?, surname = ?, given_name = ?, postal_code = ?,
		department = ?, communes = ?, signed = ?, struck = ?, blank = ?, status = ?,
		reviewed_by = ?, reviewed_at = ?, version = ?, claimed_by = ?, claim_expires = ?
		WHERE id = ?`,
		s.Name, s.Surname, s.GivenName, s.PostalCode, s.Department, s.Communes,
		b2i(s.Signed), b2i(s.Struck), b2i(s.Blank), s.Status, s.ReviewedBy, s.ReviewedAt, s.Version,
		claimedBy, claimExpires, rowID)
	return err
}

func insertAudit(tx *sql.Tx, rowID int64, reviewer, at, action string, before, after reviewState) (int64, error) {
	b, err := json.Marshal(before)
	if err != nil {
		return 0, err
	}
	a, err := json.Marshal(after)
	if err != nil {
		return 0, err
	}
	res, err := tx.Exec(`INSERT INTO audit (row_id, reviewer, at, action, before, after) VALUES (?, ?, ?, ?, ?, ?)`,
		rowID, reviewer, at, action, string(b), string(a))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Undo reverts reviewer's most recent save that is not yet undone,
// restoring the row as it was before it, and claims the row for them
// for ttl so they can look again. Repeated calls walk further back. It
// returns ErrNotFound when there is nothing to undo and ErrConflict when
// the row changed since that save (someone else saved it after).
func (d *DB) Undo(ctx context.Context, reviewer string, ttl time.Duration) (*RowRef, error) {
	var r *RowRef
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = undo(tx, reviewer, ttl)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("undo: %w", err)
	}
	return r, nil
}

func undo(tx *sql.Tx, reviewer string, ttl time.Duration) (*RowRef, error) {
	var id, rowID sql.NullInt64
	var beforeJSON, afterJSON string
	err := tx.QueryRow(`SELECT id, row_id, before, after FROM audit
		WHERE reviewer = ? AND action IN (?, ?, ?, ?, ?) AND undone_at = '' AND row_id IS NOT NULL
		ORDER BY id DESC LIMIT 1`,
		reviewer, ActionAccept, ActionCorrect, ActionBlank, ActionUnsigned, ActionStruck).
		Scan(&id, &rowID, &beforeJSON, &afterJSON)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var before, after reviewState
	if err := json.Unmarshal([]byte(beforeJSON), &before); err != nil {
		return nil, fmt.Errorf("audit %d: %w", id.Int64, err)
	}
	if err := json.Unmarshal([]byte(afterJSON), &after); err != nil {
		return nil, fmt.Errorf("audit %d: %w", id.Int64, err)
	}
	cur, err := rowInTx(tx, rowID.Int64)
	if err != nil {
		return nil, err
	}
	if _, err := claimHolder(tx, cur.ID, time.Now()); err != nil {
		return nil, err
	}
	if cur.Version != after.Version {
		return nil, ErrConflict
	}
	t := time.Now()
	by, err := claimHolder(tx, cur.ID, t)
	if err != nil {
		return nil, err
	}
	if by != "" && by != reviewer {
		return nil, ErrConflict
	}
	restored := before
	restored.Version = cur.Version + 1
	if err := writeState(tx, cur.ID, restored, reviewer, formatTime(t.Add(ttl))); err != nil {
		return nil, err
	}
	stamp := formatTime(t)
	if _, err := insertAudit(tx, cur.ID, reviewer, stamp, ActionUndo, stateOf(cur), restored); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(`UPDATE audit SET undone_at = ? WHERE id = ?`, stamp, id.Int64); err != nil {
		return nil, err
	}
	return rowInTx(tx, cur.ID)
}

// Audit returns the audit trail of a row, oldest first.
func (d *DB) Audit(ctx context.Context, rowID int64) ([]AuditEntry, error) {
	rs, err := d.db.QueryContext(ctx, `SELECT id, row_id, reviewer, at, action, before, after, undone_at
		FROM audit WHERE row_id = ? ORDER BY id`, rowID)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []AuditEntry
	for rs.Next() {
		var e AuditEntry
		var at, undone string
		if err := rs.Scan(&e.ID, &e.RowID, &e.Reviewer, &at, &e.Action, &e.Before, &e.After, &undone); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		if undone != "" {
			e.UndoneAt = parseTime(undone)
		}
		out = append(out, e)
	}
	return out, rs.Err()
}

// Progress counts the review work per campaign, or for one campaign when
// campaign is not "". Campaigns are in name order.
func (d *DB) Progress(ctx context.Context, campaign string) ([]Progress, error) {
	rs, err := d.db.QueryContext(ctx, `SELECT c.name,
		count(r.id),
		coalesce(sum(r.status = 'flagged' OR r.reviewed_by != ''), 0),
		coalesce(sum(r.status = 'flagged'), 0),
		coalesce(sum(r.status = 'flagged' AND r.claimed_by != '' AND r.claim_expires >= ?), 0),
		coalesce(sum(r.reviewed_by != ''), 0)
		FROM campaigns c
		LEFT JOIN files f ON f.campaign_id = c.id
		LEFT JOIN pages p ON p.file_id = f.id
		LEFT JOIN rows r ON r.page_id = p.id AND r.erased_at = ''
		WHERE (? = '' OR c.name = ?)
		GROUP BY c.id ORDER BY c.name`, now(), campaign, campaign)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Progress
	for rs.Next() {
		var p Progress
		if err := rs.Scan(&p.Campaign, &p.Rows, &p.Flagged, &p.Left, &p.Claimed, &p.Done); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rs.Err()
}

// Pages lists the pages of campaign ("" for all) with their rows counted
// by status, in file and page order.
func (d *DB) Pages(ctx context.Context, campaign string) ([]PageSummary, error) {
	return d.pagesWhere(ctx, `(? = '' OR c.name = ?)`, campaign, campaign)
}

// PageByID returns one page summary, or ErrNotFound.
func (d *DB) PageByID(ctx context.Context, id int64) (*PageSummary, error) {
	ps, err := d.pagesWhere(ctx, `p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ErrNotFound
	}
	return &ps[0], nil
}

func (d *DB) pagesWhere(ctx context.Context, where string, args ...any) ([]PageSummary, error) {
	rs, err := d.db.QueryContext(ctx, `SELECT p.id, c.name, f.id, f.path, p.page_index, p.form_page,
		p.width, p.height, p.status, EXISTS (SELECT 1 FROM page_images i WHERE i.page_id = p.id)
		FROM pages p JOIN files f ON f.id = p.file_id JOIN campaigns c ON c.id = f.campaign_id
		WHERE `+where+` ORDER BY f.path, f.id, p.page_index`, args...)
	if err != nil {
		return nil, err
	}
	var out []PageSummary
	byID := map[int64]int{}
	for rs.Next() {
		var p PageSummary
		var img int
		if err := rs.Scan(&p.ID, &p.Campaign, &p.FileID, &p.FilePath, &p.Index, &p.FormPage,
			&p.Width, &p.Height, &p.PageState, &img); err != nil {
			rs.Close()
			return nil, err
		}
		p.HasImage = img != 0
		p.ByStatus = map[string]int{}
		byID[p.ID] = len(out)
		out = append(out, p)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	cs, err := d.db.QueryContext(ctx, `SELECT r.page_id, r.status, count(*), sum(r.reviewed_by != '')
		FROM rows r JOIN pages p ON p.id = r.page_id JOIN files f ON f.id = p.file_id
		JOIN campaigns c ON c.id = f.campaign_id
		WHERE r.erased_at = '' AND `+where+` GROUP BY 1, 2`, args...)
	if err != nil {
		return nil, err
	}
	defer cs.Close()
	for cs.Next() {
		var pid int64
		var status string
		var n, reviewed int
		if err := cs.Scan(&pid, &status, &n, &reviewed); err != nil {
			return nil, err
		}
		if i, ok := byID[pid]; ok {
			out[i].ByStatus[status] = n
			out[i].Rows += n
			out[i].Reviewed += reviewed
		}
	}
	return out, cs.Err()
}

// SetReviewer creates or replaces a reviewer account. passwordHash must be
// a hash (see review.HashPassword), never the password.
func (d *DB) SetReviewer(ctx context.Context, name, passwordHash string) error {
	if strings.TrimSpace(name) == "" || passwordHash == "" {
		return errors.New("set reviewer: empty name or hash")
	}
	_, err := d.db.ExecContext(ctx, `INSERT INTO reviewers (name, password, created_at) VALUES (?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET password = excluded.password`, name, passwordHash, now())
	return err
}

// ReviewerHash returns the stored password hash of a reviewer, or
// ErrNotFound.
func (d *DB) ReviewerHash(ctx context.Context, name string) (string, error) {
	var h string
	err := d.db.QueryRowContext(ctx, `SELECT password FROM reviewers WHERE name = ?`, name).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return h, err
}

// ReviewerCount returns the number of reviewer accounts.
func (d *DB) ReviewerCount(ctx context.Context) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM reviewers`).Scan(&n)
	return n, err
}
