package calendar

import (
	"reflect"
	"testing"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// TestOfficialDataMatchesLunar rebuilds the official data from lunar-go, searching its years as
// official_gen.go does, and compares it with the generated table: after an upgrade of lunar-go,
// go generate ./internal/calendar brings the table up to date.
func TestOfficialDataMatchesLunar(t *testing.T) {
	want := &officialData{days: map[int]officialDay{}}
	for y := 1990; y <= 2200; y++ {
		if want.lastYear != 0 && y > want.lastYear+10 {
			break
		}
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := ParseDate(h.GetDay())
			if err != nil || d.Y != y {
				continue
			}
			if _, dup := want.days[d.Days()]; dup {
				continue
			}
			want.days[d.Days()] = officialDay{work: h.IsWork(), name: h.GetName()}
			if want.firstYear == 0 {
				want.firstYear = y
			}
			want.lastYear = y
		}
	}
	got := official()
	if got.firstYear != want.firstYear || got.lastYear != want.lastYear {
		t.Fatalf("generated data covers %d-%d, lunar-go %d-%d: run go generate ./internal/calendar", got.firstYear, got.lastYear, want.firstYear, want.lastYear)
	}
	if !reflect.DeepEqual(got.days, want.days) {
		for n, w := range want.days {
			if g, ok := got.days[n]; !ok || g != w {
				t.Errorf("%v: generated %+v (listed %t), lunar-go %+v", DateFromDays(n), g, ok, w)
			}
		}
		for n, g := range got.days {
			if _, ok := want.days[n]; !ok {
				t.Errorf("%v: generated %+v, not in lunar-go", DateFromDays(n), g)
			}
		}
		t.Fatal("run go generate ./internal/calendar")
	}
}

func TestOfficialFromEmptyTable(t *testing.T) {
	if o := officialFrom(nil); o.lastYear != 0 || len(o.days) != 0 {
		t.Errorf("officialFrom(nil) = %+v, want no data", o)
	}
}
