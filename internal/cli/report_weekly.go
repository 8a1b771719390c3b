package cli

import (
	"fmt"
	"io"
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
	Out    string // the file to write instead of stdout
	BOM    bool   // CSV starts with a UTF-8 BOM (csv.bom)
}

// NewCmdReportWeekly builds kefu report weekly; runF replaces reportWeeklyRun in tests.
func NewCmdReportWeekly(app *App, runF func(*ReportWeeklyOptions) error) *cobra.Command {
	opts := &ReportWeeklyOptions{}
	cmd := &cobra.Command{
		Use:     "weekly [--week YYYY-Www] [--out FILE]",
		Short:   "The week: hot topics, complaint types, suggestions and whether forwarded, SLA compliance",
		Example: "  kefu report weekly\n  kefu report weekly --week 2026-W10 --format md\n  kefu report weekly --week 2026-W10 --format csv --out 2026-W10.csv",
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
			return runWith(opts, runF, reportWeeklyRun)
		},
	}
	cmd.Flags().StringVar(&opts.Week, "week", "", "ISO week YYYY-Www, this-week or last-week (default: this week)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team's tickets")
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to FILE instead of stdout")
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
	switch opts.Format {
	case render.JSON:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.WriteJSON(w, r) })
	case render.CSV:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { return render.WriteCSVSections(w, opts.BOM, weeklyCSV(r)...) })
	case render.Markdown:
		return writeOut(opts.CmdEnv, opts.Out, func(w io.Writer) error { writeWeeklyMD(w, r, sla); return nil })
	}
	w := opts.IO.Out
	fmt.Fprintf(w, i18n.T("Weekly report %s (%s, %s): %s\n\n"), r.Period.Label, r.Period.Dates, r.Period.Timezone, tickets(r.Volume.Total))
	bars(w, i18n.T("Daily volume"), shortDays(r.Volume.Daily), 6)
	bars(w, i18n.T("Hot topics"), r.HotTopics, 12)
	bars(w, i18n.T("Complaint types"), r.ComplaintTypes, 12)
	bars(w, i18n.Sprintf("Suggestions by category (%d, %d forwarded)", r.Suggestions.Opened, r.Suggestions.Forwarded), suggestionCounts(r.Suggestions), 24)
	fmt.Fprintln(w, i18n.T("\nSLA compliance"))
	if err := render.WriteTable(w, sla); err != nil {
		return err
	}
	return writeKnowledgeText(w, r.Knowledge)
}

func writeWeeklyMD(w io.Writer, r report.Weekly, sla render.Grid) {
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
	writeKnowledgeMD(w, r.Knowledge)
}
