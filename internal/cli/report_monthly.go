package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/render"
)

// ReportMonthlyOptions are kefu report monthly's inputs.
type ReportMonthlyOptions struct {
	CmdEnv

	Format string // table, json, csv, md, html or xlsx
	Month  string // YYYY-MM; "" is this month
	Team   string
	Out    string // the file to write instead of stdout; needed by xlsx and html
	BOM    bool   // CSV starts with a UTF-8 BOM (csv.bom)
	// Lang is the language of the HTML report's words: "zh-CN" or "en".
	Lang string
}

// NewCmdReportMonthly builds kefu report monthly; runF replaces reportMonthlyRun in tests.
func NewCmdReportMonthly(app *App, runF func(*ReportMonthlyOptions) error) *cobra.Command {
	opts := &ReportMonthlyOptions{}
	cmd := &cobra.Command{
		Use:   "monthly [--month YYYY-MM] [--format table|json|csv|md|html|xlsx] [--out FILE]",
		Short: "The month: volume, first response, resolution, complaints, CSAT, NPS, accuracy, agents, targets",
		Example: `  kefu report monthly
  kefu report monthly --month 2026-03 --format json
  kefu report monthly --month 2026-03 --format csv --out 2026-03.csv
  kefu report monthly --month 2026-03 --format html --out 2026-03.html
  kefu report monthly --month 2026-03 --format xlsx --out 2026-03.xlsx`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV, render.Markdown, formatHTML, "xlsx")
			if err != nil {
				return err
			}
			if (format == "xlsx" || format == formatHTML) && opts.Out == "" {
				return usageErr(cmd, "--format %s needs --out FILE", format)
			}
			if format == render.Table && opts.Out != "" {
				return usageErr(cmd, "--out writes a file: use it with --format csv, json, md, html or xlsx")
			}
			if opts.BOM, err = app.csvBOM(opts.Out != ""); err != nil {
				return err
			}
			opts.CmdEnv, opts.Format, opts.Lang = app.cmdEnv(cmd.Context()), format, app.reportLang()
			return runWith(opts, runF, reportMonthlyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month: YYYY-MM, this-month or last-month (default: this month)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to FILE instead of stdout (needed by --format html and xlsx)")
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
	switch opts.Format {
	case render.JSON:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.WriteJSON(w, r) })
	case render.CSV:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.WriteCSVSections(w, opts.BOM, monthlyCSV(r)...) })
	case render.Markdown:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return writeMonthlyMD(w, r) })
	case formatHTML:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.MonthlyHTML(w, r, render.HTMLOptions{Lang: opts.Lang}) })
	case "xlsx":
		return writeMonthlyXLSX(opts.Ctx, opts.IO, svc, r, opts.Out)
	}
	return writeMonthlyTable(opts.IO.Out, r)
}
