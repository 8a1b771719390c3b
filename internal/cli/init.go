package cli

import (
	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/render"
)

func newInitCmd(app *App) *cobra.Command {
	var o core.InitOptions
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
			if _, err := core.InitPolicy(&o); err != nil {
				return err
			}
			svc, err := app.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			res, err := svc.Init(cmd.Context(), o)
			if err != nil {
				return err
			}
			if format == render.JSON {
				return render.WriteJSON(app.Stdout, res)
			}
			if !res.Created {
				app.info("kefu database %s is already initialized (time zone %s, region %s); nothing changed", res.Path, res.Timezone, res.Region)
				return nil
			}
			app.info("created kefu database %s (time zone %s, region %s)", res.Path, res.Timezone, res.Region)
			if res.Manager != "" {
				app.info("added manager %s; act as them with --as %s or KEFU_USER=%s", res.Manager, res.Manager, res.Manager)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Manager, "manager", "", "create the first manager with this name")
	cmd.Flags().StringVar(&o.TZ, "tz", "", "the team's IANA time zone (default with region cn: Asia/Shanghai; otherwise the machine's, required when that is UTC)")
	cmd.Flags().StringVar(&o.Region, "region", "cn", "working days: cn (China holidays and 调休) or none (calendar.workweek)")
	return cmd
}
