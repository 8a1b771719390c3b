package rota

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
)

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestParsePattern(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "team"}, {"team", "team"}, {"团队", "team"},
		{"mon-sat", "mon-sat"}, {"MON,wed,fri", "mon,wed,fri"}, {"sat-mon", "mon,sat-sun"}, {"mon-sun", "mon-sun"},
		{"6on1off@2026-11-02", "6on1off@2026-11-02"}, {"6on1off:2026-11-02", "6on1off@2026-11-02"}, {"4on2off@2026-01-01", "4on2off@2026-01-01"},
		{"fri,mon-wed", "mon-wed,fri"}, {"sat-tue", "mon-tue,sat-sun"}, {" 6ON1OFF@2026-11-02 ", "6on1off@2026-11-02"},
	} {
		p, err := ParsePattern(tc.in)
		if err != nil || p.String() != tc.want {
			t.Errorf("ParsePattern(%q) = %q, %v; want %q", tc.in, p, err, tc.want)
		}
		if q, err := ParsePattern(p.String()); err != nil || q != p {
			t.Errorf("%q does not read back: %v %v", p, q, err)
		}
	}
	// Each refusal says what is wrong (staff add and staff edit print it as it is).
	for bad, msg := range map[string]string{
		"6on1off":             "a rotation needs its start date, like 6on1off@2026-11-02",
		"6on:2026-11-02":      "use team, weekly days like mon-sat",
		"0on1off@2026-11-02":  "days on and days off must each be 1-28",
		"6on0off@2026-11-02":  "days on and days off must each be 1-28",
		"30on1off@2026-01-01": "days on and days off must each be 1-28",
		"6on1off@2026-02-30":  "the start date must be YYYY-MM-DD",
		"6on1off@2026-13-02":  "the start date must be YYYY-MM-DD",
		"6on1off@1999-12-31":  "between 2000 and 2100",
		"6on1offx@2026-11-02": "use team, weekly days like mon-sat",
		"xon1off:2026-01-01":  "use team, weekly days like mon-sat",
		"mon-funday":          "use team, weekly days like mon-sat",
		"weekdays":            "use team, weekly days like mon-sat",
	} {
		_, err := ParsePattern(bad)
		if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParsePattern(%q) = %v, want invalid saying %q", bad, err, msg)
		}
	}
}

func TestWorks(t *testing.T) {
	rot, _ := ParsePattern("6on1off@2026-11-02") // Monday
	weekly, _ := ParsePattern("mon-sat")
	for _, tc := range []struct {
		p    Pattern
		day  string
		team bool
		want bool
	}{
		{rot, "2026-11-02", false, true}, {rot, "2026-11-07", false, true}, {rot, "2026-11-08", true, false},
		{rot, "2026-11-09", false, true}, {rot, "2026-11-15", false, false}, {rot, "2026-11-01", true, false}, // the cycle runs backwards too
		{weekly, "2026-11-07", false, true}, {weekly, "2026-11-08", true, false},
		{Pattern{}, "2026-11-07", false, false}, {Pattern{}, "2026-11-08", true, true},
	} {
		if got := tc.p.Works(date(tc.day), tc.team); got != tc.want {
			t.Errorf("%s works %s (team %v) = %v, want %v", tc.p, tc.day, tc.team, got, tc.want)
		}
	}
}

func TestDuty(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	cal, err := calendar.New(calendar.Config{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	rot, _ := ParsePattern("6on1off@2026-11-02")
	r := Roster{Cal: cal,
		Members: []Member{
			{ID: 1, Name: "张伟", Shift: "day", Pattern: rot, Since: date("2026-01-01")},
			{ID: 2, Name: "李娜", Shift: "night", Since: date("2026-01-01")},
			{ID: 3, Name: "赵敏", Shift: "day", Since: date("2026-11-20")},
		},
		Leave: []Leave{{StaffID: 1, From: date("2026-11-16"), To: date("2026-11-20"), Kind: Annual}, {StaffID: 2, From: date("2026-11-04"), To: date("2026-11-04"), Kind: Rest}},
		Swaps: []Swap{{Date: date("2026-11-03"), A: 1, B: 2, AName: "张伟", BName: "李娜", AShift: "day", BShift: "night"}},
	}
	for _, tc := range []struct {
		id    int64
		day   string
		on    bool
		shift string
	}{
		{1, "2026-11-02", true, "day"}, {1, "2026-11-03", true, "night"}, {2, "2026-11-03", true, "day"},
		{1, "2026-11-07", true, "day"}, {1, "2026-11-08", false, ""}, {1, "2026-11-17", false, ""},
		{2, "2026-11-04", false, ""}, {2, "2026-11-07", false, ""}, {3, "2026-11-19", false, ""}, {3, "2026-11-20", true, "day"},
		{9, "2026-11-02", false, ""},
	} {
		du := r.DutyOf(tc.id, date(tc.day))
		if du.On != tc.on || du.Shift != tc.shift {
			t.Errorf("duty of %d on %s = %+v, want on=%v %s", tc.id, tc.day, du, tc.on, tc.shift)
		}
	}
	// Saturday 7 November: only the rotation works, so the day is staffed and night is empty.
	gaps := r.Gaps(date("2026-11-07"), date("2026-11-08"), []string{"day", "night"})
	if len(gaps) != 1 || gaps[0].String() != "night shift 2026-11-07" {
		t.Errorf("gaps %v", gaps)
	}
	// A week of leave for 李娜 leaves the night shift empty: new gaps.
	after := r
	after.Leave = append(append([]Leave{}, r.Leave...), Leave{StaffID: 2, From: date("2026-11-09"), To: date("2026-11-10"), Kind: Sick})
	if g := NewGaps(r, after, date("2026-11-09"), date("2026-11-15"), []string{"day", "night"}); len(g) != 2 || g[1].String() != "night shift 2026-11-10" {
		t.Errorf("new gaps %v", g)
	}
}

func TestLeave(t *testing.T) {
	for in, want := range map[string]LeaveKind{"年假": Annual, "病假": Sick, "事假": Personal, "调休": Compensatory, "休息": Rest, "Annual": Annual, "rest": Rest} {
		if k, err := ParseLeaveKind(in); err != nil || k != want {
			t.Errorf("ParseLeaveKind(%q) = %v %v", in, k, err)
		}
	}
	if _, err := ParseLeaveKind("holiday"); err == nil {
		t.Error("holiday accepted")
	}
	a := Leave{From: date("2026-11-09"), To: date("2026-11-13")}
	for _, tc := range []struct {
		from, to string
		want     bool
	}{{"2026-11-13", "2026-11-14", true}, {"2026-11-01", "2026-11-09", true}, {"2026-11-14", "2026-11-20", false}, {"2026-11-10", "2026-11-11", true}, {"2026-11-01", "2026-11-08", false}} {
		if got := a.Overlaps(Leave{From: date(tc.from), To: date(tc.to)}); got != tc.want {
			t.Errorf("overlap with %s..%s = %v", tc.from, tc.to, got)
		}
	}
	if a.Days() != 5 {
		t.Errorf("days %d", a.Days())
	}
}

func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"team", "mon-sat", "6on1off@2026-11-02", "6on1off@2026-02-29", "on off:", "mon,,fri"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePattern(s)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("%q: %v is not an invalid-input error", s, err)
			}
			return
		}
		q, err := ParsePattern(p.String())
		if err != nil || q != p {
			t.Fatalf("%q → %q does not read back: %v %v", s, p, q, err)
		}
	})
}
