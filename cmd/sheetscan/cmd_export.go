package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newExportCommand is a placeholder until the export command lands: it is hidden
// and says so rather than pretending to work.
func newExportCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "export",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("export: not available in this build yet") },
	}
}
