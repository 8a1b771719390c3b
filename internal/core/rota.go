package core

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/rota"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/when"
)

// The rota (排班): work patterns, leave and swaps decide who is on duty, and so who owes
// handover notes and weekly summaries and who gets new tickets.

// rotaMember is a staff member on the rota: from the later of their hire date and the day they
// were added (no one owes a note for a day before kefu knew them).
func rotaMember(st staff.Staff, pattern string, loc *time.Location) (rota.Member, error) {
	p, err := rota.ParsePattern(pattern)
	if err != nil {
		return rota.Member{}, errs.Wrap(err, "reading the work pattern of %s", st.Name)
	}
	since := calendar.DateOf(st.CreatedAt, loc)
	if h, err := calendar.ParseDate(st.Hired); err == nil && h.After(since) {
		since = h
	}
	return rota.Member{ID: st.ID, Name: st.Name, Team: st.Team, Shift: st.Shift, Pattern: p, Since: since}, nil
}

// roster is the rota of the active agents (of team, if given) for the dates from..to.
func (e *env) roster(team string, from, to calendar.Date) (rota.Roster, error) {
	r := rota.Roster{Cal: e.cal}
	agents, err := e.listStaff(persist.StaffFilter{Role: string(access.Agent), Team: team})
	if err != nil {
		return r, err
	}
	for _, a := range agents {
		m, err := rotaMember(a, a.WorkPattern, e.loc)
		if err != nil {
			return r, err
		}
		r.Members = append(r.Members, m)
	}
	if r.Leave, err = e.leaves(persist.LeaveFilter{From: from, To: to}); err != nil {
		return r, err
	}
	r.Swaps, err = e.swaps(from, to)
	return r, err
}

// dutyWorkers are the workers who owe handover notes, each asking the roster whether they are
// on duty on a date.
func dutyWorkers(workers []handover.Worker, r rota.Roster) []handover.Worker {
	out := slices.Clone(workers)
	for i := range out {
		id := out[i].ID
		out[i].Duty = func(d calendar.Date) (string, bool) {
			du := r.DutyOf(id, d)
			return du.Shift, du.On
		}
	}
	return out
}

// rotaShifts are the shifts the rota's members usually work, in handover order.
func rotaShifts(r rota.Roster) []string {
	var out []string
	for _, name := range handover.Names {
		if slices.ContainsFunc(r.Members, func(m rota.Member) bool { return m.Shift == name }) {
			out = append(out, name)
		}
	}
	return out
}

// gapWarnings warns about the shifts of the coming week a change leaves with nobody on duty.
func (e *env) gapWarnings(before, after rota.Roster, from, to calendar.Date) []string {
	gaps := rota.NewGaps(before, after, from, to, rotaShifts(before))
	if len(gaps) == 0 {
		return nil
	}
	names := make([]string, len(gaps))
	for i, g := range gaps {
		names[i] = g.String()
	}
	return []string{i18n.Sprintf("nobody is on duty on the %s (kefu rota show)", strings.Join(names, ", "))}
}

// parseDay reads a --from/--to/--date value (a date, today, yesterday, tomorrow).
func (e *env) parseDay(flag, s string) (calendar.Date, error) {
	today := calendar.DateOf(e.tx.Time(), e.loc)
	switch s {
	case "", "today":
		return today, nil
	case "yesterday":
		return today.AddDays(-1), nil
	case "tomorrow":
		return today.AddDays(1), nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return d, errs.Invalidf("--%s: %v", flag, err)
	}
	return d, nil
}

// LeaveAddOptions are staff leave add's arguments.
type LeaveAddOptions struct {
	Staff, From, To, Kind, Note string
}

// LeaveSaved is what staff leave add did, with warnings about shifts left empty.
type LeaveSaved struct {
	Leave    rota.Leave
	Warnings []string
}

