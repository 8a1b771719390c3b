package core

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

func (e *env) clock() ticket.Clock { return ticket.Clock{Windows: e.policy.Windows, Cal: e.cal} }

// at parses an optional --at: empty is now; a time in the future is refused.
func (e *env) at(s string) (time.Time, error) {
	now := e.tx.Time()
	if s == "" {
		return now, nil
	}
	t, err := when.ParseTime(s, e.loc, now)
	if err != nil {
		return t, errs.Invalidf("--at: %v", err)
	}
	if t.After(now) {
		return t, errs.Invalidf("--at %s is in the future (now is %s)", t.In(e.loc).Format(time.RFC3339), now.In(e.loc).Format(time.RFC3339))
	}
	return t, nil
}

// notBefore refuses a time before the ticket was opened.
func (e *env) notBefore(t time.Time, tk *ticket.Ticket, what string) error {
	if t.Before(tk.OpenedAt) {
		return errs.Invalidf("--at is before ticket %d was opened (%s); a %s cannot precede it", tk.ID, tk.OpenedAt.In(e.loc).Format(time.RFC3339), what)
	}
	return nil
}

// snapshot is the part of a ticket its history records, for old/new values and replay.
func snapshot(t *ticket.Ticket) map[string]any {
	tm := func(x time.Time) any {
		if x.IsZero() {
			return nil
		}
		return x.UTC().Format(time.RFC3339)
	}
	ip := func(p *int) any {
		if p == nil {
			return nil
		}
		return *p
	}
	return map[string]any{
		"kind": t.Kind, "channel": t.Channel, "priority": t.Priority, "severity": t.Severity,
		"category": t.Category, "subject": t.Subject, "order_no": t.OrderNo, "team": t.Team,
		"assignee": str(t.Assignee), "status": string(t.Status),
		"first_response_due": tm(t.FirstResponseDue), "first_response_at": tm(t.FirstResponseAt),
		"resolution_due": tm(t.ResolutionDue), "resolved_at": tm(t.ResolvedAt), "closed_at": tm(t.ClosedAt),
		"pending_since": tm(t.PendingSince), "csat": ip(t.CSAT), "nps": ip(t.NPS),
		"escalation_due": tm(t.EscalationDue), "escalated_at": tm(t.EscalatedAt), "escalated_to": str(t.EscalatedTo),
		"follower": str(t.Follower), "plan": str(t.Plan), "followup_due": tm(t.FollowupDue), "followup_at": tm(t.FollowupAt),
		"followup_result": str(t.FollowupResult), "forward_due": tm(t.ForwardDue), "forwarded_at": tm(t.ForwardedAt),
		"forwarded_to": str(t.ForwardedTo), "outcome": str(t.Outcome), "converted": bp(t.Converted), "amount_fen": i64p(t.AmountFen),
	}
}

func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func bp(p *bool) any {
	if p == nil {
		return nil
	}
	return *p
}

