package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/sheetscan/sheetscan/postal"
)

// ExportRow is one printed row as `sheetscan export` writes it. The first
// eight fields are the evaluation CSV columns, in order.
type ExportRow struct {
	File       string  `json:"file"` // as given at import
	Page       int     `json:"page"` // 1-based within the file
	RowNumber  int     `json:"row_number"`
	Name       string  `json:"name"`
	PostalCode string  `json:"postal_code"`
	Signed     bool    `json:"signed"`
	Status     string  `json:"status"`     // accepted, flagged, corrected, blank
	Confidence float64 `json:"confidence"` // 0..1

	RowID          int64    `json:"id"`
	Campaign       string   `json:"campaign"`
	Reasons        []string `json:"reasons"`
	Struck         bool     `json:"struck"`
	Department     string   `json:"department"` // INSEE code, "" when unknown
	DepartmentName string   `json:"department_name"`
	Communes       []string `json:"communes"` // names of the communes the code serves
	Erased         bool     `json:"erased,omitempty"`
}

// ExportCSVHeader is the header of the evaluation CSV, exactly.
var ExportCSVHeader = []string{"file", "page", "row_number", "name", "postal_code", "signed", "status", "confidence"}

// CSVRecord returns the row as a record under ExportCSVHeader: signed as
// true/false, confidence with three decimals.
func (r *ExportRow) CSVRecord() []string {
	return []string{r.File, fmt.Sprint(r.Page), fmt.Sprint(r.RowNumber), r.Name, r.PostalCode,
		fmt.Sprint(r.Signed), r.Status, fmt.Sprintf("%.3f", r.Confidence)}
}

