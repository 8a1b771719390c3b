package when

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

func TestRelativePeriods(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	// Monday 2026-03-02 is the service day; Sunday 2026-03-01 is also the 1st.
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	firstOfMonth := time.Date(2026, 3, 1, 0, 0, 0, 0, loc)
	newYear := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	dates := []struct {
		in    string
		today time.Time
		want  string
	}{
		{"today", monday, "2026-03-02"},
		{"yesterday", monday, "2026-03-01"},
		{" Yesterday ", firstOfMonth, "2026-02-28"},
		{"yesterday", newYear, "2025-12-31"},
		{"2026-02-14", monday, "2026-02-14"},
	}
	for _, tt := range dates {
		got, err := DateFrom(tt.in, tt.today, loc)
		if err != nil {
			t.Fatalf("DateFrom(%q): %v", tt.in, err)
		}
		if s := got.Format("2006-01-02"); s != tt.want || got.Hour() != 0 || got.Location() != loc {
			t.Errorf("DateFrom(%q, %s) = %v, want %s midnight", tt.in, tt.today.Format("2006-01-02"), got, tt.want)
		}
	}
	weeks := []struct {
		in    string
		today time.Time
		want  string
	}{
		{"this-week", monday, "2026-W10"},
		{"today", monday, "2026-W10"},
		{"yesterday", monday, "2026-W09"},
		{"last-week", monday, "2026-W09"},
		{"last-week", newYear, "2025-W52"},
		{"2026-W05", monday, "2026-W05"},
	}
	for _, tt := range weeks {
		got, err := WeekFrom(tt.in, tt.today, loc)
		if err != nil || got.String() != tt.want {
			t.Errorf("WeekFrom(%q, %s) = %v, %v; want %s", tt.in, tt.today.Format("2006-01-02"), got, err, tt.want)
		}
	}
	months := []struct {
		in    string
		today time.Time
		want  string
	}{
		{"this-month", monday, "2026-03"},
		{"today", monday, "2026-03"},
		{"yesterday", monday, "2026-03"},
		{"yesterday", firstOfMonth, "2026-02"},
		{"last-month", monday, "2026-02"},
		{"last-month", newYear, "2025-12"},
		{"LAST-MONTH", newYear, "2025-12"},
		{"2026-11", monday, "2026-11"},
	}
	for _, tt := range months {
		got, err := MonthFrom(tt.in, tt.today, loc)
		if err != nil || got.String() != tt.want {
			t.Errorf("MonthFrom(%q, %s) = %v, %v; want %s", tt.in, tt.today.Format("2006-01-02"), got, err, tt.want)
		}
	}
}

func TestRelativePeriodsRefused(t *testing.T) {
	loc := time.UTC
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	for _, tt := range []struct {
		fn   func(string) error
		in   string
		want string
	}{
		{func(s string) error { _, err := DateFrom(s, today, loc); return err }, "this-week", "is not a day"},
		{func(s string) error { _, err := DateFrom(s, today, loc); return err }, "tomorow", "today or yesterday"},
		{func(s string) error { _, err := DateFrom(s, today, loc); return err }, "1999-01-01", "out of range"},
		{func(s string) error { _, err := WeekFrom(s, today, loc); return err }, "last-month", "is not a week"},
		{func(s string) error { _, err := WeekFrom(s, today, loc); return err }, "2026-W99", "invalid week"},
		{func(s string) error { _, err := MonthFrom(s, today, loc); return err }, "this-week", "is not a month"},
		{func(s string) error { _, err := MonthFrom(s, today, loc); return err }, "2026-13", "invalid month"},
	} {
		err := tt.fn(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want one containing %q", tt.in, err, tt.want)
		}
	}
}

// The relative parsers never panic, refuse with a usage error, and what they accept is the
// period of a day near today or one the absolute parser reads the same.
func FuzzRelativePeriods(f *testing.F) {
	for _, s := range []string{"today", "yesterday", "this-week", "last-week", "this-month", "last-month", " Today ", "2026-03-02", "2026-W10", "2026-03", "", "tomorrow"} {
		f.Add(s)
	}
	loc := time.FixedZone("CST", 8*3600)
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := DateFrom(s, today, loc); err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("DateFrom(%q): %v is not a usage error", s, err)
			}
		} else if d.Hour() != 0 || d.Minute() != 0 {
			t.Fatalf("DateFrom(%q) = %v, not a midnight", s, d)
		}
		if w, err := WeekFrom(s, today, loc); err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("WeekFrom(%q): %v is not a usage error", s, err)
			}
		} else if back, err := ParseWeek(w.String()); err != nil || back != w {
			t.Fatalf("WeekFrom(%q) = %v, which reads back as %v, %v", s, w, back, err)
		}
		if m, err := MonthFrom(s, today, loc); err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("MonthFrom(%q): %v is not a usage error", s, err)
			}
		} else if back, err := ParseMonth(m.String()); err != nil || back != m {
			t.Fatalf("MonthFrom(%q) = %v, which reads back as %v, %v", s, m, back, err)
		}
	})
}
