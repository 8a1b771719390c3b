package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
)

func TestParseWeeklyTime(t *testing.T) {
	for in, want := range map[string]string{
		"sat 17:00":       "sat 17:00",
		"Saturday 17:00":  "sat 17:00",
		"  FRI   9:05 ":   "fri 09:05",
		"sun 24:00":       "sun 24:00",
		"mon 00:00":       "mon 00:00",
		"wednesday 12:30": "wed 12:30",
	} {
		w, err := ParseWeeklyTime(in)
		if err != nil || w.String() != want {
			t.Errorf("ParseWeeklyTime(%q) = %v, %v; want %s", in, w, err, want)
		}
	}
	for _, in := range []string{"", "sat", "17:00", "sat 25:00", "sat 24:30", "sat 17:60", "sat 17", "someday 17:00", "sat 17:00 extra", "sat -1:00"} {
		if _, err := ParseWeeklyTime(in); err == nil {
			t.Errorf("ParseWeeklyTime(%q) succeeded", in)
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	w, _ := ParseWeeklyTime("sat 17:00")
	monday := calendar.Date{Y: 2026, M: time.March, D: 2}
	if got := w.In(monday, loc); !got.Equal(time.Date(2026, 3, 7, 17, 0, 0, 0, loc)) {
		t.Errorf("In = %v", got)
	}
	sun, _ := ParseWeeklyTime("sun 24:00")
	if got := sun.In(monday, loc); !got.Equal(time.Date(2026, 3, 9, 0, 0, 0, 0, loc)) {
		t.Errorf("sun 24:00 In = %v, want the next Monday's midnight", got)
	}
}

func FuzzParseWeeklyTime(f *testing.F) {
	for _, s := range []string{"sat 17:00", "sun 24:00", "x", "mon 9:5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeeklyTime(s)
		if err != nil {
			return
		}
		again, err := ParseWeeklyTime(w.String())
		if err != nil || again != w || w.Minute < 0 || w.Minute > 24*60 {
			t.Errorf("%q → %v → %v, %v", s, w, again, err)
		}
	})
}

func TestParseProposals(t *testing.T) {
	m, err := ParseProposals(" first_response = slow-reply , handover=handover-missing")
	if err != nil || len(m) != 2 || m["first_response"] != "slow-reply" || m["handover"] != "handover-missing" {
		t.Errorf("ParseProposals = %v, %v", m, err)
	}
	if m, err := ParseProposals("none"); err != nil || len(m) != 0 {
		t.Errorf("none = %v, %v", m, err)
	}
	for in, msg := range map[string]string{
		"first_response":                 "write TARGET=RULE",
		"lunch=late-lunch":               `unknown target "lunch"`,
		"handover=a,handover=b":          "mapped twice",
		"summary=Summary Missing":        "invalid rule code",
		"first_response=slow-reply,=x":   "write TARGET=RULE",
		"first_response=slow-reply,,":    "write TARGET=RULE",
		"resolution=late-resolution;foo": "invalid rule code",
	} {
		if _, err := ParseProposals(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseProposals(%q) = %v, want %q", in, err, msg)
		}
	}
	// The canonical form lists targets in their fixed order.
	if got, err := normProposals("summary=s,first_response=f"); err != nil || got != "first_response=f,summary=s" {
		t.Errorf("normProposals = %q, %v", got, err)
	}
	if got, _ := normProposals(""); got != "none" {
		t.Errorf("normProposals(\"\") = %q", got)
	}
}

func TestRemindSettings(t *testing.T) {
	p := Default("Asia/Shanghai", "cn")
	for key, want := range map[string]string{"ticket.autoclose_after": "7d", "summary.min_chars": "200", "summary.due": "sat 17:00",
		"handover.grace": "30m", "remind.lookback": "7d"} {
		if got := p.Get(key); got != want {
			t.Errorf("default %s = %q, want %q", key, got, want)
		}
	}
	for _, tt := range []struct{ key, value, want string }{
		{"ticket.autoclose_after", "OFF", "off"},
		{"ticket.autoclose_after", "3bd", "3bd"},
		{"summary.due", "Friday 18:00", "fri 18:00"},
		{"summary.min_chars", " 150 ", "150"},
		{"remind.lookback", "14d", "14d"},
	} {
		if err := p.Set(tt.key, tt.value); err != nil || p.Get(tt.key) != tt.want {
			t.Errorf("Set(%s, %q) → %q, %v; want %q", tt.key, tt.value, p.Get(tt.key), err, tt.want)
		}
	}
	for key, value := range map[string]string{"handover.grace": "1bh", "remind.lookback": "2bd", "summary.min_chars": "-1",
		"summary.due": "sat", "ticket.autoclose_after": "soon"} {
		if err := p.Set(key, value); err == nil {
			t.Errorf("Set(%s, %q) succeeded", key, value)
		}
	}
}
