package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sheetscan/sheetscan/store"
)

type scanOptions struct {
	By string
}

func newScanCommand(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "scan",
		Short: "Manage imported scans",
		Example: `  sheetscan scan erase "scans/Numérisation 13.tif"
  sheetscan scan erase 3f0c…e1 # the file's SHA-256`,
	}
	c.AddCommand(newScanEraseCommand(g))
	return c
}

func newScanEraseCommand(g *globalOptions) *cobra.Command {
	var o scanOptions
	c := &cobra.Command{
		Use:   "erase FILE...",
		Short: "Remove a scan and everything that came from it",
		Long: `erase removes an imported scan and everything read from it: its pages and their
images, its rows, cell images, audit entries and duplicate pairs. Name the
scan by its path as given at import, by its SHA-256, or by a file on disk
with the same content. Then the database is rebuilt so that no byte of it
remains in the database file or its -wal and -shm files; an anonymous line
keeps the counts so that tallies stay explainable. Stop a running 'sheetscan
review' first.`,
		Example: `  sheetscan scan erase "scans/Numérisation 13.tif"
  sheetscan --db campaign.db scan erase 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanErase(cmd.Context(), o, g, args, g.stdout)
		},
	}
	c.Flags().StringVar(&o.By, "by", defaultActor(), "who erases, for the record")
	return c
}

// resolveScan finds the stored file that ref names: a path as given at
// import, a SHA-256, or a file on disk whose content was imported.
func resolveScan(ctx context.Context, db *store.DB, ref string) (*store.File, error) {
	fs, err := db.FindScans(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		if b, err := os.ReadFile(ref); err == nil {
			sum := sha256.Sum256(b)
			if fs, err = db.FindScans(ctx, hex.EncodeToString(sum[:])); err != nil {
				return nil, err
			}
		}
	}
	switch len(fs) {
	case 0:
		return nil, fmt.Errorf("scan %s: %w", ref, store.ErrNotFound)
	case 1:
		return &fs[0], nil
	}
	var shas []string
	for _, f := range fs {
		shas = append(shas, f.SHA256)
	}
	return nil, usageError{fmt.Errorf("scan %s: %d imported files have that path; name one by its SHA-256: %s",
		ref, len(fs), strings.Join(shas, ", "))}
}

func runScanErase(ctx context.Context, o scanOptions, g *globalOptions, args []string, out io.Writer) error {
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	// Resolve every name first: a typo must not leave half a batch erased
	// without saying which.
	var files []*store.File
	for _, ref := range args {
		f, err := resolveScan(ctx, db, ref)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	ids := make([]int64, len(files))
	for i, f := range files {
		ids[i] = f.ID
	}
	e, errs, err := db.EraseScans(ctx, ids, o.By)
	failed := false
	for i, f := range files {
		if errs[i] != nil {
			fmt.Fprintf(g.stderr, "sheetscan: %s: %v\n", f.Path, errs[i])
			failed = true
			continue
		}
		printf(out, "erased scan %s (sha256 %s)\n", f.Path, f.SHA256)
	}
	if e.Rows > 0 || e.Pages > 0 {
		printf(out, "%d pages, %d rows (%d valid signatures), %d cell images, %d audit entries removed\n",
			e.Pages, e.Rows, e.Valid, e.Cells, e.Audit)
	}
	if err != nil {
		return err
	}
	if err := scrubbed(e.Scrubbed); err != nil {
		return err
	}
	if failed {
		return errSilentFailure
	}
	return nil
}
