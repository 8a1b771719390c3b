package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

func newReportCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Daily, weekly and monthly reports (table, JSON, CSV, Markdown, Excel, HTML)",
		Long: `Reports cut periods in the team's time zone and use one set of definitions, printed in
the JSON output: SLA compliance counts tickets whose due time fell in the period (and not after
now); CSAT counts ratings 4–5 of 1–5 ratings given; NPS = % 9–10 minus % 0–6; first-response time
is business time where the channel's window is in business units. Empty periods say "no data".`,
		Example: `  kefu report daily --date 2026-03-02
  kefu report weekly --week 2026-W10 --format md
  kefu report monthly --month 2026-03
  kefu report monthly --month 2026-03 --format xlsx --out 2026-03.xlsx
  kefu report monthly --month 2026-03 --format html --out 2026-03.html`,
	}
	cmd.AddCommand(NewCmdReportDaily(app, nil), NewCmdReportWeekly(app, nil), NewCmdReportMonthly(app, nil))
	return cmd
}

// Helpers that print figures for people.

func pctStr(r report.Rate) string {
	if r.Value == nil {
		return i18n.T("no data")
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", *r.Value*100, r.N, r.D)
}

func optPct(p *float64) string {
	if p == nil {
		return i18n.T("no data")
	}
	return fmt.Sprintf("%.1f%%", *p)
}

func optNum(p *float64) string {
	if p == nil {
		return i18n.T("no data")
	}
	return strconv.FormatFloat(math.Round(*p*10)/10, 'f', -1, 64)
}

func optDelta(p *float64, unit string) string {
	if p == nil {
		return "-"
	}
	if *p == math.Trunc(*p) && unit == "" {
		return fmt.Sprintf("%+.0f", *p)
	}
	return fmt.Sprintf("%+.1f%s", *p, unit)
}

func optSecs(p *int64) string {
	if p == nil {
		return i18n.T("no data")
	}
	return spanSecs(*p)
}

func spanSecs(s int64) string {
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	default:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
}

// bars draws counts as horizontal bars of block characters, fitting 80 columns.
func bars(w io.Writer, title string, cs []report.Count, labelWidth int) {
	fmt.Fprintf(w, "%s\n", title)
	if len(cs) == 0 {
		fmt.Fprintln(w, i18n.T("  no data"))
		return
	}
	most := 0
	for _, c := range cs {
		most = max(most, c.N)
	}
	width := 50
	if fit := render.WidthOf(w); fit > 0 {
		// "  label bar count": the bar takes what the label and the count leave, at least 5.
		width = min(width, fit-labelWidth-4-len(strconv.Itoa(most)))
		width = max(width, 5)
	}
	for _, c := range cs {
		label := render.Escape(c.Key)
		pad := labelWidth - render.Width(label)
		if pad < 0 {
			label = render.Truncate(label, labelWidth)
			pad = labelWidth - render.Width(label)
		}
		fmt.Fprintf(w, "  %s%s %s %d\n", label, strings.Repeat(" ", pad), bar(c.N, most, width), c.N)
	}
}

var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

func bar(n, max, width int) string {
	if max == 0 || n == 0 {
		return ""
	}
	units := n * width * 8 / max
	if units == 0 {
		units = 1
	}
	return strings.Repeat("█", units/8) + eighths[units%8]
}

// suggestionCounts labels each category with how many were forwarded, for bars and lists.
func suggestionCounts(s report.Suggestions) []report.Count {
	out := make([]report.Count, len(s.ByCategory))
	for i, c := range s.ByCategory {
		out[i] = report.Count{Key: i18n.Sprintf("%s (%d forwarded)", c.Category, c.Forwarded), N: c.N}
	}
	return out
}

// tickets says "1 ticket" or "n tickets".
func tickets(n int) string {
	if n == 1 {
		return i18n.Sprintf("%d ticket", n)
	}
	return i18n.Sprintf("%d tickets", n)
}

// kpiLabel is a KPI's label in the chosen language (the catalog carries both).
func kpiLabel(kpi report.KPI) string {
	if i18n.Current().Chinese() && kpi.LabelZH != "" {
		return kpi.LabelZH
	}
	return kpi.Label
}

// kpiName names a KPI by its key in English output (as JSON does) and by its Chinese label in
// Chinese output.
func kpiName(key string) string {
	if kpi, ok := report.Lookup(key); ok && i18n.Current().Chinese() {
		return kpiLabel(kpi)
	}
	return key
}

// shortDays labels daily counts MM-DD.
func shortDays(cs []report.Count) []report.Count {
	out := make([]report.Count, len(cs))
	for i, c := range cs {
		out[i] = report.Count{Key: c.Key[min(5, len(c.Key)):], N: c.N}
	}
	return out
}

// missFigures prints a missed target's actual value and target in the KPI's unit: a
// percentage, a mean time as a duration, points or a count as a number.
func missFigures(t report.TargetMiss) (actual, target string) {
	kpi, _ := report.Lookup(t.KPI)
	switch kpi.Unit {
	case report.UnitPercent:
		return fmt.Sprintf("%.1f%%", t.Actual), fmt.Sprintf("%.4g%%", t.Target)
	case report.UnitSeconds:
		return spanSecs(int64(math.Round(t.Actual))), spanSecs(int64(math.Round(t.Target)))
	}
	return fmt.Sprintf("%.1f", t.Actual), fmt.Sprintf("%.4g", t.Target)
}

// kpiGrid is the monthly KPIs against the previous month and the targets.
func kpiGrid(r report.Monthly) render.Grid {
	g := render.Grid{Header: []string{"kpi", "value", "previous", "change", "target"}, Optional: []string{"previous", "change"}}
	targets := map[string]string{}
	for kpi, t := range r.Targets {
		targets[kpi] = fmt.Sprintf("%.4g%%", t)
	}
	for _, t := range r.TargetsMissed {
		targets[t.KPI] = i18n.Sprintf("%.4g%% MISSED", t.Target)
	}
	for _, kpi := range report.Catalog {
		if !kpi.Compared {
			continue
		}
		cur, prev := kpi.Value(r.KPIs), kpi.Value(r.Previous.KPIs)
		val, pv, dUnit := optNum(cur), optNum(prev), ""
		if kpi.Unit == report.UnitPercent {
			val, pv, dUnit = optPct(cur), optPct(prev), " pt"
		}
		g.Add(kpiLabel(kpi), val, pv, optDelta(r.Previous.Deltas[kpi.Key], dUnit), targets[kpi.Key])
	}
	return g
}

func agentGrid(r report.Monthly) render.Grid {
	g := render.Grid{Header: []string{"agent", "team", "tickets", "resolved", "replies", "1st resp", "CSAT", "accuracy", "score", "grade", "pay float"},
		Optional: []string{"team", "replies", "pay float", "resolved", "accuracy"}}
	for _, a := range r.Agents {
		g.Add(a.Name, a.Team, strconv.Itoa(a.Assigned), strconv.Itoa(a.Resolved), strconv.Itoa(a.Replies),
			optPct(a.FirstResponse.Pct()), optPct(a.CSAT.Pct()), optPct(a.Accuracy.Pct()), deref(a.ScoreTotal), deref(a.Grade), deref(a.PayFloat))
	}
	return g
}

func writeMonthlyTable(w io.Writer, r report.Monthly) error {
	team := ""
	if r.Period.Team != "" {
		team = i18n.Sprintf(", team %s", r.Period.Team)
	}
	fmt.Fprintf(w, i18n.T("Monthly report %s (%s, %s%s)\n\n"), r.Period.Label, r.Period.Dates, r.Period.Timezone, team)
	if err := render.WriteTable(w, kpiGrid(r)); err != nil {
		return err
	}
	fmt.Fprintf(w, i18n.T("\nVolume: %s"), tickets(r.Volume.Total))
	if r.Volume.Total == 0 {
		fmt.Fprint(w, i18n.T(" (no data)"))
	}
	fmt.Fprintln(w)
	bars(w, i18n.T("By kind"), r.Volume.ByKind, 12)
	bars(w, i18n.T("By channel"), r.Volume.ByChannel, 12)
	bars(w, i18n.T("Hot topics (top categories)"), r.HotTopics, 12)
	bars(w, i18n.T("Daily volume"), shortDays(r.Volume.Daily), 6)
	fmt.Fprintln(w, i18n.T("\nFirst response (mean / median / p90 per channel)"))
	g := render.Grid{Header: []string{"channel", "answered", "mean", "median", "p90", "time"}}
	for _, c := range r.FirstResponse.ByChannel {
		kind := i18n.T("calendar")
		if c.BusinessTime {
			kind = i18n.T("business")
		}
		g.Add(c.Channel, strconv.Itoa(c.Answered), optSecs(c.MeanSeconds), optSecs(c.MedianSeconds), optSecs(c.P90Seconds), kind)
	}
	if len(g.Rows) == 0 {
		fmt.Fprintln(w, i18n.T("  no data"))
	} else if err := render.WriteTable(w, g); err != nil {
		return err
	}
	c := r.Complaints
	fmt.Fprintf(w, i18n.T("\nComplaints: %d (simple %d, complex %d), escalated %d\n"), c.Opened, c.Simple, c.Complex, c.Escalated)
	fmt.Fprintf(w, i18n.T("  escalated in time %s · follow-up in time %s · satisfied %s · reopened %s\n"),
		pctStr(c.Escalation.Rate), pctStr(c.FollowUp.Rate), pctStr(c.Satisfied), pctStr(c.Reopened))
	s := r.Suggestions
	fmt.Fprintf(w, i18n.T("Suggestions: %d, forwarded %d (in time %s), adopted %d, declined %d\n"), s.Opened, s.Forwarded, pctStr(s.Forward.Rate), s.Adopted, s.Declined)
	fmt.Fprintf(w, i18n.T("NPS: %s (%d promoters, %d passives, %d detractors)\n"), optNum(r.NPS.Score), r.NPS.Promoters, r.NPS.Passives, r.NPS.Detractors)
	fmt.Fprintf(w, "%s\n%s\n", trainingLine(r.Training), templatesLine(r.TemplatesUsed)) // the knowledge section starts with a blank line
	if err := writeKnowledgeText(w, r.Knowledge); err != nil {
		return err
	}
	fmt.Fprintln(w, i18n.T("Agents"))
	if err := render.WriteTable(w, agentGrid(r)); err != nil {
		return err
	}
	if len(r.TargetsMissed) == 0 {
		fmt.Fprintln(w, i18n.T("\nTargets: all met (or no data)"))
		return nil
	}
	fmt.Fprintln(w, i18n.T("\nTargets missed:"))
	for _, t := range r.TargetsMissed {
		actual, target := missFigures(t)
		fmt.Fprintf(w, i18n.T("  %s: %s against a target of %s\n"), kpiName(t.KPI), actual, target)
	}
	return nil
}

// writeGridMD prints a grid as a Markdown table.
func writeGridMD(w io.Writer, g render.Grid) {
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(render.Labels(g.Header), " | "), strings.Repeat(" --- |", len(g.Header)))
	for _, row := range g.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = mdEscape(c)
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

func writeMonthlyMD(w io.Writer, r report.Monthly) error {
	fmt.Fprintf(w, i18n.T("## 月度报告 Monthly report %s (%s)\n\n"), r.Period.Label, r.Period.Dates)
	writeGridMD(w, kpiGrid(r))
	fmt.Fprintf(w, i18n.T("\n**Volume**: %d tickets. **Hot topics**: "), r.Volume.Total)
	var topics []string
	for _, t := range r.HotTopics {
		topics = append(topics, fmt.Sprintf("%s (%d)", mdEscape(t.Key), t.N))
	}
	if len(topics) == 0 {
		topics = []string{i18n.T("no data")}
	}
	fmt.Fprintf(w, "%s\n\n**%s**\n\n**%s**\n\n", strings.Join(topics, ", "), trainingLine(r.Training), templatesLine(r.TemplatesUsed))
	fmt.Fprint(w, i18n.T("### Agents\n\n"))
	writeGridMD(w, agentGrid(r))
	writeKnowledgeMD(w, r.Knowledge)
	if len(r.TargetsMissed) > 0 {
		fmt.Fprintln(w, i18n.T("\n### Targets missed"))
		for _, t := range r.TargetsMissed {
			actual, target := missFigures(t)
			fmt.Fprintf(w, i18n.T("- %s: %s (target %s)\n"), kpiName(t.KPI), actual, target)
		}
	}
	return nil
}

// writeMonthlyXLSX writes the workbook: the report's Summary and Agents, and the month's
// complaints and tickets (customers by name only; no contact details leave in a spreadsheet).
func writeMonthlyXLSX(ctx context.Context, streams IOStreams, svc *core.Service, r report.Monthly, path string) error {
	ts, err := svc.TicketList(ctx, core.TicketListOptions{Since: r.Period.Start, Until: r.Period.End, Sort: "opened"})
	if err != nil {
		return err
	}
	loc, err := svc.Location(ctx)
	if err != nil {
		return err
	}
	excelTime := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		// Excel has no zones: write the wall clock of the team's zone.
		l := t.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	}
	days := func(from, to time.Time) any {
		if from.IsZero() || to.IsZero() {
			return nil
		}
		return to.Sub(from).Hours() / 24
	}
	agents := render.Sheet{Name: "Agents",
		Header:  []string{"Agent", "Team", "Role", "Opened", "Assigned", "Resolved", "Replies", "First response in time", "CSAT", "Accuracy", "Conversion", "Sales (yuan)", "Score", "Grade", "Pay float (yuan)", "Flags"},
		Formats: []string{"", "", "", "", "", "", "", "pct", "pct", "pct", "pct"}}
	for _, ag := range r.Agents {
		agents.Rows = append(agents.Rows, []any{ag.Name, ag.Team, ag.Role, ag.Opened, ag.Assigned, ag.Resolved, ag.Replies,
			rateCell(ag.FirstResponse), rateCell(ag.CSAT), rateCell(ag.Accuracy), rateCell(ag.Conversion), numCell(ag.Sales),
			numCell(deref(ag.ScoreTotal)), deref(ag.Grade), numCell(deref(ag.PayFloat)), strings.Join(ag.Flags, ", ")})
	}
	complaints := render.Sheet{Name: "Complaints",
		Header:  []string{"ID", "Opened", "Severity", "Stage", "Status", "Category", "Subject", "Customer", "Assignee", "Escalated", "Escalated to", "Follow-up", "Time to resolve"},
		Formats: []string{"", "time", "", "", "", "", "", "", "", "time", "", "", "dur"}}
	tickets := render.Sheet{Name: "Tickets",
		Header:  []string{"ID", "Opened", "Kind", "Channel", "Priority", "Status", "Category", "Subject", "Customer", "Assignee", "First response due", "First response", "Time to first response", "Resolution due", "Resolved", "Time to resolve", "CSAT", "NPS"},
		Formats: []string{"", "time", "", "", "", "", "", "", "", "", "time", "time", "dur", "time", "time", "dur"}}
	for _, t := range ts {
		if t.Kind == "complaint" {
			complaints.Rows = append(complaints.Rows, []any{t.ID, excelTime(t.OpenedAt), t.Severity, t.Stage(), string(t.Status), t.Category, t.Subject,
				t.Customer, t.Assignee, excelTime(t.EscalatedAt), t.EscalatedTo, t.FollowupResult, days(t.OpenedAt, t.ResolvedAt)})
		}
		tickets.Rows = append(tickets.Rows, []any{t.ID, excelTime(t.OpenedAt), t.Kind, t.Channel, t.Priority, string(t.Status), t.Category, t.Subject,
			t.Customer, t.Assignee, excelTime(t.FirstResponseDue), excelTime(t.FirstResponseAt), days(t.OpenedAt, t.FirstResponseAt),
			excelTime(t.ResolutionDue), excelTime(t.ResolvedAt), days(t.OpenedAt, t.ResolvedAt), optInt(t.CSAT), optInt(t.NPS)})
	}
	if err := render.Workbook(path, r, agents, complaints, tickets); err != nil {
		return err
	}
	streams.Info("wrote %s: Summary, Agents, Complaints (%d), Tickets (%d)", path, len(complaints.Rows), len(tickets.Rows))
	return nil
}

func rateCell(r report.Rate) any {
	if r.Value == nil {
		return nil
	}
	return *r.Value
}

// numCell stores a decimal text (yuan, points) as a number.
func numCell(s string) any {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return s
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
