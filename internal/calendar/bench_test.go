package calendar

import (
	"testing"
	"time"

	"github.com/kefu/kefu/internal/duration"
)

type benchCase struct {
	start  time.Time
	window duration.Duration
}

func benchDue(b *testing.B, c *Calendar, cases []benchCase) {
	b.ReportAllocs()
	var sink time.Time
	for i := 0; b.Loop(); i++ {
		bc := cases[i%len(cases)]
		sink = c.Due(bc.start, bc.window)
	}
	_ = sink
}

// BenchmarkDueBusinessDays runs bd windows over National Day, the Spring
// Festival and a plain weekend on the cn calendar (target: under 2µs a call).
func BenchmarkDueBusinessDays(b *testing.B) {
	shanghai := mustLoad(b, "Asia/Shanghai")
	c := mustNew(b, Config{Location: shanghai})
	benchDue(b, c, []benchCase{
		{at(b, shanghai, "2026-09-30 10:00"), dur(b, "2bd")},
		{at(b, shanghai, "2026-02-13 15:00"), dur(b, "5bd")},
		{at(b, shanghai, "2026-03-13 15:00"), dur(b, "2bd")},
		{at(b, shanghai, "2026-10-03 23:00"), dur(b, "1bd")},
	})
}

// BenchmarkDueBusinessHours runs bh and bm windows across nights, a weekend
// and National Day on the cn calendar.
func BenchmarkDueBusinessHours(b *testing.B) {
	shanghai := mustLoad(b, "Asia/Shanghai")
	c := mustNew(b, Config{Location: shanghai})
	benchDue(b, c, []benchCase{
		{at(b, shanghai, "2026-09-30 22:00"), dur(b, "4bh")},
		{at(b, shanghai, "2026-03-13 20:00"), dur(b, "8bh")},
		{at(b, shanghai, "2026-03-16 10:00"), dur(b, "30bm")},
		{at(b, shanghai, "2026-03-16 23:50"), dur(b, "1bh")},
	})
}

// BenchmarkDueBusinessHoursDST is BenchmarkDueBusinessHours in a zone with
// DST, over the March change.
func BenchmarkDueBusinessHoursDST(b *testing.B) {
	ny := mustLoad(b, "America/New_York")
	c := mustNew(b, Config{Location: ny, Region: RegionNone})
	benchDue(b, c, []benchCase{
		{at(b, ny, "2026-03-06 20:00"), dur(b, "8bh")},
		{at(b, ny, "2026-03-09 22:00"), dur(b, "4bh")},
	})
}

func BenchmarkBusinessSecondsWeek(b *testing.B) {
	shanghai := mustLoad(b, "Asia/Shanghai")
	c := mustNew(b, Config{Location: shanghai})
	from, to := at(b, shanghai, "2026-09-28 10:00"), at(b, shanghai, "2026-10-12 10:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = c.BusinessSeconds(from, to)
	}
}

func BenchmarkNew(b *testing.B) {
	cfg := Config{Location: mustLoad(b, "Asia/Shanghai"), Holidays: []Date{{2026, 12, 24}}, Workdays: []Date{{2026, 10, 4}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
