package core

import (
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/when"
)

// bound reads a --since or --until value of a list. A bare date means the start of that
// service day (product.md "Service days"): with hours 08:30-01:00, --since 2026-11-03 leaves
// out a ticket opened at 00:30 on Nov 3, which belongs to the service day of Nov 2. Any other
// value is a moment, read as when.ParseTime reads it.
func (e *env) bound(s string) (time.Time, error) {
	if d, err := e.parseDate(s); err == nil {
		return e.cal.DayStart(calendar.DateOf(d, e.loc)), nil
	}
	return when.ParseTime(s, e.loc, e.tx.Time())
}

// serviceDays calls fn with each service day whose moments start in [from, to) and its span.
func (e *env) serviceDays(from, to time.Time, fn func(d calendar.Date, sp calendar.DaySpan) error) error {
	for d := e.cal.ServiceDay(from); e.cal.DayStart(d).Before(to); d = d.AddDays(1) {
		if err := fn(d, e.cal.Days(d, d)); err != nil {
			return err
		}
	}
	return nil
}

// monthDays is the span of the service days of month m, as report monthly cuts it: figures
// the appraisal takes from tickets (resolved per agent, quality checks) use the same month.
func (e *env) monthDays(m when.Month) calendar.DaySpan {
	return e.days(m.Start(e.loc), m.End(e.loc))
}
