package when

import (
	"testing"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// The parsers of --month, --date and --week never panic, refuse with exit 2 (bad input, never
// an internal error), and what they accept prints back as itself.

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-03", " 2026-12 ", "2026-13", "2026-00", "0000-01", "9999-12", "2026-3", "2026/03", "2026-03-01", "", "-001-01", "２０２６-03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseMonth(%q): %v is not a usage error", s, err)
			}
			return
		}
		if m.Month < time.January || m.Month > time.December {
			t.Fatalf("ParseMonth(%q) = %+v", s, m)
		}
		if back, err := ParseMonth(m.String()); err != nil || back != m {
			t.Fatalf("ParseMonth(%q) = %v, which reads back as %v, %v", s, m, back, err)
		}
		if !m.Start(time.UTC).Before(m.End(time.UTC)) || m.Prev().End(time.UTC) != m.Start(time.UTC) {
			t.Fatalf("month %v: start %v, end %v, previous ends %v", m, m.Start(time.UTC), m.End(time.UTC), m.Prev().End(time.UTC))
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-02", "2024-02-29", "2026-02-29", "2026-04-31", " 2026-03-02", "2026-3-2", "20260302", "2026-03-02T00:00:00Z", "", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range []*time.Location{time.UTC, shanghaiForFuzz} {
			d, err := ParseDate(s, loc)
			if err != nil {
				if errs.ExitCode(err) != errs.ExitInvalid {
					t.Fatalf("ParseDate(%q): %v is not a usage error", s, err)
				}
				return
			}
			if d.Location() != loc || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 {
				t.Fatalf("ParseDate(%q, %v) = %v, not midnight there", s, loc, d)
			}
			if back, err := ParseDate(d.Format("2006-01-02"), loc); err != nil || !back.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, back, err)
			}
		}
	})
}

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W10", "2026-W01", "2026-W53", "2020-W53", "2026-W00", "2026-W1", "2026W10", "2026-w10", " 2026-W10 ", "2026-W+1", "-202-W10", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeek(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseWeek(%q): %v is not a usage error", s, err)
			}
			return
		}
		if w.Week < 1 || w.Week > 53 {
			t.Fatalf("ParseWeek(%q) = %+v", s, w)
		}
		if back, err := ParseWeek(w.String()); err != nil || back != w {
			t.Fatalf("ParseWeek(%q) = %v, which reads back as %v, %v", s, w, back, err)
		}
		start := w.Start(time.UTC)
		if start.Weekday() != time.Monday || WeekOf(start, time.UTC) != w || WeekOf(start.AddDate(0, 0, 6), time.UTC) != w {
			t.Fatalf("week %v starts %v (%v), which is in week %v", w, start, start.Weekday(), WeekOf(start, time.UTC))
		}
	})
}

var shanghaiForFuzz = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()
