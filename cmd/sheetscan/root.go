package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"

	"github.com/sheetscan/sheetscan/store"
)

// globalOptions are the flags shared by every subcommand.
type globalOptions struct {
	DB         string
	CPUProfile string
	stdout     io.Writer
	stderr     io.Writer
}

// openDB opens the database named by --db.
func (g *globalOptions) openDB() (*store.DB, error) { return store.Open(g.DB) }

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	g := &globalOptions{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "sheetscan",
		Short: "Turn scanned petition sheets into a reviewed list of signatures",
		Long: `sheetscan reads scans of hand-filled petition sheets (PNG, JPEG, TIFF, PDF),
straightens each page, finds the table and its printed row numbers, reads the
names and postal codes, accepts the rows it is sure of and sends the others to
review in a browser page. Staff then tally, export and answer data-protection
requests from the same database.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	def := os.Getenv("SHEETSCAN_DB")
	if def == "" {
		def = "sheetscan.db"
	}
	root.PersistentFlags().StringVar(&g.DB, "db", def, "database file (env SHEETSCAN_DB)")
	root.PersistentFlags().StringVar(&g.CPUProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for finding where time goes)")
	root.PersistentFlags().MarkHidden("cpuprofile")
	var prof *os.File
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if g.CPUProfile == "" {
			return nil
		}
		var err error
		if prof, err = os.Create(g.CPUProfile); err != nil {
			return err
		}
		return pprof.StartCPUProfile(prof)
	}
	root.PersistentPostRun = func(*cobra.Command, []string) {
		if prof != nil {
			pprof.StopCPUProfile()
			prof.Close()
		}
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newImportCommand(g),
		newStatusCommand(g),
		newVersionCommand(g),
		newReviewCommand(g),
		newExportCommand(g),
		newTallyCommand(g),
		newPersonCommand(g),
		newScanCommand(g),
		newDupCommand(g),
	)
	for _, c := range root.Commands() {
		if c.Args == nil {
			c.Args = cobra.NoArgs
		}
		args := c.Args
		c.Args = func(cmd *cobra.Command, a []string) error {
			if err := args(cmd, a); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	return root
}

func printf(w io.Writer, format string, a ...any) { fmt.Fprintf(w, format, a...) }
