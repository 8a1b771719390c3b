package calendar

import (
	"math"
	"time"

	"github.com/kefu/kefu/internal/duration"
)

// Service time is real elapsed time inside the service hours of working days.
// Each working day has one segment, [open, close), whose ends are the wall
// times of its Span in the team's zone, found as time.Date would find them;
// so a segment is an hour shorter or longer on a day when DST changes inside
// it. The code below works on Unix seconds and day numbers (Date.Days) and
// only builds time.Time values at its edges.

const (
	secondsPerDay = 24 * 60 * 60
	// horizonDays bounds every walk over days (10,000 years), so absurd
	// inputs end instead of looping for ages; no real window comes near it.
	horizonDays = 3_652_425
)

// zone converts between Unix seconds and the team's wall clock, caching the
// offset of the zone period it last used.
type zone struct {
	loc      *time.Location
	offset   int64 // seconds east of UTC in [from, to)
	from, to int64 // Unix seconds
}

func newZone(loc *time.Location, t time.Time) zone {
	z := zone{loc: loc}
	z.load(t.In(loc))
	return z
}

// load caches the zone period holding t, which must be in z.loc.
func (z *zone) load(t time.Time) {
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	z.offset = int64(off)
	z.from, z.to = math.MinInt64, math.MaxInt64
	if !start.IsZero() {
		z.from = start.Unix()
	}
	if !end.IsZero() {
		z.to = end.Unix()
	}
}

// wall returns the wall-clock seconds since 1970-01-01 00:00 at Unix second u.
func (z *zone) wall(u int64) int64 {
	if u < z.from || u >= z.to {
		z.load(time.Unix(u, 0).In(z.loc))
	}
	return u + z.offset
}

// zoneMargin keeps the cached offset away from a zone change, where time.Date
// might choose the other offset for a wall time that is missing or repeated.
const zoneMargin = 2 * secondsPerDay

