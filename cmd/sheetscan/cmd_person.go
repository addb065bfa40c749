package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sheetscan/sheetscan/store"
)

type personOptions struct {
	Postal string
	JSON   bool
	By     string
}

func newPersonCommand(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "person",
		Short: "Answer data-protection requests: find, show or erase what is stored about a signer",
		Long: `person answers the requests the form's notice promises every signer: access
(find, then show), rectification (correct the row in 'sheetscan review') and
erasure (erase).

erase empties the row's name, readings and postal code, deletes its cell
images, paints its part of the page image white, empties the values of its
audit entries, then rebuilds the database so that no byte of them remains in
the database file or its -wal and -shm files. The row stays as an anonymous
count (status and department) so that tallies stay explainable. Stop a
running 'sheetscan review' first: while it holds the database the rebuild
cannot complete, and erase says so and exits with status 1.`,
		Example: `  sheetscan person find dupont --postal 75011
  sheetscan person find "Hélène Lefèvre" --json
  sheetscan person show 1234 --json
  sheetscan person erase 1234`,
	}
	c.AddCommand(newPersonFindCommand(g), newPersonShowCommand(g), newPersonEraseCommand(g))
	return c
}

func newPersonFindCommand(g *globalOptions) *cobra.Command {
	var o personOptions
	c := &cobra.Command{
		Use:   "find TEXT...",
		Short: "List the rows whose name matches TEXT, ignoring case, accents and word order",
		Example: `  sheetscan person find dupont
  sheetscan person find jean dupont --postal 75011 --json`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPersonFind(cmd.Context(), o, g, args, g.stdout)
		},
	}
	c.Flags().StringVar(&o.Postal, "postal", "", "only rows with this postal code")
	c.Flags().BoolVar(&o.JSON, "json", false, "print JSON: a list of objects, each with the row id")
	return c
}

func newPersonShowCommand(g *globalOptions) *cobra.Command {
	var o personOptions
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show everything stored about a row: readings, corrections, audit, scan and page",
		Example: `  sheetscan person show 1234
  sheetscan person show 1234 --json > access-request-1234.json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPersonShow(cmd.Context(), o, g, args, g.stdout)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return c
}

func newPersonEraseCommand(g *globalOptions) *cobra.Command {
	var o personOptions
	c := &cobra.Command{
		Use:   "erase ID...",
		Short: "Erase rows' personal data from the database, keeping an anonymous count",
		Example: `  sheetscan person erase 1234
  sheetscan person erase 1234 1290 --by "dpo@example.org"   # one database rebuild for both`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPersonErase(cmd.Context(), o, g, args, g.stdout)
		},
	}
	c.Flags().StringVar(&o.By, "by", defaultActor(), "who erases, for the audit trail")
	return c
}

// usageArgs marks the errors of an argument check as usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// defaultActor names the person running the command, for audit trails.
func defaultActor() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cli"
}

func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Errorf("%s: %q is not an id", what, s)}
	}
	return id, nil
}

func runPersonFind(ctx context.Context, o personOptions, g *globalOptions, args []string, out io.Writer) error {
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	ms, err := db.FindPersons(ctx, strings.Join(args, " "), o.Postal)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(out, ms)
	}
	if len(ms) == 0 {
		fmt.Fprintln(g.stderr, "no row matches")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tpostal\tfile\tpage\trow\tstatus\tcampaign")
	for _, m := range ms {
		name := m.Name
		if m.NameOCR != "" {
			name += " (read: " + m.NameOCR + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", m.ID, name, m.PostalCode, m.File, m.Page, m.RowNumber, m.Status, m.Campaign)
	}
	return tw.Flush()
}

func runPersonShow(ctx context.Context, o personOptions, g *globalOptions, args []string, out io.Writer) error {
	id, err := parseID("person show", args[0])
	if err != nil {
		return err
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.Person(ctx, id)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(out, p)
	}
	printf(out, "row %d: campaign %s, file %s (sha256 %s, imported %s), page %d, printed row %d\n",
		p.ID, p.Campaign, p.File, p.FileSHA256, p.ImportedAt.Format("2006-01-02 15:04 UTC"), p.Page, p.RowNumber)
	if p.ErasedAt != "" {
		printf(out, "erased at %s\n", p.ErasedAt)
	}
	printf(out, "stored values:\n")
	keys := make([]string, 0, len(p.Columns))
	for k := range p.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := p.Columns[k]; v != nil && v != "" {
			printf(out, "  %-14s %v\n", k, v)
		}
	}
	printf(out, "cell images: %d", len(p.Cells))
	for _, c := range p.Cells {
		printf(out, "  %s (%d bytes)", c.Kind, c.Bytes)
	}
	printf(out, "\npage image showing the row: %d bytes\n", p.PageImage)
	printf(out, "audit: %d entries\n", len(p.Audit))
	for _, a := range p.Audit {
		printf(out, "  %s %s %s %s -> %s\n", a.At.Format("2006-01-02 15:04:05"), a.Reviewer, a.Action, a.Before, a.After)
	}
	for _, d := range p.Duplicates {
		printf(out, "duplicate pair %d (%s): rows %d and %d\n", d.ID, d.Status, d.A.RowID, d.B.RowID)
	}
	return nil
}

func runPersonErase(ctx context.Context, o personOptions, g *globalOptions, args []string, out io.Writer) error {
	ids := make([]int64, len(args))
	for i, a := range args {
		id, err := parseID("person erase", a)
		if err != nil {
			return err
		}
		ids[i] = id
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	e, errs, err := db.ErasePersons(ctx, ids, o.By)
	failed := false
	for i, id := range ids {
		switch {
		case errs[i] == nil:
			printf(out, "erased row %d\n", id)
		case errors.Is(errs[i], store.ErrErased):
			// Nothing left to erase; the rebuild below still runs.
			fmt.Fprintf(g.stderr, "row %d was already erased\n", id)
		default:
			fmt.Fprintf(g.stderr, "sheetscan: %v\n", errs[i])
			failed = true
		}
	}
	if e.Rows > 0 {
		printf(out, "%d rows emptied, %d cell images and %d audit values removed, %d page images repainted\n",
			e.Rows, e.Cells, e.Audit, e.Pages)
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

// scrubbed turns a failed database rebuild into an error that says what to
// do.
func scrubbed(ok bool) error {
	if ok {
		return nil
	}
	return errors.New("another process (a running 'sheetscan review'?) holds the database: the erased values are no longer readable but may remain in the -wal file; stop it and run the same erase command again")
}
