// Package remind is what kefu remind reports: the items that are overdue, due soon or waiting
// on someone, sorted by urgency, each naming who should act; the chores it did; and the report
// as text, Markdown, JSON and the webhook payloads of DingTalk, WeCom and Slack. It is pure:
// the core gathers the items, the command prints and posts them.
package remind

import (
	"cmp"
	"github.com/kefu/kefu/internal/i18n"
	"slices"
	"strings"
	"time"
)

// Group is how urgent an item is; reports list the groups in this order.
type Group string

// The groups.
const (
	Overdue Group = "overdue"  // past its due time
	DueSoon Group = "due_soon" // due within the warning window
	Waiting Group = "waiting"  // waiting on someone, with no due time of its own
)

// Groups lists the groups by urgency.
var Groups = []Group{Overdue, DueSoon, Waiting}

// The kinds of item.
const (
	FirstResponse   = "first_response"   // a ticket's first response
	Resolution      = "resolution"       // a ticket's resolution
	Escalation      = "escalation"       // a complex complaint not escalated to a supervisor
	Plan            = "plan"             // a complex complaint without its handling plan (初步解决方案)
	Followup        = "followup"         // a resolved complaint awaiting the satisfaction follow-up
	Forward         = "forward"          // a suggestion not forwarded to its department
	HandoverMissing = "handover_missing" // a shift ended without its handover note
	HandoverUnacked = "handover_unacked" // a note the next shift has not acknowledged
	SummaryMissing  = "summary_missing"  // a weekly summary missing or too short
	Appeal          = "appeal"           // an appeal of a score entry awaiting a supervisor
	PendingEntry    = "pending_entry"    // a proposed score entry awaiting a supervisor
)

// Kinds lists the kinds in the order items of equal urgency are listed.
var Kinds = []string{FirstResponse, Resolution, Escalation, Plan, Followup, Forward, HandoverMissing, HandoverUnacked, SummaryMissing, Appeal, PendingEntry}

var labels = map[string]string{
	FirstResponse:   i18n.Key("first response"),
	Resolution:      i18n.Key("resolution"),
	Escalation:      i18n.Key("escalation"),
	Plan:            i18n.Key("handling plan"),
	Followup:        i18n.Key("follow-up"),
	Forward:         i18n.Key("forward"),
	HandoverMissing: i18n.Key("handover note"),
	HandoverUnacked: i18n.Key("handover ack"),
	SummaryMissing:  i18n.Key("weekly summary"),
	Appeal:          i18n.Key("appeal"),
	PendingEntry:    i18n.Key("score entry"),
}

// Label names a kind for people: "first response".
func Label(kind string) string {
	if l, ok := labels[kind]; ok {
		return i18n.T(l)
	}
	return kind
}

// Item is one thing someone should act on.
type Item struct {
	Group Group
	Kind  string
	// Key identifies the item across runs (with its group) for --once-per: "ticket:12:first_response".
	Key      string
	TicketID int64
	// Ref names the item for people: "#12", "handover 3", "entry 5"; "" when it has no id.
	Ref     string
	Subject string
	Due     time.Time // zero for waiting items
	Since   time.Time // waiting items: since when
	// Act names who should act: the assignee, the author, the next shift, the supervisors.
	Act  []string
	Team string
	Note string
}

// Classify puts an item due at due into Overdue or DueSoon at now.
func Classify(due, now time.Time) Group {
	if now.After(due) {
		return Overdue
	}
	return DueSoon
}

// Closed is a ticket remind closed because it was resolved long enough ago.
type Closed struct {
	TicketID   int64
	Subject    string
	ResolvedAt time.Time
}

// Proposal is a pending score entry remind proposed for a breach; a supervisor confirms or
// dismisses it.
type Proposal struct {
	EntryID  int64
	Rule     string
	Staff    string
	TicketID int64
	Reason   string
}

