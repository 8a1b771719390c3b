// Command kefu runs a small customer-service department from the terminal.
package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/term"

	"github.com/kefu/kefu/internal/cli"
	"github.com/kefu/kefu/internal/store"
)

func main() {
	piped := false
	if fi, err := os.Stdin.Stat(); err == nil {
		piped = fi.Mode()&(os.ModeNamedPipe) != 0 || fi.Mode().IsRegular()
	}
	app := &cli.App{
		StdinPiped: piped,
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Getenv:     os.Getenv,
		IsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		TermWidth: func() int {
			w, _, err := term.GetSize(int(os.Stdout.Fd()))
			if err != nil {
				return 0
			}
			return w
		},
		// The one place that knows both the commands and the SQLite store.
		OpenStore: store.OpenPersist,
		Files:     store.Files{},
		Complete:  store.ReadCompletions,
	}
	// Ctrl-C or a SIGTERM cancels the command's context: a long command (import, demo, backup,
	// restore, audit verify) stops at its next safe point, rolls back and removes its temporary
	// files, and kefu exits 130 (restic's createGlobalContext). The signals are caught from the
	// moment a command runs (help and the version never need it: a signal handler's thread is
	// a start-up cost).
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	app.CatchInterrupts = func() {
		once.Do(func() {
			sigs := make(chan os.Signal, 1)
			signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
			go func() {
				<-sigs
				cancel()
			}()
		})
	}
	code := cli.Run(ctx, app, os.Args[1:])
	cancel()
	os.Exit(code)
}
