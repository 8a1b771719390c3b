// Package calendar is kefu's business calendar: the team's time zone, its
// service hours, and which days are working days (mainland China's official
// holidays and adjusted working weekends for region cn, or a plain workweek
// for region none, plus the team's own holidays and working days). It turns
// response windows into due times.
//
// A Calendar is immutable and safe for concurrent use. It never reads the clock.
package calendar

import (
	"fmt"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
)

// Regions of official holiday data.
const (
	RegionCN   = "cn"   // mainland China: official holidays and 调休 from lunar-go's data
	RegionNone = "none" // no official data: Config.Workweek decides
)

// Defaults from product.md: service 08:30-24:00, Monday to Friday.
var (
	defaultHours    = Span{Open: 8*60 + 30, Close: dayMinutes}
	defaultWorkweek = [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true}
)

// warnDays is how close to the end of the official data DataWarning starts to warn.
const warnDays = 60

// Config describes a team's calendar. The zero values of Hours, Region and
// Workweek mean their defaults: 08:30-24:00, cn and mon-fri.
type Config struct {
	Location *time.Location // the team's time zone; required
	Hours    Span           // service hours on working days
	// WeekdayHours overrides Hours on some weekdays, also when that weekday is
	// an adjusted or team working day.
	WeekdayHours map[time.Weekday]Span
	Region       string  // RegionCN or RegionNone
	Workweek     [7]bool // working weekdays for region none, and for cn on days the official data does not list
	Holidays     []Date  // team-added non-working days
	Workdays     []Date  // team-added working days
	// Imported are official days a manager imported (kefu calendar import) for region cn:
	// they beat the built-in data, and extend how far it reaches.
	Imported []OfficialDay
}

// OfficialDay is one day of the State Council's published holidays: a holiday (off) or an
// adjusted working day (work, 调休).
type OfficialDay struct {
	Date    Date   `json:"date"`
	Name    string `json:"name"`
	Working bool   `json:"working"`
}

// DayKind says why a day is, or is not, a working day.
type DayKind uint8

const (
	Workday         DayKind = iota // a working day of the workweek
	Weekend                        // a non-working day of the workweek
	Holiday                        // an official public holiday (region cn)
	AdjustedWorkday                // 调休: a weekend the official data makes a working day (region cn)
	TeamHoliday                    // a team-added holiday
	TeamWorkday                    // a team-added working day
	numKinds
)

var kindNames = [numKinds]string{"workday", "weekend", "holiday", "adjusted_workday", "team_holiday", "team_workday"}

var kindWorking = [numKinds]bool{Workday: true, AdjustedWorkday: true, TeamWorkday: true}

// String returns the kind's name as used in JSON: "workday", "weekend",
// "holiday", "adjusted_workday", "team_holiday" or "team_workday".
func (k DayKind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("DayKind(%d)", uint8(k))
}

