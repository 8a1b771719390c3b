// Package duration parses and prints kefu's response windows: "30s", "4h" and
// "3d" are calendar time, "30bm", "4bh" and "2bd" are business minutes, hours
// and days counted on the team's business calendar (see package calendar).
package duration

import (
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// Unit is the unit of a Duration.
type Unit uint8

// Calendar units come first; Second is the zero value so that the zero
// Duration is "0s".
const (
	Second Unit = iota
	Minute
	Hour
	Day // a calendar day in the team's zone, which may be 23 or 25 hours across a DST change
	BizMinute
	BizHour
	BizDay
	numUnits
)

var suffixes = [numUnits]string{"s", "m", "h", "d", "bm", "bh", "bd"}

// unitSeconds is the length of one unit, a business day counted as 24 hours:
// it only bounds N, the calendar decides what business time really is.
var unitSeconds = [numUnits]int64{1, 60, 3600, 86400, 60, 3600, 86400}

// maxSeconds caps every duration at 100 years (of 365.25 days), which keeps
// N*unit well inside time.Duration and any due-time arithmetic.
const maxSeconds = 36525 * 86400

// String returns the unit's suffix, e.g. "bh".
func (u Unit) String() string {
	if u < numUnits {
		return suffixes[u]
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

// IsBusiness reports whether u counts business time.
func (u Unit) IsBusiness() bool { return u == BizMinute || u == BizHour || u == BizDay }

// Max is the largest N allowed for u by Parse.
func (u Unit) Max() int64 {
	if u >= numUnits {
		return 0
	}
	return maxSeconds / unitSeconds[u]
}

// Duration is a response window: N units, calendar or business.
type Duration struct {
	N    int64
	Unit Unit
}

const usage = "use a number and a unit: s, m, h, d (calendar) or bm, bh, bd (business), e.g. 30s, 4h, 2bd"

// Parse reads a duration such as "30s", "15m", "4h", "3d", "30bm", "4bh" or
// "2bd". Surrounding spaces and a space before the unit are allowed; N is a
// whole number from 0 up to 100 years' worth. Units are lower case only, so
// that "1M" is not read as a minute by someone who meant a month.
func Parse(s string) (Duration, error) {
	in := s
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	digits, rest := s[:i], strings.TrimSpace(s[i:])
	switch {
	case digits == "" && len(s) > 1 && (s[0] == '-' || s[0] == '+') && s[1] >= '0' && s[1] <= '9':
		if s[0] == '-' {
			return Duration{}, errs.Invalidf("invalid duration %q: a duration cannot be negative", in)
		}
		return Duration{}, errs.Invalidf("invalid duration %q: %s", in, usage)
	case digits == "":
		return Duration{}, errs.Invalidf("invalid duration %q: %s", in, usage)
	case len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') && rest[1] >= '0' && rest[1] <= '9':
		return Duration{}, errs.Invalidf("invalid duration %q: use a whole number of a smaller unit, e.g. 90m rather than 1.5h", in)
	}
	unit, ok := unitOf(rest)
	if !ok {
		return Duration{}, errs.Invalidf("invalid duration %q: %s", in, usage)
	}
	var n int64
	for j := 0; j < len(digits); j++ {
		n = n*10 + int64(digits[j]-'0')
		if n > unit.Max() {
			return Duration{}, errs.Invalidf("invalid duration %q: at most 100 years (%d%s)", in, unit.Max(), unit)
		}
	}
	return Duration{N: n, Unit: unit}, nil
}

func unitOf(s string) (Unit, bool) {
	for u, suffix := range suffixes {
		if s == suffix {
			return Unit(u), true
		}
	}
	return 0, false
}

// String prints d the way Parse reads it, e.g. "2bd".
func (d Duration) String() string {
	return strconv.FormatInt(d.N, 10) + d.Unit.String()
}

// IsBusiness reports whether d counts business time (bm, bh, bd).
func (d Duration) IsBusiness() bool { return d.Unit.IsBusiness() }

// Calendar returns d as elapsed time for the calendar units, a day counted as
// 24 hours; it returns 0 for business units, whose length only the calendar knows.
// (Due times for "d" add calendar days in the team's zone instead; see calendar.Due.)
func (d Duration) Calendar() time.Duration {
	if d.Unit.IsBusiness() || d.Unit >= numUnits {
		return 0
	}
	return time.Duration(d.N*unitSeconds[d.Unit]) * time.Second
}

// NominalSeconds is d in seconds with business units counted by their names: a business
// minute as 60 s, a business hour as 3,600 s, a business day as 24 hours. It compares
// durations of different kinds (a mean time against a target, the old window tie rule).
func (d Duration) NominalSeconds() int64 {
	switch d.Unit {
	case BizMinute:
		return d.N * 60
	case BizHour:
		return d.N * 3600
	case BizDay:
		return d.N * 86400
	}
	return int64(d.Calendar() / time.Second)
}

// MarshalText prints d as String does, so that it reads well in YAML and JSON.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses text as Parse does.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// FormatSpan prints a span of time for tables with its two most significant
// units, truncated: "3d4h", "2h10m", "35m", "45s", "0s". A negative span is
// printed as its size; the caller says "overdue" or "in".
func FormatSpan(t time.Duration) string {
	u := uint64(t)
	if t < 0 {
		u = -u // also right for math.MinInt64
	}
	secs := u / uint64(time.Second)
	parts := [4]struct {
		n      uint64
		suffix byte
	}{
		{secs / 86400, 'd'},
		{secs / 3600 % 24, 'h'},
		{secs / 60 % 60, 'm'},
		{secs % 60, 's'},
	}
	for i, p := range parts {
		if p.n == 0 {
			continue
		}
		b := strconv.AppendUint(nil, p.n, 10)
		b = append(b, p.suffix)
		if i+1 < len(parts) && parts[i+1].n != 0 {
			b = strconv.AppendUint(b, parts[i+1].n, 10)
			b = append(b, parts[i+1].suffix)
		}
		return string(b)
	}
	return "0s"
}
