package ticket

import (
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/policy"
)

// BenchmarkTicketClockStart sets the due times of new tickets as ticket open and an import
// do (Start and StartWorkflows): the default policy's windows on mainland China's calendar,
// a mix of kinds, channels and priorities, opened around the Spring Festival, National Day
// and ordinary weekends, at all hours.
func BenchmarkTicketClockStart(b *testing.B) {
	cal, err := calendar.New(calendar.Config{Location: shanghai, Hours: calendar.Span{Open: 8*60 + 30, Close: 24 * 60}, Region: calendar.RegionCN})
	if err != nil {
		b.Fatal(err)
	}
	c := Clock{Windows: policy.DefaultWindows(), Cal: cal}
	shapes := []Ticket{
		{Kind: "inquiry", Channel: "email", Priority: "normal"},
		{Kind: "inquiry", Channel: "chat", Priority: "urgent"},
		{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "simple"},
		{Kind: "complaint", Channel: "social", Priority: "high", Severity: "complex"},
		{Kind: "suggestion", Channel: "app", Priority: "low"},
		{Kind: "presale", Channel: "chat", Priority: "normal"},
	}
	var starts []time.Time
	for _, day := range []string{"2026-02-13", "2026-02-16", "2026-03-06", "2026-03-07", "2026-09-30", "2026-10-03"} {
		d, err := time.ParseInLocation("2006-01-02", day, shanghai)
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range []int{2, 9, 15, 21, 23} {
			starts = append(starts, d.Add(time.Duration(h)*time.Hour+17*time.Minute))
		}
	}
	b.ReportAllocs()
	var sink time.Time
	for i := 0; b.Loop(); i++ {
		t := shapes[i%len(shapes)]
		t.OpenedAt = starts[i%len(starts)]
		c.Start(&t)
		c.StartWorkflows(&t)
		sink = t.ResolutionDue
	}
	_ = sink
}
