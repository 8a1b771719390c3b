package calendar

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/duration"
)

// at reads "2006-01-02 15:04" (or with seconds) as a wall time in loc.
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	layout := "2006-01-02 15:04"
	if len(s) > len(layout) {
		layout = "2006-01-02 15:04:05.999999999"
	}
	tm, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func dur(t testing.TB, s string) duration.Duration {
	t.Helper()
	d, err := duration.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var everyDay = [7]bool{true, true, true, true, true, true, true}

type dueCase struct {
	name   string
	c      *Calendar
	start  string // wall time in the calendar's zone
	window string
	want   string // wall time in the calendar's zone
}

func checkDue(t *testing.T, tests []dueCase) {
	t.Helper()
	for _, tt := range tests {
		loc := tt.c.Location()
		start := at(t, loc, tt.start)
		want := at(t, loc, tt.want)
		got := tt.c.Due(start, dur(t, tt.window))
		if !got.Equal(want) {
			t.Errorf("%s: Due(%s, %s) = %s, want %s", tt.name, tt.start, tt.window,
				got.Format("2006-01-02 15:04:05 Mon MST"), want.Format("2006-01-02 15:04:05 Mon MST"))
		}
		if got.Location() != loc {
			t.Errorf("%s: Due returned a time in %v, want %v", tt.name, got.Location(), loc)
		}
	}
}

// TestDueShanghai runs the product rules on the default cn calendar. Dates of
// holidays are lunar-go v1.4.7's: National Day 2026 is Oct 1 (Thu) to Oct 7
// (Wed), with 调休 working days on Sunday Sep 20 and Saturday Oct 10;
// Mid-Autumn is Sep 25-27. March 2026 has no holiday.
func TestDueShanghai(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	dayShift := mustNew(t, Config{Location: shanghai, Hours: Span{8*60 + 30, 17*60 + 30}})
	none7 := mustNew(t, Config{Location: shanghai, Region: RegionNone, Workweek: everyDay})
	teamHoliday := mustNew(t, Config{Location: shanghai, Holidays: []Date{{2026, 3, 16}}})
	teamWorkday := mustNew(t, Config{Location: shanghai, Workdays: []Date{{2026, 3, 14}}})
	shortSaturday := mustNew(t, Config{Location: shanghai, WeekdayHours: map[time.Weekday]Span{time.Saturday: {9 * 60, 12 * 60}}})
	checkDue(t, []dueCase{
		// product.md: Friday 15:00 + 2bd, no holiday → close of Tuesday, Wednesday 00:00.
		{"product example", cn, "2026-03-13 15:00", "2bd", "2026-03-18 00:00"},
		{"0bd is the close of day 0", cn, "2026-03-13 15:00", "0bd", "2026-03-14 00:00"},
		{"1bd over a weekend", cn, "2026-03-13 15:00", "1bd", "2026-03-17 00:00"},

		// National Day 2026.
		{"1bd from the eve of National Day", cn, "2026-09-30 10:00", "1bd", "2026-10-09 00:00"},
		{"0bd on the eve of National Day", cn, "2026-09-30 10:00", "0bd", "2026-10-01 00:00"},
		{"2bd is the close of the Friday after it", cn, "2026-09-30 10:00", "2bd", "2026-10-10 00:00"},
		{"3bd reaches the 调休 Saturday", cn, "2026-09-30 10:00", "3bd", "2026-10-11 00:00"},
		{"4bd skips the Sunday after it", cn, "2026-09-30 10:00", "4bd", "2026-10-13 00:00"},
		{"4bh over National Day", cn, "2026-09-30 22:00", "4bh", "2026-10-08 10:30"},
		{"start on a holiday, 0bd", cn, "2026-10-03 11:00", "0bd", "2026-10-09 00:00"},
		{"start on a holiday, 4bh", cn, "2026-10-03 11:00", "4bh", "2026-10-08 12:30"},
		{"start on a holiday, 30bm", cn, "2026-10-02 10:00", "30bm", "2026-10-08 09:00"},

		// 调休: Sunday 2026-09-20 is a working day.
		{"调休 Sunday counts as a business day", cn, "2026-09-18 15:00", "1bd", "2026-09-21 00:00"},
		{"调休 Sunday gives business hours", cn, "2026-09-19 12:00", "2bh", "2026-09-20 10:30"},
		{"调休 Saturday after National Day", cn, "2026-10-09 20:00", "8bh", "2026-10-10 12:30"},
		{"Mid-Autumn Friday is skipped", cn, "2026-09-24 23:00", "2bh", "2026-09-28 09:30"},

		// Starts outside service hours.
		{"start on a weekend, 1bd", cn, "2026-03-14 10:00", "1bd", "2026-03-18 00:00"},
		{"start on a weekend, 1bh", cn, "2026-03-14 10:00", "1bh", "2026-03-16 09:30"},
		{"start before opening, 1bh", cn, "2026-03-16 07:00", "1bh", "2026-03-16 09:30"},
		{"start before opening, 0bd", cn, "2026-03-16 07:00", "0bd", "2026-03-17 00:00"},
		{"start just after midnight close", cn, "2026-03-17 00:00", "1bh", "2026-03-17 09:30"},
		{"start after close, 1bh", dayShift, "2026-03-16 18:00", "1bh", "2026-03-17 09:30"},
		{"start after close on Friday, 0bd", dayShift, "2026-03-13 18:00", "0bd", "2026-03-16 17:30"},
		{"start after close on Friday, 1bd", dayShift, "2026-03-13 18:00", "1bd", "2026-03-17 17:30"},
		{"0bh outside hours is the next opening", cn, "2026-03-14 10:00", "0bh", "2026-03-16 08:30"},
		{"0bh in hours is the start", cn, "2026-03-16 10:00", "0bh", "2026-03-16 10:00"},

		// Edges of service hours.
		{"start exactly at opening", cn, "2026-03-16 08:30", "30bm", "2026-03-16 09:00"},
		{"start exactly at opening, 0bd", cn, "2026-03-16 08:30", "0bd", "2026-03-17 00:00"},
		{"start exactly at closing", dayShift, "2026-03-16 17:30", "1bh", "2026-03-17 09:30"},
		{"start exactly at closing, 0bd", dayShift, "2026-03-16 17:30", "0bd", "2026-03-17 17:30"},
		{"runs out exactly at a 24:00 close", cn, "2026-03-16 20:00", "4bh", "2026-03-17 00:00"},
		{"runs out exactly at a 17:30 close", dayShift, "2026-03-16 16:30", "1bh", "2026-03-16 17:30"},
		{"runs out exactly at Friday's close", dayShift, "2026-03-13 16:30", "60bm", "2026-03-13 17:30"},
		{"a minute past the close", dayShift, "2026-03-13 16:30", "61bm", "2026-03-16 08:31"},
		{"bm across midnight", cn, "2026-03-16 23:50", "30bm", "2026-03-17 08:50"},
		{"bh over several days", cn, "2026-03-16 10:00", "40bh", "2026-03-18 19:00"},
		{"a week of business hours", cn, "2026-03-16 08:30", "77bh", "2026-03-20 23:30"},

		// Calendar units.
		{"seconds", cn, "2026-03-16 23:59:50", "30s", "2026-03-17 00:00:20"},
		{"minutes ignore service hours", cn, "2026-10-01 10:00", "15m", "2026-10-01 10:15"},
		{"hours ignore holidays", cn, "2026-09-30 22:00", "72h", "2026-10-03 22:00"},
		{"days", cn, "2026-09-30 22:00", "3d", "2026-10-03 22:00"},

		// Region none, team days, per-weekday hours.
		{"region none mon-sun works National Day", none7, "2026-10-03 10:00", "1bd", "2026-10-05 00:00"},
		{"region none mon-sun works Saturday", none7, "2026-03-14 23:00", "2bh", "2026-03-15 09:30"},
		{"team holiday on Monday", teamHoliday, "2026-03-13 15:00", "1bd", "2026-03-18 00:00"},
		{"team holiday on Monday, bh", teamHoliday, "2026-03-13 23:00", "2bh", "2026-03-17 09:30"},
		{"team working Saturday", teamWorkday, "2026-03-13 15:00", "1bd", "2026-03-15 00:00"},
		{"team working Saturday, bh", teamWorkday, "2026-03-13 23:00", "2bh", "2026-03-14 09:30"},
		{"short 调休 Saturday, bh", shortSaturday, "2026-10-09 20:00", "8bh", "2026-10-12 09:30"},
		{"short 调休 Saturday, bd", shortSaturday, "2026-10-09 15:00", "1bd", "2026-10-10 12:00"},
		{"short Saturday, start after its close", shortSaturday, "2026-10-10 13:00", "1bh", "2026-10-12 09:30"},
	})
}

// TestDueNewYork checks DST: America/New_York springs forward on Sunday
// 2026-03-08 at 02:00 and falls back on Sunday 2026-11-01 at 02:00.
func TestDueNewYork(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	weekdays := mustNew(t, Config{Location: ny, Region: RegionNone})
	allHours := mustNew(t, Config{Location: ny, Region: RegionNone, Workweek: everyDay, Hours: Span{0, dayMinutes}})
	night := mustNew(t, Config{Location: ny, Region: RegionNone, Workweek: everyDay, Hours: Span{60, 4 * 60}})
	checkDue(t, []dueCase{
		{"bh over the March change", weekdays, "2026-03-06 20:00", "8bh", "2026-03-09 12:30"},
		{"bd over the March change", weekdays, "2026-03-06 15:00", "1bd", "2026-03-10 00:00"},
		{"bh over the November change", weekdays, "2026-10-30 20:00", "8bh", "2026-11-02 12:30"},
		// Service time is elapsed time: the lost hour is not served.
		{"24h service on the spring day", allHours, "2026-03-08 00:30", "4bh", "2026-03-08 05:30"},
		{"24h service on the autumn day", allHours, "2026-11-01 00:30", "4bh", "2026-11-01 03:30"},
		{"24h service, a day on the spring day", allHours, "2026-03-08 00:00", "24bh", "2026-03-09 01:00"},
		{"night hours holding the spring change", night, "2026-03-08 01:00", "2bh", "2026-03-08 04:00"},
		{"night hours holding the spring change, bd", night, "2026-03-07 02:00", "1bd", "2026-03-08 04:00"},
		{"calendar hours over the change", weekdays, "2026-03-07 12:00", "24h", "2026-03-08 13:00"},
		{"calendar day over the change", weekdays, "2026-03-07 12:00", "1d", "2026-03-08 12:00"},
	})
	// One business day of 24h service holds 23 hours of service time on the spring day.
	if got := allHours.BusinessSeconds(at(t, ny, "2026-03-08 00:00"), at(t, ny, "2026-03-09 00:00")); got != 23*3600 {
		t.Errorf("BusinessSeconds over the spring day = %d, want %d", got, 23*3600)
	}
	if got := allHours.BusinessSeconds(at(t, ny, "2026-11-01 00:00"), at(t, ny, "2026-11-02 00:00")); got != 25*3600 {
		t.Errorf("BusinessSeconds over the autumn day = %d, want %d", got, 25*3600)
	}
}

func TestDueUTC(t *testing.T) {
	office := mustNew(t, Config{Location: time.UTC, Region: RegionNone, Hours: Span{9 * 60, 17 * 60}})
	checkDue(t, []dueCase{
		{"over a weekend", office, "2026-03-13 16:00", "2bh", "2026-03-16 10:00"},
		{"0bd", office, "2026-03-13 16:00", "0bd", "2026-03-13 17:00"},
		{"5bd", office, "2026-03-13 16:00", "5bd", "2026-03-20 17:00"},
		{"region none keeps working on National Day", office, "2026-10-01 09:00", "1bd", "2026-10-02 17:00"},
		{"a leap day", office, "2028-02-28 16:30", "1bh", "2028-02-29 09:30"},
	})
}

// TestDueSubSecond checks that fractions of a second carry through.
func TestDueSubSecond(t *testing.T) {
	dayShift := mustNew(t, Config{Location: time.UTC, Region: RegionNone, Hours: Span{9 * 60, 17 * 60}})
	tests := []struct {
		start, window, want string
	}{
		{"2026-03-16 10:00:00.25", "1bh", "2026-03-16 11:00:00.25"},
		// 59m59.75s are left on Monday, so a quarter second is served on Tuesday.
		{"2026-03-16 16:00:00.25", "1bh", "2026-03-17 09:00:00.25"},
		{"2026-03-16 16:00:00.25", "59m", "2026-03-16 16:59:00.25"},
		{"2026-03-16 17:30:00.25", "1bh", "2026-03-17 10:00"},
		{"2026-03-16 16:00:00.25", "0bd", "2026-03-16 17:00"},
	}
	for _, tt := range tests {
		got := dayShift.Due(at(t, time.UTC, tt.start), dur(t, tt.window))
		if want := at(t, time.UTC, tt.want); !got.Equal(want) {
			t.Errorf("Due(%s, %s) = %s, want %s", tt.start, tt.window, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
		}
	}
	from := at(t, time.UTC, "2026-03-16 10:00:00.7")
	if got := dayShift.BusinessSeconds(from, at(t, time.UTC, "2026-03-16 10:00:01.2")); got != 0 {
		t.Errorf("BusinessSeconds over half a second = %d", got)
	}
	if got := dayShift.BusinessSeconds(from, at(t, time.UTC, "2026-03-16 10:00:02.8")); got != 2 {
		t.Errorf("BusinessSeconds over 2.1s = %d", got)
	}
	if !dayShift.InService(at(t, time.UTC, "2026-03-16 16:59:59.999")) {
		t.Error("16:59:59.999 is not in service")
	}
}

func TestNextOpeningAndInService(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	tests := []struct {
		t, next   string
		inService bool
	}{
		{"2026-03-16 10:00", "2026-03-16 10:00", true},
		{"2026-03-16 08:30", "2026-03-16 08:30", true},
		{"2026-03-16 08:29:59", "2026-03-16 08:30", false},
		{"2026-03-16 23:59:59", "2026-03-16 23:59:59", true},
		{"2026-03-17 00:00", "2026-03-17 08:30", false},
		{"2026-03-14 10:00", "2026-03-16 08:30", false},
		{"2026-09-30 23:00", "2026-09-30 23:00", true},
		{"2026-10-01 00:00", "2026-10-08 08:30", false},
		{"2026-09-19 09:00", "2026-09-20 08:30", false}, // to the 调休 Sunday
		{"2027-12-31 10:00", "2027-12-31 10:00", true},  // the last day of the data, a Friday
		{"2028-01-01 10:00", "2028-01-03 08:30", false}, // beyond the data: Monday–Friday
	}
	for _, tt := range tests {
		tm := at(t, shanghai, tt.t)
		if got, want := cn.NextOpening(tm), at(t, shanghai, tt.next); !got.Equal(want) {
			t.Errorf("NextOpening(%s) = %v, want %v", tt.t, got, want)
		}
		if got := cn.InService(tm); got != tt.inService {
			t.Errorf("InService(%s) = %v, want %v", tt.t, got, tt.inService)
		}
	}
}

func TestBusinessSeconds(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	const hour = 3600
	tests := []struct {
		from, to string
		want     int64
	}{
		{"2026-03-16 10:00", "2026-03-16 11:00", hour},
		{"2026-03-16 11:00", "2026-03-16 10:00", 0},
		{"2026-03-16 10:00", "2026-03-16 10:00", 0},
		{"2026-03-16 20:00", "2026-03-17 09:30", 5 * hour},
		{"2026-03-14 10:00", "2026-03-15 10:00", 0},
		{"2026-03-16 00:00", "2026-03-23 00:00", 5 * 15.5 * hour},
		{"2026-03-16 07:00", "2026-03-16 08:00", 0},
		{"2026-03-16 23:00", "2026-03-17 08:30", hour},
		{"2026-09-30 23:00", "2026-10-08 08:30", hour},
		{"2026-09-30 23:00", "2026-10-08 09:00", 1.5 * hour},
		{"2026-09-18 12:00", "2026-09-21 12:00", (12 + 15.5 + 3.5) * hour}, // Friday, the 调休 Sunday, Monday
		// A year: 2026 has 248 working days in the data (365 - 104 weekend days - 19 holidays on weekdays + 6 调休).
		{"2026-01-01 00:00", "2027-01-01 00:00", 248 * 15.5 * hour},
	}
	for _, tt := range tests {
		if got := cn.BusinessSeconds(at(t, shanghai, tt.from), at(t, shanghai, tt.to)); got != tt.want {
			t.Errorf("BusinessSeconds(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestWorkingDays2026(t *testing.T) {
	c := mustNew(t, Config{Location: time.UTC})
	total := 0
	for m := time.January; m <= time.December; m++ {
		for _, d := range c.Month(2026, m) {
			if d.Working {
				total++
			}
		}
	}
	if total != 248 {
		t.Errorf("2026 has %d working days, want 248", total)
	}
}

// TestRoundTrip checks AddBusinessSeconds(s, BusinessSeconds(s, t)) == t for
// t inside service hours. An opening is excluded: the service time up to it
// runs out at the close before it, which is the same point of service time.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, cal := range testCalendars(t) {
		c := cal.c
		base := at(t, c.Location(), "2026-01-01 00:00")
		for i := 0; i < 2000; i++ {
			s := base.Add(time.Duration(rng.Int64N(400*24*3600)) * time.Second)
			e := s.Add(time.Duration(rng.Int64N(20*24*3600)) * time.Second)
			if !c.InService(e) {
				e = c.NextOpening(e).Add(time.Duration(1+rng.Int64N(600)) * time.Second)
				if !c.InService(e) {
					continue
				}
			}
			if e.Before(s) {
				continue
			}
			secs := c.BusinessSeconds(s, e)
			if got := c.AddBusinessSeconds(s, secs); !got.Equal(e) {
				t.Fatalf("%s: AddBusinessSeconds(%v, BusinessSeconds(%v, %v) = %d) = %v", cal.name, s, s, e, secs, got)
			}
		}
		// At an opening: the close before it, with no service time between.
		s := at(t, c.Location(), "2026-03-16 12:00")
		opening := c.NextOpening(c.Due(s, dur(t, "0bd")))
		got := c.AddBusinessSeconds(s, c.BusinessSeconds(s, opening))
		if got.After(opening) || c.BusinessSeconds(got, opening) != 0 {
			t.Errorf("%s: round trip to the opening %v gave %v", cal.name, opening, got)
		}
	}
}

type namedCalendar struct {
	name string
	c    *Calendar
}

func testCalendars(t testing.TB) []namedCalendar {
	shanghai := mustLoad(t, "Asia/Shanghai")
	ny := mustLoad(t, "America/New_York")
	return []namedCalendar{
		{"cn Shanghai", mustNew(t, Config{Location: shanghai})},
		{"cn Shanghai day shift, short Saturdays, team days", mustNew(t, Config{Location: shanghai, Hours: Span{510, 1050},
			WeekdayHours: map[time.Weekday]Span{time.Saturday: {540, 720}},
			Holidays:     []Date{{2026, 3, 17}, {2026, 12, 24}}, Workdays: []Date{{2026, 3, 21}, {2026, 10, 4}}})},
		{"none New York", mustNew(t, Config{Location: ny, Region: RegionNone})},
		{"none New York 24h", mustNew(t, Config{Location: ny, Region: RegionNone, Workweek: everyDay, Hours: Span{0, dayMinutes}})},
		{"none New York nights", mustNew(t, Config{Location: ny, Region: RegionNone, Workweek: everyDay, Hours: Span{60, 4 * 60}})},
		{"none UTC mon,wed,fri", mustNew(t, Config{Location: time.UTC, Region: RegionNone, Workweek: [7]bool{1: true, 3: true, 5: true}})},
	}
}

// refAdd is a slow, obvious AddBusinessSeconds for whole-second starts: it
// walks the days with time.Date and no caching.
func refAdd(c *Calendar, start time.Time, secs int64) time.Time {
	loc := c.Location()
	for d := DateOf(start, loc).AddDays(-1); ; d = d.AddDays(1) {
		info := c.Day(d)
		if !info.Working {
			continue
		}
		open := time.Date(d.Y, d.M, d.D, 0, info.Hours.Open, 0, 0, loc)
		close := time.Date(d.Y, d.M, d.D, 0, info.Hours.Close, 0, 0, loc)
		if !start.Before(close) {
			continue
		}
		if start.Before(open) {
			start = open
		}
		left := int64(close.Sub(start) / time.Second)
		if secs <= left {
			return start.Add(time.Duration(secs) * time.Second)
		}
		secs -= left
		start = close
	}
}

// refSeconds is a slow, obvious BusinessSeconds for whole-second instants.
func refSeconds(c *Calendar, from, to time.Time) int64 {
	loc := c.Location()
	var secs int64
	for d := DateOf(from, loc).AddDays(-1); !d.After(DateOf(to, loc)); d = d.AddDays(1) {
		info := c.Day(d)
		if !info.Working {
			continue
		}
		open := time.Date(d.Y, d.M, d.D, 0, info.Hours.Open, 0, 0, loc)
		close := time.Date(d.Y, d.M, d.D, 0, info.Hours.Close, 0, 0, loc)
		if from.After(open) {
			open = from
		}
		if to.Before(close) {
			close = to
		}
		if close.After(open) {
			secs += int64(close.Sub(open) / time.Second)
		}
	}
	return secs
}

// TestAgainstReference compares the fast arithmetic with the slow reference
// around both 2026 DST changes in New York and over the 2026 holidays.
func TestAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, cal := range testCalendars(t) {
		c := cal.c
		for _, around := range []string{"2026-03-08 02:00", "2026-11-01 01:30", "2026-09-30 12:00", "2026-02-15 12:00"} {
			mid := at(t, c.Location(), around)
			for i := 0; i < 500; i++ {
				s := mid.Add(time.Duration(rng.Int64N(10*24*3600)-7*24*3600) * time.Second)
				secs := rng.Int64N(30 * 3600)
				if i%10 == 0 {
					secs = rng.Int64N(5) * 1800 // land on closes and openings
				}
				got, want := c.AddBusinessSeconds(s, secs), refAdd(c, s, secs)
				if !got.Equal(want) {
					t.Fatalf("%s: AddBusinessSeconds(%v, %d) = %v, reference %v", cal.name, s, secs, got, want)
				}
				e := s.Add(time.Duration(rng.Int64N(6*24*3600)) * time.Second)
				if got, want := c.BusinessSeconds(s, e), refSeconds(c, s, e); got != want {
					t.Fatalf("%s: BusinessSeconds(%v, %v) = %d, reference %d", cal.name, s, e, got, want)
				}
			}
		}
	}
}

// TestFarAway checks instants far outside the official data, before and
// after it, and that absurd inputs return instead of looping.
func TestFarAway(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	checkDue(t, []dueCase{
		{"1950", cn, "1950-03-03 15:00", "2bd", "1950-03-08 00:00"},
		{"2100", cn, "2100-03-05 15:00", "2bd", "2100-03-10 00:00"},
		{"from before the data into it", cn, "2000-12-29 12:00", "1000bd", "2004-12-11 00:00"},
		{"100 years of business days", cn, "2026-03-13 15:00", "36525bd", "2166-04-15 00:00"},
	})
	start := at(t, shanghai, "2026-03-16 10:00")
	huge := cn.AddBusinessSeconds(start, 1<<62)
	if !huge.After(start.AddDate(9000, 0, 0)) {
		t.Errorf("AddBusinessSeconds(1<<62) = %v", huge)
	}
	if got := cn.Due(start, duration.Duration{N: 1 << 40, Unit: duration.BizDay}); !got.After(start.AddDate(9000, 0, 0)) {
		t.Errorf("Due(1<<40 bd) = %v", got)
	}
	if got := cn.AddBusinessSeconds(start, -5); !got.Equal(start) {
		t.Errorf("negative seconds: %v", got)
	}
	if got := cn.Due(start, duration.Duration{N: -3, Unit: duration.BizDay}); !got.Equal(cn.Due(start, dur(t, "0bd"))) {
		t.Errorf("negative bd: %v", got)
	}
	if got := cn.Due(start, duration.Duration{N: 3, Unit: 99}); !got.Equal(start) {
		t.Errorf("unknown unit: %v", got)
	}
}

func FuzzDue(f *testing.F) {
	f.Add(int64(0), "2bd", uint8(0))
	f.Add(int64(3600*24*270), "4bh", uint8(1))
	f.Add(int64(3600*24*66), "30bm", uint8(3))
	f.Add(int64(3600*24*300+3600*6), "1bd", uint8(4))
	f.Add(int64(-1), "0bd", uint8(5))
	f.Add(int64(1<<40), "100bh", uint8(2))
	cals := testCalendars(f)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const span = 40 * 365 * 24 * 3600 // 2006 to 2046
	f.Fuzz(func(t *testing.T, offset int64, window string, which uint8) {
		d, err := duration.Parse(window)
		if err != nil || d.N > 2000 {
			return
		}
		c := cals[int(which)%len(cals)].c
		start := base.Add(time.Duration(offset%span-span/2) * time.Second)
		due := c.Due(start, d)
		if due.Before(start) {
			t.Fatalf("Due(%v, %v) = %v, before the start", start, d, due)
		}
		if !d.IsBusiness() {
			return
		}
		later := start.Add(time.Duration(offset%(3*86400)+3*86400) * time.Second)
		if dueLater := c.Due(later, d); dueLater.Before(due) {
			t.Fatalf("Due(%v, %v) = %v, but Due(%v) = %v", start, d, due, later, dueLater)
		}
		if d.Unit == duration.BizDay {
			day := DateOf(due.Add(-time.Nanosecond), c.Location())
			info := c.Day(day)
			if !info.Working || !due.Equal(time.Date(day.Y, day.M, day.D, 0, info.Hours.Close, 0, 0, c.Location())) {
				t.Fatalf("Due(%v, %v) = %v is not the close of %v (%+v)", start, d, due, day, info)
			}
			return
		}
		want := d.N * 60
		if d.Unit == duration.BizHour {
			want = d.N * 3600
		}
		if got := c.BusinessSeconds(start, due); got != want {
			t.Fatalf("BusinessSeconds(%v, Due(%v) = %v) = %d, want %d", start, d, due, got, want)
		}
	})
}

// TestDuePastMidnight: service hours 16:00-01:00 belong to the day they start,
// so the hour after midnight is service time of the previous working day, and a
// business day closes at 01:00 the next morning. March 13, 2026 is a Friday.
func TestDuePastMidnight(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	late := mustNew(t, Config{Location: shanghai, Hours: Span{16 * 60, 25 * 60}})
	checkDue(t, []dueCase{
		{"bh inside the span", late, "2026-03-12 23:30", "1bh", "2026-03-13 00:30"},
		{"bh runs out at the close after midnight", late, "2026-03-12 23:00", "2bh", "2026-03-13 01:00"},
		{"bh carries to the next opening", late, "2026-03-12 23:00", "3bh", "2026-03-13 17:00"},
		{"after midnight is Thursday's service", late, "2026-03-13 00:30", "1bh", "2026-03-13 16:30"},
		{"Saturday 00:30 is Friday's service", late, "2026-03-14 00:30", "1bh", "2026-03-16 16:30"},
		{"before the opening", late, "2026-03-13 09:00", "1bh", "2026-03-13 17:00"},
		{"0bd from Friday closes Saturday 01:00", late, "2026-03-13 20:00", "0bd", "2026-03-14 01:00"},
		{"0bd after midnight is the day started", late, "2026-03-14 00:10", "0bd", "2026-03-14 01:00"},
		{"1bd over the weekend", late, "2026-03-13 20:00", "1bd", "2026-03-17 01:00"},
		{"weekend moment starts Monday", late, "2026-03-14 10:00", "1bd", "2026-03-18 01:00"},
	})
	from, to := at(t, shanghai, "2026-03-12 23:00"), at(t, shanghai, "2026-03-13 17:00")
	if got := late.BusinessSeconds(from, to); got != 3*3600 {
		t.Errorf("BusinessSeconds over midnight = %d, want %d", got, 3*3600)
	}
	if !late.InService(at(t, shanghai, "2026-03-14 00:59")) || late.InService(at(t, shanghai, "2026-03-14 01:00")) {
		t.Error("Friday's service should hold Saturday 00:59 and end at 01:00")
	}
}
