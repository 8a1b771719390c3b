package core

import (
	"context"
	"time"
	"unicode"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// SummaryChars counts a summary's characters, not counting spaces and line breaks: a Chinese
// summary of 200 characters is 200 汉字 and punctuation.
func SummaryChars(text string) int {
	n := 0
	for _, r := range text {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// summaryRules are the policy's weekly-summary settings.
type summaryRules struct {
	due      policy.WeeklyTime
	minChars int
	loc      *time.Location
}

func (e *env) summaryRules() (summaryRules, error) {
	vals, err := e.values()
	if err != nil {
		return summaryRules{}, err
	}
	return summaryRules{due: vals.SummaryDue, minChars: vals.SummaryMinChars, loc: e.loc}, nil
}

// dueOf is when a week's summary is due.
func (r summaryRules) dueOf(w when.Week) time.Time {
	return r.due.In(calendar.DateOf(w.Start(r.loc), r.loc), r.loc)
}

// SummarySaved is what summary add did.
type SummarySaved struct {
	Summary  persist.Summary
	Amended  bool
	Due      time.Time
	MinChars int
}

// Short reports whether the summary is below policy summary.min_chars (it still counts as missing).
func (s SummarySaved) Short() bool { return s.Summary.Chars < s.MinChars }

// Late reports whether the summary's current text was written after its due time.
func (s SummarySaved) Late() bool { return s.Summary.Late(s.Due) }

// SummaryAddOptions are summary add's arguments.
type SummaryAddOptions struct {
	Week string // YYYY-Www; default: this week
	Text string
}

// SummaryAdd stores the acting user's weekly summary; writing again for the same week replaces
// the text (the history keeps the old one).
func (s *Service) SummaryAdd(ctx context.Context, as string, o SummaryAddOptions) (SummarySaved, error) {
	var out SummarySaved
	if err := ticket.CheckText("summary", o.Text, ticket.MaxBody, true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Work, "summary add", func(e *env) error {
		rules, err := e.summaryRules()
		if err != nil {
			return err
		}
		week := when.WeekOf(e.tx.Time(), e.loc)
		if o.Week != "" {
			if week, err = e.parseWeek(o.Week); err != nil {
				return err
			}
		}
		if week.Start(e.loc).After(e.tx.Time()) {
			return errs.Invalidf("week %s has not started yet; write its summary during or after it", week)
		}
		out.Due, out.MinChars = rules.dueOf(week), rules.minChars
		old, found, err := e.tx.SummaryOf(e.actor.ID, week.String())
		if err != nil {
			return err
		}
		m := persist.Summary{StaffID: e.actor.ID, Staff: e.actor.Name, Week: week.String(), Text: o.Text, Chars: SummaryChars(o.Text)}
		if found {
			m.ID, m.WrittenAt = old.ID, old.WrittenAt
			if err := e.tx.SaveSummary(&m, true); err != nil {
				return err
			}
			out.Summary, out.Amended = m, true
			return e.event("summary", m.ID, "amended", audit.SummaryAmended{Week: m.Week, Chars: m.Chars,
				Changes: map[string]audit.SortedChange{"text": {Old: old.Text, New: m.Text}}})
		}
		if err := e.tx.SaveSummary(&m, false); err != nil {
			return err
		}
		out.Summary = m
		return e.event("summary", m.ID, "written", audit.SummaryWritten{Week: m.Week, Chars: m.Chars})
	})
	return out, err
}

// SummaryListOptions filter summary list.
type SummaryListOptions struct {
	Week    string // default: this week
	Missing bool
	Team    string
}

// SummaryMissing is an agent who owes a week's summary: none written, or too short.
type SummaryMissing struct {
	StaffID int64
	Staff   string
	Team    string
	Week    string
	Due     time.Time
	// Chars is the length of a summary too short; Written says whether there is one at all.
	Chars   int
	Written bool
}

// SummaryList is a week's summaries, or the agents still owing one.
type SummaryList struct {
	Week      string
	Due       time.Time
	MinChars  int
	Summaries []persist.Summary
	Missing   []SummaryMissing
}

// SummaryListWeek lists a week's summaries, or with Missing the agents who owe one.
func (s *Service) SummaryListWeek(ctx context.Context, o SummaryListOptions) (SummaryList, error) {
	var out SummaryList
	err := s.read(ctx, func(e *env) error {
		rules, err := e.summaryRules()
		if err != nil {
			return err
		}
		week := when.WeekOf(e.tx.Time(), e.loc)
		if o.Week != "" {
			if week, err = e.parseWeek(o.Week); err != nil {
				return err
			}
		}
		out.Week, out.Due, out.MinChars = week.String(), rules.dueOf(week), rules.minChars
		all, err := e.tx.Summaries(week.String())
		if err != nil {
			return err
		}
		for _, m := range all {
			if o.Team == "" || m.Team == o.Team {
				out.Summaries = append(out.Summaries, m)
			}
		}
		if !o.Missing {
			return nil
		}
		missing, err := e.summariesMissing(rules, week, all)
		if err != nil {
			return err
		}
		for _, m := range missing {
			if o.Team == "" || m.Team == o.Team {
				out.Missing = append(out.Missing, m)
			}
		}
		return nil
	})
	return out, err
}

// summariesMissing lists the active agents, on staff by the week's due time, with no summary of
// the week or one shorter than summary.min_chars.
func (e *env) summariesMissing(rules summaryRules, week when.Week, written []persist.Summary) ([]SummaryMissing, error) {
	agents, err := e.listStaff(persist.StaffFilter{Role: string(access.Agent)})
	if err != nil {
		return nil, err
	}
	due := rules.dueOf(week)
	// Only staff on duty some day of the week owe its summary (a week of leave owes none).
	monday := calendar.DateOf(week.Start(e.loc), e.loc)
	r, err := e.roster("", monday, monday.AddDays(6))
	if err != nil {
		return nil, err
	}
	onDuty := func(id int64) bool {
		for d := monday; !d.After(monday.AddDays(6)); d = d.AddDays(1) {
			if r.DutyOf(id, d).On {
				return true
			}
		}
		return false
	}
	have := map[int64]persist.Summary{}
	for _, m := range written {
		have[m.StaffID] = m
	}
	var out []SummaryMissing
	for _, a := range agents {
		if a.CreatedAt.After(due) || !onDuty(a.ID) {
			continue
		}
		m, ok := have[a.ID]
		if ok && m.Chars >= rules.minChars {
			continue
		}
		out = append(out, SummaryMissing{StaffID: a.ID, Staff: a.Name, Team: a.Team, Week: week.String(), Due: due, Chars: m.Chars, Written: ok})
	}
	return out, nil
}