// MarshalText returns the kind's name.
func (k DayKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Working reports whether days of this kind are working days.
func (k DayKind) Working() bool { return k < numKinds && kindWorking[k] }

// DayInfo describes one date of the calendar.
type DayInfo struct {
	Date    Date
	Kind    DayKind
	Working bool
	// Name is the official holiday the date belongs to in region cn, e.g.
	// "国庆节", also on its adjusted working days and when the team overrides
	// it; empty otherwise.
	Name  string
	Hours Span // service hours; zero if not working
	// Imported says the official day comes from kefu calendar import, not the built-in data.
	Imported bool
}

// Calendar answers what a day is and when a window falls due.
type Calendar struct {
	loc      *time.Location
	region   string
	hours    [7]Span // service hours by weekday
	workweek [7]bool
	official *officialData // nil for region none
	team     map[int]DayKind
	imported map[int]OfficialDay // by day number; region cn only
	// dataEnd is the last date the official data (built in or imported) covers; zero if none.
	dataEnd Date
	// table holds the kind of every day from tableStart through the years
	// the official data covers (team days included), so the hot path never
	// searches lunar-go's data; other days come from team and workweek.
	table      []DayKind
	tableStart int
}

// New checks cfg and builds its calendar.
func New(cfg Config) (*Calendar, error) {
	if cfg.Location == nil {
		return nil, errs.Invalidf("the calendar has no time zone")
	}
	c := &Calendar{loc: cfg.Location, region: cfg.Region, workweek: cfg.Workweek}
	switch c.region {
	case "":
		c.region = RegionCN
	case RegionCN, RegionNone:
	default:
		return nil, errs.Invalidf("unknown calendar region %q: use cn or none", cfg.Region)
	}
	if c.workweek == [7]bool{} {
		c.workweek = defaultWorkweek
	}
	hours := cfg.Hours
	if hours.IsZero() {
		hours = defaultHours
	}
	if !hours.Valid() {
		return nil, errs.Invalidf("invalid service hours %s: open within 00:00-23:59 and close at most 24 hours later", hours)
	}
	for d := range c.hours {
		c.hours[d] = hours
	}
	for d, h := range cfg.WeekdayHours {
		if d < time.Sunday || d > time.Saturday {
			return nil, errs.Invalidf("service hours for an unknown weekday %d", int(d))
		}
		if !h.Valid() {
			return nil, errs.Invalidf("invalid service hours %s on %s: open within 00:00-23:59 and close at most 24 hours later", h, d)
		}
		c.hours[d] = h
	}
	// Hours past midnight must close before the next day opens, so that a
	// moment belongs to one service day only.
	for d := range c.hours {
		if next := c.hours[(d+1)%7]; c.hours[d].Close-dayMinutes > next.Open {
			return nil, errs.Invalidf("service hours %s on %s run past the opening of %s (%s): close earlier or open later",
				c.hours[d], time.Weekday(d), time.Weekday((d+1)%7), next)
		}
	}

	if len(cfg.Holidays)+len(cfg.Workdays) > 0 {
		c.team = make(map[int]DayKind, len(cfg.Holidays)+len(cfg.Workdays))
	}
	for _, d := range cfg.Holidays {
		if !d.valid() {
			return nil, errs.Invalidf("team holiday %s is not a real date", d)
		}
		c.team[d.Days()] = TeamHoliday
	}
	for _, d := range cfg.Workdays {
		if !d.valid() {
			return nil, errs.Invalidf("team working day %s is not a real date", d)
		}
		if c.team[d.Days()] == TeamHoliday {
			return nil, errs.Invalidf("%s is both a team holiday and a team working day: remove one", d)
		}
		c.team[d.Days()] = TeamWorkday
	}

	if c.region == RegionCN {
		c.official = official()
		if c.official.lastYear != 0 {
			c.dataEnd = Date{c.official.lastYear, time.December, 31}
		}
		if len(cfg.Imported) > 0 {
			c.imported = make(map[int]OfficialDay, len(cfg.Imported))
		}
		for _, d := range cfg.Imported {
			if !d.Date.valid() {
				return nil, errs.Invalidf("imported official day %s is not a real date", d.Date)
			}
			c.imported[d.Date.Days()] = d
			if end := (Date{d.Date.Y, time.December, 31}); end.After(c.dataEnd) {
				c.dataEnd = end
			}
		}
		if c.official.lastYear != 0 {
			c.buildTable()
		}
	}
	return c, nil
}

// buildTable lays the workweek, then the official data, then the team days
// over the years the official data covers.
func (c *Calendar) buildTable() {
	o := c.official
	c.tableStart = o.start
	c.table = make([]DayKind, len(o.kinds))
	wd := weekdayOf(o.start)
	for i, k := range o.kinds {
		switch {
		case k != Workday:
			c.table[i] = k
		case !c.workweek[wd]:
			c.table[i] = Weekend
		}
		if wd++; wd == 7 {
			wd = 0
		}
	}
	for n, d := range c.imported {
		if i := n - c.tableStart; i >= 0 && i < len(c.table) {
			c.table[i] = officialKind(d)
		}
	}
	for n, k := range c.team {
		if i := n - c.tableStart; i >= 0 && i < len(c.table) {
			c.table[i] = k
		}
	}
}

func officialKind(d OfficialDay) DayKind {
	if d.Working {
		return AdjustedWorkday
	}
	return Holiday
}

// kind returns the kind of a day number.
func (c *Calendar) kind(day int) DayKind {
	if i := day - c.tableStart; i >= 0 && i < len(c.table) {
		return c.table[i]
	}
	if c.team != nil {
		if k, ok := c.team[day]; ok {
			return k
		}
	}
	if d, ok := c.imported[day]; ok {
		return officialKind(d)
	}
	if c.workweek[weekdayOf(day)] {
		return Workday
	}
	return Weekend
}

func (c *Calendar) working(day int) bool { return kindWorking[c.kind(day)] }

// Location returns the team's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Region returns RegionCN or RegionNone.
func (c *Calendar) Region() string { return c.region }

// Hours returns the service hours of a working day falling on weekday wd.
func (c *Calendar) Hours(wd time.Weekday) Span { return c.hours[floorMod(int(wd), 7)] }

// Day describes date d.
func (c *Calendar) Day(d Date) DayInfo {
	n := d.Days()
	info := DayInfo{Date: DateFromDays(n), Kind: c.kind(n)}
	info.Working = kindWorking[info.Kind]
	if info.Working {
		info.Hours = c.hours[weekdayOf(n)]
	}
	if c.official != nil {
		info.Name = c.official.days[n].name
	}
	if d, ok := c.imported[n]; ok {
		info.Name, info.Imported = d.Name, true
	}
	return info
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool { return c.working(d.Days()) }

// Month describes every day of a month.
func (c *Calendar) Month(y int, m time.Month) []DayInfo {
	first := Date{y, m, 1}.Days()
	last := Date{y, m + 1, 1}.Days()
	days := make([]DayInfo, 0, last-first)
	for n := first; n < last; n++ {
		days = append(days, c.Day(DateFromDays(n)))
	}
	return days
}

// OfficialDataEnd returns the last date the official holiday data covers:
// December 31 of the last year it lists. ok is false for region none.
func (c *Calendar) OfficialDataEnd() (end Date, ok bool) {
	if c.region != RegionCN || c.dataEnd.IsZero() {
		return Date{}, false
	}
	return c.dataEnd, true
}

// Beyond returns a warning for people when any of the instants falls on a date after the
// official data (region cn): working days there are only the workweek plus team days.
// It returns "" when all are covered, or for region none.
func (c *Calendar) Beyond(ts ...time.Time) string {
	if c.region != RegionCN {
		return ""
	}
	end, ok := c.OfficialDataEnd()
	for _, t := range ts {
		if t.IsZero() {
			continue
		}
		if d := c.ServiceDay(t); !ok || d.After(end) {
			if !ok {
				return i18n.Sprintf("there is no official holiday data for cn: working days are %s plus team days", c.describeWorkweek())
			}
			return i18n.Sprintf("%s is beyond the official holiday data for cn, which ends %s: working days there are %s plus team days (kefu calendar import FILE adds a year)",
				d, end, c.describeWorkweek())
		}
	}
	return ""
}

// DataWarning returns a warning for people when fewer than 60 days of
// official holiday data remain after now's date in the team's zone, or when
// the data has already run out; otherwise "".
func (c *Calendar) DataWarning(now time.Time) string {
	if c.region != RegionCN {
		return ""
	}
	end, ok := c.OfficialDataEnd()
	if !ok {
		return i18n.Sprintf("there is no official holiday data for cn: working days are %s plus team days: update kefu", c.describeWorkweek())
	}
	left := end.Days() - DateOf(now, c.loc).Days()
	switch {
	case left >= warnDays:
		return ""
	case left >= 0:
		if left == 1 {
			return i18n.Sprintf("official holiday data for cn ends %s (%d day left): update kefu", end, left)
		}
		return i18n.Sprintf("official holiday data for cn ends %s (%d days left): update kefu", end, left)
	default:
		return i18n.Sprintf("official holiday data for cn ended %s; working days beyond it are %s plus team days: update kefu", end, c.describeWorkweek())
	}
}

// describeWorkweek names the workweek for people, e.g. "Monday–Friday".
// weekdayFull are the weekdays' names as message keys ("Monday" reads 周一 in Chinese).
var weekdayFull = [7]string{i18n.Key("Sunday"), i18n.Key("Monday"), i18n.Key("Tuesday"), i18n.Key("Wednesday"),
	i18n.Key("Thursday"), i18n.Key("Friday"), i18n.Key("Saturday")}

func (c *Calendar) describeWorkweek() string {
	return describeWeek(c.workweek, func(d time.Weekday) string { return i18n.T(weekdayFull[d]) }, "–", ", ")
}

// BuiltinDataEnd returns the last date kefu's built-in official data for cn covers.
func BuiltinDataEnd() (Date, bool) {
	o := official()
	if o.lastYear == 0 {
		return Date{}, false
	}
	return Date{o.lastYear, time.December, 31}, true
}
