package when

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, sh)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-03-02T09:00:00+08:00", time.Date(2026, 3, 2, 9, 0, 0, 0, sh)},
		{"2026-03-02T01:00:00Z", time.Date(2026, 3, 2, 9, 0, 0, 0, sh)},
		{"2026-03-02 09:30", time.Date(2026, 3, 2, 9, 30, 0, 0, sh)},
		{"2026-03-02 09:30:15", time.Date(2026, 3, 2, 9, 30, 15, 0, sh)},
		{"2026-03-02", time.Date(2026, 3, 2, 0, 0, 0, 0, sh)},
		{"08:15", time.Date(2026, 3, 2, 8, 15, 0, 0, sh)},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, sh, now)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2026-13-01", "25:00", "2026-03-02 9"} {
		if _, err := ParseTime(bad, sh, now); err == nil {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}

func TestWeeks(t *testing.T) {
	tests := []struct {
		in    string
		start string
	}{
		{"2026-W01", "2025-12-29"},
		{"2026-W10", "2026-03-02"},
		{"2020-W53", "2020-12-28"},
	}
	for _, tt := range tests {
		w, err := ParseWeek(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Start(time.UTC).Format("2006-01-02"); got != tt.start {
			t.Errorf("%s starts %s, want %s", tt.in, got, tt.start)
		}
		if WeekOf(w.Start(time.UTC), time.UTC) != w {
			t.Errorf("WeekOf(start of %s) differs", tt.in)
		}
	}
	for _, bad := range []string{"2026-W54", "2026-W00", "2026W10", "2026-W1", "2025-W53"} {
		if _, err := ParseWeek(bad); err == nil {
			t.Errorf("ParseWeek(%q) accepted", bad)
		}
	}
}

func TestMonthBounds(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	m, err := ParseMonth("2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if m.End(sh).Format(time.RFC3339) != "2027-01-01T00:00:00+08:00" || m.Prev().String() != "2026-11" {
		t.Fatalf("month bounds wrong: %v %v", m.End(sh), m.Prev())
	}
	// 00:30 local on the 1st belongs to that month whatever UTC says.
	tm := time.Date(2026, 12, 1, 0, 30, 0, 0, sh)
	if MonthOf(tm, sh) != m || MonthOf(tm, time.UTC).String() != "2026-11" {
		t.Fatal("MonthOf ignores the zone")
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-03-02T09:00:00+08:00", "2026-03-02 09:30", "09:00", "2026-03-02", "x", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s, time.UTC, now)
		if err == nil && tm.IsZero() {
			t.Fatalf("%q parsed to the zero time", s)
		}
	})
}
