package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newReviewCommand is a placeholder until the review command lands: it is hidden
// and says so rather than pretending to work.
func newReviewCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "review",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("review: not available in this build yet") },
	}
}
