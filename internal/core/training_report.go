package core

import (
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/training"
	"github.com/kefu/kefu/internal/when"
)

// monthlyTraining is the monthly report's training attendance and average score, and the
// month's template uses (of the report's team, when it has one: its staff's uses).
func (e *env) monthlyTraining(m when.Month) (report.Training, []report.TemplateUse, error) {
	out := report.Training{Definition: report.TrainingDefinition}
	start, end := m.Start(e.loc), m.End(e.loc)
	ss, err := e.tx.Trainings(start.Format("2006-01-02"), end.AddDate(0, 0, -1).Format("2006-01-02"))
	if err != nil {
		return out, nil, err
	}
	people, err := e.trainingPeople()
	if err != nil {
		return out, nil, err
	}
	if e.team != "" {
		var mine []training.Person
		for _, p := range people {
			if p.Team == e.team {
				mine = append(mine, p)
			}
		}
		people = mine
	}
	var attended, required int
	var results []training.Result
	for _, s := range ss {
		if e.team != "" && s.RequiredFor != training.All && s.RequiredFor != e.team {
			continue
		}
		out.Sessions++
		came := map[string]bool{}
		for _, n := range s.Attended {
			came[n] = true
		}
		inTeam := map[string]bool{}
		for _, p := range people {
			inTeam[p.Name] = true
			if s.Requires(p) {
				required++
				if came[p.Name] {
					attended++
				}
			}
		}
		for _, r := range s.Results {
			if e.team == "" || inTeam[r.Staff] {
				results = append(results, r)
			}
		}
	}
	out.Attendance = report.NewRate(attended, required)
	out.Results = len(results)
	if avg, ok := training.Average(results); ok {
		v := float64(avg) / 10
		out.AverageScore = &v
	}
	uses, err := e.tx.TemplateUses(start, end, e.team)
	if err != nil {
		return out, nil, err
	}
	used := []report.TemplateUse{}
	for _, u := range uses {
		used = append(used, report.TemplateUse{Name: u.Name, Kind: u.Kind, Uses: u.Uses})
	}
	return out, used, nil
}
