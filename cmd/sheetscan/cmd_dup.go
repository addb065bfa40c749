package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sheetscan/sheetscan/store"
)

type dupOptions struct {
	Campaign string
	All      bool
	JSON     bool
	By       string
	Confirm  bool // for confirm and reject: which one
}

func newDupCommand(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "dup",
		Short: "Find people who signed twice, and confirm or reject each pair",
		Long: `dup finds rows that plausibly hold the same person: same campaign and postal
code, and names alike once case, accents, hyphens and word order are set
aside and a letter or two may differ ("DUPONT Jean", "Jean Dupond"). Each pair
waits for a reviewer: a confirmed pair counts once in 'sheetscan tally' and
'sheetscan export --valid'; a rejected one counts twice.`,
		Example: `  sheetscan dup list
  sheetscan dup list --json | jq '.[0]'
  sheetscan dup confirm 12
  sheetscan dup reject 13`,
	}
	c.AddCommand(newDupListCommand(g), newDupDecideCommand(g, true), newDupDecideCommand(g, false))
	return c
}

func newDupListCommand(g *globalOptions) *cobra.Command {
	var o dupOptions
	c := &cobra.Command{
		Use:   "list",
		Short: "Look for new duplicate pairs and list those awaiting a decision",
		Example: `  sheetscan dup list
  sheetscan dup list --all --campaign "Pétition 2026" --json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error { return runDupList(cmd.Context(), o, g, args, g.stdout) },
	}
	c.Flags().StringVar(&o.Campaign, "campaign", "", "only this campaign")
	c.Flags().BoolVar(&o.All, "all", false, "list decided pairs too")
	c.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return c
}

func newDupDecideCommand(g *globalOptions, confirm bool) *cobra.Command {
	o := dupOptions{Confirm: confirm}
	use, short, example := "reject ID", "Record that a pair holds two different people", "  sheetscan dup reject 13"
	if confirm {
		use, short, example = "confirm ID", "Record that a pair is the same person: it counts once", "  sheetscan dup confirm 12"
	}
	c := &cobra.Command{
		Use:     use,
		Short:   short,
		Example: example,
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDupDecide(cmd.Context(), o, g, args, g.stdout)
		},
	}
	c.Flags().StringVar(&o.By, "by", defaultActor(), "who decides, for the record")
	return c
}

func runDupList(ctx context.Context, o dupOptions, g *globalOptions, args []string, out io.Writer) error {
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkCampaign(ctx, db, o.Campaign); err != nil {
		return err
	}
	n, err := db.FindDuplicates(ctx, o.Campaign)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(g.stderr, "%d new pairs found\n", n)
	}
	f := store.DuplicateFilter{Campaign: o.Campaign, Status: store.DupPending}
	if o.All {
		f.Status = ""
	}
	ds, err := db.Duplicates(ctx, f)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(out, ds)
	}
	if len(ds) == 0 {
		fmt.Fprintln(g.stderr, "no duplicate pair awaits a decision")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tscore\tstatus\tpostal\tname\twhere\tname\twhere")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%.2f\t%s\t%s\t%s\t%s p%d #%d\t%s\t%s p%d #%d\n", d.ID, d.Score, d.Status, d.A.PostalCode,
			d.A.Name, d.A.File, d.A.Page, d.A.Number, d.B.Name, d.B.File, d.B.Page, d.B.Number)
	}
	return tw.Flush()
}

func runDupDecide(ctx context.Context, o dupOptions, g *globalOptions, args []string, out io.Writer) error {
	id, err := parseID("dup", args[0])
	if err != nil {
		return err
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.DecideDuplicate(ctx, id, o.Confirm, o.By); err != nil {
		return err
	}
	if o.Confirm {
		printf(out, "pair %d confirmed: the same person, counted once\n", id)
	} else {
		printf(out, "pair %d rejected: two people\n", id)
	}
	return nil
}
