package cli

import (
	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/render"
)

// AuditAdoptOptions are kefu audit adopt's inputs.
type AuditAdoptOptions struct {
	CmdEnv
	Format string
	Keys   core.Keys
	DB     DBFunc
	Now    clock.Clock
}

// NewCmdAuditAdopt builds kefu audit adopt; runF replaces auditAdoptRun in tests.
func NewCmdAuditAdopt(app *App, runF func(*AuditAdoptOptions) error) *cobra.Command {
	opts := &AuditAdoptOptions{}
	return &cobra.Command{
		Use:   "adopt",
		Short: "Take a database from before the signed history into it, once (manager; recorded)",
		Long: `A database written by a kefu from before the signed history has unsigned events, or rows the
history does not record yet. kefu never signs them on its own (anyone who can write the file
could have added them): until a manager adopts the database, its history cannot be verified
and writes are refused where events are unsigned. adopt signs those events with this
database's key, records those rows, and records that it did so and who asked.

A history that is signed but holds an unsigned event was changed outside kefu: adopt refuses
it; check it with kefu db check and go back to a sound backup.`,
		Example: "  kefu audit adopt --as 王芳",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
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
			opts.Format, opts.DB = format, app.openDB
			return runWith(opts, runF, auditAdoptRun)
		},
	}
}

func auditAdoptRun(opts *AuditAdoptOptions) error {
	db, err := opts.DB(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := core.AuditAdopt(opts.Ctx, db, opts.Keys, opts.As, opts.Now())
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, r)
	}
	opts.IO.Info("adopted the history of database %s: %d events signed, %d rows recorded", r.Database, r.EventsSigned, r.RowsRecorded)
	return nil
}
