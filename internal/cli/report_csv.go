package cli

import (
	"io"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

// The reports' CSV: every section of a report in one file, told apart by its first column
// (render.WriteCSVSections), with plain numbers a spreadsheet can sum: counts as integers,
// rates as percentages with one decimal in columns whose header ends in _pct, times in
// seconds, an unknown figure as an empty cell. Words stay out of number cells: a missed
// target is its own column.

// csvBOM says whether a CSV starts with a UTF-8 BOM. The config key csv.bom (or KEFU_CSV_BOM)
// is auto (the default: files written with --out have it, stdout has not), always or never.
func (a *App) csvBOM(toFile bool) (bool, error) {
	v := ""
	if a.Getenv != nil {
		v = a.Getenv("KEFU_CSV_BOM")
	}
	if v == "" && a.config != nil {
		v = a.config.GetString("csv.bom")
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "auto", "true", "on", "yes":
		return toFile, nil
	case "always":
		return true, nil
	case "never", "false", "off", "no":
		return false, nil
	}
	return false, errs.Invalidf("config csv.bom: %q is not auto, always or never", v)
}

// writeOut writes a report to path (whole or not at all, render.WriteFileAtomic) and says so on
// stderr, or to stdout when path is empty.
func writeOut(env CmdEnv, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(env.IO.Out)
	}
	if err := render.WriteFileAtomic(path, 0o644, write); err != nil {
		return err
	}
	env.IO.Info("wrote %s", path)
	return nil
}

func csvInt(n int) string { return strconv.Itoa(n) }

func countsSection(name, keyHeader string, cs []report.Count) render.Section {
	g := render.Grid{Header: []string{keyHeader, "count"}}
	for _, c := range cs {
		g.Add(c.Key, csvInt(c.N))
	}
	return render.Section{Name: name, Grid: g}
}

func slaRow(g *render.Grid, s report.SLA) {
	g.Add(s.Target, csvInt(s.D), csvInt(s.N), render.CSVPct(s.Pct()))
}

// kpiCSV is a KPI's figure in its unit: percent with one decimal, seconds and counts whole.
func kpiCSV(kpi report.KPI, v *float64) string {
	if v == nil {
		return ""
	}
	switch kpi.Unit {
	case report.UnitPercent:
		return render.CSVPct(v)
	case report.UnitSeconds, report.UnitCount:
		return strconv.FormatFloat(*v, 'f', 0, 64)
	}
	return render.CSVNum(*v)
}

