package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
)

// Targets a response window can name.
const (
	FirstResponse = "first_response"
	Resolution    = "resolution"
	Escalation    = "escalation"
	Followup      = "followup"
	Forward       = "forward"
)

// Targets lists the valid window targets.
var Targets = []string{FirstResponse, Resolution, Escalation, Followup, Forward}

// Channels, priorities and complaint severities a window (and a ticket) may name.
var (
	Channels   = []string{"phone", "email", "chat", "social", "app", "visit"}
	Priorities = []string{"urgent", "high", "normal", "low"}
	Severities = []string{"simple", "complex"}
)

// AnyKind is the wildcard kind of a window row.
const AnyKind = "*"

// Window is one row of the response-window table: within Within, the Target must happen
// for tickets of Kind (or any kind), optionally only on a channel, priority or severity.
type Window struct {
	Kind     string            `yaml:"kind" json:"kind"`
	Target   string            `yaml:"target" json:"target"`
	Channel  string            `yaml:"channel,omitempty" json:"channel,omitempty"`
	Priority string            `yaml:"priority,omitempty" json:"priority,omitempty"`
	Severity string            `yaml:"severity,omitempty" json:"severity,omitempty"`
	Within   duration.Duration `yaml:"within" json:"within"`
}

// Specificity counts the fields a row names; the most specific matching row wins.
func (w Window) Specificity() int {
	n := 0
	for _, f := range []string{w.Channel, w.Priority, w.Severity} {
		if f != "" {
			n++
		}
	}
	if w.Kind != AnyKind {
		n++
	}
	return n
}

// Key identifies a row: two rows with the same key cannot coexist.
func (w Window) Key() string {
	return strings.Join([]string{w.Kind, w.Target, w.Channel, w.Priority, w.Severity}, "|")
}

// Describe prints the row's conditions for people, e.g. "complaint resolution severity=complex".
func (w Window) Describe() string {
	s := w.Kind + " " + w.Target
	if w.Channel != "" {
		s += " channel=" + w.Channel
	}
	if w.Priority != "" {
		s += " priority=" + w.Priority
	}
	if w.Severity != "" {
		s += " severity=" + w.Severity
	}
	return s
}

// Query describes a ticket looking for its window.
type Query struct {
	Kind, Target, Channel, Priority, Severity string
}

func (w Window) matches(q Query) bool {
	return (w.Kind == AnyKind || w.Kind == q.Kind) &&
		w.Target == q.Target &&
		(w.Channel == "" || w.Channel == q.Channel) &&
		(w.Priority == "" || w.Priority == q.Priority) &&
		(w.Severity == "" || w.Severity == q.Severity)
}

// nominalSeconds orders windows of different units for the tie rule: calendar units exactly,
// business minutes and hours as that many minutes and hours, a business day as 24 hours.
func nominalSeconds(d duration.Duration) int64 {
	switch d.Unit {
	case duration.BizMinute:
		return d.N * 60
	case duration.BizHour:
		return d.N * 3600
	case duration.BizDay:
		return d.N * 86400
	}
	return int64(d.Calendar().Seconds())
}

// Match returns the row that applies to q: the matching row with the most named fields,
// and among equally specific rows the shortest window. ok is false when no row matches
// (the ticket then has no due time for that target).
func Match(rows []Window, q Query) (w Window, ok bool) {
	for _, r := range rows {
		if !r.matches(q) {
			continue
		}
		if !ok || r.Specificity() > w.Specificity() ||
			(r.Specificity() == w.Specificity() && nominalSeconds(r.Within) < nominalSeconds(w.Within)) {
			w, ok = r, true
		}
	}
	return w, ok
}

// CheckWindowFields validates a row's fields against the known kinds and vocabularies.
func CheckWindowFields(w Window, kinds []string) error { return w.validate(kinds) }

// validate checks one row against the known kinds and vocabularies.
func (w Window) validate(kinds []string) error {
	if w.Kind != AnyKind && !slices.Contains(kinds, w.Kind) {
		return errs.Invalidf("unknown kind %q: use * or one of %s", w.Kind, strings.Join(kinds, ", "))
	}
	if !slices.Contains(Targets, w.Target) {
		return errs.Invalidf("unknown target %q: use one of %s", w.Target, strings.Join(Targets, ", "))
	}
	if err := oneOf("channel", w.Channel, Channels); err != nil {
		return err
	}
	if err := oneOf("priority", w.Priority, Priorities); err != nil {
		return err
	}
	return oneOf("severity", w.Severity, Severities)
}

func oneOf(what, v string, valid []string) error {
	if v == "" || slices.Contains(valid, v) {
		return nil
	}
	return errs.Invalidf("unknown %s %q: use one of %s", what, v, strings.Join(valid, ", "))
}

// SortWindows orders rows for display: by target, kind, then the conditions.
func SortWindows(ws []Window) {
	order := func(t string) int { return slices.Index(Targets, t) }
	slices.SortStableFunc(ws, func(a, b Window) int {
		if c := order(a.Target) - order(b.Target); c != 0 {
			return c
		}
		return strings.Compare(a.Key(), b.Key())
	})
}

func mustWindow(kind, target, channel, priority, severity, within string) Window {
	d, err := duration.Parse(within)
	if err != nil {
		panic(fmt.Sprintf("default window %s: %v", within, err))
	}
	return Window{Kind: kind, Target: target, Channel: channel, Priority: priority, Severity: severity, Within: d}
}

// DefaultWindows is product.md's table of response windows.
func DefaultWindows() []Window {
	w := mustWindow
	ws := []Window{
		w("*", FirstResponse, "chat", "", "", "30s"),
		w("*", FirstResponse, "phone", "", "", "1m"),
		w("*", FirstResponse, "email", "", "", "4h"),
		w("*", FirstResponse, "social", "", "", "1bh"),
		w("*", FirstResponse, "app", "", "", "4h"),
		w("*", FirstResponse, "visit", "", "", "4h"),
		w("inquiry", Resolution, "", "", "", "2bd"),
		w("complaint", FirstResponse, "", "", "", "24h"),
		w("complaint", Resolution, "", "", "simple", "72h"),
		w("complaint", Escalation, "", "", "complex", "2h"),
		w("complaint", Resolution, "", "", "complex", "5bd"),
		w("complaint", Followup, "", "", "", "1bd"),
		w("suggestion", Forward, "", "", "", "5bd"),
		w("inquiry", Resolution, "", "urgent", "", "1bd"),
		w("complaint", Resolution, "", "urgent", "simple", "24h"),
		w("complaint", Resolution, "", "urgent", "complex", "3bd"),
	}
	for _, ch := range []string{"email", "social", "app", "visit"} {
		ws = append(ws, w("*", FirstResponse, ch, "urgent", "", "15m"))
	}
	SortWindows(ws)
	return ws
}
