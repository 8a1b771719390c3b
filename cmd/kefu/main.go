// Command kefu runs a small customer-service department from the terminal.
package main

import (
	"context"
	"os"

	"golang.org/x/term"

	"github.com/kefu/kefu/internal/cli"
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
	}
	os.Exit(cli.Run(context.Background(), app, os.Args[1:]))
}