// monthlyCSV is every section of the monthly report.
func monthlyCSV(r report.Monthly) []render.Section {
	month := render.Grid{Header: []string{"month", "dates", "timezone", "team"}}
	month.Add(r.Period.Label, r.Period.Dates, r.Period.Timezone, r.Period.Team)

	kpis := render.Grid{Header: []string{"kpi", "label", "unit", "value", "previous", "change", "target", "target_missed"}}
	missed := map[string]bool{}
	targets := map[string]float64{}
	for k, v := range r.Targets {
		targets[k] = v
	}
	for _, t := range r.TargetsMissed {
		missed[t.KPI], targets[t.KPI] = true, t.Target
	}
	for _, kpi := range report.Catalog {
		target, isMissed := "", ""
		if t, ok := targets[kpi.Key]; ok {
			target, isMissed = kpiCSV(kpi, &t), strconv.FormatBool(missed[kpi.Key])
		}
		// The change is in the KPI's unit: percentage points for a percentage.
		change := kpiCSV(kpi, r.Previous.Deltas[kpi.Key])
		kpis.Add(kpi.Key, kpi.Label, string(kpi.Unit), kpiCSV(kpi, kpi.Value(r.KPIs)), kpiCSV(kpi, kpi.Value(r.Previous.KPIs)), change, target, isMissed)
	}

	fr := render.Grid{Header: []string{"channel", "time", "answered", "mean_seconds", "median_seconds", "p90_seconds"}}
	for _, c := range r.FirstResponse.ByChannel {
		kind := "calendar"
		if c.BusinessTime {
			kind = "business"
		}
		fr.Add(c.Channel, kind, csvInt(c.Answered), render.CSVInt(c.MeanSeconds), render.CSVInt(c.MedianSeconds), render.CSVInt(c.P90Seconds))
	}

	sla := render.Grid{Header: []string{"target", "due", "met", "compliance_pct"}}
	c := r.Complaints
	for _, s := range []report.SLA{r.FirstResponse.Compliance, r.Resolution.Compliance, c.Escalation, c.FollowUp, r.Suggestions.Forward} {
		slaRow(&sla, s)
	}
	for _, s := range []struct {
		name string
		sla  report.SLA
	}{{"resolution_simple_complaints", c.ResolvedSimple}, {"resolution_complex_complaints", c.ResolvedComplex}} {
		s.sla.Target = s.name
		slaRow(&sla, s.sla)
	}

	complaints := render.Grid{Header: []string{"opened", "simple", "complex", "escalated", "satisfied_pct", "reopened_pct"}}
	complaints.Add(csvInt(c.Opened), csvInt(c.Simple), csvInt(c.Complex), csvInt(c.Escalated), render.CSVPct(c.Satisfied.Pct()), render.CSVPct(c.Reopened.Pct()))

	s := r.Suggestions
	suggestions := render.Grid{Header: []string{"opened", "forwarded", "adopted", "declined", "in_progress"}}
	suggestions.Add(csvInt(s.Opened), csvInt(s.Forwarded), csvInt(s.Adopted), csvInt(s.Declined), csvInt(s.InProgress))
	categories := render.Grid{Header: []string{"category", "count", "forwarded"}}
	for _, sc := range s.ByCategory {
		categories.Add(sc.Category, csvInt(sc.N), csvInt(sc.Forwarded))
	}

	ratings := render.Grid{Header: []string{"csat_pct", "csat_ratings", "nps", "promoters", "passives", "detractors", "accuracy_pct", "qa_checks", "reply_pct", "replied", "written_tickets"}}
	ratings.Add(render.CSVPct(r.CSAT.Pct()), csvInt(r.CSAT.D), render.CSVOptNum(r.NPS.Score), csvInt(r.NPS.Promoters), csvInt(r.NPS.Passives), csvInt(r.NPS.Detractors),
		render.CSVPct(r.Accuracy.Pct()), csvInt(r.Accuracy.D), render.CSVPct(r.ReplyRate.Pct()), csvInt(r.ReplyRate.N), csvInt(r.ReplyRate.D))

	agents := render.Grid{Header: []string{"agent", "team", "role", "opened", "assigned", "resolved", "replies",
		"first_response_pct", "resolution_pct", "escalation_pct", "csat_pct", "accuracy_pct", "conversion_pct", "sales",
		"suggestions_collected", "score", "grade", "pay_float", "flags"}}
	for _, a := range r.Agents {
		agents.Add(a.Name, a.Team, a.Role, csvInt(a.Opened), csvInt(a.Assigned), csvInt(a.Resolved), csvInt(a.Replies),
			render.CSVPct(a.FirstResponse.Pct()), render.CSVPct(a.Resolution.Pct()), render.CSVPct(a.Escalation.Pct()),
			render.CSVPct(a.CSAT.Pct()), render.CSVPct(a.Accuracy.Pct()), render.CSVPct(a.Conversion.Pct()), a.Sales,
			csvInt(a.SuggestionsCollected), deref(a.ScoreTotal), deref(a.Grade), deref(a.PayFloat), strings.Join(a.Flags, " "))
	}

	missedGrid := render.Grid{Header: []string{"kpi", "unit", "target", "actual"}}
	for _, t := range r.TargetsMissed {
		kpi, _ := report.Lookup(t.KPI)
		target, actual := t.Target, t.Actual
		missedGrid.Add(t.KPI, string(kpi.Unit), kpiCSV(kpi, &target), kpiCSV(kpi, &actual))
	}

	return append([]render.Section{
		{Name: "month", Grid: month},
		{Name: "kpis", Grid: kpis},
		countsSection("by_kind", "kind", r.Volume.ByKind),
		countsSection("by_channel", "channel", r.Volume.ByChannel),
		countsSection("by_category", "category", r.Volume.ByCategory),
		countsSection("hot_topics", "category", r.HotTopics),
		countsSection("daily_volume", "day", r.Volume.Daily),
		{Name: "first_response", Grid: fr},
		{Name: "sla", Grid: sla},
		{Name: "complaints", Grid: complaints},
		countsSection("complaint_types", "type", c.Types),
		{Name: "suggestions", Grid: suggestions},
		{Name: "suggestion_categories", Grid: categories},
		{Name: "ratings", Grid: ratings},
		{Name: "agents", Grid: agents},
		{Name: "targets_missed", Grid: missedGrid},
	}, append(knowledgeCSV(r.Knowledge), trainingCSV(r)...)...)
}

// weeklyCSV is every section of the weekly report.
func weeklyCSV(r report.Weekly) []render.Section {
	week := render.Grid{Header: []string{"week", "dates", "timezone", "team", "tickets"}}
	week.Add(r.Period.Label, r.Period.Dates, r.Period.Timezone, r.Period.Team, csvInt(r.Volume.Total))
	sla := render.Grid{Header: []string{"target", "due", "met", "compliance_pct"}}
	for _, s := range r.SLA {
		slaRow(&sla, s)
	}
	s := r.Suggestions
	categories := render.Grid{Header: []string{"category", "count", "forwarded"}}
	for _, sc := range s.ByCategory {
		categories.Add(sc.Category, csvInt(sc.N), csvInt(sc.Forwarded))
	}
	return append([]render.Section{
		{Name: "week", Grid: week},
		countsSection("daily_volume", "day", r.Volume.Daily),
		countsSection("hot_topics", "category", r.HotTopics),
		countsSection("complaint_types", "type", r.ComplaintTypes),
		{Name: "suggestion_categories", Grid: categories},
		{Name: "sla", Grid: sla},
	}, knowledgeCSV(r.Knowledge)...)
}

// dailyCSV is the day and its agents; agents is the table's grid (its cells are counts), with
// headers written as column names (open at end → open_at_end).
func dailyCSV(r report.Daily, agents render.Grid) []render.Section {
	day := render.Grid{Header: []string{"day", "timezone", "team", "opened"}}
	day.Add(r.Period.Label, r.Period.Timezone, r.Period.Team, csvInt(r.Opened))
	g := render.Grid{Rows: agents.Rows}
	for _, h := range agents.Header {
		g.Header = append(g.Header, strings.ReplaceAll(h, " ", "_"))
	}
	return []render.Section{{Name: "day", Grid: day}, {Name: "agents", Grid: g}}
}
