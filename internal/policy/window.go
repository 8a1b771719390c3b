package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
)

// Targets a response window can name.
const (
	FirstResponse = "first_response"
	Plan          = "plan" // a complex complaint's handling plan (初步解决方案), met by complaint plan
	Resolution    = "resolution"
	Escalation    = "escalation"
	Followup      = "followup"
	Forward       = "forward"
)

// Targets lists the valid window targets.
var Targets = []string{FirstResponse, Plan, Resolution, Escalation, Followup, Forward}

// Channels, priorities and complaint severities a window (and a ticket) may name: the codes
// of their tables in names.go.
var (
	Channels   = ChannelNames.Codes()
	Priorities = PriorityNames.Codes()
	Severities = SeverityNames.Codes()
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

// Match returns the row that applies to q when no start time is at hand: the matching row
// with the most named fields, and among equally specific rows the one that is surely earliest
// (see Choose, which compares due times for a real ticket). ok is false when no row matches.
func Match(rows []Window, q Query) (w Window, ok bool) {
	c := Choose(rows, q, nil)
	return c.Winner, c.OK
}

// Choice is the row that applies to a ticket and the matching rows it beat.
type Choice struct {
	Winner Window
	OK     bool
	Beaten []Beaten
}

// Beaten is a matching row that lost, and why.
type Beaten struct {
	Window Window `json:"window"`
	// Reason is "less specific" or "later due time".
	Reason string `json:"reason"`
}

// Choose picks the row that applies to q: the matching row with the most named fields (a
// named kind counts as one); among equally specific rows, the one giving the earliest due time
// for this ticket, as due computes it (2bd and 48h compare by when they fall). With due nil,
// rows of the same unit compare by length and other ties keep the surely earlier one, else
// the first. ok is false when no row matches (the ticket has no due time for that target).
func Choose(rows []Window, q Query, due func(duration.Duration) time.Time) Choice {
	var c Choice
	var matching []Window
	for _, r := range rows {
		if r.matches(q) {
			matching = append(matching, r)
		}
	}
	for _, r := range matching {
		if !c.OK || r.Specificity() > c.Winner.Specificity() ||
			r.Specificity() == c.Winner.Specificity() && earlier(r.Within, c.Winner.Within, due) {
			c.Winner, c.OK = r, true
		}
	}
	for _, r := range matching {
		if r.Key() == c.Winner.Key() {
			continue
		}
		reason := "later due time"
		if r.Specificity() < c.Winner.Specificity() {
			reason = "less specific"
		}
		c.Beaten = append(c.Beaten, Beaten{Window: r, Reason: reason})
	}
	return c
}

// earlier reports whether window a falls due before window b.
func earlier(a, b duration.Duration, due func(duration.Duration) time.Time) bool {
	if due != nil {
		return due(a).Before(due(b))
	}
	return surelyEarlier(a, b) && !surelyEarlier(b, a)
}

// surelyEarlier reports whether a falls due no later than b whatever the start: the same unit
// and no longer, or a calendar window no longer than the least real time b's business time can
// take (service time passes no faster than real time).
func surelyEarlier(a, b duration.Duration) bool {
	if a.Unit == b.Unit {
		return a.N <= b.N
	}
	if a.IsBusiness() {
		return false
	}
	least := time.Duration(0)
	switch b.Unit {
	case duration.BizMinute:
		least = time.Duration(b.N) * time.Minute
	case duration.BizHour:
		least = time.Duration(b.N) * time.Hour
	case duration.BizDay:
		return false // a business day can end within minutes of a start near the close
	default:
		least = b.Calendar()
	}
	return a.Calendar() <= least
}

// Shadow is a row that never applies: wherever it matches, another row surely wins.
type Shadow struct {
	Window Window
	By     []Window // the rows that win where it matches
}

// Shadowed lists the rows that never apply, for every combination of kind, channel, priority
// and severity a row matches (severity only for complaints, which are always simple or
// complex), so a lead never keeps a rule that cannot apply.
func Shadowed(rows []Window, kinds []string) []Shadow {
	var out []Shadow
	for _, r := range rows {
		byKey := map[string]Window{}
		never := true
		for _, q := range combinations(r, kinds) {
			var winner *Window
			for _, o := range rows {
				if o.Key() == r.Key() || !o.matches(q) {
					continue
				}
				if o.Specificity() > r.Specificity() ||
					o.Specificity() == r.Specificity() && surelyEarlier(o.Within, r.Within) && !surelyEarlier(r.Within, o.Within) {
					if winner == nil || o.Specificity() > winner.Specificity() {
						w := o
						winner = &w
					}
				}
			}
			if winner == nil {
				never = false
				break
			}
			byKey[winner.Key()] = *winner
		}
		if !never || len(byKey) == 0 {
			continue
		}
		s := Shadow{Window: r}
		for _, w := range byKey {
			s.By = append(s.By, w)
		}
		SortWindows(s.By)
		out = append(out, s)
	}
	return out
}

// BeatenBy lists the rows that surely win over row r for some ticket shape r matches (more
// specific, or as specific and surely earlier), most specific first: where they match, r does
// not apply.
func BeatenBy(rows []Window, kinds []string, r Window) []Window {
	byKey := map[string]Window{}
	for _, q := range combinations(r, kinds) {
		for _, o := range rows {
			if o.Key() == r.Key() || !o.matches(q) {
				continue
			}
			if o.Specificity() > r.Specificity() ||
				o.Specificity() == r.Specificity() && surelyEarlier(o.Within, r.Within) && !surelyEarlier(r.Within, o.Within) {
				byKey[o.Key()] = o
			}
		}
	}
	var out []Window
	for _, w := range byKey {
		out = append(out, w)
	}
	SortWindows(out)
	return out
}

// combinations lists the ticket shapes row r matches.
func combinations(r Window, kinds []string) []Query {
	ks := []string{r.Kind}
	if r.Kind == AnyKind {
		ks = kinds
	}
	pick := func(v string, all []string) []string {
		if v != "" {
			return []string{v}
		}
		return all
	}
	var out []Query
	for _, k := range ks {
		sevs := []string{""}
		if k == "complaint" {
			sevs = Severities
		}
		if r.Severity != "" {
			if k != "complaint" {
				continue
			}
			sevs = []string{r.Severity}
		}
		for _, ch := range pick(r.Channel, Channels) {
			for _, pr := range pick(r.Priority, Priorities) {
				for _, sv := range sevs {
					out = append(out, Query{Kind: k, Target: r.Target, Channel: ch, Priority: pr, Severity: sv})
				}
			}
		}
	}
	return out
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
	if err := oneOf(errs.Word("channel"), w.Channel, Channels); err != nil {
		return err
	}
	if err := oneOf(errs.Word("priority"), w.Priority, Priorities); err != nil {
		return err
	}
	return oneOf(errs.Word("severity"), w.Severity, Severities)
}

func oneOf(what errs.Word, v string, valid []string) error {
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

// DefaultWindows is product.md's table of response windows. The channel rows are the
// regulations' inquiry windows (在线咨询 30 秒, 电话 1 分钟, 邮件 4 小时, 社交媒体 1 个工作小时; a
// WeChat message is the regulations' social private message), for inquiries and pre-sale chats; email, app and visit count service hours, so nothing falls due
// while the desk is closed. Suggestions have no first-response or resolution window.
func DefaultWindows() []Window {
	w := mustWindow
	var ws []Window
	for _, kind := range []string{"inquiry", "presale"} {
		for _, r := range [][2]string{{"chat", "30s"}, {"phone", "1m"}, {"email", "4bh"}, {"wechat", "1bh"}, {"social", "1bh"}, {"app", "4bh"}, {"visit", "4bh"}} {
			ws = append(ws, w(kind, FirstResponse, r[0], "", "", r[1]))
		}
	}
	ws = append(ws,
		w("inquiry", Resolution, "", "", "", "2bd"),
		w("complaint", FirstResponse, "", "", "", "24h"),
		w("complaint", Plan, "", "", "complex", "48h"),
		w("complaint", Resolution, "", "", "simple", "72h"),
		w("complaint", Escalation, "", "", "complex", "2h"),
		w("complaint", Resolution, "", "", "complex", "5bd"),
		w("complaint", Followup, "", "", "", "1bd"),
		w("suggestion", Forward, "", "", "", "5bd"),
		w("inquiry", Resolution, "", "urgent", "", "1bd"),
		w("complaint", Resolution, "", "urgent", "simple", "24h"),
		w("complaint", Resolution, "", "urgent", "complex", "3bd"),
	)
	for _, kind := range []string{"inquiry", "presale", "complaint"} {
		for _, ch := range []string{"email", "wechat", "social", "app", "visit"} {
			ws = append(ws, w(kind, FirstResponse, ch, "urgent", "", "15m"))
		}
	}
	SortWindows(ws)
	return ws
}

// PreviousDefaultWindows are the rows earlier versions shipped: a database whose rows still
// equal them is moved to DefaultWindows' rows, one row at a time.
func PreviousDefaultWindows() []Window {
	w := mustWindow
	ws := []Window{
		w("*", FirstResponse, "chat", "", "", "30s"),
		w("*", FirstResponse, "phone", "", "", "1m"),
		w("*", FirstResponse, "email", "", "", "4h"),
		w("*", FirstResponse, "social", "", "", "1bh"),
		w("*", FirstResponse, "app", "", "", "4h"),
		w("*", FirstResponse, "visit", "", "", "4h"),
	}
	for _, ch := range []string{"email", "social", "app", "visit"} {
		ws = append(ws, w("*", FirstResponse, ch, "urgent", "", "15m"))
	}
	return ws
}
