package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sheetscan/sheetscan/review"
)

type reviewOptions struct {
	Addr        string
	Campaign    string
	Secret      string
	ClaimTTL    time.Duration
	AddReviewer string
}

func newReviewCommand(g *globalOptions) *cobra.Command {
	var o reviewOptions
	c := &cobra.Command{
		Use:   "review",
		Short: "Serve the review web app where people correct the flagged rows",
		Long: `review serves a keyboard-first web app over the database: the flagged rows
one at a time with their cell images, a column mode, progress and a sheet view.
Several reviewers may work at once, each in their own browser.

It listens on 127.0.0.1 only, unless a shared secret (--secret or
SHEETSCAN_REVIEW_SECRET) or reviewer accounts (--add-reviewer) are set: then
reviewers log in. Put a TLS reverse proxy in front when reviewers are on
other machines.`,
		Example: `  sheetscan --db campaign.db review
  sheetscan --db campaign.db review --addr 127.0.0.1:9000 --campaign juin
  SHEETSCAN_REVIEW_SECRET=... sheetscan --db campaign.db review --addr 0.0.0.0:8080
  sheetscan --db campaign.db review --add-reviewer alice   # asks for a password`,
		RunE: func(cmd *cobra.Command, args []string) error { return runReview(cmd.Context(), o, g) },
	}
	c.Flags().StringVar(&o.Addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	c.Flags().StringVar(&o.Campaign, "campaign", "", "review only this campaign")
	c.Flags().StringVar(&o.Secret, "secret", os.Getenv("SHEETSCAN_REVIEW_SECRET"), "shared secret reviewers type at login (env SHEETSCAN_REVIEW_SECRET)")
	c.Flags().DurationVar(&o.ClaimTTL, "claim", 5*time.Minute, "how long a row stays with one reviewer")
	c.Flags().StringVar(&o.AddReviewer, "add-reviewer", "", "create or change the account NAME (password read from the terminal or stdin) and exit")
	return c
}

func runReview(ctx context.Context, o reviewOptions, g *globalOptions) error {
	if o.ClaimTTL < 10*time.Second {
		return usageError{fmt.Errorf("--claim %v: too short for a person to read a row", o.ClaimTTL)}
	}
	db, err := g.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if o.AddReviewer != "" {
		return addReviewer(ctx, db, o.AddReviewer, g.stderr)
	}
	n, err := db.ReviewerCount(ctx)
	if err != nil {
		return err
	}
	if err := review.CheckAddr(o.Addr, o.Secret != "", n > 0); err != nil {
		return usageError{fmt.Errorf("review: %w", err)}
	}
	local := review.IsLoopback(o.Addr)
	srv, err := review.New(ctx, review.Config{DB: db, Campaign: o.Campaign, Secret: o.Secret,
		ClaimTTL: o.ClaimTTL, LocalOnly: local,
		Logf: func(f string, a ...any) { printf(g.stderr, f+"\n", a...) }})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	url := "http://" + ln.Addr().String() + "/"
	if !local {
		url = "http://" + o.Addr + "/ (reviewers log in; use TLS in front)"
	}
	printf(g.stderr, "review: open %s  (Ctrl-C to stop)\n", url)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("review: %w", err)
	case <-ctx.Done():
	}
	// Let saves in flight finish; they are short transactions.
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("review: shut down: %w", err)
	}
	printf(g.stderr, "review: stopped\n")
	return nil
}

// addReviewer asks for a password (twice on a terminal) and stores its hash.
func addReviewer(ctx context.Context, db interface {
	SetReviewer(ctx context.Context, name, hash string) error
}, name string, stderr io.Writer) error {
	name = strings.TrimSpace(name)
	var pw string
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		printf(stderr, "password for %s: ", name)
		a, err := term.ReadPassword(fd)
		printf(stderr, "\n")
		if err != nil {
			return err
		}
		printf(stderr, "again: ")
		b, err := term.ReadPassword(fd)
		printf(stderr, "\n")
		if err != nil {
			return err
		}
		if string(a) != string(b) {
			return errors.New("add reviewer: the two passwords differ")
		}
		pw = string(a)
	} else {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("add reviewer: read password from stdin: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if len(pw) < 8 {
		return usageError{errors.New("add reviewer: password shorter than 8 characters")}
	}
	h, err := review.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := db.SetReviewer(ctx, name, h); err != nil {
		return fmt.Errorf("add reviewer: %w", err)
	}
	printf(stderr, "reviewer %s saved\n", name)
	return nil
}
