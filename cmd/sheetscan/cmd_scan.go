package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newScanCommand is a placeholder until the scan command lands: it is hidden
// and says so rather than pretending to work.
func newScanCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "scan",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("scan: not available in this build yet") },
	}
}
