// Command sheetscan turns scanned, hand-filled petition sheets into a
// reviewed list of signatures. See `sheetscan --help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/sheetscan/sheetscan/ocr"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1 // the command ran but something failed (a file, a page, a check)
	exitUsage       = 2 // bad flags or arguments
	exitInterrupted = 130
)

func main() {
	ocr.EnsureSingleThreaded()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCommand(os.Stdout, os.Stderr)
	err := root.ExecuteContext(ctx)
	os.Exit(exitCode(ctx, err))
}

func exitCode(ctx context.Context, err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintln(os.Stderr, "sheetscan: interrupted")
		return exitInterrupted
	case errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command"):
		fmt.Fprintf(os.Stderr, "sheetscan: %v\nRun 'sheetscan --help' for usage.\n", err)
		return exitUsage
	case errors.Is(err, errSilentFailure):
		return exitFailure
	default:
		fmt.Fprintf(os.Stderr, "sheetscan: %v\n", err)
		return exitFailure
	}
}

// usageError marks an error in the command line.
type usageError struct{ error }

// errSilentFailure is returned by commands that have already reported
// what failed and only need a non-zero exit status.
var errSilentFailure = errors.New("failed")
