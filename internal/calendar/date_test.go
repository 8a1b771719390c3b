package calendar

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  string
	}{
		{in: "2026-10-01", want: Date{2026, time.October, 1}},
		{in: "2024-02-29", want: Date{2024, time.February, 29}},
		{in: "0001-01-01", want: Date{1, time.January, 1}},
		{in: "2025-02-29", err: `invalid date "2025-02-29": there is no such day`},
		{in: "2026-13-01", err: `invalid date "2026-13-01": there is no such day`},
		{in: "2026-00-10", err: `there is no such day`},
		{in: "2026-04-31", err: `there is no such day`},
		{in: "2026-4-1", err: `invalid date "2026-4-1": write YYYY-MM-DD, e.g. 2026-10-01`},
		{in: "2026/10/01", err: `write YYYY-MM-DD`},
		{in: "2026-10-0x", err: `write YYYY-MM-DD`},
		{in: "+026-10-01", err: `write YYYY-MM-DD`},
		{in: "", err: `write YYYY-MM-DD`},
		{in: " 2026-10-01", err: `write YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

// TestDaysAgreesWithTime checks the day arithmetic against package time over
// eight centuries, including negative day numbers and leap centuries.
func TestDaysAgreesWithTime(t *testing.T) {
	for tm := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2400; tm = tm.AddDate(0, 0, 1) {
		d := DateOf(tm, time.UTC)
		want := int(tm.Unix() / 86400)
		if got := d.Days(); got != want {
			t.Fatalf("%v.Days() = %d, want %d", d, got, want)
		}
		if back := DateFromDays(want); back != d {
			t.Fatalf("DateFromDays(%d) = %v, want %v", want, back, d)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, d.Weekday(), tm.Weekday())
		}
	}
}

func TestDateHelpers(t *testing.T) {
	d := Date{2026, time.September, 30}
	if got := d.AddDays(1); got != (Date{2026, time.October, 1}) {
		t.Errorf("AddDays(1) = %v", got)
	}
	if got := d.AddDays(-273); got != (Date{2025, time.December, 31}) {
		t.Errorf("AddDays(-273) = %v", got)
	}
	if got := (Date{2026, time.February, 30}).Days(); got != (Date{2026, time.March, 2}).Days() {
		t.Errorf("2026-02-30 does not count on into March")
	}
	if got := (Date{2026, 13, 1}).Days(); got != (Date{2027, time.January, 1}).Days() {
		t.Errorf("month 13 does not count on into January")
	}
	tests := []struct {
		a, b Date
		want int
	}{
		{Date{2026, 10, 1}, Date{2026, 10, 1}, 0},
		{Date{2026, 9, 30}, Date{2026, 10, 1}, -1},
		{Date{2027, 1, 1}, Date{2026, 12, 31}, 1},
		{Date{2026, 10, 2}, Date{2026, 10, 1}, 1},
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if tt.a.Before(tt.b) != (tt.want < 0) || tt.a.After(tt.b) != (tt.want > 0) {
			t.Errorf("%v Before/After %v disagree with Compare", tt.a, tt.b)
		}
	}
	shanghai := mustLoad(t, "Asia/Shanghai")
	utcEvening := time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC) // 01:00 on Oct 1 in Shanghai
	if got := DateOf(utcEvening, shanghai); got != (Date{2026, 10, 1}) {
		t.Errorf("DateOf in Shanghai = %v", got)
	}
	if got := DateOf(utcEvening, nil); got != (Date{2026, 9, 30}) {
		t.Errorf("DateOf with nil location = %v", got)
	}
	if got := (Date{2026, 10, 1}).Midnight(shanghai); !got.Equal(time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Midnight = %v", got)
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero")
	}
	if got := (Date{12026, 1, 2}).String(); got != "12026-01-02" {
		t.Errorf("String of a five-digit year = %q", got)
	}
}

func TestDateText(t *testing.T) {
	type day struct {
		Date Date `json:"date"`
	}
	b, err := json.Marshal(day{Date{2026, 10, 1}})
	if err != nil || string(b) != `{"date":"2026-10-01"}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var d day
	if err := json.Unmarshal([]byte(`{"date":"2026-02-14"}`), &d); err != nil || d.Date != (Date{2026, 2, 14}) {
		t.Fatalf("unmarshal = %v, %v", d.Date, err)
	}
	if err := json.Unmarshal([]byte(`{"date":"2026-02-30"}`), &d); err == nil {
		t.Fatal("unmarshal of 2026-02-30 succeeded")
	}
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("loading time zone: %v", err)
	}
	return loc
}
