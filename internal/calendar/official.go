package calendar

import (
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// officialDay is one date in mainland China's official holiday data.
type officialDay struct {
	work bool   // 调休: a weekend that is a working day
	name string // the holiday it belongs to, e.g. "国庆节"
}

// officialData is the holiday data of region cn, read once from lunar-go.
type officialData struct {
	firstYear, lastYear int
	days                map[int]officialDay // by day number (Date.Days)
	// kinds holds Holiday, AdjustedWorkday or, for dates the data does not
	// list, Workday, for every day of firstYear..lastYear, so that New can
	// fill a calendar's table without a map lookup per day.
	kinds []DayKind
	start int // day number of kinds[0]
}

// Years searched for data: lunar-go's data starts in December 2001 and is
// extended a year or so at a time. The search stops after ten empty years.
const (
	officialSearchFrom = 1990
	officialSearchTo   = 2200
	officialGapYears   = 10
)

var official = sync.OnceValue(loadOfficial)

func loadOfficial() *officialData {
	data := &officialData{days: map[int]officialDay{}}
	for y := officialSearchFrom; y <= officialSearchTo; y++ {
		if data.lastYear != 0 && y > data.lastYear+officialGapYears {
			break
		}
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := ParseDate(h.GetDay())
			if err != nil || d.Y != y {
				continue
			}
			n := d.Days()
			if _, dup := data.days[n]; dup {
				continue
			}
			data.days[n] = officialDay{work: h.IsWork(), name: h.GetName()}
			if data.firstYear == 0 {
				data.firstYear = y
			}
			data.lastYear = y
		}
	}
	if data.lastYear == 0 {
		return data
	}
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
