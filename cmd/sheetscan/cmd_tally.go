package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sheetscan/sheetscan/store"
)

type tallyOptions struct {
	Campaign string
	By       string
	JSON     bool
	CSV      bool
}

func newTallyCommand(g *globalOptions) *cobra.Command {
	var o tallyOptions
	c := &cobra.Command{
		Use:   "tally",
		Short: "Count the valid signatures, and the rows still awaiting review",
		Long: `tally counts the valid signatures: rows filled, signed, not struck, accepted or
corrected, each person once when a reviewer confirmed two rows are the same
person (see 'sheetscan dup'). Beside them it counts the rows awaiting review,
so the figure's finality is plain, and the duplicates, invalid, blank and
erased rows, so that every printed row is accounted for.

--by groups the counts: campaign (default), department (from the postal code,
with Corsica 2A/2B, the overseas departments and codes delivered across a
department border), postal (code), commune (the communes a code serves),
sheet (one scanned page) or day (of import, UTC). Rows without a valid postal
code fall in the group with an empty key.`,
		Example: `  sheetscan tally
  sheetscan --db campaign.db tally --by department --json
  sheetscan tally --campaign "Pétition 2026" --by sheet --csv > sheets.csv`,
		RunE: func(cmd *cobra.Command, args []string) error { return runTally(cmd.Context(), o, g, args, g.stdout) },
	}
	c.Flags().StringVar(&o.Campaign, "campaign", "", "count only this campaign")
	c.Flags().StringVar(&o.By, "by", store.ByCampaign, "group by "+strings.Join(store.TallyGroupings, "|"))
	c.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&o.CSV, "csv", false, "print CSV")
	return c
}

func runTally(ctx context.Context, o tallyOptions, g *globalOptions, args []string, out io.Writer) error {
	if o.JSON && o.CSV {
		return usageError{errors.New("tally: --json and --csv exclude each other")}
	}
	valid := false
	for _, b := range store.TallyGroupings {
		valid = valid || b == o.By
	}
	if !valid {
		return usageError{fmt.Errorf("tally: --by %q: want one of %s", o.By, strings.Join(store.TallyGroupings, ", "))}
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkCampaign(ctx, db, o.Campaign); err != nil {
		return err
	}
	// Look for new duplicate pairs first, so that the pairs awaiting a
	// decision are part of how final the figure is.
	if n, err := db.FindDuplicates(ctx, o.Campaign); err != nil {
		fmt.Fprintf(g.stderr, "warning: %v\n", err)
	} else if n > 0 {
		fmt.Fprintf(g.stderr, "%d new possible duplicate pairs: see 'sheetscan dup list'\n", n)
	}
	t, err := db.Tally(ctx, store.TallyOptions{Campaign: o.Campaign, By: o.By})
	if err != nil {
		return err
	}
	switch {
	case o.JSON:
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(t)
	case o.CSV:
		w := csv.NewWriter(out)
		w.Write([]string{"key", "label", "valid", "duplicates", "pending", "invalid", "blank", "erased", "rows"})
		for _, c := range t.Groups {
			w.Write(append([]string{c.Key, c.Label}, countFields(c)...))
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t\tvalid\tduplicates\tpending\tinvalid\tblank\terased\trows\t\n", o.By)
	for _, c := range t.Groups {
		key := c.Key
		if key == "" {
			key = "?"
		}
		label := c.Label
		if label == c.Key {
			label = ""
		}
		if len([]rune(label)) > 40 {
			label = string([]rune(label)[:39]) + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", key, label, strings.Join(countFields(c), "\t"))
	}
	fmt.Fprintf(tw, "total\t\t%s\t\n", strings.Join(countFields(t.Total), "\t"))
	if err := tw.Flush(); err != nil {
		return err
	}
	if s := t.ErasedScans; s.Scans > 0 {
		printf(out, "erased scans: %d (%d pages, %d rows, of which %d valid signatures), not in the counts above\n",
			s.Scans, s.Pages, s.Rows, s.Valid)
	}
	if t.Final() {
		printf(out, "final: no row and no duplicate pair awaits review\n")
	} else {
		printf(out, "not final: %d rows and %d duplicate pairs await review\n", t.Total.Pending, t.PendingDuplicates)
	}
	return nil
}

func countFields(c store.TallyCount) []string {
	return []string{strconv.Itoa(c.Valid), strconv.Itoa(c.Duplicates), strconv.Itoa(c.Pending), strconv.Itoa(c.Invalid),
		strconv.Itoa(c.Blank), strconv.Itoa(c.Erased), strconv.Itoa(c.Rows)}
}

// checkCampaign fails when a campaign is named and does not exist, so that
// a misspelt name does not pass for an empty campaign.
func checkCampaign(ctx context.Context, db *store.DB, name string) error {
	if name == "" {
		return nil
	}
	st, err := db.Status(ctx)
	if err != nil {
		return err
	}
	var names []string
	for _, c := range st.Campaigns {
		if c.Name == name {
			return nil
		}
		names = append(names, strconv.Quote(c.Name))
	}
	if len(names) == 0 {
		return fmt.Errorf("campaign %q: none in the database yet", name)
	}
	return fmt.Errorf("campaign %q not found (there are %s)", name, strings.Join(names, ", "))
}
