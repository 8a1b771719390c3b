package cli

import (
	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/render"
)

func newAuditAdoptCmd(app *App) *cobra.Command {
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
			if _, err := app.service(cmd.Context()); err != nil {
				return err
			}
			c, _ := app.Clock()
			keys, err := app.keys()
			if err != nil {
				return err
			}
			r, err := core.AuditAdopt(cmd.Context(), app.db, keys, app.As, c())
			if err != nil {
				return err
			}
			if format == render.JSON {
				return render.WriteJSON(app.Stdout, r)
			}
			app.info("adopted the history of database %s: %d events signed, %d rows recorded", r.Database, r.EventsSigned, r.RowsRecorded)
			return nil
		},
	}
}
