package calendar

import (
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// Span is a day's service hours (or a shift) in wall-clock minutes since
// that day's midnight: open from Open (inclusive) to Close (exclusive). Close
// may be 1440, 24:00, the midnight that starts the next day, or later: a span
// written 16:00-01:00 has Close 1500 and belongs to the day it starts. A valid
// Span has 0 <= Open < 1440 and Open < Close <= Open+1440.
type Span struct {
	Open, Close int
}

const dayMinutes = 24 * 60

// Valid reports whether s is a usable span of service hours.
func (s Span) Valid() bool {
	return s.Open >= 0 && s.Open < dayMinutes && s.Open < s.Close && s.Close <= s.Open+dayMinutes
}

// CrossesMidnight reports whether s ends after the midnight that follows its day (after 24:00).
func (s Span) CrossesMidnight() bool { return s.Close > dayMinutes }

// HoldsMinute reports whether a wall-clock minute of a day (0-1439) falls in s,
// either on s's own day or, for a span past midnight, early on the next day.
func (s Span) HoldsMinute(minute int) bool {
	return minute >= s.Open && minute < s.Close || minute+dayMinutes < s.Close
}

// IsZero reports whether s is the zero Span (unset, or "closed" in DayInfo).
func (s Span) IsZero() bool { return s == Span{} }

// String prints s as HH:MM-HH:MM, e.g. "08:30-24:00".
func (s Span) String() string {
	b := make([]byte, 0, 11)
	b = appendClock(b, s.Open)
	b = append(b, '-')
	close := s.Close
	if close > dayMinutes && close <= 2*dayMinutes {
		close -= dayMinutes // printed as the next day's wall time: 16:00-01:00
	}
	return string(appendClock(b, close))
}

func appendClock(b []byte, min int) []byte {
	if min < 0 || min > 99*60+59 {
		return append(b, "??:??"...)
	}
	h, m := min/60, min%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

// MarshalText prints s as String does.
func (s Span) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses s as ParseSpan does.
func (s *Span) UnmarshalText(text []byte) error {
	v, err := ParseSpan(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

const spanUsage = "write HH:MM-HH:MM, e.g. 08:30-24:00"

// ParseSpan reads service hours written HH:MM-HH:MM, e.g. "08:30-17:30" or
// "17:30-24:00". A closing time at or before the opening time is on the next
// day: "16:00-01:00" runs to 01:00 after midnight and belongs to the day it
// starts. An en dash (as in "08:30–24:00") and spaces around the dash are
// accepted; the hour may have one digit.
func ParseSpan(s string) (Span, error) {
	in := s
	s = strings.TrimSpace(s)
	open, close, ok := strings.Cut(s, "-")
	if !ok {
		open, close, ok = strings.Cut(s, "–")
	}
	if !ok {
		return Span{}, errs.Invalidf("invalid service hours %q: %s", in, spanUsage)
	}
	o, err := parseClock(in, strings.TrimSpace(open))
	if err != nil {
		return Span{}, err
	}
	c, err := parseClock(in, strings.TrimSpace(close))
	if err != nil {
		return Span{}, err
	}
	if o == dayMinutes {
		return Span{}, errs.Invalidf("invalid service hours %q: service cannot open at 24:00; use 00:00", in)
	}
	if c == o {
		return Span{}, errs.Invalidf("invalid service hours %q: the opening and closing times are the same", in)
	}
	if c < o {
		c += dayMinutes // closes after midnight, on the next day
	}
	return Span{o, c}, nil
}

// parseClock reads H:MM or HH:MM, 00:00 to 24:00, as minutes since midnight.
func parseClock(in, s string) (int, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, okH := atoi(hh)
	m, okM := atoi(mm)
	if !ok || !okH || !okM || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 {
		return 0, errs.Invalidf("invalid service hours %q: %s", in, spanUsage)
	}
	if m > 59 {
		return 0, errs.Invalidf("invalid service hours %q: minutes run from 00 to 59", in)
	}
	if h > 24 || h == 24 && m != 0 {
		return 0, errs.Invalidf("invalid service hours %q: %s is not a time of day (00:00 to 24:00)", in, s)
	}
	return h*60 + m, nil
}

var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

const workweekUsage = "list days or ranges of mon, tue, wed, thu, fri, sat, sun, e.g. mon-fri, mon-sun or mon,wed,fri"

// ParseWorkweek reads the working days of a week: "mon-fri", "mon-sun",
// "mon,wed,fri", "mon-fri,sun". Names are three letters or in full, any case;
// a range may wrap past Sunday ("fri-mon"). The result is indexed by
// time.Weekday and has at least one working day.
func ParseWorkweek(s string) ([7]bool, error) {
	var week [7]bool
	in := s
	s = strings.TrimSpace(s)
	if s == "" {
		return week, errs.Invalidf("invalid workweek %q: %s", in, workweekUsage)
	}
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, ok := weekdayByName(from)
		if !ok {
			return week, errs.Invalidf("invalid workweek %q: %q is not a day; %s", in, strings.TrimSpace(from), workweekUsage)
		}
		b := a
		if isRange {
			if b, ok = weekdayByName(to); !ok {
				return week, errs.Invalidf("invalid workweek %q: %q is not a day; %s", in, strings.TrimSpace(to), workweekUsage)
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			week[d] = true
			if d == b {
				break
			}
		}
	}
	return week, nil
}

func weekdayByName(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		if s == weekdayNames[d] || s == strings.ToLower(d.String()) {
			return d, true
		}
	}
	return 0, false
}

// FormatWorkweek prints a workweek the way ParseWorkweek reads it, runs of
// three or more days as ranges, Monday first: "mon-fri", "mon-fri,sun", "mon,wed,fri".
func FormatWorkweek(week [7]bool) string {
	return describeWeek(week, func(d time.Weekday) string { return weekdayNames[d] }, "-", ",")
}

// describeWeek lists the days of week Monday first, runs of three or more
// days joined by dash.
func describeWeek(week [7]bool, name func(time.Weekday) string, dash, sep string) string {
	var parts []string
	for i := 0; i < 7; {
		if !week[(i+1)%7] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && week[(j+2)%7] {
			j++
		}
		first, last := time.Weekday((i+1)%7), time.Weekday((j+1)%7)
		switch j - i {
		case 0:
			parts = append(parts, name(first))
		case 1:
			parts = append(parts, name(first), name(last))
		default:
			parts = append(parts, name(first)+dash+name(last))
		}
		i = j + 1
	}
	return strings.Join(parts, sep)
}

// FormatDue prints an instant in zone loc as date and wall time, layout "2006-01-02" or
// "01-02" for the date, with midnight printed as 24:00 of the day it closes ("11-30 24:00"):
// a due time at the close of service belongs to that day.
func FormatDue(t time.Time, loc *time.Location, dateLayout string) string {
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Add(-time.Minute).Format(dateLayout) + " 24:00"
	}
	return t.Format(dateLayout + " 15:04")
}
