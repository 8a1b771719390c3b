package when

import (
	"strings"
	"testing"
	"time"
)

func TestParseSheetTime(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
	for _, tc := range []struct{ in, want string }{
		{"2026/11/10 9:15", "2026-11-10 09:15:00"},
		{"2026/11/10 09:15:30", "2026-11-10 09:15:30"},
		{"2026/11/10", "2026-11-10 00:00:00"},
		{"2026-11-10", "2026-11-10 00:00:00"},
		{"2026-1-5 8:00", "2026-01-05 08:00:00"},
		{"2026-11-10 09:15", "2026-11-10 09:15:00"},
		{"2026年11月10日 9:15", "2026-11-10 09:15:00"},
		{"2026年11月10日", "2026-11-10 00:00:00"},
		{" 2026/11/10   9:15 ", "2026-11-10 09:15:00"},
		{"2026-11-10T09:15:00+08:00", "2026-11-10 09:15:00"},
		{"2026-11-10T01:15:00Z", "2026-11-10 09:15:00"},
		{"46336", "2026-11-10 00:00:00"},
		{"46336.39", "2026-11-10 09:21:36"},
		{"46336.385416666664", "2026-11-10 09:15:00"}, // 9:15 as Excel stores it
		{"46336.3854166666", "2026-11-10 09:15:00"},   // and as a workbook reader rounds it
		{"36526", "2000-01-01 00:00:00"},
	} {
		got, err := ParseSheetTime(tc.in, loc, now)
		if err != nil {
			t.Errorf("ParseSheetTime(%q): %v", tc.in, err)
			continue
		}
		if s := got.In(loc).Format("2006-01-02 15:04:05"); s != tc.want {
			t.Errorf("ParseSheetTime(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
	for _, bad := range []string{"", "tomorrow", "2026/13/01", "2026/2/30", "12", "-46336", "1e5", "NaN", "Inf", "99999", "1999/12/31", "11/10/2026"} {
		if got, err := ParseSheetTime(bad, loc, now); err == nil {
			t.Errorf("ParseSheetTime(%q) = %v, want an error", bad, got)
		} else if !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseSheetTime(%q): %v does not quote the input", bad, err)
		}
	}
}

// Whatever a cell holds, ParseSheetTime returns a time within kefu's years or an error.
func FuzzParseSheetTime(f *testing.F) {
	for _, s := range []string{"2026/11/10 9:15", "46336.39", "2026年11月10日", "2026-11-10", "36525.9999999", "73415.99999999"} {
		f.Add(s)
	}
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSheetTime(s, loc, now)
		if err != nil {
			return
		}
		if y := got.In(loc).Year(); y < MinYear || y > MaxYear+1 {
			t.Fatalf("ParseSheetTime(%q) = %v, outside %d-%d", s, got, MinYear, MaxYear)
		}
	})
}
