package core

import (
	"fmt"
	"github.com/kefu/kefu/internal/audit"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// breach is a broken promise the policy may map to a score rule (remind.propose).
type breach struct {
	target  string
	staffID int64
	staff   string
	at      time.Time
	ticket  int64
	key     string
	reason  string
}

// breaches lists the breaches of the mapped targets: overdue promises of tickets (for the first
// response, also late ones) opened since lookback, handover notes and weekly summaries missing
// past their due time.
func (e *env) breaches(mapped map[string]string, lookback time.Time) ([]breach, error) {
	var out []breach
	now := e.tx.Time()
	if _, ok := mapped[policy.FirstResponse]; ok {
		// slow-reply is for inquiries and complaints answered (or still unanswered) later than
		// the window by more than remind.propose_grace.
		ts, err := e.tx.FirstResponsesMissed(lookback, []string{"inquiry", "complaint"})
		if err != nil {
			return nil, err
		}
		var late []ticket.Ticket
		var keys []string
		for _, t := range ts {
			limit, ok := e.slowReplyLimit(t)
			if !ok || !t.FirstResponseAt.IsZero() && !t.FirstResponseAt.After(limit) || t.FirstResponseAt.IsZero() && !now.After(limit) {
				continue
			}
			late = append(late, t)
			keys = append(keys, firstResponseKey(t.ID))
		}
		// A breach proposed before (by an earlier remind) proposes nothing again: skip reading
		// its ticket's history for who held it.
		proposed, err := e.tx.ScorePendingKeys(keys)
		if err != nil {
			return nil, err
		}
		for _, t := range late {
			if proposed[firstResponseKey(t.ID)] {
				continue
			}
			who, err := e.assigneeAt(t, t.FirstResponseDue)
			if err != nil {
				return nil, err
			}
			if who.ID == 0 {
				continue
			}
			due := calendar.FormatDue(t.FirstResponseDue, e.loc, "2006-01-02")
			reason := i18n.Sprintf("no first response to ticket %d, due %s", t.ID, due)
			if !t.FirstResponseAt.IsZero() {
				reason = i18n.Sprintf("late first response to ticket %d, due %s", t.ID, due)
			}
			out = append(out, breach{target: policy.FirstResponse, staffID: who.ID, staff: who.Name, at: t.FirstResponseDue, ticket: t.ID,
				key: firstResponseKey(t.ID), reason: reason})
		}
	}
	for _, tt := range ticketTargets[1:] {
		if _, ok := mapped[tt.target]; !ok {
			continue
		}
		ts, err := e.tx.TicketsDue(tt.target, now)
		if err != nil {
			return nil, err
		}
		for i := range ts {
			t := &ts[i]
			if t.AssigneeID == 0 || t.OpenedAt.Before(lookback) {
				continue
			}
			due := tt.due(t)
			out = append(out, breach{target: tt.target, staffID: t.AssigneeID, staff: t.Assignee, at: due, ticket: t.ID,
				key:    fmt.Sprintf("remind:%s:%d", tt.target, t.ID),
				reason: i18n.Sprintf("%s of ticket %d overdue, due %s", remind.Label(tt.kind), t.ID, calendar.FormatDue(due, e.loc, "2006-01-02"))})
		}
	}
	if _, ok := mapped["handover"]; ok {
		grace, err := e.grace()
		if err != nil {
			return nil, err
		}
		owed, _, err := e.handoverItems(calendar.DateOf(lookback, e.loc), grace)
		if err != nil {
			return nil, err
		}
		for _, o := range owed {
			if o.Due.After(now) {
				continue
			}
			out = append(out, breach{target: "handover", staffID: o.Worker.ID, staff: o.Worker.Name, at: o.Due,
				key:    fmt.Sprintf("remind:handover:%d:%s:%s", o.Worker.ID, o.Shift.Date, o.Shift.Name),
				reason: i18n.Sprintf("no handover note for the %s", o.Shift.String())})
		}
	}
	if _, ok := mapped["summary"]; ok {
		rules, err := e.summaryRules()
		if err != nil {
			return nil, err
		}
		for _, w := range e.summaryWeeks(rules, lookback, now) {
			written, err := e.summaries(w.String())
			if err != nil {
				return nil, err
			}
			missing, err := e.summariesMissing(rules, w, written)
			if err != nil {
				return nil, err
			}
			for _, m := range missing {
				reason := i18n.Sprintf("no weekly summary for %s", m.Week)
				if m.Written {
					reason = i18n.Sprintf("weekly summary for %s too short (%d of %d characters)", m.Week, m.Chars, rules.minChars)
				}
				out = append(out, breach{target: "summary", staffID: m.StaffID, staff: m.Staff, at: m.Due,
					key: fmt.Sprintf("remind:summary:%d:%s", m.StaffID, m.Week), reason: reason})
			}
		}
	}
	return out, nil
}

func firstResponseKey(ticketID int64) string {
	return fmt.Sprintf("remind:first_response:%d", ticketID)
}

// assigneeAt is who held a ticket at a time (zero: nobody), from its history: a breach is
// the fault of whoever held the ticket when the promise fell due, not of whoever took it later.
func (e *env) assigneeAt(t ticket.Ticket, at time.Time) (staff.Staff, error) {
	evs, err := e.tx.Events(persist.EventFilter{Entity: "ticket", EntityID: t.ID})
	if err != nil {
		return staff.Staff{}, err
	}
	name := t.Assignee
	for _, ev := range evs {
		// The opening's assignee held the ticket from its opening, even when the opening was
		// recorded later (--at, import).
		if !ev.At.After(at) || ev.Action == "opened" || ev.Action == "imported" {
			continue
		}
		if c, ok := audit.ChangeOf(ev.Payload, "assignee"); ok {
			name, _ = c.Old.(string)
			break
		}
	}
	if name == "" {
		return staff.Staff{}, nil
	}
	if name == t.Assignee {
		return staff.Staff{ID: t.AssigneeID, Name: t.Assignee}, nil
	}
	return e.tx.StaffByName(name)
}

// slowReplyLimit is when a first response becomes slow enough to propose slow-reply: its due
// time plus remind.propose_grace, by default the window's own length (twice the allowed time),
// counted as the window counts. ok is false when no window is known.
func (e *env) slowReplyLimit(t ticket.Ticket) (time.Time, bool) {
	vals, err := e.values()
	if err != nil {
		return time.Time{}, false
	}
	if vals.ProposeGrace != nil {
		return e.cal.Due(t.FirstResponseDue, *vals.ProposeGrace), true
	}
	// The window's own length: the one the ticket recorded (a stored duration), else the
	// policy's window now.
	if t.FirstResponseWindow == "" {
		w, ok := policy.Match(e.policy.Windows, policy.Query{Kind: t.Kind, Target: policy.FirstResponse, Channel: t.Channel, Priority: t.Priority, Severity: t.Severity})
		if !ok {
			return time.Time{}, false
		}
		return e.cal.Due(t.FirstResponseDue, w.Within), true
	}
	d, err := duration.Parse(t.FirstResponseWindow)
	if err != nil {
		return time.Time{}, false
	}
	return e.cal.Due(t.FirstResponseDue, d), true
}

// proposeBreaches proposes a pending score entry for each breach the policy maps to a rule,
// once per breach; it returns the entries it created. A rule missing from the catalog is a
// warning in the report, not a failure of remind.
func (e *env) proposeBreaches(r *remind.Report, lookback time.Time) ([]remind.Proposal, error) {
	vals, err := e.values()
	if err != nil {
		return nil, err
	}
	mapped := vals.Proposals
	warnings, err := e.checkProposalRules(mapped)
	if err != nil {
		return nil, err
	}
	r.Warnings = append(r.Warnings, warnings...)
	if len(mapped) == 0 {
		return nil, nil
	}
	bs, err := e.breaches(mapped, lookback)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(bs))
	for i, b := range bs {
		keys[i] = b.key
	}
	proposed, err := e.tx.ScorePendingKeys(keys)
	if err != nil {
		return nil, err
	}
	var out []remind.Proposal
	for _, b := range bs {
		if proposed[b.key] {
			continue // proposed before: proposing it again creates nothing
		}
		p, created, err := e.proposeBreach(mapped[b.target], b)
		if err != nil {
			return nil, err
		}
		if created {
			out = append(out, p)
		}
	}
	return out, nil
}
