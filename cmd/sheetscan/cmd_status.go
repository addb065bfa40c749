package main

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"strconv"

	"github.com/spf13/cobra"
)

type statusOptions struct{ JSON bool }

func newStatusCommand(g *globalOptions) *cobra.Command {
	var o statusOptions
	c := &cobra.Command{
		Use:   "status",
		Short: "Show campaigns, files, pages and rows by state, and what failed",
		Example: `  sheetscan status
  sheetscan --db campaign.db status --json | jq '.errors'`,
		RunE: func(cmd *cobra.Command, args []string) error { return runStatus(cmd.Context(), o, g, g.stdout) },
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return c
}

func runStatus(ctx context.Context, o statusOptions, g *globalOptions, out io.Writer) error {
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Status(ctx)
	if err != nil {
		return err
	}
	if o.JSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	if len(st.Campaigns) == 0 {
		printf(out, "no campaign yet: import scans with 'sheetscan import DIR'\n")
	}
	for _, c := range st.Campaigns {
		printf(out, "campaign %s\n", c.Name)
		printf(out, "  files %6d  %s\n", c.Files, counts(c.FilesByStatus))
		printf(out, "  pages %6d  %s\n", c.Pages, counts(c.PagesByStatus))
		printf(out, "  rows  %6d  %s\n", c.Rows, counts(c.RowsByStatus))
	}
	if len(st.Errors) > 0 {
		printf(out, "\n%d problem(s):\n", len(st.Errors))
		for _, e := range st.Errors {
			if e.Page > 0 {
				printf(out, "  %s page %d: %s: %s\n", e.File, e.Page, e.Status, e.Error)
			} else {
				printf(out, "  %s: %s\n", e.File, e.Error)
			}
		}
	}
	return nil
}

// counts formats a map of counts as "a 3, b 1" in key order.
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k + " " + strconv.Itoa(m[k])
	}
	return s
}
