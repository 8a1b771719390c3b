package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
)

func newDBCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Back up, check and restore the database file",
		Long: `The whole department lives in one SQLite file. db backup copies it consistently while others
keep working, db check proves a file sound (SQLite's integrity and foreign-key checks and the
audit chain), and db restore puts a backup back in its place.

A nightly backup from cron, keeping one file a day (% must be escaped in a crontab):

  30 2 * * * kefu --db /srv/kefu/kefu.db db backup /srv/kefu/backup/kefu-$(date +\%F).db && kefu --db /srv/kefu/backup/kefu-$(date +\%F).db db check

Backups hold customers' personal data: they are created readable by their owner only (0600).
The audit key is not in the file: keep a copy of it too (kefu audit key export).`,
		Example: `  kefu db backup backup/kefu-2026-03-02.db
  kefu db check
  kefu db restore backup/kefu-2026-03-02.db --as 王芳`,
	}
	cmd.AddCommand(NewCmdDBBackup(app, nil), NewCmdDBCheck(app, nil), NewCmdDBRestore(app, nil), NewCmdDBCopy(app, nil))
	return cmd
}

// DBBackupOptions are kefu db backup's inputs.
type DBBackupOptions struct {
	CmdEnv
	Format string
	DBPath string // the database being copied, for the confirmation
	File   string
	Force  bool
}

// NewCmdDBBackup builds kefu db backup; runF replaces dbBackupRun in tests.
func NewCmdDBBackup(app *App, runF func(*DBBackupOptions) error) *cobra.Command {
	opts := &DBBackupOptions{}
	cmd := &cobra.Command{
		Use:   "backup FILE [--force]",
		Short: "Copy the database consistently to FILE while others go on working",
		Long: `Writes a consistent snapshot of the database to FILE (SQLite's VACUUM INTO: one read transaction,
so writers are never blocked and the copy never mixes two moments). The copy is compact, a
single file, and created 0600. An existing FILE is refused unless --force, which replaces it
atomically. Needs no acting user.`,
		Example: `  kefu db backup kefu-$(date +%F).db
  kefu db backup /mnt/backup/kefu.db --force`,
		Args: args(1, "the backup FILE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.DBPath, opts.File = format, redactAddress(app.DBPath), a[0]
			return runWith(opts, runF, dbBackupRun)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace FILE if it exists")
	return cmd
}

func dbBackupRun(opts *DBBackupOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	info, err := svc.DBBackup(opts.Ctx, opts.File, opts.Force)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, info)
	}
	opts.IO.Info("backed up %s to %s (%s)", opts.DBPath, info.Path, describeFile(info))
	return nil
}

// DBCheckOptions are kefu db check's inputs.
type DBCheckOptions struct {
	CmdEnv
	Format string
	DBPath string
	Keys   core.Keys
}

// NewCmdDBCheck builds kefu db check; runF replaces dbCheckRun in tests.
func NewCmdDBCheck(app *App, runF func(*DBCheckOptions) error) *cobra.Command {
	opts := &DBCheckOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the database: integrity, foreign keys and the audit chain",
		Long: `Runs SQLite's integrity_check and foreign_key_check and verifies the audit chain (as kefu audit
verify does), then prints a one-line verdict beginning "ok:" or "FAILED:". Exit 1 when anything
is wrong. Check a backup with --db FILE.`,
		Example: `  kefu db check
  kefu --db backup/kefu-2026-03-02.db db check --format json`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			keys, err := app.keys()
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.DBPath, opts.Keys = format, redactAddress(app.DBPath), keys
			return runWith(opts, runF, dbCheckRun)
		},
	}
	return cmd
}

func dbCheckRun(opts *DBCheckOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.DBCheck(opts.Ctx, opts.Keys)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		if err := render.WriteJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else {
		opts.IO.Line("%s", render.Escape(r.Verdict))
	}
	switch {
	case r.AuditError != "" && len(r.Integrity) == 0 && len(r.ForeignKeys) == 0:
		return errs.E(errs.Internal, "db check could not verify the history of %s", opts.DBPath).
			WithHint("kefu audit key import FILE (the key saved with kefu audit key export)")
	case !r.OK:
		return errs.E(errs.Internal, "db check found problems in %s", opts.DBPath).
			WithHint("kefu audit verify for the history's details; kefu db restore FILE to go back to a sound backup")
	}
	return nil
}

// DBRestoreOptions are kefu db restore's inputs. The restore works on files, not on an open
// service: the app supplies the file layer, the clock, the confirmation and a way to let go of
// its own connection before the copy goes in.
type DBRestoreOptions struct {
	CmdEnv
	Format string
	Source string
	Target string
	Yes    bool
	Files  persist.Files
	Keys   func() (core.Keys, error)
	Now    clock.Clock
	// Confirm asks whether to replace current (nil: no database yet) with src.
	Confirm func(src persist.FileInfo, current *persist.FileInfo, target string) error
	// Release closes this process's connection to the database.
	Release func()
}

