package calendar

import (
	"fmt"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// Date is a civil date, a day on the team's wall calendar, with no time zone.
// It is comparable, so it can key a map.
type Date struct {
	Y int
	M time.Month
	D int
}

// ParseDate reads a date written YYYY-MM-DD, e.g. "2026-10-01".
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, errs.Invalidf("invalid date %q: write YYYY-MM-DD, e.g. 2026-10-01", s)
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	d, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, errs.Invalidf("invalid date %q: write YYYY-MM-DD, e.g. 2026-10-01", s)
	}
	date := Date{y, time.Month(m), d}
	if !date.valid() {
		return Date{}, errs.Invalidf("invalid date %q: there is no such day", s)
	}
	return date, nil
}

func atoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// valid reports whether d names a real day.
func (d Date) valid() bool {
	return d.M >= time.January && d.M <= time.December && d.D >= 1 && d.D <= 31 && DateFromDays(d.Days()) == d
}

// DateOf returns the date of t on the wall calendar of loc (t's own location if loc is nil).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String prints d as YYYY-MM-DD.
func (d Date) String() string {
	if d.Y >= 0 && d.Y <= 9999 {
		b := []byte("0000-00-00")
		put := func(i, n, width int) {
			for j := i + width - 1; j >= i; j-- {
				b[j] = byte('0' + n%10)
				n /= 10
			}
		}
		put(0, d.Y, 4)
		put(5, int(d.M), 2)
		put(8, d.D, 2)
		return string(b)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// MarshalText prints d as YYYY-MM-DD for YAML and JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD.
func (d *Date) UnmarshalText(text []byte) error {
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Days returns the number of days from 1970-01-01 to d (negative before it).
// Out-of-range months and days count on (2026-02-30 is 2026-03-02, month 13 is January).
func (d Date) Days() int {
	// Howard Hinnant's days_from_civil: years start in March, so the leap day is last.
	y, m := d.Y+floorDiv(int(d.M)-1, 12), floorMod(int(d.M)-1, 12)+1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.D - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// DateFromDays is the inverse of Date.Days.
func DateFromDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
		y++
	}
	return Date{y, time.Month(m), d}
}

// AddDays returns the date n days after d (before it if n is negative).
func (d Date) AddDays(n int) Date { return DateFromDays(d.Days() + n) }

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.Days()) }

// weekdayOf returns the weekday of a day number; 1970-01-01 was a Thursday.
func weekdayOf(days int) time.Weekday { return time.Weekday(floorMod(days+4, 7)) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Y != o.Y:
		return cmp(d.Y, o.Y)
	case d.M != o.M:
		return cmp(int(d.M), int(o.M))
	default:
		return cmp(d.D, o.D)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// IsZero reports whether d is the zero Date (unset).
func (d Date) IsZero() bool { return d == Date{} }

// Midnight returns the first instant of d in loc (normally 00:00; later if a
// DST change skips midnight).
func (d Date) Midnight(loc *time.Location) time.Time {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, loc)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// ParseUserDate is ParseDate for a date a person typed: outside 2000-2100 it is a typing
// mistake, refused with one line (stored data and official tables use ParseDate).
func ParseUserDate(s string) (Date, error) {
	d, err := ParseDate(s)
	if err == nil && (d.Y < 2000 || d.Y > 2100) {
		return Date{}, errs.Invalidf("%q is out of range: kefu accepts dates from 2000 to 2100", s)
	}
	return d, err
}
