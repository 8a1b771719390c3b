package cli

import (
	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/render"
)

// ReportMonthlyOptions are kefu report monthly's inputs.
type ReportMonthlyOptions struct {
	CmdEnv

	Format string // table, json, csv, md or xlsx
	Month  string // YYYY-MM; "" is this month
	Team   string
	Out    string // the workbook, with xlsx
}

// NewCmdReportMonthly builds kefu report monthly; runF replaces reportMonthlyRun in tests.
func NewCmdReportMonthly(app *App, runF func(*ReportMonthlyOptions) error) *cobra.Command {
	opts := &ReportMonthlyOptions{}
	cmd := &cobra.Command{
		Use:   "monthly [--month YYYY-MM] [--format table|json|csv|md|xlsx --out FILE]",
		Short: "The month: volume, first response, resolution, complaints, CSAT, NPS, accuracy, agents, targets",
		Example: `  kefu report monthly
  kefu report monthly --month 2026-03 --format json
  kefu report monthly --month 2026-03 --format xlsx --out 2026-03.xlsx`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV, render.Markdown, "xlsx")
			if err != nil {
				return err
			}
			if format == "xlsx" && opts.Out == "" {
				return usageErr(cmd, "--format xlsx needs --out FILE")
			}
			if format != "xlsx" && opts.Out != "" {
				return usageErr(cmd, "--out is for --format xlsx; other formats print to stdout")
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, reportMonthlyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month: YYYY-MM, this-month or last-month (default: this month)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "with --format xlsx: the workbook to write")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team's tickets and staff")
	return cmd
}

func reportMonthlyRun(opts *ReportMonthlyOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ReportMonthly(opts.Ctx, opts.Month, opts.Team)
	if err != nil {
		return err
	}
	if w := r.Period.CalendarWarning; w != "" {
		opts.IO.Info("kefu: warning: %s", w)
	}
	out := opts.IO.Out
	switch opts.Format {
	case render.JSON:
		return render.WriteJSON(out, r)
	case render.CSV:
		return render.Write(out, opts.Format, nil, kpiGrid(r))
	case render.Markdown:
		return writeMonthlyMD(out, r)
	case "xlsx":
		return writeMonthlyXLSX(opts.Ctx, opts.IO, svc, r, opts.Out)
	}
	return writeMonthlyTable(out, r)
}
