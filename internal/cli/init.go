package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/render"
)

// InitOptions are kefu init's inputs. Init creates the database, so it opens the core with
// Create rather than CmdEnv's Service.
type InitOptions struct {
	CmdEnv
	core.InitOptions
	Format string
	Create ServiceFunc
}

// NewCmdInit builds kefu init; runF replaces initRun in tests.
func NewCmdInit(app *App, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the database with the default policy",
		Long: `Create the database (mode 0600) with product defaults: response windows, the business
calendar (region cn: mainland China holidays and adjusted working weekends) and the team's
time zone. Running it again on an initialized database changes nothing and says so.`,
		Example: `  kefu init --manager 王芳 --tz Asia/Shanghai
  kefu init --db ./team.db --region none --tz Europe/Berlin`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if _, err := core.InitPolicy(&opts.InitOptions); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.Create = func(ctx context.Context) (*core.Service, error) { return app.open(ctx, true) }
			return runWith(opts, runF, initRun)
		},
	}
	cmd.Flags().StringVar(&opts.Manager, "manager", "", "create the first manager with this name")
	cmd.Flags().StringVar(&opts.TZ, "tz", "", "the team's IANA time zone (default with region cn: Asia/Shanghai; otherwise the machine's, required when that is UTC)")
	cmd.Flags().StringVar(&opts.Region, "region", "cn", "working days: cn (China holidays and 调休) or none (calendar.workweek)")
	return cmd
}

func initRun(opts *InitOptions) error {
	svc, err := opts.Create(opts.Ctx)
	if err != nil {
		return err
	}
	res, err := svc.Init(opts.Ctx, opts.InitOptions)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, res)
	}
	if !res.Created {
		opts.IO.Info("kefu database %s is already initialized (time zone %s, region %s); nothing changed", res.Path, res.Timezone, res.Region)
		return nil
	}
	opts.IO.Info("created kefu database %s (time zone %s, region %s)", res.Path, res.Timezone, res.Region)
	if res.Manager != "" {
		opts.IO.Info("added manager %s; act as them with --as %s or KEFU_USER=%s", res.Manager, res.Manager, res.Manager)
	}
	return nil
}
