package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newPersonCommand is a placeholder until the person command lands: it is hidden
// and says so rather than pretending to work.
func newPersonCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "person",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("person: not available in this build yet") },
	}
}
