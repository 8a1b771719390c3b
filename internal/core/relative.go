package core

import (
	"context"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/when"
)

// --date, --week and --month also take today, yesterday, this-week, last-week, this-month and
// last-month (when.DateFrom and its twins), counted from today's service day.

func (e *env) parseDate(s string) (time.Time, error) {
	return when.DateFrom(s, e.serviceToday(), e.loc)
}

func (e *env) parseWeek(s string) (when.Week, error) {
	return when.WeekFrom(s, e.serviceToday(), e.loc)
}

func (e *env) parseMonth(s string) (when.Month, error) {
	return when.MonthFrom(s, e.serviceToday(), e.loc)
}

// dayOf reads a --date that names one day (a shift's, a handover's): YYYY-MM-DD, today or
// yesterday, as a calendar date.
func (e *env) dayOf(s string) (calendar.Date, error) {
	if d, err := calendar.ParseUserDate(s); err == nil {
		return d, nil
	}
	t, err := e.parseDate(s)
	if err != nil {
		return calendar.Date{}, err
	}
	return calendar.DateOf(t, e.loc), nil
}

// month reads --month before a write transaction: a relative word needs the calendar (today's
// service day), so it is resolved in a short read of its own.
func (s *Service) month(ctx context.Context, month string) (when.Month, error) {
	if m, err := when.ParseMonth(month); err == nil {
		return m, nil
	}
	var m when.Month
	err := s.read(ctx, func(e *env) error {
		var err error
		m, err = e.parseMonth(month)
		return err
	})
	return m, err
}
