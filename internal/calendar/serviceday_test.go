package calendar

import (
	"testing"
	"time"
)

func TestServiceDays(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	late := mustNew(t, Config{Location: shanghai, Hours: Span{16 * 60, 25 * 60}})
	// November 2026: Mon 30 is a working day closing at 24:00.
	nov := cn.Days(Date{2026, 11, 1}, Date{2026, 11, 30})
	closeNov30 := at(t, shanghai, "2026-12-01 00:00")
	if !nov.End.Equal(closeNov30) || !nov.DueEnd.After(closeNov30) {
		t.Errorf("November ends %v, due times to %v; a due time at the close of Nov 30 must be in", nov.End, nov.DueEnd)
	}
	dec := cn.Days(Date{2026, 12, 1}, Date{2026, 12, 31})
	if !dec.DueStart.After(closeNov30) || !dec.Start.Equal(closeNov30) {
		t.Errorf("December starts %v, due times from %v; the close of Nov 30 must be out", dec.Start, dec.DueStart)
	}
	// Sunday 2026-11-01 is not a working day: a due time at its midnight start belongs to it.
	if !nov.DueStart.Equal(nov.Start) {
		t.Errorf("November due times start %v, want %v", nov.DueStart, nov.Start)
	}
	// Hours past midnight: Friday 2026-03-13's service runs to Saturday 01:00, which belongs
	// to Friday; Saturday starts at 01:00.
	for _, tc := range []struct {
		cal  *Calendar
		at   string
		want Date
	}{
		{late, "2026-03-14 00:30", Date{2026, 3, 13}},
		{late, "2026-03-14 01:00", Date{2026, 3, 14}},
		{late, "2026-03-15 00:30", Date{2026, 3, 15}}, // Saturday is not a working day
		{late, "2026-03-13 10:00", Date{2026, 3, 13}},
		{cn, "2026-03-14 00:00", Date{2026, 3, 14}},
		{cn, "2026-03-13 23:59", Date{2026, 3, 13}},
	} {
		if got := tc.cal.ServiceDay(at(t, shanghai, tc.at)); got != tc.want {
			t.Errorf("ServiceDay(%s) = %s, want %s", tc.at, got, tc.want)
		}
	}
	fri := late.Days(Date{2026, 3, 13}, Date{2026, 3, 13})
	if want := at(t, shanghai, "2026-03-14 01:00"); !fri.End.Equal(want) || !fri.DueEnd.Equal(want.Add(time.Millisecond)) {
		t.Errorf("Friday's span ends %v (due %v), want %v", fri.End, fri.DueEnd, want)
	}
}
