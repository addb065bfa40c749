package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Campaign returns the id of the campaign with that name, creating it when
// missing.
func (d *DB) Campaign(ctx context.Context, name string) (int64, error) {
	var id int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = campaignID(tx, name)
		return err
	})
	return id, err
}

func campaignID(tx *sql.Tx, name string) (int64, error) {
	if _, err := tx.Exec(`INSERT INTO campaigns (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING`, name, now()); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRow(`SELECT id FROM campaigns WHERE name = ?`, name).Scan(&id)
	return id, err
}

// File states.
const (
	FileImporting = "importing"
	FileDone      = "done"
	FileFailed    = "failed"
)

// File is a scanned file as recorded at import.
type File struct {
	ID         int64
	Campaign   string
	Path       string // as given at import
	SHA256     string // hex
	Size       int64  // bytes
	Format     string // png, jpeg, tiff, pdf; "" when unreadable
	PageCount  int    // 0 until the file could be opened
	Status     string // FileImporting, FileDone, FileFailed
	Error      string
	ImportedAt time.Time
}

// FileBySHA returns the file with that content hash, or ErrNotFound.
func (d *DB) FileBySHA(ctx context.Context, sha string) (*File, error) {
	return d.fileWhere(ctx, `f.sha256 = ?`, sha)
}

// FileByID returns the file with that id, or ErrNotFound.
func (d *DB) FileByID(ctx context.Context, id int64) (*File, error) {
	return d.fileWhere(ctx, `f.id = ?`, id)
}

