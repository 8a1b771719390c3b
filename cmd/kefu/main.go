// Command kefu runs a small customer-service department from the terminal.
package main

import (
	"context"
	"os"

	"golang.org/x/term"

	"github.com/kefu/kefu/internal/cli"
)

func main() {
	app := &cli.App{
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Getenv:     os.Getenv,
		IsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
	}
	os.Exit(cli.Run(context.Background(), app, os.Args[1:]))
}
