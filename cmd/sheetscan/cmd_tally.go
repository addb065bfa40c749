package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newTallyCommand is a placeholder until the tally command lands: it is hidden
// and says so rather than pretending to work.
func newTallyCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "tally",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("tally: not available in this build yet") },
	}
}
