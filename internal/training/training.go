// Package training holds training sessions (培训): who must attend, who did, the assessment
// results, and who is still missing a required session.
package training

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
)

// All is the required-for value of a session every active staff member must attend.
const All = "all"

// Session is one training session and what was recorded about it.
type Session struct {
	ID          int64
	Topic       string
	Day         string // YYYY-MM-DD in the team's zone
	Trainer     string
	RequiredFor string // a team name, or All
	Attended    []string
	Results     []Result
}

// Result is one person's assessment after a session.
type Result struct {
	StaffID int64
	Staff   string
	Score   score.Points
}

// Person is a staff member as the missing list needs them.
type Person struct {
	ID    int64
	Name  string
	Team  string
	Hired string // YYYY-MM-DD or ""
}

// Missing is a required session a person has not attended.
type Missing struct {
	Session Session
	Person  Person
}

// CheckText accepts a session's topic or trainer: one line of at most max characters.
func CheckText(what, s string, max int) error {
	if strings.TrimSpace(s) == "" {
		return errs.Invalidf("training %s is empty", what)
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n\x00") || utf8.RuneCountInString(s) > max {
		return errs.Invalidf("training %s: use one line of at most %d characters", what, max)
	}
	return nil
}

// Requires says whether a session requires a person's attendance: everyone for All, else
// the members of its team, and nobody hired after the session's day.
func (s Session) Requires(p Person) bool {
	if s.RequiredFor != All && s.RequiredFor != p.Team {
		return false
	}
	return p.Hired == "" || p.Hired <= s.Day
}

// MissingFrom lists, per session held by today (YYYY-MM-DD), the required people who did not
// attend it, by session day and id, then name.
func MissingFrom(sessions []Session, people []Person, today string) []Missing {
	var out []Missing
	ss := append([]Session(nil), sessions...)
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].Day != ss[j].Day {
			return ss[i].Day < ss[j].Day
		}
		return ss[i].ID < ss[j].ID
	})
	for _, s := range ss {
		if s.Day > today {
			continue
		}
		came := map[string]bool{}
		for _, n := range s.Attended {
			came[n] = true
		}
		var miss []Missing
		for _, p := range people {
			if s.Requires(p) && !came[p.Name] {
				miss = append(miss, Missing{Session: s, Person: p})
			}
		}
		sort.SliceStable(miss, func(i, j int) bool { return miss[i].Person.Name < miss[j].Person.Name })
		out = append(out, miss...)
	}
	return out
}

// Required counts the people a session requires.
func (s Session) Required(people []Person) int {
	n := 0
	for _, p := range people {
		if s.Requires(p) {
			n++
		}
	}
	return n
}

// Average is the mean of a set of results (0 when there are none), to one decimal.
func Average(rs []Result) (score.Points, bool) {
	if len(rs) == 0 {
		return 0, false
	}
	var sum int64
	for _, r := range rs {
		sum += int64(r.Score)
	}
	n := int64(len(rs))
	return score.Points((sum + n/2) / n), true
}

// ExamRule is the exam rule a score applies: full marks earn exam-full, a score below pass
// exam-below-60, anything else none.
func ExamRule(v, pass score.Points) string {
	switch {
	case v == score.Pts(100):
		return score.ExamFullCode
	case v < pass:
		return score.ExamBelowPassCode
	}
	return ""
}
