package calendar

import (
	"strings"
	"testing"
	"time"
)

func mustNew(t testing.TB, cfg Config) *Calendar {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func date(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestNewErrors(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	tests := []struct {
		name string
		cfg  Config
		err  string
	}{
		{"no zone", Config{}, "the calendar has no time zone"},
		{"region", Config{Location: shanghai, Region: "us"}, `unknown calendar region "us": use cn or none`},
		{"hours", Config{Location: shanghai, Hours: Span{600, 500}}, "invalid service hours 10:00-08:20"},
		{"hours over a day", Config{Location: shanghai, Hours: Span{600, 2100}}, "invalid service hours 10:00-11:00"},
		{"hours into the next opening", Config{Location: shanghai, Hours: Span{600, 1500},
			WeekdayHours: map[time.Weekday]Span{time.Tuesday: {30, 1440}}},
			"service hours 10:00-01:00 on Monday run past the opening of Tuesday (00:30-24:00)"},
		{"weekday hours", Config{Location: shanghai, WeekdayHours: map[time.Weekday]Span{time.Saturday: {0, 0}}},
			"invalid service hours 00:00-00:00 on Saturday"},
		{"weekday", Config{Location: shanghai, WeekdayHours: map[time.Weekday]Span{7: {0, 60}}}, "unknown weekday 7"},
		{"holiday and workday", Config{Location: shanghai, Holidays: []Date{{2026, 10, 8}}, Workdays: []Date{{2026, 10, 8}}},
			"2026-10-08 is both a team holiday and a team working day"},
		{"bad holiday", Config{Location: shanghai, Holidays: []Date{{2026, 2, 30}}}, "team holiday 2026-02-30 is not a real date"},
		{"bad workday", Config{Location: shanghai, Workdays: []Date{{}}}, "team working day 0000-00-00 is not a real date"},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: New error = %v, want %q", tt.name, err, tt.err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c := mustNew(t, Config{Location: time.UTC})
	if c.Region() != RegionCN {
		t.Errorf("Region = %q, want cn", c.Region())
	}
	if c.Hours(time.Monday).String() != "08:30-24:00" || c.Hours(time.Saturday).String() != "08:30-24:00" {
		t.Errorf("Hours = %v, want 08:30-24:00", c.Hours(time.Monday))
	}
	if c.Location() != time.UTC {
		t.Errorf("Location = %v", c.Location())
	}
	if FormatWorkweek(c.workweek) != "mon-fri" {
		t.Errorf("workweek = %s", FormatWorkweek(c.workweek))
	}
}

// TestOfficialData pins what this version of lunar-go says, so an upgrade
// that changes it is noticed.
func TestOfficialData(t *testing.T) {
	c := mustNew(t, Config{Location: mustLoad(t, "Asia/Shanghai")})
	end, ok := c.OfficialDataEnd()
	if !ok || end != (Date{2027, time.December, 31}) {
		t.Errorf("OfficialDataEnd = %v, %v; want 2027-12-31 (lunar-go v1.4.7)", end, ok)
	}
	if o := official(); o.firstYear != 2001 || o.lastYear != 2027 {
		t.Errorf("official years %d-%d, want 2001-2027", o.firstYear, o.lastYear)
	}
	none := mustNew(t, Config{Location: time.UTC, Region: RegionNone})
	if _, ok := none.OfficialDataEnd(); ok {
		t.Error("region none has official data")
	}
}

func TestDay(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	team := mustNew(t, Config{
		Location:     shanghai,
		WeekdayHours: map[time.Weekday]Span{time.Saturday: {9 * 60, 12 * 60}},
		Holidays:     []Date{{2026, 10, 8}, {2026, 3, 16}, {2035, 5, 2}},
		Workdays:     []Date{{2026, 10, 3}, {2026, 3, 14}, {2035, 5, 5}},
	})
	none := mustNew(t, Config{Location: shanghai, Region: RegionNone, Workweek: [7]bool{true, true, true, true, true, true, true}})
	day := defaultHours
	sat := Span{9 * 60, 12 * 60}
	tests := []struct {
		name    string
		c       *Calendar
		date    string
		kind    DayKind
		working bool
		holiday string
		hours   Span
	}{
		{"plain Monday", cn, "2026-03-16", Workday, true, "", day},
		{"plain Saturday", cn, "2026-03-14", Weekend, false, "", Span{}},
		{"National Day", cn, "2026-10-01", Holiday, false, "国庆节", Span{}},
		{"National Day on a Saturday", cn, "2026-10-03", Holiday, false, "国庆节", Span{}},
		{"last day of National Day", cn, "2026-10-07", Holiday, false, "国庆节", Span{}},
		{"after National Day", cn, "2026-10-08", Workday, true, "", day},
		{"调休 Sunday before National Day", cn, "2026-09-20", AdjustedWorkday, true, "国庆节", day},
		{"调休 Saturday after National Day", cn, "2026-10-10", AdjustedWorkday, true, "国庆节", day},
		{"Mid-Autumn Friday", cn, "2026-09-25", Holiday, false, "中秋节", Span{}},
		{"Spring Festival", cn, "2026-02-17", Holiday, false, "春节", Span{}},
		{"调休 Saturday of Spring Festival", cn, "2026-02-28", AdjustedWorkday, true, "春节", day},
		{"New Year's Day 2027", cn, "2027-01-01", Holiday, false, "元旦节", Span{}},
		{"first day of the data", cn, "2001-12-29", AdjustedWorkday, true, "元旦节", day},
		{"before the data: Friday", cn, "1999-10-01", Workday, true, "", day},
		{"beyond the data: Saturday", cn, "2028-01-01", Weekend, false, "", Span{}},
		{"beyond the data: Monday", cn, "2028-10-02", Workday, true, "", day},
		{"team holiday on a working day", team, "2026-10-08", TeamHoliday, false, "", Span{}},
		{"team working day on an official holiday", team, "2026-10-03", TeamWorkday, true, "国庆节", sat},
		{"team working Saturday", team, "2026-03-14", TeamWorkday, true, "", sat},
		{"Saturday override on a 调休 Saturday", team, "2026-10-10", AdjustedWorkday, true, "国庆节", sat},
		{"team holiday beyond the data", team, "2035-05-02", TeamHoliday, false, "", Span{}},
		{"team working Saturday beyond the data", team, "2035-05-05", TeamWorkday, true, "", sat},
		{"region none ignores holidays", none, "2026-10-01", Workday, true, "", day},
		{"region none mon-sun Sunday", none, "2026-10-04", Workday, true, "", day},
	}
	for _, tt := range tests {
		d := date(t, tt.date)
		got := tt.c.Day(d)
		want := DayInfo{Date: d, Kind: tt.kind, Working: tt.working, Name: tt.holiday, Hours: tt.hours}
		if got != want {
			t.Errorf("%s: Day(%s) = %+v, want %+v", tt.name, tt.date, got, want)
		}
		if tt.c.IsWorkday(d) != tt.working {
			t.Errorf("%s: IsWorkday(%s) = %v", tt.name, tt.date, !tt.working)
		}
		if got.Kind.Working() != tt.working {
			t.Errorf("%s: %v.Working() = %v", tt.name, got.Kind, !tt.working)
		}
	}
}

// TestTableMatchesFallback checks that the precomputed table and the
// slow path agree on every day the table covers.
func TestTableMatchesFallback(t *testing.T) {
	c := mustNew(t, Config{Location: time.UTC, Workweek: [7]bool{false, true, true, false, true, true, true},
		Holidays: []Date{{2026, 10, 8}}, Workdays: []Date{{2026, 10, 4}}})
	o := official()
	for i, k := range c.table {
		n := c.tableStart + i
		want := Weekend
		if c.workweek[weekdayOf(n)] {
			want = Workday
		}
		if od, ok := o.days[n]; ok {
			want = Holiday
			if od.work {
				want = AdjustedWorkday
			}
		}
		if tk, ok := c.team[n]; ok {
			want = tk
		}
		if k != want {
			t.Fatalf("%v: table says %v, want %v", DateFromDays(n), k, want)
		}
	}
}

func TestMonth(t *testing.T) {
	c := mustNew(t, Config{Location: mustLoad(t, "Asia/Shanghai")})
	days := c.Month(2026, time.October)
	if len(days) != 31 || days[0].Date != (Date{2026, 10, 1}) || days[30].Date != (Date{2026, 10, 31}) {
		t.Fatalf("Month(2026, October) = %d days from %v", len(days), days[0].Date)
	}
	var kinds []string
	for _, d := range days[:11] {
		kinds = append(kinds, d.Kind.String())
	}
	want := "holiday holiday holiday holiday holiday holiday holiday workday workday adjusted_workday weekend"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("October 1-11 = %s\nwant %s", got, want)
	}
	if got := len(c.Month(2028, time.February)); got != 29 {
		t.Errorf("February 2028 has %d days", got)
	}
	if got := len(c.Month(2026, time.December)); got != 31 {
		t.Errorf("December 2026 has %d days", got)
	}
}

func TestDayKindString(t *testing.T) {
	for k, want := range map[DayKind]string{Workday: "workday", Weekend: "weekend", Holiday: "holiday",
		AdjustedWorkday: "adjusted_workday", TeamHoliday: "team_holiday", TeamWorkday: "team_workday", 42: "DayKind(42)"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), want)
		}
		if b, _ := k.MarshalText(); string(b) != want {
			t.Errorf("%d.MarshalText() = %q", k, b)
		}
	}
}