// NewCmdDBRestore builds kefu db restore; runF replaces dbRestoreRun in tests.
func NewCmdDBRestore(app *App, runF func(*DBRestoreOptions) error) *cobra.Command {
	opts := &DBRestoreOptions{}
	cmd := &cobra.Command{
		Use:   "restore FILE [--yes]",
		Short: "Replace the database with a backup (manager)",
		Long: `Replaces the database with a copy of FILE, after checking that FILE is an intact kefu database
of a version this kefu can open (an older one is upgraded). The restore is recorded in the
restored history. The copy goes in through SQLite's online backup API in one write
transaction: other kefu processes (cron, other terminals) simply wait for it as for any
writer, and no file is renamed under them. What it replaces is first copied the same way to
PATH.before-restore (replacing the one an earlier restore kept): every write that finished
before the restore is there, every write after it is in the restored database. If anything
fails, the database is as it was.

Asks for confirmation on a terminal; elsewhere (scripts, cron) pass --yes. Needs a manager,
unless no database exists at PATH yet.`,
		Example: `  kefu db restore backup/kefu-2026-03-02.db --as 王芳
  kefu db restore backup/kefu-2026-03-02.db --yes --as 王芳`,
		Args: args(1, "the backup FILE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if opts.Now, err = app.Clock(); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.Source, opts.Target = format, a[0], app.DBPath
			opts.Files, opts.Keys, opts.Confirm, opts.Release = app.Files, app.keys, app.confirmRestore, app.close
			return runWith(opts, runF, dbRestoreRun)
		},
	}
	cmd.Flags().BoolVar(&opts.Yes, "yes", false, "do not ask for confirmation (needed when not on a terminal)")
	return cmd
}

func dbRestoreRun(opts *DBRestoreOptions) error {
	ctx, src, target := opts.Ctx, opts.Source, opts.Target
	srcInfo, err := core.InspectDB(ctx, opts.Files, src)
	if err != nil {
		return err
	}
	var current *persist.FileInfo
	_, statErr := os.Stat(target)
	server := isServerAddress(target) // a PostgreSQL database: there, not a file to describe
	if statErr == nil || server {
		svc, err := opts.Service(ctx)
		if err != nil {
			return errs.E(errs.Internal, "cannot open %s to replace it: %v", redactAddress(target), err).
				WithHint("mv %s %s.broken && kefu db restore %s", target, target, src)
		}
		if err := svc.DBRestoreAllowed(ctx, opts.As); err != nil {
			return err
		}
		if !server {
			info, err := core.InspectDB(ctx, opts.Files, target)
			if err != nil {
				return err
			}
			current = &info
		}
	}
	if !opts.Yes {
		if err := opts.Confirm(srcInfo, current, redactAddress(target)); err != nil {
			return err
		}
	}
	opts.Release() // this process holds no connection while the restore runs
	keys, err := opts.Keys()
	if err != nil {
		return err
	}
	res, err := core.DBRestore(ctx, opts.Files, core.RestoreOptions{Source: src, Target: target, As: opts.As, Keys: keys, Now: opts.Now()})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		opts.IO.Info("warning: %s", w)
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, res)
	}
	opts.IO.Info("restored %s from %s (%s)", redactAddress(target), src, describeFile(res.Source))
	if res.Before != "" {
		opts.IO.Info("the database it replaced is kept as %s", res.Before)
	}
	return nil
}

// confirmRestore asks on a terminal; elsewhere it refuses, naming --yes.
func (a *App) confirmRestore(src persist.FileInfo, current *persist.FileInfo, target string) error {
	if !a.IsTerminal || a.StdinPiped {
		return errs.Invalidf("db restore replaces %s with %s: pass --yes to confirm", target, src.Path)
	}
	if current != nil {
		fmt.Fprintf(a.Stderr, i18n.T("Replace %s (%s)\n   with %s (%s)?\nThe current file is kept as %s.before-restore. [y/N] "),
			target, describeFile(*current), src.Path, describeFile(src), target)
	} else {
		fmt.Fprintf(a.Stderr, i18n.T("Create %s from %s (%s)? [y/N] "), target, src.Path, describeFile(src))
	}
	line, _ := bufio.NewReader(io.LimitReader(a.Stdin, 1<<10)).ReadString('\n') // no answer (EOF) is no
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return errs.Invalidf("db restore cancelled; nothing was changed")
}

// describeFile sums up a database file for a person.
func describeFile(f persist.FileInfo) string {
	s := i18n.Sprintf("%d tickets, %d events, %s", f.Tickets, f.Events, humanBytes(f.Bytes))
	if !f.LastAt.IsZero() {
		s += i18n.Sprintf(", last change %s", f.LastAt.Local().Format(time.DateTime))
	}
	return s
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return i18n.Sprintf("%d bytes", n)
}