// StaffLeaveAdd records leave or a rest day for a staff member (supervisor): on those days
// they owe no notes or summaries and get no new tickets. Overlapping leave is refused.
func (s *Service) StaffLeaveAdd(ctx context.Context, as string, o LeaveAddOptions) (LeaveSaved, error) {
	var out LeaveSaved
	kind, err := rota.ParseLeaveKind(o.Kind)
	if err != nil {
		return out, err
	}
	if err := checkReason(o.Note, "staff leave add", false); err != nil {
		return out, err
	}
	err = s.write(ctx, as, access.ManageStaff, "staff leave add", func(e *env) error {
		st, err := e.tx.StaffByName(o.Staff)
		if err != nil {
			return err
		}
		if !st.Active {
			return errs.Invalidf("%s is inactive", st.Name)
		}
		if o.From == "" {
			return errs.Invalidf("staff leave add needs --from DATE (and --to DATE for more than a day)")
		}
		l := rota.Leave{StaffID: st.ID, Staff: st.Name, Kind: kind, Note: strings.TrimSpace(o.Note)}
		if l.From, err = e.parseDay("from", o.From); err != nil {
			return err
		}
		l.To = l.From
		if o.To != "" {
			if l.To, err = e.parseDay("to", o.To); err != nil {
				return err
			}
		}
		if l.To.Before(l.From) {
			return errs.Invalidf("--to %s is before --from %s", l.To, l.From)
		}
		if l.Days() > 366 {
			return errs.Invalidf("leave of %d days: at most a year at a time", l.Days())
		}
		existing, err := e.tx.Leaves(persist.LeaveFilter{StaffID: st.ID, From: l.From, To: l.To})
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			x := existing[0]
			return errs.Invalidf("%s already has %s leave %s to %s (leave %d), which overlaps %s to %s", st.Name, x.Kind, x.From, x.To, x.ID, l.From, l.To).
				WithHint("kefu staff leave list %s", st.Name)
		}
		before, err := e.roster(st.Team, l.From, l.To)
		if err != nil {
			return err
		}
		if err := e.tx.InsertLeave(&l, e.actor.ID); err != nil {
			return err
		}
		after := before
		after.Leave = append(slices.Clone(before.Leave), l)
		out.Leave, out.Warnings = l, e.gapWarnings(before, after, l.From, l.To)
		// Leave recorded after the fact: proposals already made for its days wait for a
		// supervisor to dismiss them (kefu never decides a proposal by itself).
		pend, err := e.tx.ScorePendingEntries(persist.ScoreFilter{Status: "pending", StaffID: st.ID})
		if err != nil {
			return err
		}
		var ids []string
		for _, p := range pend {
			if p.Key == "" || !strings.HasPrefix(p.Key, fmt.Sprintf("remind:handover:%d:", st.ID)) {
				continue
			}
			parts := strings.Split(p.Key, ":")
			if d, err := calendar.ParseDate(parts[len(parts)-2]); err == nil && l.Covers(d) {
				ids = append(ids, fmt.Sprint(p.ID))
			}
		}
		if len(ids) > 0 {
			out.Warnings = append(out.Warnings, i18n.Sprintf("pending %s propose%s a missing handover note on a day of this leave: dismiss with kefu score dismiss ID --reason 休假",
				strings.Join(ids, ", "), map[bool]string{true: "s", false: ""}[len(ids) == 1]))
		}
		return e.event("staff_leave", l.ID, "added", audit.StaffLeave{Staff: st.Name, From: l.From.String(), To: l.To.String(),
			Kind: string(l.Kind), Note: l.Note})
	})
	return out, err
}

// StaffLeaveRemove removes a spell of leave (supervisor); the history keeps it.
func (s *Service) StaffLeaveRemove(ctx context.Context, as string, id int64) (rota.Leave, error) {
	var out rota.Leave
	err := s.write(ctx, as, access.ManageStaff, "staff leave remove", func(e *env) error {
		ls, err := e.tx.Leaves(persist.LeaveFilter{ID: id})
		if err != nil {
			return err
		}
		if len(ls) == 0 {
			return errs.NotFoundf("no leave %d", id).WithHint("kefu staff leave list")
		}
		out = ls[0]
		if err := e.tx.DeleteLeave(id); err != nil {
			return err
		}
		return e.event("staff_leave", id, "removed", audit.StaffLeave{Staff: out.Staff, From: out.From.String(), To: out.To.String(),
			Kind: string(out.Kind), Note: out.Note})
	})
	return out, err
}