// Report is one run of remind.
type Report struct {
	Now      time.Time
	Loc      *time.Location
	Within   string    // the warning window, e.g. "4bh"
	Horizon  time.Time // items due before this are due soon
	Items    []Item
	Closed   []Closed
	Proposed []Proposal
	Warnings []string
	// Held are the items --once-per held back because they were sent recently.
	Held []Item
	// OncePer is --once-per as typed, for the "nothing new" line.
	OncePer string
	// For is the person the report was cut for (remind --for), "" for everyone.
	For string
	// Head is the audit chain's head after the chores, "COUNT:MAC" (empty: not shown).
	Head string
}

// Sort orders the items by urgency: group, then due time (the most overdue first), then how long
// they have waited, then kind, then key (ticket or entry number).
func (r *Report) Sort() {
	slices.SortStableFunc(r.Items, func(a, b Item) int {
		if c := cmp.Compare(slices.Index(Groups, a.Group), slices.Index(Groups, b.Group)); c != 0 {
			return c
		}
		if c := compareTime(a.Due, b.Due); c != 0 {
			return c
		}
		if c := compareTime(a.Since, b.Since); c != 0 {
			return c
		}
		if c := cmp.Compare(slices.Index(Kinds, a.Kind), slices.Index(Kinds, b.Kind)); c != 0 {
			return c
		}
		return naturalCompare(a.Key, b.Key)
	})
}

// naturalCompare orders keys with their numbers by value: "ticket:2:x" before "ticket:10:x".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitsPrefix(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// compareTime orders times with the zero time last.
func compareTime(a, b time.Time) int {
	switch {
	case a.Equal(b):
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

// Count counts the items of a group.
func (r Report) Count(g Group) int {
	n := 0
	for _, it := range r.Items {
		if it.Group == g {
			n++
		}
	}
	return n
}

// Empty reports whether there is nothing to report: no items and no chores done.
func (r Report) Empty() bool {
	return len(r.Items) == 0 && len(r.Closed) == 0 && len(r.Proposed) == 0
}

// FilterTeam keeps the items of a team.
func (r *Report) FilterTeam(team string) {
	if team == "" {
		return
	}
	r.Items = slices.DeleteFunc(r.Items, func(it Item) bool { return it.Team != team })
}

// FilterFor keeps one person's part (remind --for): the items that name them among those who
// should act, and the score entries proposed about them. The chores done for the department
// (tickets closed) are not theirs and are left out.
func (r *Report) FilterFor(name string) {
	r.For = name
	mine := func(it Item) bool { return !slices.Contains(it.Act, name) }
	r.Items = slices.DeleteFunc(r.Items, mine)
	r.Held = slices.DeleteFunc(r.Held, mine)
	r.Proposed = slices.DeleteFunc(r.Proposed, func(p Proposal) bool { return p.Staff != name })
	r.Closed = nil
}

// SentKey is how --once-per remembers an item: its key and group, so an item that became
// overdue since it was sent as due soon is new.
func SentKey(it Item) string { return it.Key + "|" + string(it.Group) }

// Suppress moves the items sent at or after since (per the sent log, by SentKey) from Items
// to Held.
func (r *Report) Suppress(sent map[string]time.Time, since time.Time) {
	var kept []Item
	for _, it := range r.Items {
		if at, ok := sent[SentKey(it)]; ok && !at.Before(since) {
			r.Held = append(r.Held, it)
			continue
		}
		kept = append(kept, it)
	}
	r.Items = kept
}

// FailOn values.
var FailOnValues = []string{"overdue", "any"}

// Fails reports whether the report holds what --fail-on names: "overdue" (an overdue item) or
// "any" (any item at all). Items --once-per held back count: they are still owed.
func (r Report) Fails(what string) bool {
	all := append(slices.Clone(r.Items), r.Held...)
	switch what {
	case "any":
		return len(all) > 0
	case "overdue":
		return slices.ContainsFunc(all, func(it Item) bool { return it.Group == Overdue })
	}
	return false
}

// joinAct prints who should act.
func joinAct(act []string) string {
	if len(act) == 0 {
		return "-"
	}
	return strings.Join(act, ", ")
}
