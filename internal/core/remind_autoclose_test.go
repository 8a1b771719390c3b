package core

import (
	"testing"
	"time"

	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/policy"
)

// leastWall never exceeds the wall time from a start to its due time, whatever the start, in
// a zone with daylight saving too: autoclose reads only the tickets resolved before it.
func TestLeastWallBoundsDue(t *testing.T) {
	for _, tz := range []string{"Asia/Shanghai", "America/New_York"} {
		cal, err := policy.Default(tz, "cn").Calendar()
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation(tz)
		for _, s := range []string{"0s", "90s", "45m", "3h", "1d", "7d", "30d", "30bm", "4bh", "1bd", "2bd", "5bd"} {
			d, err := duration.Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			w := leastWall(d)
			for start := time.Date(2025, 1, 1, 0, 0, 0, 0, loc); start.Year() < 2027; start = start.Add(7*time.Hour + 13*time.Minute) {
				if got := cal.Due(start, d).Sub(start); got < w {
					t.Fatalf("%s: due %s after %s is sooner than leastWall %s", tz, d, start, w)
				}
			}
		}
	}
	for _, d := range []duration.Duration{{N: 1 << 62, Unit: duration.Day}, {N: 1 << 62, Unit: duration.BizHour}, {N: -5, Unit: duration.Day}} {
		if w := leastWall(d); w < 0 || w > 36500*24*time.Hour {
			t.Errorf("leastWall(%v) = %s, want within a century", d, w)
		}
	}
}