// StaffLeaveList lists leave, of one staff member if given, overlapping a month if given.
func (s *Service) StaffLeaveList(ctx context.Context, staffRef, month string) ([]rota.Leave, error) {
	var out []rota.Leave
	err := s.read(ctx, func(e *env) error {
		var f persist.LeaveFilter
		if staffRef != "" {
			st, err := e.tx.StaffByName(staffRef)
			if err != nil {
				return err
			}
			f.StaffID = st.ID
		}
		if month != "" {
			m, err := when.ParseMonth(month)
			if err != nil {
				return err
			}
			f.From = calendar.Date{Y: m.Year, M: m.Month, D: 1}
			f.To = calendar.DateOf(m.End(e.loc).Add(-time.Second), e.loc)
		}
		var err error
		out, err = e.tx.Leaves(f)
		return err
	})
	return out, err
}

// StaffSwap exchanges two staff members' shifts on a date (supervisor): both must be on duty
// that day, on different shifts, and not already swapped.
func (s *Service) StaffSwap(ctx context.Context, as, a, b, date, reason string) (rota.Swap, error) {
	var out rota.Swap
	if err := checkReason(reason, "staff swap", false); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.ManageStaff, "staff swap", func(e *env) error {
		if date == "" {
			return errs.Invalidf("staff swap needs --date DATE")
		}
		d, err := e.parseDay("date", date)
		if err != nil {
			return err
		}
		sa, err := e.tx.StaffByName(a)
		if err != nil {
			return err
		}
		sb, err := e.tx.StaffByName(b)
		if err != nil {
			return err
		}
		if sa.ID == sb.ID {
			return errs.Invalidf("a swap needs two different staff members")
		}
		r, err := e.roster("", d, d)
		if err != nil {
			return err
		}
		da, db := r.DutyOf(sa.ID, d), r.DutyOf(sb.ID, d)
		for _, x := range []struct {
			name string
			du   rota.Duty
		}{{sa.Name, da}, {sb.Name, db}} {
			if !x.du.On {
				return errs.Invalidf("%s is not on duty on %s (%s): a swap exchanges the shifts of two people on duty; record cover as leave and a bonus instead", x.name, d, x.du.Why)
			}
			if x.du.Why != "" {
				return errs.Invalidf("%s's shift on %s is already swapped (%s)", x.name, d, x.du.Why)
			}
		}
		if da.Shift == db.Shift {
			return errs.Invalidf("%s and %s both work the %s shift on %s: there is nothing to swap", sa.Name, sb.Name, da.Shift, d)
		}
		out = rota.Swap{Date: d, A: sa.ID, B: sb.ID, AName: sa.Name, BName: sb.Name, AShift: da.Shift, BShift: db.Shift, Reason: strings.TrimSpace(reason)}
		if err := e.tx.InsertSwap(&out, e.actor.ID); err != nil {
			return err
		}
		return e.event("staff_swap", out.ID, "swapped", audit.StaffSwapped{Date: d.String(), A: sa.Name, AShift: audit.SortedChange{Old: da.Shift, New: db.Shift},
			B: sb.Name, BShift: audit.SortedChange{Old: db.Shift, New: da.Shift}, Reason: out.Reason})
	})
	return out, err
}

// RotaDay is one day of the rota: who works each shift, who is off and why, and the shifts
// left empty.
type RotaDay struct {
	Date    calendar.Date
	Workday bool // a working day of the team calendar
	Shifts  map[string][]string
	Off     []string // "name (why)"
	Empty   []string
}

// RotaView is rota show's answer.
type RotaView struct {
	From, To calendar.Date
	Shifts   []string
	Days     []RotaDay
	// CalendarWarning names the first day shown beyond the official holiday data ("" if none).
	CalendarWarning string
}

