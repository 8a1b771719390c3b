// Package cli is kefu's command line: one file per noun, each verb a constructor that parses
// flags into an options struct and hands the work to internal/core.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
)

// App carries every side effect a command may have: its streams, environment, clock and database.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// IsTerminal reports whether stdout is a terminal (colour, progress).
	IsTerminal bool
	// TermWidth is the terminal's width in columns when stdout is one (0 when unknown).
	TermWidth func() int
	// StdinPiped reports whether stdin is a pipe or file a body may be read from.
	StdinPiped bool
	// OpenStore opens the database at path (creating it when create is set) and returns it
	// with the notices of its upgrade; Files checks and restores database files by path.
	// cmd/kefu wires both to internal/store, which this package never imports.
	OpenStore func(ctx context.Context, path string, create bool) (db persist.DB, notices []string, err error)
	Files     persist.Files
	// Complete reads the names and ids shell completion offers, read-only (nil: none).
	Complete func(ctx context.Context, path string) (persist.Completions, error)
	// CatchInterrupts starts turning Ctrl-C and SIGTERM into the cancellation of Run's context;
	// Run calls it when a command starts to run (nil: signals keep their default action).
	CatchInterrupts func()

	// Global flags, after config and environment were applied.
	DBPath     string
	ConfigFile string
	As         string
	Format     string
	NoColor    bool
	// Wide turns fitting tables and text to the terminal off (--wide).
	Wide bool
	// Lang is the language everything is printed in (i18n.EN or i18n.ZH), chosen by Run.
	Lang string

	formatStrict bool
	// config is the one config reader: the config file and KEFU_* environment (see configure).
	config *viper.Viper
	// configErr is what was wrong with the config (or the language asked for), reported when
	// a command runs, so that --help still works.
	configErr error
	// dbOnCommandLine is whether --db was typed (not taken from KEFU_DB or the config).
	dbOnCommandLine bool
	// ephemeralKey signs a throwaway database's history without leaving a key file behind.
	ephemeralKey []byte
	clock        clock.Clock
	db           persist.DB
	// safeOut guards stdout: no raw control or bidi character leaves kefu (render.SafeWriter).
	safeOut *render.SafeWriter
	// rawStderr is stderr as given, for the progress bar (which needs the terminal itself).
	rawStderr io.Writer
	// completing is whether this process answers a shell's completion request: only then are
	// the completion functions registered on the command tree (start-up costs nothing unused).
	completing bool
}

// Run builds the root command, runs it with args and returns the exit status, printing any
// error as one line on stderr.
func Run(ctx context.Context, app *App, args []string) int {
	// Whatever a command prints passes the one sanitizer on its way out (product.md: text output
	// replaces control and bidi characters visibly; JSON escapes them).
	app.safeOut = &render.SafeWriter{W: app.Stdout}
	app.Stdout = app.safeOut
	app.rawStderr = app.Stderr
	app.Stderr = &render.SafeWriter{W: app.Stderr}
	app.completing = len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
	// The config and the language are read before the tree is built: help is translated too.
	configFile, flagLang := preScan(args)
	app.config, app.configErr = app.readConfig(configFile)
	lang, langErr := app.chooseLang(flagLang, app.config)
	if app.configErr == nil {
		app.configErr = langErr
	}
	p, err := i18n.New(lang)
	if err != nil {
		p = i18n.English
		fmt.Fprintf(app.Stderr, "kefu: %v\n", err)
	}
	i18n.Use(p)
	app.Lang = p.Lang()
	// Tables name vocabulary values (kinds, channels, statuses ...) in the reader's language;
	// JSON and CSV keep the codes.
	render.CellLabel = nil
	if p.Chinese() {
		render.CellLabel = func(column, value string) string { return enumLabel(column, value, i18n.ZH) }
	}
	root := newRootCmdFor(app, args, app.completing)
	localizeFor(root, p, args, app.completing)
	root.SetArgs(args)
	root.SetIn(app.Stdin)
	root.SetOut(app.Stdout)
	root.SetErr(app.Stderr)
	err = root.ExecuteContext(ctx)
	if ferr := app.safeOut.Flush(); err == nil && ferr != nil {
		err = errs.Wrap(ferr, "writing output")
	}
	app.close()
	if err == nil {
		return 0
	}
	if ctx.Err() != nil {
		// Ctrl-C or SIGTERM: the command stopped at a safe point and rolled back (its
		// transaction never committed and its temporary files are gone).
		fmt.Fprintln(app.Stderr, "kefu: "+p.T("interrupted: the unfinished work was rolled back"))
		return errs.ExitInterrupted
	}
	var e *errs.Error
	var ec interface{ ExitCode() int }
	if !errors.As(err, &e) && !errors.As(err, &ec) {
		// Only cobra's own argument and flag parsing returns plain errors.
		err = cobraError(err).WithHint("kefu %s --help", commandPath(root, args))
	}
	fmt.Fprintln(app.Stderr, "kefu: "+oneLine(err))
	return errs.ExitCode(err)
}

