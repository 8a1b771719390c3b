// Package when parses the times and dates people type: --at, --date, --month, --week.
package when

import (
	"fmt"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// The years kefu accepts: a date before 2000 or after 2100 is a typing mistake (year 0000 or
// 9999-12-31 would even print as year 10000 in JSON once moved to another zone).
const (
	MinYear = 2000
	MaxYear = 2100
)

// CheckYear refuses a year outside MinYear..MaxYear; what is the text as typed.
func CheckYear(year int, what string) error {
	if year < MinYear || year > MaxYear {
		return errs.Invalidf("%q is out of range: kefu accepts dates from %d to %d", what, MinYear, MaxYear)
	}
	return nil
}

var layouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
}

// ParseTime reads a time: RFC 3339 (with offset), a local "YYYY-MM-DD HH:MM[:SS]",
// a date "YYYY-MM-DD" (its midnight), or "HH:MM" (today), local times in loc.
func ParseTime(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, CheckYear(t.In(loc).Year(), s)
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, CheckYear(t.Year(), s)
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, CheckYear(t.Year(), s)
	}
	if t, err := time.ParseInLocation("15:04", s, loc); err == nil {
		n := now.In(loc)
		return time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), 0, 0, loc), nil
	}
	return time.Time{}, errs.Invalidf("invalid time %q: use 2026-03-02T09:00:00+08:00, \"2026-03-02 09:00\", 2026-03-02 or 09:00", s)
}

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Month{}, errs.Invalidf("invalid month %q: use YYYY-MM, e.g. 2026-03", s)
	}
	return Month{t.Year(), t.Month()}, CheckYear(t.Year(), s)
}

// MonthOf is the month holding t in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	l := t.In(loc)
	return Month{l.Year(), l.Month()}
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Start is the first instant of the month in loc; End the first instant of the next.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// End is the first instant of the next month in loc.
func (m Month) End(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month+1, 1, 0, 0, 0, 0, loc)
}

// Prev is the month before.
func (m Month) Prev() Month {
	t := time.Date(m.Year, m.Month-1, 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// ParseDate reads YYYY-MM-DD as midnight in loc.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, errs.Invalidf("invalid date %q: use YYYY-MM-DD, e.g. 2026-03-02", s)
	}
	return t, CheckYear(t.Year(), s)
}

// Week is an ISO week.
type Week struct {
	Year, Week int
}

// ParseWeek reads YYYY-Www.
func ParseWeek(s string) (Week, error) {
	var w Week
	s = strings.TrimSpace(s)
	if n, err := fmt.Sscanf(s, "%4d-W%2d", &w.Year, &w.Week); err != nil || n != 2 || len(s) != 8 || w.Week < 1 || w.Week > 53 {
		return Week{}, errs.Invalidf("invalid week %q: use YYYY-Www, e.g. 2026-W10", s)
	}
	if w.Start(time.UTC).AddDate(0, 0, 3).Year() != w.Year {
		return Week{}, errs.Invalidf("invalid week %q: %d has no week %d", s, w.Year, w.Week)
	}
	return w, CheckYear(w.Year, s)
}

// WeekOf is the ISO week holding t in loc.
func WeekOf(t time.Time, loc *time.Location) Week {
	y, w := t.In(loc).ISOWeek()
	return Week{y, w}
}

func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// Start is Monday 00:00 of the week in loc.
func (w Week) Start(loc *time.Location) time.Time {
	jan4 := time.Date(w.Year, 1, 4, 0, 0, 0, 0, loc)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return time.Date(w.Year, 1, 4-offset+(w.Week-1)*7, 0, 0, 0, 0, loc)
}

// End is the next Monday 00:00 in loc.
func (w Week) End(loc *time.Location) time.Time {
	s := w.Start(loc)
	return time.Date(s.Year(), s.Month(), s.Day()+7, 0, 0, 0, 0, loc)
}
