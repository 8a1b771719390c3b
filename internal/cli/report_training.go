package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

// The monthly report's training and template lines (issue 17).

// trainingLine is the training figures in one line.
func trainingLine(t report.Training) string {
	if t.Sessions == 0 {
		return i18n.T("Training: no sessions")
	}
	return i18n.Sprintf("Training: %d session%s, attendance %s, average score %s (%d result%s)",
		t.Sessions, plural(t.Sessions), pctStr(t.Attendance), optNum(t.AverageScore), t.Results, plural(t.Results))
}

// templatesLine is the month's template uses in one line, most used first.
func templatesLine(us []report.TemplateUse) string {
	if len(us) == 0 {
		return i18n.T("Templates used: none")
	}
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = fmt.Sprintf("%s %d", u.Name, u.Uses)
	}
	return i18n.Sprintf("Templates used: %s", strings.Join(parts, ", "))
}

// trainingCSV is the training and template sections of the monthly CSV.
func trainingCSV(r report.Monthly) []render.Section {
	t := r.Training
	tg := render.Grid{Header: []string{"sessions", "required", "attended", "attendance", "results", "average_score"}}
	att := ""
	if p := t.Attendance.Pct(); p != nil {
		att = strconv.FormatFloat(*p, 'f', 1, 64)
	}
	avg := ""
	if t.AverageScore != nil {
		avg = strconv.FormatFloat(*t.AverageScore, 'f', 1, 64)
	}
	tg.Add(strconv.Itoa(t.Sessions), strconv.Itoa(t.Attendance.D), strconv.Itoa(t.Attendance.N), att, strconv.Itoa(t.Results), avg)
	ug := render.Grid{Header: []string{"template", "kind", "uses"}}
	for _, u := range r.TemplatesUsed {
		ug.Add(u.Name, u.Kind, strconv.Itoa(u.Uses))
	}
	return []render.Section{{Name: "training", Grid: tg}, {Name: "templates_used", Grid: ug}}
}