func commandPath(root *cobra.Command, args []string) string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == root {
		return ""
	}
	return strings.TrimPrefix(cmd.CommandPath(), "kefu ")
}

// oneLine renders an error and its hint on a single line, in the chosen language.
func oneLine(err error) string {
	p := i18n.Current()
	msg := errs.Text(err, p.Sprintf)
	var e *errs.Error
	if errors.As(err, &e) && e.Hint != "" {
		msg = p.Sprintf("%s; try: %s", msg, e.HintText(p.Sprintf))
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
}

func (a *App) close() {
	if a.db != nil {
		a.db.Close()
		a.db = nil
	}
}

// Clock is the command's clock: KEFU_NOW or the system's.
func (a *App) Clock() (clock.Clock, error) {
	if a.clock == nil {
		c, err := clock.FromEnv(a.Getenv)
		if err != nil {
			return nil, errs.Invalidf("%v", err)
		}
		a.clock = c
	}
	return a.clock, nil
}

// service opens the database (which must exist) and returns the core over it.
func (a *App) service(ctx context.Context) (*core.Service, error) {
	return a.open(ctx, false)
}

func (a *App) open(ctx context.Context, create bool) (*core.Service, error) {
	c, err := a.Clock()
	if err != nil {
		return nil, err
	}
	if a.db == nil {
		if a.OpenStore == nil {
			return nil, errs.E(errs.Internal, "no store: App.OpenStore is not set")
		}
		db, notices, err := a.OpenStore(ctx, a.DBPath, create)
		if err != nil {
			return nil, err
		}
		for _, n := range notices {
			a.info("kefu: upgrade: %s", n)
		}
		keys, err := a.keys()
		if err != nil {
			db.Close()
			return nil, err
		}
		// The audit key is checked before the first write: a command that only reads is
		// spared the check's statements (reads go on whatever it finds).
		db.BeforeWrites(func(ctx context.Context) error { return core.PrepareAudit(ctx, db, keys, c()) })
		a.db = db
	}
	return core.New(a.db, c), nil
}

// format returns the output format for a command that prints the given formats; the first is
// its default. An explicit --format it cannot print is refused; a config default it cannot
// print falls back to the command's own.
func (a *App) format(cmd *cobra.Command, supported ...string) (string, error) {
	f := a.Format
	if f == "" {
		a.fitFor(supported[0])
		return supported[0], nil
	}
	if err := render.CheckFormat(f, cmd.CommandPath(), supported...); err != nil {
		if !a.formatStrict {
			a.fitFor(supported[0])
			return supported[0], nil
		}
		return "", err
	}
	a.fitFor(f)
	return f, nil
}

// info prints a confirmation or warning on stderr, keeping stdout for data.
func (a *App) info(format string, args ...any) {
	fmt.Fprintf(a.Stderr, i18n.T(format)+"\n", args...)
}

// defaultDBPath is the database in the user's data directory (XDG on Linux).
func defaultDBPath(getenv func(string) string) string {
	dir := getenv("XDG_DATA_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "kefu", "kefu.db")
}

// keys says where audit keys live: the user's config directory (kefu/keys/ID.key, beside the
// config file and never in the database), or KEFU_AUDIT_KEY when the environment provides one.
func (a *App) keys() (core.Keys, error) {
	k := core.Keys{Dir: filepath.Dir(filepath.Dir(defaultConfigPath(a.Getenv))), Fixed: a.ephemeralKey}
	if v := a.Getenv("KEFU_AUDIT_KEY"); v != "" {
		key, err := audit.DecodeKey(v)
		if err != nil {
			return k, errs.Invalidf("KEFU_AUDIT_KEY: %v", err)
		}
		k.Fixed = key
	}
	return k, nil
}

// defaultConfigPath is config.yaml in the user's config directory.
func defaultConfigPath(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "kefu", "config.yaml")
}

// usageErr is a usage error with a hint pointing at the command's help.
func usageErr(cmd *cobra.Command, format string, args ...any) error {
	return errs.Invalidf(format, args...).WithHint("%s --help", cmd.CommandPath())
}

// args checks the number of positional arguments, naming what is expected.
func args(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if len(a) != n {
			return usageErr(cmd, "%s takes %s (got %d argument%s)", strings.TrimPrefix(cmd.CommandPath(), "kefu "), names, len(a), plural(len(a)))
		}
		return nil
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
