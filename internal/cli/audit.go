package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/when"
)

func newAuditCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "The tamper-evident history: who did what when, and whether it is intact",
		Long: `Every change is an event in an append-only history. Each event carries an HMAC-SHA256 over
its content and the previous event's MAC, keyed by a secret kept outside the database (in your
config directory, kefu/keys/ID.key), so someone holding only the database file cannot rewrite it
unseen. kefu remind prints the chain head (event count and short MAC): keep it, and
kefu audit verify --anchor COUNT:MAC later shows whether newer events were removed.`,
		Example: `  kefu audit log --ticket 12
  kefu audit log --staff 张伟 --since 2026-03-01
  kefu audit verify
  kefu audit verify --anchor 1234:3f9a1c2b7d0e
  kefu audit key export --out kefu-audit.key`,
	}
	cmd.AddCommand(NewCmdAuditLog(app, nil), NewCmdAuditVerify(app, nil), newAuditKeyCmd(app), NewCmdAuditAdopt(app, nil))
	return cmd
}

// AuditLogOptions are kefu audit log's inputs.
type AuditLogOptions struct {
	CmdEnv
	core.AuditLogOptions

	Format    string
	TicketRef string
	Since     string
}

// NewCmdAuditLog builds kefu audit log; runF replaces auditLogRun in tests.
func NewCmdAuditLog(app *App, runF func(*AuditLogOptions) error) *cobra.Command {
	opts := &AuditLogOptions{}
	cmd := &cobra.Command{
		Use:     "log [--ticket ID] [--staff NAME] [--since TIME] [--limit N]",
		Short:   "Who did what when",
		Example: "  kefu audit log --ticket 12\n  kefu audit log --staff 张伟 --since 2026-03-01 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			if opts.TicketRef != "" {
				if opts.AuditLogOptions.Ticket, err = ticketID(opts.TicketRef); err != nil {
					return err
				}
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, auditLogRun)
		},
	}
	cmd.Flags().StringVar(&opts.TicketRef, "ticket", "", "only this ticket's events")
	cmd.Flags().StringVar(&opts.AuditLogOptions.Staff, "staff", "", "only what this staff member did")
	cmd.Flags().StringVar(&opts.Since, "since", "", "only events at or after this time or date")
	cmd.Flags().IntVar(&opts.AuditLogOptions.Limit, "limit", 200, "the newest N events (0: all)")
	return cmd
}

func auditLogRun(opts *AuditLogOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.Since != "" {
		if opts.AuditLogOptions.Since, err = when.ParseTime(opts.Since, loc, svc.Now()); err != nil {
			return errs.Invalidf("--since: %v", err)
		}
	}
	evs, total, err := svc.AuditLogPage(opts.Ctx, opts.AuditLogOptions)
	if err != nil {
		return err
	}
	limitNotice(opts.IO, len(evs), total, "events")
	views := []eventView{}
	g := render.Grid{Header: []string{"id", "at", "who", "what", "details"}, Free: []string{"details", "what"}}
	for _, e := range evs {
		views = append(views, eventView{ID: e.ID, At: jsonTime(e.At, loc), Actor: e.Actor, Action: e.Action, Payload: e.Payload})
		what := e.Entity + " " + e.Action
		if e.EntityID != 0 {
			what = fmt.Sprintf("%s %d %s", e.Entity, e.EntityID, e.Action)
		}
		g.Add(itoa(e.ID), clockTime(e.At, loc), e.Actor, what, describeChanges(e.Payload, loc))
	}
	if opts.Format == render.Table && len(evs) == 0 {
		opts.IO.Info("no events match")
		return nil
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// verifyFailed makes audit verify exit 1 after printing its report.
type verifyFailed struct{ msg string }

func (v verifyFailed) Error() string { return v.msg }
func (v verifyFailed) ExitCode() int { return errs.ExitInternal }

// AuditVerifyOptions are kefu audit verify's inputs.
type AuditVerifyOptions struct {
	CmdEnv
	Format string
	Anchor string
	Keys   core.Keys
}

// NewCmdAuditVerify builds kefu audit verify; runF replaces auditVerifyRun in tests.
func NewCmdAuditVerify(app *App, runF func(*AuditVerifyOptions) error) *cobra.Command {
	opts := &AuditVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [--anchor COUNT:MAC]",
		Short: "Check every link of the history's MAC chain and replay tickets against their history",
		Long: `Checks each event's MAC against its content and the previous event's MAC, that the chain still
holds the anchor (as kefu remind printed the head), and that every ticket row (status, assignee,
due and event times) matches what its events say. Redacted events (customer forget) are reported
as such. Exit 1 and the first broken link when anything is wrong.`,
		Example: "  kefu audit verify\n  kefu audit verify --anchor 1234:3f9a1c2b7d0e",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if opts.Keys, err = app.keys(); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, auditVerifyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Anchor, "anchor", "", "a chain head printed earlier, COUNT:MAC")
	return cmd
}

func auditVerifyRun(opts *AuditVerifyOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.AuditVerify(opts.Ctx, opts.Keys, opts.Anchor)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		if err := render.WriteJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else {
		verdict := "intact"
		if !r.OK {
			verdict = "BROKEN"
		}
		opts.IO.Line("history %s: %d events, head %s, %d redacted, %d tickets replayed, %d rows checked", verdict, r.Events, r.Head, r.Redacted, r.Tickets, r.Rows)
		for _, p := range r.Problems {
			opts.IO.Line("  %s", p)
		}
	}
	if !r.OK {
		return verifyFailed{"the history does not verify: " + strings.Join(r.Problems[:1], "")}
	}
	return nil
}

func newAuditKeyCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Export or import this database's audit key",
		Long: `The key lives in your config directory (kefu/keys/ID.key, mode 0600). Export it for safekeeping
(manager); import it on another machine that opens the same database, or after losing it.`,
		Example: "  kefu audit key export --out kefu-audit.key\n  kefu audit key import kefu-audit.key",
	}
	cmd.AddCommand(NewCmdAuditKeyExport(app, nil), NewCmdAuditKeyImport(app, nil))
	return cmd
}