// unix returns the Unix second of wall-clock second w, exactly as time.Date
// would: far from a zone change the cached offset is the one time.Date finds.
func (z *zone) unix(w int64) int64 {
	if u := w - z.offset; u >= z.from+zoneMargin && u < z.to-zoneMargin {
		return u
	}
	day := floorDiv64(w, secondsPerDay)
	d := DateFromDays(int(day))
	t := time.Date(d.Y, d.M, d.D, 0, 0, int(w-day*secondsPerDay), 0, z.loc)
	z.load(t)
	return t.Unix()
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// segment returns the service segment of day, ok false if day is not a working day.
func (c *Calendar) segment(z *zone, day int) (open, close int64, ok bool) {
	if !c.working(day) {
		return 0, 0, false
	}
	h := c.hours[weekdayOf(day)]
	base := int64(day) * secondsPerDay
	open = z.unix(base + int64(h.Open)*60)
	close = z.unix(base + int64(h.Close)*60)
	return open, close, open < close
}

// position is a point of service time: second u (plus ns nanoseconds) in
// the segment [u, close) of working day day.
type position struct {
	day   int
	u     int64
	ns    int32
	close int64
}

// settle returns the service position of an instant: the instant itself if
// it is inside service hours, else the next opening. ok is false only when no
// opening comes within the horizon.
func (c *Calendar) settle(z *zone, u int64, ns int32) (p position, ok bool) {
	today := int(floorDiv64(z.wall(u), secondsPerDay))
	// Start a day early: in odd zones yesterday's 24:00 close can fall after today's midnight.
	for day := today - 1; day <= today+horizonDays; day++ {
		open, close, ok := c.segment(z, day)
		switch {
		case !ok || u >= close:
		case u < open:
			return position{day, open, 0, close}, true
		default:
			return position{day, u, ns, close}, true
		}
	}
	return position{}, false
}

// next moves p to the opening of the next working day. ok is false past limit.
func (c *Calendar) next(z *zone, p position, limit int) (position, bool) {
	for day := p.day + 1; day <= limit; day++ {
		if open, close, ok := c.segment(z, day); ok {
			return position{day, open, p.ns, close}, true
		}
	}
	return p, false
}

func (c *Calendar) instant(u int64, ns int32) time.Time { return time.Unix(u, int64(ns)).In(c.loc) }

// horizon is the time returned when a walk gives up: the midnight that starts
// the last day it would look at.
func (c *Calendar) horizon(z *zone, fromDay int) time.Time {
	return c.instant(z.unix(int64(fromDay+horizonDays)*secondsPerDay), 0)
}

// Due returns when a window of length d that starts at start falls due, in the team's zone:
//   - s, m, h: start plus that much elapsed time;
//   - d: that many calendar days later on the team's wall calendar;
//   - bm, bh: that much service time, counted from start or, if start is
//     outside service hours, from the next opening; a window that runs out
//     exactly at a close is due at that close;
//   - bd: day 0 is the working day holding start (the next opening's day if
//     start is outside service hours); due at the close of the Nth working day after it.
//
// A negative N counts as 0.
func (c *Calendar) Due(start time.Time, d duration.Duration) time.Time {
	n := max(d.N, 0)
	switch d.Unit {
	case duration.Second, duration.Minute, duration.Hour:
		return start.Add(duration.Duration{N: n, Unit: d.Unit}.Calendar()).In(c.loc)
	case duration.Day:
		return start.In(c.loc).AddDate(0, 0, int(min(n, horizonDays)))
	case duration.BizMinute:
		return c.AddBusinessSeconds(start, n*60)
	case duration.BizHour:
		return c.AddBusinessSeconds(start, n*3600)
	case duration.BizDay:
		return c.addBusinessDays(start, n)
	}
	return start.In(c.loc)
}

func (c *Calendar) addBusinessDays(start time.Time, n int64) time.Time {
	z := newZone(c.loc, start)
	p, ok := c.settle(&z, start.Unix(), int32(start.Nanosecond()))
	if !ok {
		return c.horizon(&z, int(floorDiv64(z.wall(start.Unix()), secondsPerDay)))
	}
	limit := p.day + horizonDays
	for day := p.day + 1; n > 0; day++ {
		if day > limit {
			return c.horizon(&z, p.day)
		}
		if !c.working(day) {
			continue
		}
		if n > 1 {
			n--
			continue
		}
		if _, close, ok := c.segment(&z, day); ok {
			return c.instant(close, 0)
		}
	}
	return c.instant(p.close, 0)
}

// maxBusinessSeconds bounds AddBusinessSeconds' secs so that no arithmetic overflows.
const maxBusinessSeconds = horizonDays * secondsPerDay

// AddBusinessSeconds returns the instant secs seconds of service time after
// start (from the next opening if start is outside service hours), in the
// team's zone. Time that runs out exactly at a close stays at that close.
// A negative secs counts as 0, so AddBusinessSeconds(t, 0) is NextOpening(t).
func (c *Calendar) AddBusinessSeconds(start time.Time, secs int64) time.Time {
	secs = min(max(secs, 0), maxBusinessSeconds)
	z := newZone(c.loc, start)
	p, ok := c.settle(&z, start.Unix(), int32(start.Nanosecond()))
	if !ok {
		return c.horizon(&z, int(floorDiv64(z.wall(start.Unix()), secondsPerDay)))
	}
	limit := p.day + horizonDays
	for {
		// With a fraction of a second at p, the segment holds only
		// close-u-1 whole seconds plus a fraction: running out at close
		// means running into the next segment by that fraction.
		left := p.close - p.u
		if secs < left || secs == left && p.ns == 0 {
			return c.instant(p.u+secs, p.ns)
		}
		secs -= left
		from := p.day
		if p, ok = c.next(&z, p, limit); !ok {
			return c.horizon(&z, from)
		}
	}
}

// BusinessSeconds returns the service time, in whole seconds, between from
// and to; 0 if to is not after from.
func (c *Calendar) BusinessSeconds(from, to time.Time) int64 {
	if !to.After(from) {
		return 0
	}
	z := newZone(c.loc, from)
	a, ok := c.settle(&z, from.Unix(), int32(from.Nanosecond()))
	if !ok {
		return 0
	}
	b, ok := c.settle(&z, to.Unix(), int32(to.Nanosecond()))
	if !ok {
		b = position{day: a.day + horizonDays + 1}
	}
	limit := min(b.day, a.day+horizonDays)
	var secs int64
	p := a
	for p.day < b.day {
		secs += p.close - p.u
		if p, ok = c.next(&z, p, limit); !ok {
			return secs
		}
	}
	secs += b.u - p.u
	if b.ns < a.ns {
		secs-- // the last second is not whole
	}
	return max(secs, 0)
}

// NextOpening returns t itself if it is inside service hours (open <= t <
// close on a working day), else the next opening; in the team's zone.
func (c *Calendar) NextOpening(t time.Time) time.Time {
	z := newZone(c.loc, t)
	p, ok := c.settle(&z, t.Unix(), int32(t.Nanosecond()))
	if !ok {
		return c.horizon(&z, int(floorDiv64(z.wall(t.Unix()), secondsPerDay)))
	}
	return c.instant(p.u, p.ns)
}

// InService reports whether t is inside the service hours of a working day.
func (c *Calendar) InService(t time.Time) bool {
	z := newZone(c.loc, t)
	u, ns := t.Unix(), int32(t.Nanosecond())
	p, ok := c.settle(&z, u, ns)
	return ok && p.u == u && p.ns == ns
}
