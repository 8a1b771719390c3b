package core

import (
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/report"
)

// dueCounts are a period's tickets due for one target, met and missed, the complaints by
// severity too, and for the targets credited to people by who met or missed each: every
// compliance figure of a monthly report is a sum over them, so the tickets due are read once
// per target.
type dueCounts []persist.CreditCount

// creditTargets are the targets credited to people (a monthly report's agents).
var creditTargets = []string{policy.FirstResponse, policy.Resolution, policy.Escalation}

// dueCounts reads the period's counts of the credited targets: with full, by person too (the
// agents' figures need them; one statement per target serves both), else in all.
func (e *env) dueCounts(sp calendar.DaySpan, full bool) (map[string]dueCounts, error) {
	out := map[string]dueCounts{}
	for _, target := range creditTargets {
		var cs []persist.CreditCount
		var err error
		if full {
			cs, err = e.tx.Credits(e.team, target, sp.DueStart, sp.DueEnd, e.tx.Time())
		} else {
			cs, err = e.tx.SLACounts(e.team, target, sp.DueStart, sp.DueEnd, e.tx.Time())
		}
		if err != nil {
			return nil, err
		}
		out[target] = cs
	}
	return out, nil
}

// sla is the compliance with target of all the tickets counted.
func (d dueCounts) sla(target, definition string) report.SLA {
	met, due := 0, 0
	for _, c := range d {
		met += c.Met
		due += c.Met + c.Missed
	}
	return report.SLA{Target: target, Definition: definition, Rate: report.NewRate(met, due)}
}

// complaints is the compliance with target of the complaints of a severity.
func (d dueCounts) complaints(target, severity string) report.SLA {
	met, due := 0, 0
	for _, c := range d {
		if severity == "simple" {
			met, due = met+c.SimpleMet, due+c.SimpleDue
		} else {
			met, due = met+c.ComplexMet, due+c.ComplexDue
		}
	}
	return report.SLA{Target: target, Definition: report.DefComplaintResolved, Rate: report.NewRate(met, due)}
}
