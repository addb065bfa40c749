package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newImportCommand is a placeholder until the import command lands.
func newImportCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "import",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("import: not available in this build yet") },
	}
}
