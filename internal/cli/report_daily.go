package cli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

// ReportDailyOptions are kefu report daily's inputs.
type ReportDailyOptions struct {
	CmdEnv

	Format string // table, json, csv or md
	Date   string // YYYY-MM-DD; "" is today
	Team   string
	Out    string // the file to write instead of stdout
	BOM    bool   // CSV starts with a UTF-8 BOM (csv.bom)
}

// NewCmdReportDaily builds kefu report daily; runF replaces reportDailyRun in tests.
func NewCmdReportDaily(app *App, runF func(*ReportDailyOptions) error) *cobra.Command {
	opts := &ReportDailyOptions{}
	cmd := &cobra.Command{
		Use:     "daily [--date YYYY-MM-DD] [--out FILE]",
		Short:   "The day per agent: contacts handled by channel, replies, complaints handled, open at end of day",
		Example: "  kefu report daily\n  kefu report daily --date 2026-03-02 --format csv --out 2026-03-02.csv",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV, render.Markdown)
			if err != nil {
				return err
			}
			if format == render.Table && opts.Out != "" {
				return usageErr(cmd, "--out writes a file: use it with --format csv, json or md")
			}
			if opts.BOM, err = app.csvBOM(opts.Out != ""); err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, reportDailyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the day: YYYY-MM-DD, today or yesterday (default: today)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team's staff and tickets")
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to FILE instead of stdout")
	return cmd
}

func reportDailyRun(opts *ReportDailyOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ReportDaily(opts.Ctx, opts.Date, opts.Team)
	if err != nil {
		return err
	}
	if w := r.Period.CalendarWarning; w != "" {
		opts.IO.Info("kefu: warning: %s", w)
	}
	g := render.Grid{Header: []string{"agent", "team", "contacts", "phone", "email", "chat", "wechat", "social", "app", "visit", "replies", "complaints", "open at end"},
		Optional: []string{"team", "visit", "app", "social", "wechat", "email", "phone", "chat"}}
	for _, a := range r.Agents {
		row := []string{a.Name, a.Team, strconv.Itoa(a.Contacts)}
		for _, ch := range []string{"phone", "email", "chat", "wechat", "social", "app", "visit"} {
			row = append(row, strconv.Itoa(a.ByChannel[ch]))
		}
		g.Add(append(row, strconv.Itoa(a.Replies), strconv.Itoa(a.ComplaintsHandled), strconv.Itoa(a.OpenAtEnd))...)
	}
	switch opts.Format {
	case render.JSON:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.WriteJSON(w, r) })
	case render.Markdown:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error {
			fmt.Fprintf(w, i18n.T("## 日报 Daily report %s\n\n%s opened.\n\n"), r.Period.Label, tickets(r.Opened))
			writeGridMD(w, g)
			return nil
		})
	case render.CSV:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.WriteCSVSections(w, opts.BOM, dailyCSV(r, g)...) })
	}
	w := opts.IO.Out
	fmt.Fprintf(w, i18n.T("Daily report %s (%s): %s opened\n"), r.Period.Label, r.Period.Timezone, tickets(r.Opened))
	if len(r.Agents) == 0 {
		fmt.Fprintln(w, i18n.T("no data"))
		return nil
	}
	return render.WriteTable(w, g)
}
