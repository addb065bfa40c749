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
	failed := false
	for _, ref := range args {
		f, err := resolveScan(ctx, db, ref)
		if err != nil {
			if len(args) == 1 {
				return err
			}
			fmt.Fprintf(g.stderr, "sheetscan: %v\n", err)
			failed = true
			continue
		}
		e, err := db.EraseScan(ctx, f.ID, o.By)
		if e != nil {
			printf(out, "erased scan %s (sha256 %s): %d pages, %d rows (%d valid signatures), %d cell images, %d audit entries\n",
				f.Path, f.SHA256, e.Pages, e.Rows, e.Valid, e.Cells, e.Audit)
		}
		if err == nil {
			err = scrubbed(e.Scrubbed)
		}
		if err != nil {
			if len(args) == 1 {
				return err
			}
			fmt.Fprintf(g.stderr, "sheetscan: %v\n", err)
			failed = true
		}
	}
	if failed {
		return errSilentFailure
	}
	return nil
}