// Export returns every printed row of a campaign ("" for all), whatever
// its status, in file, page and row order: the export for evaluation and
// for a complete record.
func (d *DB) Export(ctx context.Context, campaign string) ([]ExportRow, error) {
	rows, err := d.Rows(ctx, RowFilter{Campaign: campaign})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	out := make([]ExportRow, 0, len(rows))
	var erased map[int64]bool
	if len(rows) > 0 {
		if erased, err = d.erasedRowIDs(ctx); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	for _, r := range rows {
		e := ExportRow{
			File: r.FilePath, Page: r.PageIndex, RowNumber: r.Number, Name: r.Name, PostalCode: r.PostalCode,
			Signed: r.Signed, Status: r.Status, Confidence: r.Confidence,
			RowID: r.ID, Campaign: r.Campaign, Reasons: r.Reasons, Struck: r.Struck, Erased: erased[r.ID],
		}
		if e.Reasons == nil {
			e.Reasons = []string{}
		}
		e.Department, e.DepartmentName, e.Communes = place(r.PostalCode, r.Department, r.Communes)
		out = append(out, e)
	}
	return out, nil
}

func (d *DB) erasedRowIDs(ctx context.Context) (map[int64]bool, error) {
	rs, err := d.db.QueryContext(ctx, `SELECT id FROM rows WHERE erased_at != ''`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	m := map[int64]bool{}
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		m[id] = true
	}
	return m, rs.Err()
}

// place returns the department and communes of a postal code, from the La
// Poste list when the code is valid and from what was stored at import
// otherwise (the pipeline joins commune names with "; ", review with commas).
func place(code, storedDep, storedCommunes string) (dep, depName string, communes []string) {
	if d, n, ok := postal.Department(code); ok {
		dep, depName = d, n
	} else if storedDep != "" {
		dep, depName = storedDep, departmentName(storedDep)
	}
	for _, c := range postal.Communes(code) {
		communes = append(communes, c.Name)
	}
	if communes == nil && !postal.Valid(code) {
		communes = SplitCommunes(storedCommunes)
	}
	if communes == nil {
		communes = []string{}
	}
	return dep, depName, communes
}

// Signature is one valid signature in the list for transmission.
type Signature struct {
	Name       string `json:"name"`
	Surname    string `json:"surname,omitempty"`
	GivenName  string `json:"given_name,omitempty"`
	PostalCode string `json:"postal_code"`
	Commune    string `json:"commune"` // the communes the code serves, joined by " / "
	Department string `json:"department"`
}

// Manifest describes a list for transmission: what it holds and how final
// it is.
type Manifest struct {
	Campaign    string    `json:"campaign"`
	GeneratedAt time.Time `json:"generated_at"`
	// Signatures is the number of rows in the list: the valid signatures,
	// each person once.
	Signatures int `json:"signatures"`
	// Rows counts every printed row of the campaign; the fields below
	// split those that are not in the list.
	Rows        int `json:"rows"`
	Duplicates  int `json:"duplicates"`
	Pending     int `json:"pending"` // still awaiting review: not in the list
	Invalid     int `json:"invalid"`
	Blank       int `json:"blank"`
	Erased      int `json:"erased"`
	Files       int `json:"files"`
	Pages       int `json:"pages"`
	ErasedScans int `json:"erased_scans"`
	// PendingDuplicates counts proposed duplicate pairs not yet decided.
	PendingDuplicates int  `json:"pending_duplicates"`
	Final             bool `json:"final"` // nothing awaits a reviewer
	// Format and SHA256 describe the file the list was written to; the
	// caller that writes it fills them in.
	Format string `json:"format,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

// ValidList is the list for transmission: its manifest and the valid
// signatures, in file, page and row order.
type ValidList struct {
	Manifest   Manifest    `json:"manifest"`
	Signatures []Signature `json:"signatures"`
}

// ExportValid returns the valid signatures of a campaign (see Tally for
// what is valid; a confirmed duplicate appears once) with their manifest.
// campaign may be "" only when the database holds a single campaign: a
// list for transmission never mixes campaigns.
func (d *DB) ExportValid(ctx context.Context, campaign string) (*ValidList, error) {
	var l *ValidList
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if campaign == "" {
			var names []string
			rs, err := tx.Query(`SELECT name FROM campaigns ORDER BY name`)
			if err != nil {
				return err
			}
			for rs.Next() {
				var n string
				if err := rs.Scan(&n); err != nil {
					rs.Close()
					return err
				}
				names = append(names, n)
			}
			rs.Close()
			switch len(names) {
			case 0:
				return fmt.Errorf("no campaign yet")
			case 1:
				campaign = names[0]
			default:
				return fmt.Errorf("%d campaigns (%s): name one", len(names), strings.Join(names, ", "))
			}
		}
		var err error
		l, err = exportValid(tx, campaign)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("export valid signatures: %w", err)
	}
	return l, nil
}

func exportValid(tx *sql.Tx, campaign string) (*ValidList, error) {
	t, counted, err := tallyTx(tx, TallyOptions{Campaign: campaign, By: ByCampaign})
	if err != nil {
		return nil, err
	}
	m := Manifest{
		Campaign: campaign, GeneratedAt: t.At,
		Rows: t.Total.Rows, Duplicates: t.Total.Duplicates, Pending: t.Total.Pending,
		Invalid: t.Total.Invalid, Blank: t.Total.Blank, Erased: t.Total.Erased,
		ErasedScans: t.ErasedScans.Scans, PendingDuplicates: t.PendingDuplicates, Final: t.Final(),
	}
	if err := tx.QueryRow(`SELECT count(DISTINCT f.id), count(p.id) FROM files f JOIN campaigns c ON c.id = f.campaign_id
		LEFT JOIN pages p ON p.file_id = f.id WHERE c.name = ?`, campaign).Scan(&m.Files, &m.Pages); err != nil {
		return nil, err
	}
	rs, err := tx.Query(`SELECT r.id, r.name, r.surname, r.given_name, r.postal_code, r.department, r.communes`+
		rowJoins+` WHERE c.name = ? ORDER BY f.path, f.id, p.page_index, r.idx`, campaign)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	l := &ValidList{Signatures: []Signature{}}
	for rs.Next() {
		var id int64
		var s Signature
		var dep, communes string
		if err := rs.Scan(&id, &s.Name, &s.Surname, &s.GivenName, &s.PostalCode, &dep, &communes); err != nil {
			return nil, err
		}
		if !counted[id] {
			continue
		}
		var names []string
		s.Department, _, names = place(s.PostalCode, dep, communes)
		s.Commune = strings.Join(names, " / ")
		l.Signatures = append(l.Signatures, s)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	m.Signatures = len(l.Signatures)
	l.Manifest = m
	return l, nil
}
