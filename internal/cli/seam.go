package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
)

// The command seam (after gh's pkg/cmd/<noun>/<verb>): a verb is built by
// NewCmdNounVerb(app, runF); its RunE only fills a NounVerbOptions from flags and arguments
// and returns usage errors, then calls runF, or nounVerbRun when runF is nil. The run function
// does the work with what the options carry (context, streams, a way to open the core), so a
// test drives it without cobra, and a test that passes its own runF sees what was parsed.

// IOStreams are the streams a run function reads and writes (gh's iostreams): data goes to
// Out; confirmations, progress and warnings to ErrOut, so pipes stay clean.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Color is whether tables may colour their rows (a terminal, and no --no-color).
	Color bool
}

// Info prints a confirmation or warning line on ErrOut.
func (s IOStreams) Info(format string, args ...any) {
	fmt.Fprintf(s.ErrOut, i18n.T(format)+"\n", args...)
}

// ServiceFunc opens the core service over the database (once per process).
type ServiceFunc func(context.Context) (*core.Service, error)

// IO is the app's streams, already behind the output sanitizer once Run has started.
func (a *App) IO() IOStreams {
	return IOStreams{In: a.Stdin, Out: a.Stdout, ErrOut: a.Stderr, Color: a.IsTerminal && !a.NoColor}
}

// CmdEnv is what every run function gets from the app: the command's context, the streams,
// the acting staff member (--as) and a way to open the core. Options structs embed it.
type CmdEnv struct {
	Ctx     context.Context
	IO      IOStreams
	Service ServiceFunc
	As      string
}

// cmdEnv fills a CmdEnv for a command about to run.
func (a *App) cmdEnv(ctx context.Context) CmdEnv {
	return CmdEnv{Ctx: ctx, IO: a.IO(), Service: a.service, As: a.As}
}

// runWith calls the test's runF when there is one, else the verb's run function.
func runWith[T any](opts *T, runF, run func(*T) error) error {
	if runF != nil {
		return runF(opts)
	}
	return run(opts)
}

// Line prints a line of data on Out.
func (s IOStreams) Line(format string, args ...any) {
	fmt.Fprintf(s.Out, i18n.T(format)+"\n", args...)
}
