package core

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/when"
)

// Candidates for the month's bonuses and awards.

// Candidate is a staff member who qualifies for a bonus or award, with the figures that do.
type Candidate struct {
	Award   string // a bonus rule code, or an award name
	Staff   string
	Team    string
	Figures string
	Has     bool // the bonus is already recorded this month
}

// ScoreCandidates lists who qualifies for each monthly bonus (rules with a condition) and the
// regulations' awards (服务明星, 优秀团队, 业绩奖, 特别奖), for a supervisor to confirm.
func (s *Service) ScoreCandidates(ctx context.Context, month string) (when.Month, []Candidate, error) {
	var out []Candidate
	var m when.Month
	err := s.read(ctx, func(e *env) error {
		var err error
		if m, err = e.scoreMonth(month); err != nil {
			return err
		}
		sh, err := e.monthSheet(m)
		if err != nil {
			return err
		}
		rs, err := e.tx.ScoreRules()
		if err != nil {
			return err
		}
		top, perf, err := e.topOfMonth(m)
		if err != nil {
			return err
		}
		es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
		if err != nil {
			return err
		}
		has := map[string]bool{}
		for _, x := range es {
			if x.Reverts == 0 && x.RevertedBy == 0 {
				has[fmt.Sprintf("%s/%d", x.Rule, x.StaffID)] = true
			}
		}
		agents := slices.DeleteFunc(slices.Clone(sh.Rows), func(r score.Row) bool { return r.Role != string(access.Agent) })
		for _, r := range rs {
			if r.Retired || r.Class != score.Bonus || r.Eligibility == "" {
				continue
			}
			for _, row := range agents {
				st, err := e.tx.StaffByID(row.StaffID)
				if err != nil {
					return err
				}
				sd, err := e.standing(st, m, top)
				if err != nil {
					return err
				}
				if r.Eligibility.Check(st.Name, m.String(), sd) != nil {
					continue
				}
				out = append(out, Candidate{Award: r.Code, Staff: st.Name, Team: st.Team, Figures: conditionFigures(r.Eligibility, sd, perf[st.ID]),
					Has: has[fmt.Sprintf("%s/%d", r.Code, st.ID)]})
			}
		}
		// 服务明星: the best total of the month among agents with no violation.
		var best *score.Row
		for i, row := range agents {
			if row.Deductions == 0 && row.Fines == 0 && (best == nil || row.Total > best.Total) {
				best = &agents[i]
			}
		}
		for _, row := range agents {
			if best != nil && row.Total == best.Total && row.Deductions == 0 && row.Fines == 0 {
				out = append(out, Candidate{Award: "service-star 服务明星", Staff: row.Staff, Team: row.Team,
					Figures: i18n.Sprintf("total %s, no deductions or fines", row.Total)})
			}
		}
		// 优秀团队: the team with the best average total.
		sums, counts := map[string]score.Points{}, map[string]int64{}
		for _, row := range agents {
			if row.Team != "" {
				sums[row.Team] += row.Total
				counts[row.Team]++
			}
		}
		var bestAvg score.Points
		var teams []string
		for t := range sums {
			avg := sums[t].DivRound(counts[t])
			switch {
			case len(teams) == 0 || avg > bestAvg:
				bestAvg, teams = avg, []string{t}
			case avg == bestAvg:
				teams = append(teams, t)
			}
		}
		slices.Sort(teams)
		if len(sums) > 1 {
			for _, t := range teams {
				out = append(out, Candidate{Award: "best-team 优秀团队", Team: t, Figures: i18n.Sprintf("average total %s over %d agents", bestAvg, counts[t])})
			}
		}
		// 业绩奖 and 特别奖: pre-sale commission and the top seller, from the sheet.
		for _, row := range agents {
			if row.Commission > 0 {
				out = append(out, Candidate{Award: "commission 业绩奖", Staff: row.Staff, Team: row.Team,
					Figures: i18n.Sprintf("sales %s, conversion %d/%d, rate %s, commission %s", row.Sales, row.PresaleConverted, row.PresaleResolved, row.CommissionRate, row.Commission)})
			}
			if row.TopSeller {
				out = append(out, Candidate{Award: "top-seller 特别奖", Staff: row.Staff, Team: row.Team,
					Figures: i18n.Sprintf("top seller %s month running, bonus %s", score.Ordinal(row.TopStreak), row.TopBonus)})
			}
		}
		return nil
	})
	return m, out, err
}

func conditionFigures(c score.Condition, sd score.Standing, p score.Performance) string {
	switch c {
	case score.NoViolation:
		return "no violation"
	case score.NoValidComplaint:
		return "no valid complaint"
	case score.TopOfMonth:
		return "top: " + p.Describe() + "; no violation"
	case score.Exam100:
		return "exam 100"
	}
	return strings.TrimSpace(string(c))
}

// monthBefore reports whether a is earlier than b.
func monthBefore(a, b when.Month) bool {
	return a.Year < b.Year || a.Year == b.Year && a.Month < b.Month
}

func nextMonth(m when.Month) when.Month {
	if m.Month == time.December {
		return when.Month{Year: m.Year + 1, Month: time.January}
	}
	return when.Month{Year: m.Year, Month: m.Month + 1}
}
