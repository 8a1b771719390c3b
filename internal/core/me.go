package core

import (
	"context"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// MeSoon is how far ahead `kefu me` looks: the next four business hours, or to the end of
// today's service day when that is later.
var MeSoon = duration.Duration{N: 4, Unit: duration.BizHour}

// MyWork is one person's desk (`kefu me`): their open tickets, what they should act on by the
// horizon, the handover notes their shifts owe today, and their month's score so far.
type MyWork struct {
	Staff   staff.Staff
	Now     time.Time
	Loc     *time.Location
	Horizon time.Time
	// Open are the active tickets assigned to them, the next due first.
	Open []ticket.Ticket
	// Todo are the remind items naming them, overdue first, up to the horizon.
	Todo remind.Report
	// Handover are the notes their shifts of today's service day still owe.
	Handover []handover.Owed
	// Month is the month of the score; Score their row of its sheet (nil: no row, e.g. a manager).
	Month when.Month
	Score *score.Row
}

// Me gathers the acting person's desk. It only reads: unlike remind it closes nothing and
// proposes nothing.
func (s *Service) Me(ctx context.Context, as string) (MyWork, error) {
	var w MyWork
	if as == "" {
		return w, errs.Invalidf("kefu me needs to know who you are: --as NAME (or KEFU_USER)")
	}
	err := s.read(ctx, func(e *env) error {
		st, err := e.tx.StaffByName(as)
		if errs.Is(err, errs.NotFound) {
			return errs.Invalidf("unknown staff %q given by --as or KEFU_USER", as).WithHint("kefu staff list")
		}
		if err != nil {
			return err
		}
		now := e.tx.Time()
		today := e.cal.ServiceDay(now)
		w.Staff, w.Now, w.Loc = st, now, e.loc
		w.Horizon = e.cal.Due(now, MeSoon)
		if end := e.cal.DayStart(today.AddDays(1)); end.After(w.Horizon) {
			w.Horizon = end
		}
		if w.Open, err = e.tx.ListTickets(persist.TicketFilter{AssigneeID: st.ID, Statuses: []string{"open", "pending", "reopened"}, Sort: "due"}); err != nil {
			return err
		}
		w.Todo = remind.Report{Now: now, Loc: e.loc, Within: "today", Horizon: w.Horizon}
		lookback, err := e.lookback()
		if err != nil {
			return err
		}
		if err := e.remindItems(&w.Todo, lookback); err != nil {
			return err
		}
		w.Todo.FilterFor(st.Name)
		w.Todo.Sort()
		if w.Handover, err = e.handoverToday(st, today); err != nil {
			return err
		}
		w.Month = when.MonthOf(e.serviceToday(), e.loc)
		sheet, err := e.monthSheet(w.Month)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(sheet.Rows, func(r score.Row) bool { return r.StaffID == st.ID }); i >= 0 {
			w.Score = &sheet.Rows[i]
		}
		return nil
	})
	return w, err
}

// handoverToday lists the notes st's shifts of service day d owe and have not got: the same
// rule remind applies once a shift has ended, looked at ahead of the end.
func (e *env) handoverToday(st staff.Staff, d calendar.Date) ([]handover.Owed, error) {
	grace, err := e.grace()
	if err != nil {
		return nil, err
	}
	sh, err := e.shifts()
	if err != nil {
		return nil, err
	}
	workers, err := e.workers()
	if err != nil {
		return nil, err
	}
	workers = slices.DeleteFunc(workers, func(w handover.Worker) bool { return w.ID != st.ID })
	if len(workers) == 0 {
		return nil, nil
	}
	r, err := e.roster("", d, d)
	if err != nil {
		return nil, err
	}
	workers = dutyWorkers(workers, r)
	notes, err := e.tx.ListHandovers(persist.HandoverFilter{Since: d, Until: d, AuthorID: st.ID})
	if err != nil {
		return nil, err
	}
	wrote := func(_ int64, s handover.Shift) bool {
		return slices.ContainsFunc(notes, func(n handover.Note) bool { return n.Shift == s })
	}
	// Every shift of the day, ended or not: a time two days on is past all of them.
	return sh.Owing(workers, d, d, e.cal.DayStart(d.AddDays(2)), grace, wrote), nil
}
