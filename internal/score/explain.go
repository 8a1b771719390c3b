package score

import (
	"strings"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/when"
)

// FlagReason is a flag of a sheet row with the reason it is raised.
type FlagReason struct {
	Flag string `json:"flag"`
	Why  string `json:"why"`
}

// FlagReasons says why each flag of a staff member's row of month m is raised, from the
// entries that counted (tally), the settings of the month and the hire date.
func FlagReasons(row Row, tally Tally, s Settings, hired string, m when.Month) []FlagReason {
	var out []FlagReason
	t := row.Total
	for _, f := range row.Flags {
		var why []string
		switch f {
		case FlagBelow60:
			why = append(why, i18n.Sprintf("total %s is below 60", t))
		case FlagDismissalReview:
			if t < Pts(60) {
				why = append(why, i18n.Sprintf("total %s is below 60", t))
			}
			for _, ln := range tally.Lines {
				if ln.Counts && ln.Class == Dismissal {
					why = append(why, i18n.Sprintf("dismissal-class rule %s (entry %d)", ln.Rule, ln.ID))
				}
			}
		case FlagLastTwice:
			team := row.Team
			if team == "" {
				team = "(no team)"
			}
			why = append(why, i18n.Sprintf("last among the agents of team %s in %s and %s, below 70 both months", team, m.Prev(), m))
		case FlagProbation:
			why = append(why, i18n.Sprintf("hired %s: no pay float in the month of hire and the %d month(s) in all that start there", hired, s.ProbationMonths))
		}
		for _, ln := range tally.Lines {
			if ln.Counts && string(ln.Sanction) == f {
				why = append(why, i18n.Sprintf("%s %s this month (entry %d)", Ordinal(ln.Occurrence), ln.Rule, ln.ID))
			}
		}
		out = append(out, FlagReason{Flag: f, Why: strings.Join(why, "; ")})
	}
	return out
}

// YearAverage is the average of the months a staff member was on the sheet (nil months are
// left out), rounded half away from zero; false when there is none.
func YearAverage(totals []*Points) (Points, bool) {
	var sum Points
	n := int64(0)
	for _, t := range totals {
		if t != nil {
			sum += *t
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum.DivRound(n), true
}