func i64p(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// diff lists the fields that changed, each as {old, new}.
func diff(before, after map[string]any) map[string]audit.Change {
	out := map[string]audit.Change{}
	for k, v := range after {
		if before[k] != v {
			out[k] = audit.Change{Old: before[k], New: v}
		}
	}
	return out
}

// ticketChange loads a ticket, lets change modify it, then stores it and records one event
// with the fields that changed. change returns the event's action and its typed payload (nil
// for one that records only the changes); an empty action means nothing changed, and nothing
// is written.
func (s *Service) ticketChange(ctx context.Context, as string, act access.Action, what string, id int64,
	change func(e *env, tk *ticket.Ticket) (action string, payload audit.TicketPayload, err error)) (ticket.Ticket, error) {
	var out ticket.Ticket
	err := s.write(ctx, as, act, what, func(e *env) error {
		tk, err := e.tx.Ticket(id)
		if err != nil {
			return err
		}
		before := snapshot(&tk)
		oldText := tk.Subject + "\n" + tk.Body
		action, payload, err := change(e, &tk)
		if err != nil {
			return err
		}
		out = tk
		if action == "" {
			return nil // the change was a no-op
		}
		if err := e.tx.UpdateTicket(&tk, oldText != tk.Subject+"\n"+tk.Body); err != nil {
			return err
		}
		if payload == nil {
			payload = &audit.TicketChanged{}
		}
		payload.SetChanges(diff(before, snapshot(&tk)))
		out = tk
		return e.event("ticket", tk.ID, action, payload)
	})
	return out, err
}

// TicketOpenOptions are ticket open's arguments.
type TicketOpenOptions struct {
	Subject     string
	Kind        string
	Channel     string
	Priority    string
	Severity    string
	Category    string
	Customer    string
	NewCustomer bool
	Phone       string
	Email       string
	Assignee    string
	Team        string
	OrderNo     string
	Body        string
	At          string
}

// TicketOpen records a customer contact as a new ticket with its due times.
func (s *Service) TicketOpen(ctx context.Context, as string, o TicketOpenOptions) (ticket.Ticket, []string, error) {
	return openTicket(o, func(fn func(*env) error) error { return s.write(ctx, as, access.Work, "ticket open", fn) })
}

// openTicket validates o and opens the ticket in the transaction run gives it (mail receive
// runs it inside its own, as the system).
func openTicket(o TicketOpenOptions, run func(func(*env) error) error) (ticket.Ticket, []string, error) {
	var tk ticket.Ticket
	var notes []string
	if err := ticket.CheckText("subject", o.Subject, ticket.MaxSubject, true); err != nil {
		return tk, nil, err
	}
	if err := ticket.CheckText("body", o.Body, ticket.MaxBody, false); err != nil {
		return tk, nil, err
	}
	if err := ticket.CheckText("category", o.Category, 100, false); err != nil {
		return tk, nil, err
	}
	if o.Priority == "" {
		o.Priority = "normal"
	}
	if err := ticket.CheckChoice("channel", o.Channel, policy.Channels); err != nil {
		return tk, nil, err
	}
	if err := ticket.CheckChoice("priority", o.Priority, policy.Priorities); err != nil {
		return tk, nil, err
	}
	if o.Customer == "" {
		return tk, nil, errs.Invalidf("ticket open needs --customer NAME or ID")
	}
	err := run(func(e *env) error {
		if !e.policy.HasKind(o.Kind) {
			return errs.Invalidf("unknown kind %q: use one of %s", o.Kind, joinList(e.policy.KindNames()))
		}
		if o.Kind == "complaint" && o.Severity == "" {
			o.Severity = "simple"
		}
		if o.Severity != "" {
			if o.Kind != "complaint" {
				return errs.Invalidf("--severity is for complaints; this ticket's kind is %s", o.Kind)
			}
			if err := ticket.CheckChoice("severity", o.Severity, policy.Severities); err != nil {
				return err
			}
		}
		opened, err := e.at(o.At)
		if err != nil {
			return err
		}
		c, found, err := e.tx.ResolveCustomer(o.Customer)
		if err != nil {
			return err
		}
		if !found {
			if !o.NewCustomer {
				return errs.NotFoundf("no customer %q", o.Customer).WithHint("kefu customer add %q --phone ..., or pass --new-customer to ticket open", o.Customer)
			}
			if c, err = e.addCustomer(CustomerAddOptions{Name: o.Customer, Phone: o.Phone, Email: o.Email}); err != nil {
				return err
			}
			notes = append(notes, i18n.Sprintf("added customer %s (id %d)", c.Name, c.ID))
		}
		tk = ticket.Ticket{Kind: o.Kind, Channel: o.Channel, Priority: o.Priority, Severity: o.Severity,
			Category: o.Category, Subject: o.Subject, Body: o.Body, CustomerID: c.ID, Customer: c.Name,
			OpenedByID: e.actor.ID, OpenedBy: e.actor.Name, Team: o.Team, Status: ticket.Open, OrderNo: o.OrderNo, OpenedAt: opened}
		var rule string
		assigneeTeam, teamKnown := "", false // the named assignee's team, read with them
		if o.Assignee != "" {
			a, err := e.activeStaff(o.Assignee, "--assignee")
			if err != nil {
				return err
			}
			tk.AssigneeID, tk.Assignee = a.ID, a.Name
			assigneeTeam, teamKnown = a.Team, true
		} else if rule, err = e.autoAssign(&tk); err != nil {
			return err
		}
		if tk.Team == "" && tk.AssigneeID != 0 {
			if !teamKnown {
				a, err := e.tx.StaffByID(tk.AssigneeID)
				if err != nil {
					return err
				}
				assigneeTeam = a.Team
			}
			tk.Team = assigneeTeam
		}
		if tk.Kind == "suggestion" {
			if tk.Category, err = e.suggestionCategory(tk.Category); err != nil {
				return err
			}
		}
		e.clock().Start(&tk)
		e.clock().StartWorkflows(&tk)
		if w := e.cal.Beyond(tk.FirstResponseDue, tk.ResolutionDue, tk.EscalationDue, tk.PlanDue, tk.ForwardDue); w != "" {
			notes = append(notes, "kefu: warning: "+w)
		}
		if err := e.tx.InsertTicket(&tk); err != nil {
			return err
		}
		if err := e.event("ticket", tk.ID, "opened", audit.TicketOpened{Changes: diff(map[string]any{}, snapshot(&tk)), Customer: c.Name, OpenedAt: opened.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		if rule != "" {
			notes = append(notes, "assigned to "+tk.Assignee+" by "+rule)
			return e.tx.AppendEvent(access.SystemActor.Name, "ticket", tk.ID, "assigned",
				audit.TicketByRule{Rule: rule, Changes: map[string]audit.Change{"assignee": {Old: nil, New: tk.Assignee}}})
		}
		vals, err := e.values()
		if err != nil {
			return err
		}
		if vals.AssignMode != "none" && tk.AssigneeID == 0 {
			notes = append(notes, "no agent's shift covers the opening time; the ticket is unassigned")
		}
		return nil
	})
	return tk, notes, err
}

// activeStaff finds a staff member who can hold tickets.
func (e *env) activeStaff(ref, flag string) (staff.Staff, error) {
	st, err := e.tx.StaffByName(ref)
	if err != nil {
		return st, err
	}
	if !st.Active {
		return st, errs.Invalidf("%s %s is inactive", flag, st.Name)
	}
	return st, nil
}

// autoAssign chooses an assignee by the policy's assign.mode among active agents whose shift
// covers the opening time (and of the ticket's team, where given). It returns the rule used,
// or "" when it assigned no one.
func (e *env) autoAssign(tk *ticket.Ticket) (string, error) {
	vals, err := e.values()
	if err != nil {
		return "", err
	}
	mode := vals.AssignMode
	if mode == "none" {
		return "", nil
	}
	all, err := e.tx.ListStaff(persist.StaffFilter{Role: string(access.Agent), Team: tk.Team})
	if err != nil {
		return "", err
	}
	local := tk.OpenedAt.In(e.loc)
	minute := local.Hour()*60 + local.Minute()
	// Only staff on duty (their pattern, leave and swaps) get new tickets: on today's shift, or
	// on yesterday's shift when it runs past midnight.
	day := calendar.DateOf(local, e.loc)
	r, err := e.roster(tk.Team, day.AddDays(-1), day)
	if err != nil {
		return "", err
	}
	pastMidnight := func(shift string) bool {
		sp, ok := vals.Shifts[shift]
		return ok && minute+24*60 < sp.Close
	}
	var cands []staff.Staff
	for _, a := range all {
		du, prev := r.DutyOf(a.ID, day), r.DutyOf(a.ID, day.AddDays(-1))
		if du.On && e.onShift(du.Shift, minute) || prev.On && pastMidnight(prev.Shift) {
			cands = append(cands, a)
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	var pick staff.Staff
	switch mode {
	case "round-robin":
		last, err := e.tx.State("assign.last")
		if err != nil {
			return "", err
		}
		lastID, _ := strconv.ParseInt(last, 10, 64)
		pick = cands[0]
		for _, c := range cands {
			if c.ID > lastID {
				pick = c
				break
			}
		}
		if err := e.tx.SetState("assign.last", strconv.FormatInt(pick.ID, 10)); err != nil {
			return "", err
		}
	case "least-open":
		counts, err := e.tx.OpenCounts()
		if err != nil {
			return "", err
		}
		pick = slices.MinFunc(cands, func(a, b staff.Staff) int {
			if d := counts[a.ID] - counts[b.ID]; d != 0 {
				return d
			}
			return int(a.ID - b.ID)
		})
	}
	tk.AssigneeID, tk.Assignee = pick.ID, pick.Name
	return "assign.mode " + mode, nil
}

// onShift reports whether a shift's hours hold a minute of the day (a shift past midnight holds
// the early minutes too).
func (e *env) onShift(shift string, minute int) bool {
	vals, err := e.values()
	if err != nil {
		return false
	}
	sp, ok := vals.Shifts[shift]
	return ok && sp.HoldsMinute(minute)
}

// TicketEditOptions are ticket edit's flags; nil fields are unchanged.
type TicketEditOptions struct {
	Subject, Category, Priority, Kind, Severity, OrderNo *string
	// Reason is why; required, with a supervisor, for a change that removes a duty: a complex
	// complaint made simple (no escalation, no plan) or a complaint made another kind.
	Reason string
}

// TicketEdit changes a ticket's fields; a change of kind, priority or severity recomputes the
// due times.
func (s *Service) TicketEdit(ctx context.Context, as string, id int64, o TicketEditOptions) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, access.Work, "ticket edit", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		before := snapshot(tk)
		if tk.Status == ticket.Closed {
			return "", nil, errs.Invalidf("cannot edit ticket %d: it is closed; reopen it first", tk.ID)
		}
		recompute := false
		if o.Subject != nil {
			if err := ticket.CheckText("subject", *o.Subject, ticket.MaxSubject, true); err != nil {
				return "", nil, err
			}
			tk.Subject = *o.Subject
		}
		if o.Category != nil {
			if err := ticket.CheckText("category", *o.Category, 100, false); err != nil {
				return "", nil, err
			}
			tk.Category = *o.Category
		}
		if o.OrderNo != nil {
			tk.OrderNo = *o.OrderNo
		}
		if o.Priority != nil {
			if err := ticket.CheckChoice("priority", *o.Priority, policy.Priorities); err != nil {
				return "", nil, err
			}
			recompute = recompute || tk.Priority != *o.Priority
			tk.Priority = *o.Priority
		}
		if o.Kind != nil {
			if !e.policy.HasKind(*o.Kind) {
				return "", nil, errs.Invalidf("unknown kind %q: use one of %s", *o.Kind, joinList(e.policy.KindNames()))
			}
			recompute = recompute || tk.Kind != *o.Kind
			tk.Kind = *o.Kind
			switch {
			case tk.Kind == "complaint" && tk.Severity == "":
				tk.Severity = "simple"
			case tk.Kind != "complaint":
				tk.Severity = ""
			}
		}
		if o.Severity != nil {
			if tk.Kind != "complaint" {
				return "", nil, errs.Invalidf("severity is for complaints; ticket %d's kind is %s", tk.ID, tk.Kind)
			}
			if err := ticket.CheckChoice("severity", *o.Severity, policy.Severities); err != nil {
				return "", nil, err
			}
			recompute = recompute || tk.Severity != *o.Severity
			tk.Severity = *o.Severity
		}
		var extra audit.TicketPayload
		if before["kind"] == "complaint" && (tk.Kind != "complaint" || before["severity"] == "complex" && tk.Severity == "simple") {
			what := fmt.Sprintf("making complex complaint %d simple", tk.ID)
			if tk.Kind != "complaint" {
				what = fmt.Sprintf("making complaint %d of kind %s", tk.ID, tk.Kind)
			}
			if !e.actor.Role.AtLeast(access.Supervisor) {
				return "", nil, errs.Forbiddenf("%s removes a duty and needs the supervisor role; %s is an %s", what, e.actor.Name, e.actor.Role)
			}
			if err := ticket.CheckText("reason", o.Reason, 2000, true); err != nil {
				return "", nil, errs.Invalidf("%s removes a duty: give --reason TEXT", what)
			}
			extra = &audit.TicketChanged{Reason: o.Reason}
		}
		if recompute {
			e.clock().Recompute(tk, e.tx.Time())
			hadEscalation := !tk.EscalationDue.IsZero()
			e.clock().RecomputeEscalation(tk, e.tx.Time())
			if !hadEscalation && !tk.EscalationDue.IsZero() {
				// Complex again after a spell as simple: the first deadline it ever had stands,
				// so toggling the severity cannot buy time.
				first, err := e.firstEscalationDue(tk.ID)
				if err != nil {
					return "", nil, err
				}
				if !first.IsZero() {
					tk.EscalationDue = first
				}
			}
		}
		if len(diff(before, snapshot(tk))) == 0 {
			return "", nil, nil // already so: nothing to record
		}
		return "edited", extra, nil
	})
}

// firstEscalationDue is the first escalation deadline a ticket's history recorded, if any.
func (e *env) firstEscalationDue(id int64) (time.Time, error) {
	evs, err := e.tx.Events(persist.EventFilter{Entity: "ticket", EntityID: id})
	if err != nil {
		return time.Time{}, err
	}
	for _, ev := range evs {
		c, _ := audit.ChangeOf(ev.Payload, "escalation_due")
		if v, ok := c.New.(string); ok {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, nil
}