func (d *DB) fileWhere(ctx context.Context, where string, arg any) (*File, error) {
	row := d.db.QueryRowContext(ctx, `SELECT f.id, c.name, f.path, f.sha256, f.size, f.format,
		coalesce(f.page_count, 0), f.status, f.error, f.imported_at
		FROM files f JOIN campaigns c ON c.id = f.campaign_id WHERE `+where, arg)
	var f File
	var at string
	err := row.Scan(&f.ID, &f.Campaign, &f.Path, &f.SHA256, &f.Size, &f.Format, &f.PageCount, &f.Status, &f.Error, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	f.ImportedAt = parseTime(at)
	return &f, nil
}

// BeginFile records a file about to be imported, in campaign, and returns
// it with its id. When a file with the same content hash exists it is
// returned unchanged with existed true: the caller decides whether it is
// complete.
func (d *DB) BeginFile(ctx context.Context, campaign string, f File) (rec *File, existed bool, err error) {
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		switch err := tx.QueryRow(`SELECT id FROM files WHERE sha256 = ?`, f.SHA256).Scan(&id); {
		case err == nil:
			existed = true
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		cid, err := campaignID(tx, campaign)
		if err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO files (campaign_id, path, sha256, size, format, status, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, cid, f.Path, f.SHA256, f.Size, f.Format, FileImporting, now())
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("record file %s: %w", f.Path, err)
	}
	rec, err = d.FileBySHA(ctx, f.SHA256)
	return rec, existed, err
}

// SetFileOpened records the format and page count of a file that could be
// opened, and puts it back in the importing state.
func (d *DB) SetFileOpened(ctx context.Context, id int64, format string, pages int) error {
	_, err := d.db.ExecContext(ctx, `UPDATE files SET format = ?, page_count = ?, status = ?, error = '' WHERE id = ?`,
		format, pages, FileImporting, id)
	return err
}

// FinishFile marks a file done, or failed with the error message when msg
// is not empty.
func (d *DB) FinishFile(ctx context.Context, id int64, msg string) error {
	status := FileDone
	if msg != "" {
		status = FileFailed
	}
	_, err := d.db.ExecContext(ctx, `UPDATE files SET status = ?, error = ? WHERE id = ?`, status, msg, id)
	return err
}

// Page states.
const (
	PageOK      = "ok"
	PageNotForm = "not_form"
	PageFailed  = "failed"
)

// Page is one page of a scanned file.
type Page struct {
	ID         int64
	FileID     int64
	Index      int // 1-based within the file
	Status     string
	Error      string
	DPI        float64
	DPISource  string
	SkewDeg    float64 // counter-clockwise, as scanned
	UpsideDown bool
	DeskewConf float64 // 0..1
	Width      int     // of the straightened image, pixels
	Height     int
	FormPage   int // 1 or 2, 0 unknown
}

// Row is a printed row of the table on a page.
type Row struct {
	ID           int64
	PageID       int64
	Index        int // 0-based position in the table
	Number       int // printed number
	NumberText   string
	NumberConf   float64
	NumberSource string // read, corrected, inferred
	X0, Y0       int    // box on the straightened page, pixels
	X1, Y1       int
	Blank        bool
	Signed       bool
	Struck       bool
	NameOCR      string // as the machine read it
	NameConf     float64
	PostalOCR    string
	PostalConf   float64
	Name         string // current value
	Surname      string
	GivenName    string
	PostalCode   string
	Department   string
	Communes     string
	Status       string // accepted, flagged, corrected, blank
	Reasons      []string
	Confidence   float64 // 0..1
	ReviewedBy   string
	ReviewedAt   time.Time
	Version      int
	Evidence     string // JSON of the signals the verdict was made on
	Cells        []Cell // filled when saving; loaded only on request
}

// Row statuses.
const (
	RowAccepted  = "accepted"
	RowFlagged   = "flagged"
	RowCorrected = "corrected"
	RowBlank     = "blank"
)

// Cell is the image of one cell of a row, ruled lines removed.
type Cell struct {
	Kind           string // number, name, postal, signature
	X0, Y0, X1, Y1 int
	PNG            []byte
}

// PageIndexesDone returns the 1-based indexes of the pages of a file that
// are stored in a final state (ok or not the form). Failed pages are
// retried by the next import.
func (d *DB) PageIndexesDone(ctx context.Context, fileID int64) (map[int]bool, error) {
	rs, err := d.db.QueryContext(ctx, `SELECT page_index FROM pages WHERE file_id = ? AND status != ?`, fileID, PageFailed)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	done := map[int]bool{}
	for rs.Next() {
		var i int
		if err := rs.Scan(&i); err != nil {
			return nil, err
		}
		done[i] = true
	}
	return done, rs.Err()
}

// SavePage stores a page, its straightened image (PNG, may be nil) and its
// rows with their cells in one transaction, replacing any earlier attempt
// at the same page (a failed one, or one interrupted before commit).
func (d *DB) SavePage(ctx context.Context, p *Page, image []byte, rows []Row) error {
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM pages WHERE file_id = ? AND page_index = ?`, p.FileID, p.Index); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO pages (file_id, page_index, status, error, dpi, dpi_source, skew_deg,
			upside_down, deskew_conf, width, height, form_page, processed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.FileID, p.Index, p.Status, p.Error, p.DPI, p.DPISource, p.SkewDeg, b2i(p.UpsideDown),
			p.DeskewConf, p.Width, p.Height, p.FormPage, now())
		if err != nil {
			return err
		}
		p.ID, err = res.LastInsertId()
		if err != nil {
			return err
		}
		if image != nil {
			if _, err := tx.Exec(`INSERT INTO page_images (page_id, format, data) VALUES (?, 'png', ?)`, p.ID, image); err != nil {
				return err
			}
		}
		for i := range rows {
			rows[i].PageID = p.ID
			if err := insertRow(tx, &rows[i]); err != nil {
				return fmt.Errorf("row %d: %w", rows[i].Number, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save page %d of file %d: %w", p.Index, p.FileID, err)
	}
	return nil
}

func insertRow(tx *sql.Tx, r *Row) error {
	if r.Status == "" {
		r.Status = RowFlagged
	}
	res, err := tx.Exec(`INSERT INTO rows (page_id, idx, number, number_text, number_conf, number_source,
		x0, y0, x1, y1, blank, signed, struck, name_ocr, name_conf, postal_ocr, postal_conf,
		name, surname, given_name, postal_code, department, communes, status, reasons, confidence, evidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.PageID, r.Index, r.Number, r.NumberText, r.NumberConf, r.NumberSource,
		r.X0, r.Y0, r.X1, r.Y1, b2i(r.Blank), b2i(r.Signed), b2i(r.Struck),
		r.NameOCR, r.NameConf, r.PostalOCR, r.PostalConf,
		r.Name, r.Surname, r.GivenName, r.PostalCode, r.Department, r.Communes,
		r.Status, joinReasons(r.Reasons), r.Confidence, r.Evidence)
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	if err != nil {
		return err
	}
	r.Version = 1
	for _, c := range r.Cells {
		if _, err := tx.Exec(`INSERT INTO cells (row_id, kind, x0, y0, x1, y1, png) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.ID, c.Kind, c.X0, c.Y0, c.X1, c.Y1, c.PNG); err != nil {
			return fmt.Errorf("cell %s: %w", c.Kind, err)
		}
	}
	return nil
}
