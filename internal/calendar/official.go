package calendar

import (
	"sync"
	"time"
)

//go:generate go run official_gen.go

// officialDay is one date in mainland China's official holiday data.
type officialDay struct {
	work bool   // 调休: a weekend that is a working day
	name string // the holiday it belongs to, e.g. "国庆节"
}

// officialEntry is one row of officialTable (official_data.go, generated from lunar-go).
type officialEntry struct {
	ymd  int32 // yyyymmdd
	work bool
	name string
}

// officialData is the holiday data of region cn, built once from officialTable.
type officialData struct {
	firstYear, lastYear int
	days                map[int]officialDay // by day number (Date.Days)
	// kinds holds Holiday, AdjustedWorkday or, for dates the data does not
	// list, Workday, for every day of firstYear..lastYear, so that New can
	// fill a calendar's table without a map lookup per day.
	kinds []DayKind
	start int // day number of kinds[0]
}

var official = sync.OnceValue(func() *officialData { return officialFrom(officialTable[:]) })

// officialFrom builds the data from a table in year order, one entry per date.
func officialFrom(table []officialEntry) *officialData {
	data := &officialData{days: make(map[int]officialDay, len(table))}
	if len(table) == 0 {
		return data
	}
	for _, e := range table {
		d := Date{int(e.ymd / 10000), time.Month(e.ymd / 100 % 100), int(e.ymd % 100)}
		data.days[d.Days()] = officialDay{work: e.work, name: e.name}
	}
	data.firstYear, data.lastYear = int(table[0].ymd/10000), int(table[len(table)-1].ymd/10000)
	data.start = Date{data.firstYear, time.January, 1}.Days()
	data.kinds = make([]DayKind, Date{data.lastYear + 1, time.January, 1}.Days()-data.start)
	for n, o := range data.days {
		data.kinds[n-data.start] = Holiday
		if o.work {
			data.kinds[n-data.start] = AdjustedWorkday
		}
	}
	return data
}
