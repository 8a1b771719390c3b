package calendar

import (
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// The calendar's parsers of user input (holiday dates, calendar.workweek) never panic, refuse
// with exit 2, and what they accept prints back as itself.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-10-01", "2024-02-29", "2026-02-29", "2026-00-10", "2026-13-01", "2026-01-32", "0000-01-01", "9999-12-31", "2026-1-01", "2026/10/01", "+026-10-01", "２０２６-10-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseDate(%q): %v is not a usage error", s, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %v, which prints as %q", s, d, d.String())
		}
		if DateFromDays(d.Days()) != d || d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("ParseDate(%q) = %v does not survive day arithmetic", s, d)
		}
	})
}

func FuzzParseWorkweek(f *testing.F) {
	for _, s := range []string{"mon-fri", "mon-sun", "mon,wed,fri", "fri-mon", "Monday-Friday", " sat ", "sun-sun", "mon-", "-fri", ",", "mon,,tue", "mon-tue-wed", "周一-周五", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		week, err := ParseWorkweek(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseWorkweek(%q): %v is not a usage error", s, err)
			}
			return
		}
		if week == [7]bool{} {
			t.Fatalf("ParseWorkweek(%q) has no working day", s)
		}
		if back, err := ParseWorkweek(FormatWorkweek(week)); err != nil || back != week {
			t.Fatalf("ParseWorkweek(%q) = %v, printed %q, reads back as %v, %v", s, week, FormatWorkweek(week), back, err)
		}
	})
}
