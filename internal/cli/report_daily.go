package cli

import (
	"fmt"
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
}

// NewCmdReportDaily builds kefu report daily; runF replaces reportDailyRun in tests.
func NewCmdReportDaily(app *App, runF func(*ReportDailyOptions) error) *cobra.Command {
	opts := &ReportDailyOptions{}
	cmd := &cobra.Command{
		Use:     "daily [--date YYYY-MM-DD]",
		Short:   "The day per agent: contacts handled by channel, replies, complaints handled, open at end of day",
		Example: "  kefu report daily\n  kefu report daily --date 2026-03-02 --format csv",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV, render.Markdown)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, reportDailyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the day (default: today)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team's staff and tickets")
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
	g := render.Grid{Header: []string{"agent", "team", "contacts", "phone", "email", "chat", "social", "app", "visit", "replies", "complaints", "open at end"}}
	for _, a := range r.Agents {
		row := []string{a.Name, a.Team, strconv.Itoa(a.Contacts)}
		for _, ch := range []string{"phone", "email", "chat", "social", "app", "visit"} {
			row = append(row, strconv.Itoa(a.ByChannel[ch]))
		}
		g.Add(append(row, strconv.Itoa(a.Replies), strconv.Itoa(a.ComplaintsHandled), strconv.Itoa(a.OpenAtEnd))...)
	}
	w := opts.IO.Out
	switch opts.Format {
	case render.JSON:
		return render.WriteJSON(w, r)
	case render.Markdown:
		fmt.Fprintf(w, i18n.T("## 日报 Daily report %s\n\n%s opened.\n\n"), r.Period.Label, tickets(r.Opened))
		writeGridMD(w, g)
		return nil
	case render.CSV:
		return render.Write(w, opts.Format, nil, g)
	}
	fmt.Fprintf(w, i18n.T("Daily report %s (%s): %s opened\n"), r.Period.Label, r.Period.Timezone, tickets(r.Opened))
	if len(r.Agents) == 0 {
		fmt.Fprintln(w, i18n.T("no data"))
		return nil
	}
	return render.WriteTable(w, g)
}