// RotaShow lays out who works which shift each day of a week (default: this week) or month.
func (s *Service) RotaShow(ctx context.Context, week, month, team string) (RotaView, error) {
	var v RotaView
	if week != "" && month != "" {
		return v, errs.Invalidf("rota show takes --week or --month, not both")
	}
	err := s.read(ctx, func(e *env) error {
		now := e.tx.Time()
		switch {
		case month != "":
			m := when.MonthOf(now, e.loc)
			switch month {
			case "this-month":
			case "last-month":
				m = m.Prev()
			case "next-month":
				m = nextMonth(m)
			default:
				var err error
				if m, err = when.ParseMonth(month); err != nil {
					return err
				}
			}
			v.From = calendar.Date{Y: m.Year, M: m.Month, D: 1}
			v.To = calendar.DateOf(m.End(e.loc).Add(-time.Second), e.loc)
		default:
			if week == "" {
				week = "this-week"
			}
			monday := func(d calendar.Date) calendar.Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }
			today := calendar.DateOf(now, e.loc)
			switch week {
			case "this-week":
				v.From = monday(today)
			case "last-week":
				v.From = monday(today).AddDays(-7)
			case "next-week":
				v.From = monday(today).AddDays(7)
			default:
				if d, err := calendar.ParseDate(week); err == nil {
					v.From = monday(d)
					break
				}
				w, err := when.ParseWeek(week)
				if err != nil {
					return errs.Invalidf("--week %q: use YYYY-Www, a date in the week, this-week, last-week or next-week", week)
				}
				v.From = calendar.DateOf(w.Start(e.loc), e.loc)
			}
			v.To = v.From.AddDays(6)
		}
		r, err := e.roster(team, v.From, v.To)
		if err != nil {
			return err
		}
		if end, ok := e.cal.OfficialDataEnd(); !ok || v.To.After(end) {
			first := v.From
			if ok && !first.After(end) {
				first = end.AddDays(1)
			}
			v.CalendarWarning = e.cal.Beyond(first.Midnight(e.loc).Add(12 * time.Hour)) // noon: inside that date's service day
		}
		v.Shifts = handover.Names
		used := rotaShifts(r)
		for d := v.From; !d.After(v.To); d = d.AddDays(1) {
			day := RotaDay{Date: d, Workday: e.cal.IsWorkday(d), Shifts: map[string][]string{}}
			for _, m := range r.Members {
				du := r.DutyOf(m.ID, d)
				switch {
				case du.On:
					name := m.Name
					if du.Why != "" {
						name += "*"
					}
					day.Shifts[du.Shift] = append(day.Shifts[du.Shift], name)
				case !d.Before(m.Since) && (day.Workday || m.Pattern.Kind != rota.Team):
					day.Off = append(day.Off, m.Name+" ("+du.Why+")")
				}
			}
			if r.Staffed(d) {
				for _, sh := range used {
					if len(day.Shifts[sh]) == 0 {
						day.Empty = append(day.Empty, sh)
					}
				}
			}
			v.Days = append(v.Days, day)
		}
		return nil
	})
	return v, err
}

// PatternWarnings warns when a staff member's work pattern leaves their shift in their team with
// nobody on duty on a day of the coming week the desk is open: a pattern is accepted, the lead
// warned.
func (s *Service) PatternWarnings(ctx context.Context, name string) ([]string, error) {
	var out []string
	err := s.read(ctx, func(e *env) error {
		st, err := e.tx.StaffByName(name)
		if err != nil {
			return err
		}
		today := calendar.DateOf(e.tx.Time(), e.loc)
		r, err := e.roster(st.Team, today, today.AddDays(6))
		if err != nil {
			return err
		}
		var days []string
		for d := today; !d.After(today.AddDays(6)); d = d.AddDays(1) {
			if r.Staffed(d) && !r.DutyOf(st.ID, d).On && len(r.OnDuty(d)[st.Shift]) == 0 {
				days = append(days, d.String()+" "+strings.ToLower(d.Weekday().String()[:3]))
			}
		}
		if len(days) > 0 {
			out = append(out, i18n.Sprintf("with %s's work pattern nobody is on the %s shift on %s (kefu rota show)", st.Name, st.Shift, strings.Join(days, ", ")))
		}
		return nil
	})
	return out, err
}
