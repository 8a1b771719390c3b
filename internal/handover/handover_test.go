package handover

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func shifts(t *testing.T) Shifts {
	t.Helper()
	cal, err := calendar.New(calendar.Config{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	return Shifts{Cal: cal, Hours: map[string]calendar.Span{Day: {Open: 8*60 + 30, Close: 17*60 + 30}, Night: {Open: 17*60 + 30, Close: 24 * 60}}}
}

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wall(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestStartEnd(t *testing.T) {
	sh := shifts(t)
	night := Shift{Date: date(t, "2026-03-02"), Name: Night}
	if got := sh.Start(night); !got.Equal(wall(t, "2026-03-02 17:30")) {
		t.Errorf("Start = %v", got)
	}
	// A shift closing at 24:00 ends at the next day's midnight.
	if got := sh.End(night); !got.Equal(wall(t, "2026-03-03 00:00")) {
		t.Errorf("End = %v", got)
	}
}

func TestNext(t *testing.T) {
	sh := shifts(t)
	tests := []struct{ from, want Shift }{
		{Shift{date(t, "2026-03-02"), Day}, Shift{date(t, "2026-03-02"), Night}},
		{Shift{date(t, "2026-03-02"), Night}, Shift{date(t, "2026-03-03"), Day}},
		// Friday night hands over to Monday's day shift.
		{Shift{date(t, "2026-03-06"), Night}, Shift{date(t, "2026-03-09"), Day}},
		// The night before National Day hands over after the holiday (Oct 1-7 2026, Oct 8 works).
		{Shift{date(t, "2026-09-30"), Night}, Shift{date(t, "2026-10-08"), Day}},
		// Saturday Oct 10 2026 is an adjusted working day (调休).
		{Shift{date(t, "2026-10-09"), Night}, Shift{date(t, "2026-10-10"), Day}},
	}
	for _, tt := range tests {
		if got := sh.Next(tt.from); got != tt.want {
			t.Errorf("Next(%s) = %s, want %s", tt.from, got, tt.want)
		}
	}
}

func TestCurrent(t *testing.T) {
	sh := shifts(t)
	tests := []struct {
		name, now, want string
	}{
		{Day, "2026-03-02 17:20", "day shift 2026-03-02"},
		{Day, "2026-03-02 08:00", "day shift 2026-03-01"},
		{Night, "2026-03-02 23:50", "night shift 2026-03-02"},
		// Written after midnight: the night that just ended.
		{Night, "2026-03-03 00:20", "night shift 2026-03-02"},
		{Night, "2026-03-03 17:30", "night shift 2026-03-03"},
	}
	for _, tt := range tests {
		if got := sh.Current(tt.name, wall(t, tt.now)).String(); got != tt.want {
			t.Errorf("Current(%s, %s) = %s, want %s", tt.name, tt.now, got, tt.want)
		}
	}
}

func TestOwing(t *testing.T) {
	sh := shifts(t)
	workers := []Worker{
		{ID: 1, Name: "张伟", Shift: Day, Since: date(t, "2026-02-01")},
		{ID: 2, Name: "赵敏", Shift: Night, Since: date(t, "2026-02-01")},
		{ID: 3, Name: "新人", Shift: Day, Since: date(t, "2026-03-03")},
	}
	wrote := func(id int64, s Shift) bool { return id == 1 && s.Date == date(t, "2026-03-02") }
	// Tuesday 2026-03-03 18:00, looking back to Friday: Saturday Feb 28 is an adjusted working
	// day (调休) and owes notes, Sunday does not; 张伟 wrote Monday's; the newcomer owes
	// Tuesday's; Tuesday's night shift has not ended.
	owed := sh.Owing(workers, date(t, "2026-02-27"), date(t, "2026-03-03"), wall(t, "2026-03-03 18:00"), 30*time.Minute, wrote)
	var got []string
	for _, o := range owed {
		got = append(got, o.Worker.Name+" "+o.Shift.String()+" due "+o.Due.Format("01-02 15:04"))
	}
	want := []string{
		"张伟 day shift 2026-02-27 due 02-27 18:00",
		"赵敏 night shift 2026-02-27 due 02-28 00:30",
		"张伟 day shift 2026-02-28 due 02-28 18:00",
		"赵敏 night shift 2026-02-28 due 03-01 00:30",
		"赵敏 night shift 2026-03-02 due 03-03 00:30",
		"张伟 day shift 2026-03-03 due 03-03 18:00",
		"新人 day shift 2026-03-03 due 03-03 18:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Owing:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCanAck(t *testing.T) {
	sh := shifts(t)
	n := Note{ID: 7, AuthorID: 1, Author: "张伟", Shift: Shift{date(t, "2026-03-02"), Day}}
	if err := sh.CanAck(n, 2, "赵敏", Night); err != nil {
		t.Errorf("the night shift acknowledges the day shift's note: %v", err)
	}
	err := sh.CanAck(n, 1, "张伟", Night)
	if !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), "张伟 wrote handover 7 and cannot acknowledge it") {
		t.Errorf("self-acknowledgment: %v", err)
	}
	err = sh.CanAck(n, 3, "李娜", Day)
	if !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), "acknowledged by the next shift (night shift 2026-03-02); 李娜 works the day shift") {
		t.Errorf("acknowledgment by the same shift: %v", err)
	}
	n.AckedAt, n.AckedBy = wall(t, "2026-03-02 18:00"), "赵敏"
	if err := sh.CanAck(n, 4, "孙丽", Night); !errs.Is(err, errs.Invalid) {
		t.Errorf("a second acknowledgment: %v", err)
	}
}

