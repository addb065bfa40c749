package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// RowFilter selects rows. Zero values select everything.
type RowFilter struct {
	Campaign string
	Status   string // one row status, or "" for all
	PageID   int64
	FileID   int64
}

// RowRef is a row with where it comes from.
type RowRef struct {
	Row
	Campaign  string
	FilePath  string // as given at import
	FileID    int64
	PageIndex int // 1-based within the file
	FormPage  int
}

const rowColumns = `r.id, r.page_id, r.idx, r.number, r.number_text, r.number_conf, r.number_source,
	r.x0, r.y0, r.x1, r.y1, r.blank, r.signed, r.struck, r.name_ocr, r.name_conf, r.postal_ocr, r.postal_conf,
	r.name, r.surname, r.given_name, r.postal_code, r.department, r.communes, r.status, r.reasons,
	r.confidence, r.reviewed_by, r.reviewed_at, r.version, r.evidence,
	c.name, f.path, f.id, p.page_index, p.form_page`

const rowJoins = ` FROM rows r JOIN pages p ON p.id = r.page_id JOIN files f ON f.id = p.file_id
	JOIN campaigns c ON c.id = f.campaign_id`

func scanRowRef(sc interface{ Scan(...any) error }) (*RowRef, error) {
	var r RowRef
	var blank, signed, struck int
	var reasons, reviewedAt string
	err := sc.Scan(&r.ID, &r.PageID, &r.Index, &r.Number, &r.NumberText, &r.NumberConf, &r.NumberSource,
		&r.X0, &r.Y0, &r.X1, &r.Y1, &blank, &signed, &struck, &r.NameOCR, &r.NameConf, &r.PostalOCR, &r.PostalConf,
		&r.Name, &r.Surname, &r.GivenName, &r.PostalCode, &r.Department, &r.Communes, &r.Status, &reasons,
		&r.Confidence, &r.ReviewedBy, &reviewedAt, &r.Version, &r.Evidence,
		&r.Campaign, &r.FilePath, &r.FileID, &r.PageIndex, &r.FormPage)
	if err != nil {
		return nil, err
	}
	r.Blank, r.Signed, r.Struck = blank != 0, signed != 0, struck != 0
	r.Reasons = splitReasons(reasons)
	if reviewedAt != "" {
		r.ReviewedAt = parseTime(reviewedAt)
	}
	return &r, nil
}

// Rows returns the rows selected by f, in file, page and row order.
func (d *DB) Rows(ctx context.Context, f RowFilter) ([]RowRef, error) {
	var where []string
	var args []any
	if f.Campaign != "" {
		where, args = append(where, "c.name = ?"), append(args, f.Campaign)
	}
	if f.Status != "" {
		where, args = append(where, "r.status = ?"), append(args, f.Status)
	}
	if f.PageID != 0 {
		where, args = append(where, "r.page_id = ?"), append(args, f.PageID)
	}
	if f.FileID != 0 {
		where, args = append(where, "f.id = ?"), append(args, f.FileID)
	}
	q := `SELECT ` + rowColumns + rowJoins
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY f.path, f.id, p.page_index, r.idx`
	rs, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []RowRef
	for rs.Next() {
		r, err := scanRowRef(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rs.Err()
}

// RowByID returns one row, or ErrNotFound.
func (d *DB) RowByID(ctx context.Context, id int64) (*RowRef, error) {
	r, err := scanRowRef(d.db.QueryRowContext(ctx, `SELECT `+rowColumns+rowJoins+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, err
}

// CellPNG returns the PNG image of one cell of a row, or ErrNotFound.
func (d *DB) CellPNG(ctx context.Context, rowID int64, kind string) ([]byte, error) {
	var b []byte
	err := d.db.QueryRowContext(ctx, `SELECT png FROM cells WHERE row_id = ? AND kind = ?`, rowID, kind).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}

// PageImage returns the straightened page image (PNG), or ErrNotFound.
func (d *DB) PageImage(ctx context.Context, pageID int64) ([]byte, error) {
	var b []byte
	err := d.db.QueryRowContext(ctx, `SELECT data FROM page_images WHERE page_id = ?`, pageID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}

// JoinCommunes is how the communes of a postal code are stored in
// rows.communes; SplitCommunes reads them back.
func JoinCommunes(names []string) string { return strings.Join(names, "; ") }

// SplitCommunes returns the commune names stored by JoinCommunes.
func SplitCommunes(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ";") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func joinReasons(rs []string) string { return strings.Join(rs, ",") }

func splitReasons(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