// AuditKeyExportOptions are kefu audit key export's inputs.
type AuditKeyExportOptions struct {
	CmdEnv
	Out  string
	Keys core.Keys
}

// NewCmdAuditKeyExport builds kefu audit key export; runF replaces auditKeyExportRun in tests.
func NewCmdAuditKeyExport(app *App, runF func(*AuditKeyExportOptions) error) *cobra.Command {
	opts := &AuditKeyExportOptions{}
	cmd := &cobra.Command{
		Use:     "export [--out FILE]",
		Short:   "Print or save the audit key (manager; recorded)",
		Example: "  kefu audit key export --out kefu-audit.key",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if opts.Keys, err = app.keys(); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, auditKeyExportRun)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to FILE (created 0600) instead of stdout")
	return cmd
}

func auditKeyExportRun(opts *AuditKeyExportOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	id, key, err := svc.AuditKeyExport(opts.Ctx, opts.As, opts.Keys)
	if err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		opts.IO.Line("%s", key)
		return nil
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return errs.Invalidf("cannot write %s: %v", out, err)
	}
	if _, err := fmt.Fprintln(f, key); err != nil {
		f.Close()
		return errs.Wrap(err, "writing %s", out)
	}
	if err := f.Close(); err != nil {
		return errs.Wrap(err, "writing %s", out)
	}
	opts.IO.Info("audit key of database %s written to %s (mode 0600): keep it safe and apart from the database", id, out)
	return nil
}

// DBFunc opens the database under the core service (after the service's own checks) for the
// few use cases that work on the store's transactions directly (adopt, key import).
type DBFunc func(context.Context) (persist.DB, error)

// openDB opens the service, then hands out its database.
func (a *App) openDB(ctx context.Context) (persist.DB, error) {
	if _, err := a.service(ctx); err != nil {
		return nil, err
	}
	return a.db, nil
}

// AuditKeyImportOptions are kefu audit key import's inputs: the key's text, already read.
type AuditKeyImportOptions struct {
	CmdEnv
	Text string
	Keys core.Keys
	DB   DBFunc
	Now  clock.Clock
}

// NewCmdAuditKeyImport builds kefu audit key import; runF replaces auditKeyImportRun in tests.
func NewCmdAuditKeyImport(app *App, runF func(*AuditKeyImportOptions) error) *cobra.Command {
	opts := &AuditKeyImportOptions{}
	cmd := &cobra.Command{
		Use:     "import FILE",
		Short:   "Install a saved audit key for this database (checked against its history)",
		Example: "  kefu audit key import kefu-audit.key",
		Args:    args(1, "a key FILE (or - for stdin)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			text, err := readInput(app, a[0], limitKeyFile)
			if err != nil {
				return err
			}
			if opts.Keys, err = app.keys(); err != nil {
				return err
			}
			if opts.Now, err = app.Clock(); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Text, opts.DB = string(text), app.openDB
			return runWith(opts, runF, auditKeyImportRun)
		},
	}
	return cmd
}

func auditKeyImportRun(opts *AuditKeyImportOptions) error {
	db, err := opts.DB(opts.Ctx)
	if err != nil {
		return err
	}
	path, err := core.AuditKeyImport(opts.Ctx, db, opts.Keys, opts.Text, opts.Now())
	if err != nil {
		return err
	}
	opts.IO.Info("audit key installed at %s", path)
	return nil
}
