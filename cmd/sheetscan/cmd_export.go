package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sheetscan/sheetscan/store"
)

type exportOptions struct {
	Format   string
	Output   string
	Campaign string
	Valid    bool
}

func newExportCommand(g *globalOptions) *cobra.Command {
	var o exportOptions
	c := &cobra.Command{
		Use:   "export",
		Short: "Write every row for evaluation, or the valid signatures for transmission",
		Long: `export writes one line per printed row, whatever its status (accepted, flagged,
corrected, blank). CSV has exactly the columns
  file,page,row_number,name,postal_code,signed,status,confidence
(file as given at import, page 1-based within that file, confidence 0-1), the
format the evaluation script reads; JSON has the same fields plus the row id,
the reasons a row was flagged, the department and the communes.

With --valid it writes the list for transmission instead: the valid
signatures only (see 'sheetscan tally'), each person once, with name, postal
code, commune and department, and a manifest (campaign, counts, date, and
whether rows still await review). JSON holds {"manifest", "signatures"}; with
CSV the manifest goes to FILE.manifest.json beside FILE, with the SHA-256 of
FILE, so -o is needed.

Files are written readable by their owner only: they hold personal data.`,
		Example: `  sheetscan --db campaign.db export --format csv -o rows.csv
  sheetscan export --format json --campaign "Pétition 2026" | jq '.[] | select(.status == "flagged")'
  sheetscan export --valid --format csv -o transmission.csv   # and transmission.csv.manifest.json`,
		RunE: func(cmd *cobra.Command, args []string) error { return runExport(cmd.Context(), o, g, args, g.stdout) },
	}
	c.Flags().StringVar(&o.Format, "format", "csv", "csv or json")
	c.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file (default standard output)")
	c.Flags().StringVar(&o.Campaign, "campaign", "", "export only this campaign (needed with --valid when there are several)")
	c.Flags().BoolVar(&o.Valid, "valid", false, "export the valid signatures for transmission, with a manifest")
	return c
}

func runExport(ctx context.Context, o exportOptions, g *globalOptions, args []string, out io.Writer) error {
	if o.Format != "csv" && o.Format != "json" {
		return usageError{fmt.Errorf("export: --format %q: want csv or json", o.Format)}
	}
	if o.Valid && o.Format == "csv" && o.Output == "" {
		return usageError{errors.New("export --valid --format csv: -o FILE is needed, the manifest is written beside it")}
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkCampaign(ctx, db, o.Campaign); err != nil {
		return err
	}

	var buf bytes.Buffer
	var manifest *store.Manifest
	if o.Valid {
		l, err := db.ExportValid(ctx, o.Campaign)
		if err != nil {
			return err
		}
		l.Manifest.Format = o.Format
		if o.Format == "json" {
			if err := writeJSON(&buf, l); err != nil {
				return err
			}
		} else {
			w := csv.NewWriter(&buf)
			w.Write([]string{"name", "surname", "given_name", "postal_code", "commune", "department"})
			for _, s := range l.Signatures {
				w.Write([]string{s.Name, s.Surname, s.GivenName, s.PostalCode, s.Commune, s.Department})
			}
			w.Flush()
			if err := w.Error(); err != nil {
				return err
			}
			sum := sha256.Sum256(buf.Bytes())
			l.Manifest.SHA256 = hex.EncodeToString(sum[:])
			manifest = &l.Manifest
		}
		m := l.Manifest
		fmt.Fprintf(g.stderr, "%d valid signatures of campaign %s (%d rows; %d pending review, %d duplicates left out)\n",
			m.Signatures, m.Campaign, m.Rows, m.Pending, m.Duplicates)
		if !m.Final {
			fmt.Fprintf(g.stderr, "warning: not final: %d rows and %d duplicate pairs still await review\n", m.Pending, m.PendingDuplicates)
		}
	} else {
		rows, err := db.Export(ctx, o.Campaign)
		if err != nil {
			return err
		}
		if o.Format == "json" {
			if err := writeJSON(&buf, rows); err != nil {
				return err
			}
		} else {
			w := csv.NewWriter(&buf)
			w.Write(store.ExportCSVHeader)
			for i := range rows {
				w.Write(rows[i].CSVRecord())
			}
			w.Flush()
			if err := w.Error(); err != nil {
				return err
			}
		}
		fmt.Fprintf(g.stderr, "%d rows exported\n", len(rows))
	}

	if o.Output == "" || o.Output == "-" {
		_, err := out.Write(buf.Bytes())
		return err
	}
	if err := writePrivateFile(o.Output, buf.Bytes()); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if manifest != nil {
		var mb bytes.Buffer
		if err := writeJSON(&mb, manifest); err != nil {
			return err
		}
		if err := writePrivateFile(o.Output+".manifest.json", mb.Bytes()); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writePrivateFile writes data to path, mode 0600, through a temporary
// file renamed into place so that a reader never sees half a file.
func writePrivateFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // fails harmlessly after the rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
