package staff

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// A work pattern says which days a staff member works (product.md "Business calendar"):
//   - "team": the team's business calendar (the default);
//   - weekly days: "mon-sat", "mon-fri", or a list "mon,wed,fri" (ranges may wrap: "sat-tue");
//   - a rotation: "6on1off@2026-11-02", N days on then M days off, counted from the start date.
//
// This package only validates and normalises the value; the rota decides who is on duty.

// TeamPattern is the default work pattern.
const TeamPattern = "team"

var weekdayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func weekdayIndex(s string) int {
	for i, n := range weekdayNames {
		if n == s {
			return i
		}
	}
	return -1
}

// ParsePattern validates a work pattern and returns it in its canonical form.
func ParsePattern(s string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" || v == TeamPattern {
		return TeamPattern, nil
	}
	if strings.Contains(v, "on") && strings.Contains(v, "off") {
		return parseRotation(v, s)
	}
	return parseWeekly(v, s)
}

func patternErr(s string) error {
	return errs.Invalidf("work pattern %q: use team, weekly days like mon-sat or mon,wed,fri, or a rotation like 6on1off@2026-11-02", s)
}

func parseWeekly(v, orig string) (string, error) {
	var days [7]bool
	for _, part := range strings.Split(v, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a := weekdayIndex(strings.TrimSpace(from))
		b := a
		if isRange {
			b = weekdayIndex(strings.TrimSpace(to))
		}
		if a < 0 || b < 0 {
			return "", patternErr(orig)
		}
		for i := a; ; i = (i + 1) % 7 {
			days[i] = true
			if i == b {
				break
			}
		}
	}
	var parts []string
	for i := 0; i < 7; i++ {
		if !days[i] {
			continue
		}
		j := i
		for j+1 < 7 && days[j+1] {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, weekdayNames[i])
		default:
			parts = append(parts, weekdayNames[i]+"-"+weekdayNames[j])
		}
		i = j
	}
	return strings.Join(parts, ","), nil
}

func parseRotation(v, orig string) (string, error) {
	spec, start, ok := strings.Cut(v, "@")
	if !ok {
		return "", errs.Invalidf("work pattern %q: a rotation needs its start date, like 6on1off@2026-11-02", orig)
	}
	on, rest, ok1 := strings.Cut(spec, "on")
	off, tail, ok2 := strings.Cut(rest, "off")
	if !ok1 || !ok2 || tail != "" {
		return "", patternErr(orig)
	}
	n, err1 := strconv.Atoi(on)
	m, err2 := strconv.Atoi(off)
	if err1 != nil || err2 != nil || n < 1 || m < 0 || n > 28 || m > 28 {
		return "", errs.Invalidf("work pattern %q: days on must be 1-28 and days off 0-28", orig)
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(start))
	if err != nil {
		return "", errs.Invalidf("work pattern %q: the start date must be YYYY-MM-DD", orig)
	}
	if d.Year() < 2000 || d.Year() > 2100 {
		return "", errs.Invalidf("work pattern %q: the start date must be between 2000 and 2100", orig)
	}
	return fmt.Sprintf("%don%doff@%s", n, m, d.Format("2006-01-02")), nil
}
