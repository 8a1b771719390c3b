package calendar

import "time"

// Service days. A service day D runs from D's opening to its close, which may be after
// midnight; a moment inside a service day's hours belongs to D; any other moment belongs to its
// calendar date in the team's zone; a due time exactly at a day's close belongs to that day.
// Days, weeks and months of reports, lists and remind are sets of service days.

// closeOf returns the close of service on day d, ok false if d is not a working day.
func (c *Calendar) closeOf(d Date) (time.Time, bool) {
	if !c.IsWorkday(d) {
		return time.Time{}, false
	}
	h := c.hours[d.Weekday()]
	return time.Date(d.Y, d.M, d.D, 0, h.Close, 0, 0, c.loc), true
}

// DayStart is the first moment that belongs to service day d: the close of the day before
// when that day's service runs past midnight, else d's midnight.
func (c *Calendar) DayStart(d Date) time.Time {
	prev := d.AddDays(-1)
	if c.IsWorkday(prev) && c.hours[prev.Weekday()].CrossesMidnight() {
		close, _ := c.closeOf(prev)
		return close
	}
	return d.Midnight(c.loc)
}

// ServiceDay returns the service day a moment belongs to.
func (c *Calendar) ServiceDay(t time.Time) Date {
	d := DateOf(t, c.loc)
	if next := d.AddDays(1); !t.Before(c.DayStart(next)) {
		return next
	}
	if t.Before(c.DayStart(d)) {
		return d.AddDays(-1)
	}
	return d
}

// DaySpan is the moments of the service days from..to inclusive: [Start, End). DueStart and
// DueEnd bound the due times of those days: a due time exactly at a day's close belongs to
// that day, so a due time at the close of `to` (24:00) is in, one at the close of the day
// before `from` is out. Times are compared to the millisecond, as stored.
type DaySpan struct {
	Start, End       time.Time
	DueStart, DueEnd time.Time
}

// Days returns the span of service days from..to inclusive.
func (c *Calendar) Days(from, to Date) DaySpan {
	s := DaySpan{Start: c.DayStart(from), End: c.DayStart(to.AddDays(1))}
	s.DueStart, s.DueEnd = s.Start, s.End
	if close, ok := c.closeOf(from.AddDays(-1)); ok && close.Equal(s.Start) {
		s.DueStart = s.Start.Add(time.Millisecond)
	}
	if close, ok := c.closeOf(to); ok && close.Equal(s.End) {
		s.DueEnd = s.End.Add(time.Millisecond)
	}
	return s
}
