package core

import (
	"context"
	"fmt"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/i18n"
	"strconv"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// RemindOptions are kefu remind's flags that shape the report.
type RemindOptions struct {
	Within string // the warning window; default policy remind.warn_before
	Team   string
	// OncePer holds back items already sent on Channel within this calendar duration.
	OncePer string
	Channel string
}

// ticketTargets are the promises remind watches, in its order.
var ticketTargets = []struct {
	target, kind string
	due          func(*ticket.Ticket) time.Time
}{
	{policy.FirstResponse, remind.FirstResponse, func(t *ticket.Ticket) time.Time { return t.FirstResponseDue }},
	{policy.Resolution, remind.Resolution, func(t *ticket.Ticket) time.Time { return t.ResolutionDue }},
	{"escalation", remind.Escalation, func(t *ticket.Ticket) time.Time { return t.EscalationDue }},
	{policy.Plan, remind.Plan, func(t *ticket.Ticket) time.Time { return t.PlanDue }},
	{"followup", remind.Followup, func(t *ticket.Ticket) time.Time { return t.FollowupDue }},
	{"forward", remind.Forward, func(t *ticket.Ticket) time.Time { return t.ForwardDue }},
}

// ParseOncePer reads --once-per: calendar time only, since it is looked back over.
func ParseOncePer(s string) (time.Duration, error) {
	d, err := duration.Parse(s)
	if err != nil {
		return 0, errs.Invalidf("--once-per: %v", err)
	}
	if d.IsBusiness() || d.N == 0 {
		return 0, errs.Invalidf("--once-per %s: use a calendar duration such as 1h, 24h or 1d", s)
	}
	if d.Unit == duration.Day {
		return time.Duration(d.N) * 24 * time.Hour, nil
	}
	return d.Calendar(), nil
}

// Remind does remind's scheduled chores as the system actor (closing tickets resolved longer
// than ticket.autoclose_after, proposing pending score entries for breaches the policy maps to
// a rule) and returns the report: what is overdue, due within the warning window, or waiting on
// someone, each item naming who should act.
func (s *Service) Remind(ctx context.Context, o RemindOptions) (remind.Report, error) {
	var r remind.Report
	var oncePer time.Duration
	if o.OncePer != "" {
		var err error
		if oncePer, err = ParseOncePer(o.OncePer); err != nil {
			return r, err
		}
	}
	err := s.system(ctx, func(e *env) error {
		e.reads = newReads() // remind writes no staff, leave, swap or summary
		now := e.tx.Time()
		vals, err := e.values()
		if err != nil {
			return err
		}
		w := vals.WarnBefore
		if o.Within != "" {
			if w, err = duration.Parse(o.Within); err != nil {
				return errs.Invalidf("--within: %v", err)
			}
		}
		r = remind.Report{Now: now, Loc: e.loc, Within: w.String(), Horizon: e.cal.Due(now, w), OncePer: o.OncePer}
		if warn := e.cal.Beyond(now, r.Horizon); warn != "" {
			r.Warnings = append(r.Warnings, warn)
		} else if warn := e.cal.DataWarning(now); warn != "" {
			r.Warnings = append(r.Warnings, warn)
		}
		if r.Closed, err = e.autoClose(); err != nil {
			return err
		}
		lookback, err := e.lookback()
		if err != nil {
			return err
		}
		if r.Proposed, err = e.proposeBreaches(&r, lookback); err != nil {
			return err
		}
		if err := e.remindItems(&r, lookback); err != nil {
			return err
		}
		// score close waits for a run after the month's last deadline.
		if err := e.tx.SetState(RemindRunKey, strconv.FormatInt(now.UnixMilli(), 10)); err != nil {
			return err
		}
		r.FilterTeam(o.Team)
		if oncePer > 0 {
			since := now.Add(-oncePer)
			sent, err := e.tx.SentSince(o.Channel, since)
			if err != nil {
				return err
			}
			r.Suppress(sent, since)
		}
		r.Sort()
		return nil
	})
	if err == nil {
		r.Head, err = s.AuditHead(ctx)
	}
	return r, err
}

// MarkReminded records that items were delivered on a channel, for --once-per.
func (s *Service) MarkReminded(ctx context.Context, channel string, items []remind.Item) error {
	sent := make([]persist.Sent, len(items))
	for i, it := range items {
		sent[i] = persist.Sent{Item: it.Key, Group: string(it.Group)}
	}
	return s.system(ctx, func(e *env) error { return e.tx.MarkSent(channel, sent) })
}

// lookback is the first date remind looks at for handover notes and weekly summaries.
func (e *env) lookback() (time.Time, error) {
	vals, err := e.values()
	if err != nil {
		return time.Time{}, err
	}
	d := vals.Lookback
	if d.Unit == duration.Day {
		return e.cal.ServiceDay(e.tx.Time()).AddDays(-int(d.N)).Midnight(e.loc), nil
	}
	return e.tx.Time().Add(-d.Calendar()), nil
}

func (e *env) grace() (time.Duration, error) {
	vals, err := e.values()
	if err != nil {
		return 0, err
	}
	d := vals.HandoverGrace
	if d.Unit == duration.Day {
		return time.Duration(d.N) * 24 * time.Hour, nil
	}
	return d.Calendar(), nil
}

// autoClose closes the tickets resolved longer ago than ticket.autoclose_after, each with a
// "closed" event by system.
func (e *env) autoClose() ([]remind.Closed, error) {
	vals, err := e.values()
	if err != nil {
		return nil, err
	}
	if vals.AutocloseAfter == nil { // off
		return nil, nil
	}
	after := *vals.AutocloseAfter
	now := e.tx.Time()
	// A ticket resolved within the least wall time after can take is not due yet: only those
	// resolved before are read, each then judged by the calendar.
	bound := now // resolved before bound
	if w := leastWall(after); w > 0 {
		bound = now.Add(-w + time.Millisecond)
	}
	cands, err := e.tx.ResolvedBefore(bound, func(at time.Time) bool { return !e.cal.Due(at, after).After(now) })
	if err != nil {
		return nil, err
	}
	var out []remind.Closed
	for _, tk := range cands {
		before := snapshot(&tk)
		tk.Status, tk.ClosedAt = ticket.Closed, now
		if err := e.tx.UpdateTicket(&tk, false); err != nil {
			return nil, err
		}
		if err := e.event("ticket", tk.ID, "closed", audit.TicketByRule{Changes: diff(before, snapshot(&tk)),
			Rule: "ticket.autoclose_after " + after.String()}); err != nil {
			return nil, err
		}
		out = append(out, remind.Closed{TicketID: tk.ID, Subject: tk.Subject, ResolvedAt: tk.ResolvedAt})
	}
	return out, nil
}

// leastWall is a lower bound of the wall time from any start to the due time d sets: business
// time runs no faster than the clock, the close of the n-th working day after a start is at
// least n-1 days after it, and a calendar day may be an hour short (daylight saving); a day
// more of slack is given to both. It never exceeds a century (nothing was resolved earlier).
func leastWall(d duration.Duration) time.Duration {
	const day, century = 24 * time.Hour, 36500 * 24 * time.Hour
	n := min(max(d.N, 0), int64(century/time.Second))
	var w time.Duration
	switch d.Unit {
	case duration.Second:
		w = time.Duration(n) * time.Second
	case duration.Minute, duration.BizMinute:
		w = time.Duration(min(n, int64(century/time.Minute))) * time.Minute
	case duration.Hour, duration.BizHour:
		w = time.Duration(min(n, int64(century/time.Hour))) * time.Hour
	case duration.Day, duration.BizDay:
		w = time.Duration(min(n, int64(century/day))-2) * day
	}
	return min(max(w, 0), century)
}

// supervisors lists the active supervisors and managers, who act on unassigned tickets,
// appeals and pending score entries.
func (e *env) supervisors() ([]staff.Staff, error) {
	all, err := e.listStaff(persist.StaffFilter{})
	if err != nil {
		return nil, err
	}
	var out []staff.Staff
	for _, s := range all {
		if s.Role.AtLeast(access.Supervisor) {
			out = append(out, s)
		}
	}
	return out, nil
}

// namesExcept names staff but one (who may not act on their own entry).
func namesExcept(ss []staff.Staff, except int64) []string {
	var names []string
	for _, s := range ss {
		if s.ID != except {
			names = append(names, s.Name)
		}
	}
	return names
}

// remindItems gathers the report's items.
func (e *env) remindItems(r *remind.Report, lookback time.Time) error {
	now := e.tx.Time()
	sups, err := e.supervisors()
	if err != nil {
		return err
	}
	for _, tt := range ticketTargets {
		ts, err := e.tx.TicketsDue(tt.target, r.Horizon)
		if err != nil {
			return err
		}
		for i := range ts {
			t := &ts[i]
			due := tt.due(t)
			it := remind.Item{Group: remind.Classify(due, now), Kind: tt.kind, Key: "ticket:" + strconv.FormatInt(t.ID, 10) + ":" + tt.target,
				TicketID: t.ID, Ref: "#" + strconv.FormatInt(t.ID, 10), Subject: t.Subject, Due: due, Team: t.Team}
			switch {
			case t.AssigneeID == 0:
				it.Act, it.Note = namesExcept(sups, 0), i18n.T("unassigned")
			case tt.kind == remind.Followup && t.FollowerID != 0:
				it.Act = []string{t.Assignee, t.Follower}
			default:
				it.Act = []string{t.Assignee}
			}
			switch tt.kind {
			case remind.Escalation:
				it.Note = joinNote(it.Note, i18n.T("complex complaint: escalate to a supervisor"))
			case remind.Plan:
				it.Note = joinNote(it.Note, i18n.T("complex complaint: record the handling plan (kefu complaint plan)"))
			case remind.Followup:
				it.Note = joinNote(it.Note, i18n.T("confirm the customer's satisfaction"))
			case remind.Forward:
				it.Note = joinNote(it.Note, i18n.T("forward to the owning department"))
			}
			r.Items = append(r.Items, it)
		}
	}
	if err := e.remindHandovers(r, lookback); err != nil {
		return err
	}
	if err := e.remindSummaries(r, lookback); err != nil {
		return err
	}
	return e.remindScore(r, sups)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (e *env) remindHandovers(r *remind.Report, lookback time.Time) error {
	grace, err := e.grace()
	if err != nil {
		return err
	}
	sh, err := e.shifts()
	if err != nil {
		return err
	}
	owed, unacked, err := e.handoverItems(calendar.DateOf(lookback, e.loc), grace)
	if err != nil {
		return err
	}
	for _, o := range owed {
		r.Items = append(r.Items, remind.Item{Group: remind.Classify(o.Due, e.tx.Time()), Kind: remind.HandoverMissing,
			Key:     fmt.Sprintf("handover:%d:%s:%s", o.Worker.ID, o.Shift.Date, o.Shift.Name),
			Subject: o.Shift.String(), Due: o.Due, Act: []string{o.Worker.Name}, Team: o.Worker.Team,
			Note: i18n.T("no handover note")})
	}
	staffByID, err := e.staffTeams()
	if err != nil {
		return err
	}
	for _, n := range unacked {
		next := sh.Next(n.Shift)
		members, err := e.shiftMembers(next.Name, n.AuthorID)
		if err != nil {
			return err
		}
		if len(members) == 0 {
			continue // nobody works the next shift: nobody can acknowledge
		}
		due := sh.Start(next).Add(grace)
		r.Items = append(r.Items, remind.Item{Group: remind.Classify(due, e.tx.Time()), Kind: remind.HandoverUnacked,
			Key: "handover-ack:" + strconv.FormatInt(n.ID, 10), Ref: "handover " + strconv.FormatInt(n.ID, 10),
			Subject: i18n.Sprintf("%s by %s", n.Shift.String(), n.Author), Due: due, Act: members, Team: staffByID[n.AuthorID],
			Note: i18n.Sprintf("to acknowledge: kefu handover ack %d", n.ID)})
	}
	return nil
}

// staffTeams maps every staff member's id to their team.
func (e *env) staffTeams() (map[int64]string, error) {
	all, err := e.listStaff(persist.StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, s := range all {
		out[s.ID] = s.Team
	}
	return out, nil
}

// summaryWeeks are the weeks whose summaries remind watches: due after the lookback date and
// not after the end of the warning window.
func (e *env) summaryWeeks(rules summaryRules, lookback, horizon time.Time) []when.Week {
	var out []when.Week
	for w := when.WeekOf(lookback, e.loc); ; {
		start := w.Start(e.loc)
		if start.After(horizon) {
			break
		}
		due := rules.dueOf(w)
		if !due.Before(lookback) && !due.After(horizon) {
			out = append(out, w)
		}
		w = when.WeekOf(start.AddDate(0, 0, 7), e.loc)
	}
	return out
}

func (e *env) remindSummaries(r *remind.Report, lookback time.Time) error {
	rules, err := e.summaryRules()
	if err != nil {
		return err
	}
	for _, w := range e.summaryWeeks(rules, lookback, r.Horizon) {
		written, err := e.summaries(w.String())
		if err != nil {
			return err
		}
		missing, err := e.summariesMissing(rules, w, written)
		if err != nil {
			return err
		}
		for _, m := range missing {
			note := i18n.T("no summary")
			if m.Written {
				note = i18n.Sprintf("too short: %d of %d characters", m.Chars, rules.minChars)
			}
			r.Items = append(r.Items, remind.Item{Group: remind.Classify(m.Due, e.tx.Time()), Kind: remind.SummaryMissing,
				Key: fmt.Sprintf("summary:%d:%s", m.StaffID, m.Week), Subject: i18n.Sprintf("week %s", m.Week), Due: m.Due,
				Act: []string{m.Staff}, Team: m.Team, Note: note})
		}
	}
	return nil
}
