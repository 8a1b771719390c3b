// Package rota is who works when (排班): a staff member's work pattern (the team calendar,
// weekly days, or a rotation such as 做六休一), their dated leave and rest days, and shift swaps.
// Handover notes, weekly summaries, their proposals and auto-assignment ask it who is on duty.
// It is pure: no database, no clock of its own.
package rota

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/enum"
	"github.com/kefu/kefu/internal/errs"
)

// Kind is the kind of a work pattern.
type Kind int

// The kinds of pattern.
const (
	Team     Kind = iota // the team's business calendar (the default)
	Weekly               // fixed weekdays, e.g. mon-sat
	Rotation             // N days on, M days off from a start date, e.g. 6on1off
)

// Pattern is a staff member's working days.
type Pattern struct {
	Kind Kind
	// Days are the weekly pattern's working days, indexed by time.Weekday.
	Days [7]bool
	// On and Off are the rotation's days on and off; Start is its first day on.
	On, Off int
	Start   calendar.Date
}

const patternUsage = "use team, weekly days like mon-sat or mon,wed,fri, or a rotation like 6on1off@2026-11-02 (days on, days off, first day on)"

// ParsePattern reads a work pattern: "" or "team" (团队); weekdays ("mon-sat", "mon,wed,fri",
// ranges may wrap: "sat-tue"); a rotation "6on1off@2026-11-02" (N days on, M days off, from
// the first day on; ":" may stand for "@"). It is the one parser of work patterns: staff add and
// staff edit store its String(), and the rota reads that back.
func ParsePattern(s string) (Pattern, error) {
	in := s
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "team" || s == "团队" {
		return Pattern{}, nil
	}
	if rot, start, ok := cutAny(s, ":@"); ok {
		onText, offText, ok := strings.Cut(strings.TrimSuffix(rot, "off"), "on")
		on, err1 := strconv.Atoi(onText)
		off, err2 := strconv.Atoi(offText)
		if !ok || !strings.HasSuffix(rot, "off") || err1 != nil || err2 != nil {
			return Pattern{}, errs.Invalidf("work pattern %q: %s", in, patternUsage)
		}
		if on < 1 || off < 1 || on > 28 || off > 28 {
			return Pattern{}, errs.Invalidf("work pattern %q: days on and days off must each be 1-28", in)
		}
		d, err := calendar.ParseDate(strings.TrimSpace(start))
		if err != nil {
			return Pattern{}, errs.Invalidf("work pattern %q: the start date must be YYYY-MM-DD, a real day", in)
		}
		if d.Y < 2000 || d.Y > 2100 {
			return Pattern{}, errs.Invalidf("work pattern %q: the start date must be between 2000 and 2100", in)
		}
		return Pattern{Kind: Rotation, On: on, Off: off, Start: d}, nil
	}
	if strings.Contains(s, "on") && strings.HasSuffix(s, "off") {
		return Pattern{}, errs.Invalidf("work pattern %q: a rotation needs its start date, like %s@2026-11-02", in, s)
	}
	days, err := calendar.ParseWorkweek(s)
	if err != nil {
		return Pattern{}, errs.Invalidf("work pattern %q: %s", in, patternUsage)
	}
	return Pattern{Kind: Weekly, Days: days}, nil
}

