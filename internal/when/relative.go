package when

import (
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// Relative periods: --date, --week and --month also take today, yesterday, this-week,
// last-week, this-month and last-month, so a cron line can say `report daily --date yesterday`.
// today is the midnight (in loc) of the service day now belongs to: at 00:30 after a service day
// that closes at 01:00, "today" is still the day before. Each flag takes the words that name a
// period of its size or smaller: a week or month holding yesterday is useful on a Monday or on
// the 1st, a day called "this-week" is not.

// Relative words.
const (
	Today     = "today"
	Yesterday = "yesterday"
	ThisWeek  = "this-week"
	LastWeek  = "last-week"
	ThisMonth = "this-month"
	LastMonth = "last-month"
)

func word(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// DateFrom reads --date: YYYY-MM-DD, today or yesterday, as midnight in loc.
func DateFrom(s string, today time.Time, loc *time.Location) (time.Time, error) {
	t := today.In(loc)
	switch word(s) {
	case Today:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), nil
	case Yesterday:
		return time.Date(t.Year(), t.Month(), t.Day()-1, 0, 0, 0, 0, loc), nil
	case ThisWeek, LastWeek, ThisMonth, LastMonth:
		return time.Time{}, errs.Invalidf("%q is not a day: use YYYY-MM-DD, today or yesterday", s)
	}
	if _, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc); err != nil {
		return time.Time{}, errs.Invalidf("invalid date %q: use YYYY-MM-DD (e.g. 2026-03-02), today or yesterday", s)
	}
	return ParseDate(s, loc)
}

// WeekFrom reads --week: YYYY-Www, this-week, last-week, or today or yesterday (their week).
func WeekFrom(s string, today time.Time, loc *time.Location) (Week, error) {
	switch word(s) {
	case Today, ThisWeek:
		return WeekOf(today, loc), nil
	case Yesterday:
		return WeekOf(today.AddDate(0, 0, -1), loc), nil
	case LastWeek:
		return WeekOf(today.AddDate(0, 0, -7), loc), nil
	case ThisMonth, LastMonth:
		return Week{}, errs.Invalidf("%q is not a week: use YYYY-Www, this-week, last-week, today or yesterday", s)
	}
	return ParseWeek(s)
}

// MonthFrom reads --month: YYYY-MM, this-month, last-month, or today or yesterday (their month).
func MonthFrom(s string, today time.Time, loc *time.Location) (Month, error) {
	switch word(s) {
	case Today, ThisMonth:
		return MonthOf(today, loc), nil
	case Yesterday:
		return MonthOf(today.AddDate(0, 0, -1), loc), nil
	case LastMonth:
		return MonthOf(today, loc).Prev(), nil
	case ThisWeek, LastWeek:
		return Month{}, errs.Invalidf("%q is not a month: use YYYY-MM, this-month, last-month, today or yesterday", s)
	}
	return ParseMonth(s)
}
