package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
)

// DBCopyOptions are kefu db copy's inputs.
type DBCopyOptions struct {
	CmdEnv
	Format   string
	From, To string
	Copier   persist.Copier
}

// NewCmdDBCopy builds kefu db copy; runF replaces dbCopyRun in tests.
func NewCmdDBCopy(app *App, runF func(*DBCopyOptions) error) *cobra.Command {
	opts := &DBCopyOptions{}
	cmd := &cobra.Command{
		Use:   "copy --from SRC --to DST",
		Short: "Copy a whole department between two databases (file or PostgreSQL server)",
		Long: `Copies every row of SRC into DST: a SQLite file or a postgres:// address each, in any
combination (file → server when a department moves to team mode, server → file, server →
server). Ids, the history and its MACs are kept as they are, so audit verify passes on the copy
with the same audit key. DST is created (a new file, or kefu's schema in an empty database) and
must hold no rows; the copy is one transaction on it, so it is complete or not there at all.
Needs no acting user.`,
		Example: `  kefu db copy --from ~/.local/share/kefu/kefu.db --to 'postgres://kefu@db.example.cn/kefu?sslmode=require'
  kefu db copy --from 'postgres://kefu@db.example.cn/kefu' --to kefu-$(date +%F).db`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if opts.From == "" || opts.To == "" {
				return errs.Invalidf("db copy needs --from SRC and --to DST").WithHint("kefu db copy --from kefu.db --to 'postgres://USER@HOST/DB'")
			}
			c, ok := app.Files.(persist.Copier)
			if !ok {
				return errs.E(errs.Internal, "this kefu cannot copy databases")
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.Copier = format, c
			return runWith(opts, runF, dbCopyRun)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "the database to copy: a file or postgres:// address")
	cmd.Flags().StringVar(&opts.To, "to", "", "the new database: a file or postgres:// address")
	return cmd
}

func dbCopyRun(opts *DBCopyOptions) error {
	info, err := opts.Copier.Copy(opts.Ctx, opts.From, opts.To)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, info)
	}
	opts.IO.Info("copied %d rows of %d tables (%d tickets, %d events) to %s", info.Rows, info.Tables, info.Tickets, info.Events, redactAddress(opts.To))
	return nil
}

// redactAddress is a database address as kefu shows it: never with a password.
func redactAddress(addr string) string {
	if i := indexPassword(addr); i > 0 {
		j := i
		for j < len(addr) && addr[j] != '@' {
			j++
		}
		return addr[:i] + "xxxxx" + addr[j:]
	}
	return addr
}

// indexPassword is where the password of a postgres://user:password@host address begins, or 0.
func indexPassword(addr string) int {
	for _, scheme := range []string{"postgres://", "postgresql://"} {
		if len(addr) > len(scheme) && addr[:len(scheme)] == scheme {
			rest := addr[len(scheme):]
			at, colon := -1, -1
			for i := 0; i < len(rest) && rest[i] != '/'; i++ {
				switch rest[i] {
				case '@':
					at = i
				case ':':
					if at < 0 && colon < 0 {
						colon = i
					}
				}
			}
			if at > 0 && colon >= 0 && colon < at {
				return len(scheme) + colon + 1
			}
		}
	}
	return 0
}

// isServerAddress reports whether addr names a PostgreSQL database rather than a file.
func isServerAddress(addr string) bool {
	return strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://")
}