func cutAny(s, seps string) (before, after string, found bool) {
	if i := strings.IndexAny(s, seps); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// String prints the pattern in ParsePattern's form ("team" for the team calendar).
func (p Pattern) String() string {
	switch p.Kind {
	case Weekly:
		var parts []string
		order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
		for i := 0; i < len(order); {
			if !p.Days[order[i]] {
				i++
				continue
			}
			j := i
			for j+1 < len(order) && p.Days[order[j+1]] {
				j++
			}
			part := dayNames[order[i]]
			if j > i {
				part += "-" + dayNames[order[j]]
			}
			parts = append(parts, part)
			i = j + 1
		}
		return strings.Join(parts, ",")
	case Rotation:
		return fmt.Sprintf("%don%doff@%s", p.On, p.Off, p.Start)
	}
	return "team"
}

// Stored is the pattern as the database keeps it (staff.work_pattern, default team).
func (p Pattern) Stored() string { return p.String() }

// Works reports whether the pattern has d as a working day; teamWorkday is the team calendar's
// answer, which the team pattern follows and the others replace.
func (p Pattern) Works(d calendar.Date, teamWorkday bool) bool {
	switch p.Kind {
	case Weekly:
		return p.Days[d.Weekday()]
	case Rotation:
		cycle := p.On + p.Off
		n := ((d.Days()-p.Start.Days())%cycle + cycle) % cycle
		return n < p.On
	}
	return teamWorkday
}

// LeaveKind is a kind of absence.
type LeaveKind string

// The kinds of leave; rest is a rest day the lead schedules (休息).
const (
	Annual       LeaveKind = "annual"       // 年假
	Sick         LeaveKind = "sick"         // 病假
	Personal     LeaveKind = "personal"     // 事假
	Compensatory LeaveKind = "compensatory" // 调休
	Rest         LeaveKind = "rest"         // 休息
)

// LeaveKinds lists the kinds in display order, with their Chinese names.
var LeaveKinds = []LeaveKind{Annual, Sick, Personal, Compensatory, Rest}

// LeaveKindNames are the kinds' Chinese names, for input and zh-CN output.
var LeaveKindNames = enum.Table{
	{Code: string(Annual), ZH: "年假"},
	{Code: string(Sick), ZH: "病假"},
	{Code: string(Personal), ZH: "事假"},
	{Code: string(Compensatory), ZH: "调休"},
	{Code: string(Rest), ZH: "休息", Aliases: []string{"轮休"}},
}

// ParseLeaveKind reads a kind in English or Chinese.
func ParseLeaveKind(s string) (LeaveKind, error) {
	if k, ok := LeaveKindNames.Code(s); ok {
		return LeaveKind(k), nil
	}
	return "", errs.Invalidf("unknown leave kind %q: use annual, sick, personal, compensatory or rest (年假 病假 事假 调休 休息)", s)
}

// Leave is a staff member's absence over inclusive dates.
type Leave struct {
	ID       int64
	StaffID  int64
	Staff    string
	From, To calendar.Date
	Kind     LeaveKind
	Note     string
}

// Covers reports whether the leave includes d.
func (l Leave) Covers(d calendar.Date) bool { return !d.Before(l.From) && !d.After(l.To) }

// Overlaps reports whether two spells share a day.
func (l Leave) Overlaps(o Leave) bool { return !l.To.Before(o.From) && !o.To.Before(l.From) }

// Days counts the spell's calendar days.
func (l Leave) Days() int { return l.To.Days() - l.From.Days() + 1 }

// Swap is a shift swap (换班) on one date: A works B's shift and B works A's.
type Swap struct {
	ID     int64
	Date   calendar.Date
	A, B   int64
	AName  string
	BName  string
	AShift string
	BShift string
	Reason string
}

// Member is a staff member as the rota sees them.
type Member struct {
	ID      int64
	Name    string
	Team    string
	Shift   string // their usual shift
	Pattern Pattern
	// Since is the first date they can be on duty (hired or added).
	Since calendar.Date
}

// Roster answers who is on duty: the members, the team calendar, leave and swaps.
type Roster struct {
	Cal     *calendar.Calendar
	Members []Member
	Leave   []Leave
	Swaps   []Swap
}

// Duty is a member's day: on duty or not, the shift, and why not.
type Duty struct {
	On    bool
	Shift string
	// Why says why they are off (rest day, on leave) or that a swap moved their shift.
	Why string
}

func (r Roster) member(id int64) (Member, bool) {
	i := slices.IndexFunc(r.Members, func(m Member) bool { return m.ID == id })
	if i < 0 {
		return Member{}, false
	}
	return r.Members[i], true
}

// DutyOf says whether a member is on duty on d and on which shift.
func (r Roster) DutyOf(id int64, d calendar.Date) Duty {
	m, ok := r.member(id)
	if !ok {
		return Duty{Why: "not on the rota"}
	}
	if d.Before(m.Since) {
		return Duty{Why: "not yet on staff"}
	}
	for _, l := range r.Leave {
		if l.StaffID == id && l.Covers(d) {
			return Duty{Why: "on leave: " + string(l.Kind)}
		}
	}
	if !m.Pattern.Works(d, r.Cal.IsWorkday(d)) {
		if m.Pattern.Kind == Team {
			return Duty{Why: "day off: team calendar"}
		}
		return Duty{Why: "rest day: " + m.Pattern.String()}
	}
	for _, s := range r.Swaps {
		if s.Date != d {
			continue
		}
		switch id {
		case s.A:
			return Duty{On: true, Shift: s.BShift, Why: "swapped with " + s.BName}
		case s.B:
			return Duty{On: true, Shift: s.AShift, Why: "swapped with " + s.AName}
		}
	}
	return Duty{On: true, Shift: m.Shift}
}

// OnDuty lists the members on duty on d, per shift, in the members' order.
func (r Roster) OnDuty(d calendar.Date) map[string][]Member {
	out := map[string][]Member{}
	for _, m := range r.Members {
		if du := r.DutyOf(m.ID, d); du.On {
			out[du.Shift] = append(out[du.Shift], m)
		}
	}
	return out
}

// Staffed reports whether the desk works on d: a team working day, or someone is on duty.
func (r Roster) Staffed(d calendar.Date) bool {
	return r.Cal.IsWorkday(d) || len(r.OnDuty(d)) > 0
}

// Gap is a shift with nobody on duty on a staffed day.
type Gap struct {
	Date  calendar.Date
	Shift string
}

func (g Gap) String() string { return g.Shift + " shift " + g.Date.String() }

// Gaps lists the shifts left empty on the staffed days from..to (inclusive).
func (r Roster) Gaps(from, to calendar.Date, shifts []string) []Gap {
	var out []Gap
	for d := from; !d.After(to); d = d.AddDays(1) {
		if !r.Staffed(d) {
			continue
		}
		on := r.OnDuty(d)
		for _, s := range shifts {
			if len(on[s]) == 0 {
				out = append(out, Gap{Date: d, Shift: s})
			}
		}
	}
	return out
}

// NewGaps lists the gaps of after that before did not have: what a change leaves empty.
func NewGaps(before, after Roster, from, to calendar.Date, shifts []string) []Gap {
	had := map[Gap]bool{}
	for _, g := range before.Gaps(from, to, shifts) {
		had[g] = true
	}
	var out []Gap
	for _, g := range after.Gaps(from, to, shifts) {
		if !had[g] {
			out = append(out, g)
		}
	}
	return out
}