func TestValid(t *testing.T) {
	if Valid(Day) != nil || Valid(Night) != nil || Valid("evening") == nil {
		t.Error("Valid")
	}
	if got := Members([]Worker{{Name: "a", Shift: Day}, {Name: "b", Shift: Night}}, Night); len(got) != 1 || got[0].Name != "b" {
		t.Errorf("Members = %v", got)
	}
}

// A night shift past midnight (16:00-01:00) belongs to the day it starts: it ends at 01:00
// the next morning and its note is due grace later (01:30 with 30m).
func TestNightShiftPastMidnight(t *testing.T) {
	sh := shifts(t)
	late, err := calendar.ParseSpan("16:00-01:00")
	if err != nil {
		t.Fatal(err)
	}
	sh.Hours[Night] = late
	night := Shift{Date: date(t, "2026-03-02"), Name: Night}
	if got := sh.End(night).Format("2006-01-02 15:04"); got != "2026-03-03 01:00" {
		t.Errorf("End(%s) = %s, want 2026-03-03 01:00", night, got)
	}
	if got := sh.Current(Night, wall(t, "2026-03-03 00:40")).String(); got != "night shift 2026-03-02" {
		t.Errorf("Current(night, 00:40) = %s, want the night that started the day before", got)
	}
	workers := []Worker{{ID: 2, Name: "赵敏", Shift: Night, Since: date(t, "2026-02-01")}}
	never := func(int64, Shift) bool { return false }
	owed := sh.Owing(workers, date(t, "2026-03-02"), date(t, "2026-03-02"), wall(t, "2026-03-03 00:59"), 30*time.Minute, never)
	if len(owed) != 0 {
		t.Errorf("at 00:59 the night shift has not ended, yet Owing = %v", owed)
	}
	owed = sh.Owing(workers, date(t, "2026-03-02"), date(t, "2026-03-02"), wall(t, "2026-03-03 01:00"), 30*time.Minute, never)
	if len(owed) != 1 || owed[0].Due.Format("01-02 15:04") != "03-03 01:30" {
		t.Errorf("Owing at 01:00 = %v, want one note due 03-03 01:30", owed)
	}
}
