package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

// ReportWeeklyOptions are kefu report weekly's inputs.
type ReportWeeklyOptions struct {
	CmdEnv

	Format string // table, json, csv or md
	Week   string // YYYY-Www; "" is this week
	Team   string
}

// NewCmdReportWeekly builds kefu report weekly; runF replaces reportWeeklyRun in tests.
func NewCmdReportWeekly(app *App, runF func(*ReportWeeklyOptions) error) *cobra.Command {
	opts := &ReportWeeklyOptions{}
	cmd := &cobra.Command{
		Use:     "weekly [--week YYYY-Www]",
		Short:   "The week: hot topics, complaint types, suggestions and whether forwarded, SLA compliance",
		Example: "  kefu report weekly\n  kefu report weekly --week 2026-W10 --format md",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV, render.Markdown)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, reportWeeklyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Week, "week", "", "ISO week (default: this week)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team's tickets")
	return cmd
}

func reportWeeklyRun(opts *ReportWeeklyOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ReportWeekly(opts.Ctx, opts.Week, opts.Team)
	if err != nil {
		return err
	}
	if w := r.Period.CalendarWarning; w != "" {
		opts.IO.Info("kefu: warning: %s", w)
	}
	sla := render.Grid{Header: []string{"target", "due", "met", "compliance"}}
	for _, s := range r.SLA {
		sla.Add(s.Target, strconv.Itoa(s.D), strconv.Itoa(s.N), optPct(s.Pct()))
	}
	w := opts.IO.Out
	switch opts.Format {
	case render.JSON:
		return render.WriteJSON(w, r)
	case render.CSV:
		return render.Write(w, opts.Format, nil, sla)
	case render.Markdown:
		fmt.Fprintf(w, i18n.T("## 周报 Weekly report %s (%s)\n\n**Tickets**: %d\n\n### SLA compliance\n\n"), r.Period.Label, r.Period.Dates, r.Volume.Total)
		writeGridMD(w, sla)
		for _, sec := range []struct {
			title string
			cs    []report.Count
		}{{i18n.T("Hot topics"), r.HotTopics}, {i18n.T("Complaint types"), r.ComplaintTypes}, {i18n.T("Suggestions by category"), suggestionCounts(r.Suggestions)}} {
			fmt.Fprintf(w, "\n### %s\n\n", sec.title)
			if len(sec.cs) == 0 {
				fmt.Fprintln(w, i18n.T("no data"))
			}
			for _, c := range sec.cs {
				fmt.Fprintf(w, "- %s: %d\n", mdEscape(c.Key), c.N)
			}
		}
		return nil
	}
	fmt.Fprintf(w, i18n.T("Weekly report %s (%s, %s): %s\n\n"), r.Period.Label, r.Period.Dates, r.Period.Timezone, tickets(r.Volume.Total))
	bars(w, i18n.T("Daily volume"), shortDays(r.Volume.Daily), 6)
	bars(w, i18n.T("Hot topics"), r.HotTopics, 12)
	bars(w, i18n.T("Complaint types"), r.ComplaintTypes, 12)
	bars(w, i18n.Sprintf("Suggestions by category (%d, %d forwarded)", r.Suggestions.Opened, r.Suggestions.Forwarded), suggestionCounts(r.Suggestions), 24)
	fmt.Fprintln(w, i18n.T("\nSLA compliance"))
	return render.WriteTable(w, sla)
}