func TestDataWarning(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	end, _ := cn.OfficialDataEnd()
	// 10:00 in Shanghai, 02:00 UTC: the same date in both.
	on := func(d Date) time.Time { return time.Date(d.Y, d.M, d.D, 2, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		c    *Calendar
		now  time.Time
		want string
	}{
		{"61 days left", cn, on(end.AddDays(-61)), ""},
		{"60 days left", cn, on(end.AddDays(-60)), ""},
		{"59 days left", cn, on(end.AddDays(-59)), "official holiday data for cn ends 2027-12-31 (59 days left): update kefu"},
		{"the team's date, not UTC's", cn, on(end.AddDays(-60)).Add(20 * time.Hour),
			"official holiday data for cn ends 2027-12-31 (59 days left): update kefu"},
		{"1 day left", cn, on(end.AddDays(-1)), "official holiday data for cn ends 2027-12-31 (1 day left): update kefu"},
		{"last day", cn, on(end), "official holiday data for cn ends 2027-12-31 (0 days left): update kefu"},
		{"ended", cn, on(end.AddDays(1)),
			"official holiday data for cn ended 2027-12-31; working days beyond it are Monday–Friday plus team days: update kefu"},
		{"ended, 7-day workweek", mustNew(t, Config{Location: shanghai, Workweek: [7]bool{true, true, true, true, true, true, true}}), on(end.AddDays(400)),
			"official holiday data for cn ended 2027-12-31; working days beyond it are Monday–Sunday plus team days: update kefu"},
		{"ended, odd workweek", mustNew(t, Config{Location: shanghai, Workweek: [7]bool{true, true, false, true, false, true, false}}), on(end.AddDays(1)),
			"working days beyond it are Monday, Wednesday, Friday, Sunday plus team days"},
		{"region none", mustNew(t, Config{Location: shanghai, Region: RegionNone}), on(end.AddDays(1)), ""},
	}
	for _, tt := range tests {
		got := tt.c.DataWarning(tt.now)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s: DataWarning(%v) = %q, want %q", tt.name, tt.now, got, tt.want)
		}
	}
}
