package policy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
)

// The settings of reminders, handover notes and weekly summaries (see Settings).

// Off disables a setting that takes a duration (ticket.autoclose_after).
const Off = "off"

// WeeklyTime is a time of the week in the team's zone, e.g. Saturday 17:00 (summary.due).
type WeeklyTime struct {
	Weekday time.Weekday
	Minute  int // minutes after midnight, 0 to 24*60
}

// ParseWeeklyTime reads "sat 17:00": a weekday (mon ... sun, or its full English name) and a
// time of day, HH:MM (24:00 is the end of the day).
func ParseWeeklyTime(s string) (WeeklyTime, error) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) != 2 {
		return WeeklyTime{}, errs.Invalidf("invalid weekly time %q: write a weekday and a time, e.g. \"sat 17:00\"", s)
	}
	wd := -1
	for i, name := range weekdayKeys {
		full := strings.ToLower(time.Weekday((i + 1) % 7).String())
		if f[0] == name || f[0] == full {
			wd = (i + 1) % 7
		}
	}
	if wd < 0 {
		return WeeklyTime{}, errs.Invalidf("invalid weekday %q: use mon, tue, wed, thu, fri, sat or sun", f[0])
	}
	h, m, ok := strings.Cut(f[1], ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || mm < 0 || mm > 59 || hh > 24 || hh == 24 && mm != 0 {
		return WeeklyTime{}, errs.Invalidf("invalid time of day %q: use HH:MM, e.g. 17:00", f[1])
	}
	return WeeklyTime{Weekday: time.Weekday(wd), Minute: hh*60 + mm}, nil
}

// String prints the time as ParseWeeklyTime reads it: "sat 17:00".
func (w WeeklyTime) String() string {
	return fmt.Sprintf("%s %02d:%02d", weekdayKeys[(int(w.Weekday)+6)%7], w.Minute/60, w.Minute%60)
}

// In returns the instant of w in the ISO week that starts on Monday monday (a date in loc).
func (w WeeklyTime) In(monday calendar.Date, loc *time.Location) time.Time {
	d := monday.AddDays((int(w.Weekday) + 6) % 7)
	return time.Date(d.Y, d.M, d.D, 0, w.Minute, 0, 0, loc)
}

func normWeeklyTime(v string) (string, error) {
	w, err := ParseWeeklyTime(v)
	if err != nil {
		return "", err
	}
	return w.String(), nil
}

// normDurationOrOff accepts a duration or "off".
func normDurationOrOff(v string) (string, error) {
	if strings.EqualFold(strings.TrimSpace(v), Off) {
		return Off, nil
	}
	return normDuration(v)
}

// normCalendarDuration accepts calendar time only (s, m, h, d): a span looked back over.
func normCalendarDuration(v string) (string, error) {
	d, err := duration.Parse(strings.TrimSpace(v))
	if err != nil {
		return "", errs.Invalidf("%v", err)
	}
	if d.IsBusiness() {
		return "", errs.Invalidf("%s is business time; use calendar time such as 30m, 24h or 7d", d)
	}
	return d.String(), nil
}

func normCount(v string) (string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > 100000 {
		return "", errs.Invalidf("invalid number %q: use a whole number from 0 to 100000", v)
	}
	return strconv.Itoa(n), nil
}

// Breach targets remind can map to a score rule (remind.propose).
var ProposeTargets = []string{"first_response", "resolution", "escalation", "followup", "forward", "handover", "summary"}

// ParseProposals reads remind.propose: "TARGET=RULE,..." (e.g. "first_response=slow-reply"), or
// "none". It maps each breach target to the rule code of the pending score entry it proposes.
func ParseProposals(s string) (map[string]string, error) {
	out := map[string]string{}
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		target, rule, ok := strings.Cut(strings.TrimSpace(part), "=")
		target, rule = strings.TrimSpace(target), strings.TrimSpace(rule)
		if !ok || target == "" || rule == "" {
			return nil, errs.Invalidf("invalid mapping %q: write TARGET=RULE, e.g. first_response=slow-reply", part)
		}
		if !slices.Contains(ProposeTargets, target) {
			return nil, errs.Invalidf("unknown target %q: use %s", target, strings.Join(ProposeTargets, ", "))
		}
		if _, dup := out[target]; dup {
			return nil, errs.Invalidf("target %s is mapped twice", target)
		}
		for _, r := range rule {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return nil, errs.Invalidf("invalid rule code %q: use lower-case letters, digits and hyphens", rule)
			}
		}
		out[target] = rule
	}
	return out, nil
}

func normProposals(v string) (string, error) {
	m, err := ParseProposals(v)
	if err != nil {
		return "", err
	}
	if len(m) == 0 {
		return "none", nil
	}
	var parts []string
	for _, t := range ProposeTargets {
		if r, ok := m[t]; ok {
			parts = append(parts, t+"="+r)
		}
	}
	return strings.Join(parts, ","), nil
}
