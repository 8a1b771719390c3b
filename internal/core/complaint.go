package core

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/ticket"
)

// complaintChange is ticketChange for a ticket that must be a complaint.
func (s *Service) complaintChange(ctx context.Context, as string, act access.Action, what string, id int64,
	change func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error)) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, act, what, id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if tk.Kind != "complaint" {
			return "", nil, errs.Invalidf("ticket %d is not a complaint (its kind is %s)", tk.ID, tk.Kind)
		}
		return change(e, tk)
	})
}

// ComplaintSeverity changes a complaint's severity; its due times are recomputed. Making a
// complex complaint simple removes its escalation and plan: a supervisor does it, with a reason.
func (s *Service) ComplaintSeverity(ctx context.Context, as string, id int64, severity, reason string) (ticket.Ticket, error) {
	if _, err := s.complaintGet(ctx, id); err != nil {
		return ticket.Ticket{}, err
	}
	severity = policy.SeverityNames.Normalize(severity) // 复杂 is complex
	return s.TicketEdit(ctx, as, id, TicketEditOptions{Severity: &severity, Reason: reason})
}

func (s *Service) complaintGet(ctx context.Context, id int64) (ticket.Ticket, error) {
	var tk ticket.Ticket
	err := s.read(ctx, func(e *env) error {
		var err error
		if tk, err = e.tx.Ticket(id); err != nil {
			return err
		}
		if tk.Kind != "complaint" {
			return errs.Invalidf("ticket %d is not a complaint (its kind is %s)", tk.ID, tk.Kind)
		}
		return nil
	})
	return tk, err
}

// ComplaintEscalate hands a complaint to a supervisor; the agent who held it stays as follower.
func (s *Service) ComplaintEscalate(ctx context.Context, as string, id int64, to, reason string) (ticket.Ticket, error) {
	if err := ticket.CheckText("reason", reason, 2000, true); err != nil {
		return ticket.Ticket{}, errs.Invalidf("complaint escalate needs --reason TEXT")
	}
	return s.complaintChange(ctx, as, access.Work, "complaint escalate", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if !tk.Status.Active() {
			return "", nil, errs.Invalidf("cannot escalate complaint %d: it is %s", tk.ID, tk.Status)
		}
		if !tk.EscalatedAt.IsZero() {
			return "", nil, errs.Invalidf("complaint %d was already escalated to %s", tk.ID, tk.EscalatedTo)
		}
		sup, err := e.activeStaff(to, "--to")
		if err != nil {
			return "", nil, err
		}
		if !sup.Role.AtLeast(access.Supervisor) {
			return "", nil, errs.Invalidf("--to %s: a complaint is escalated to a supervisor or manager; %s is an %s", sup.Name, sup.Name, sup.Role)
		}
		if tk.AssigneeID != 0 && tk.AssigneeID != sup.ID {
			tk.FollowerID, tk.Follower = tk.AssigneeID, tk.Assignee
		}
		tk.AssigneeID, tk.Assignee = sup.ID, sup.Name
		tk.EscalatedAt, tk.EscalatedToID, tk.EscalatedTo = e.tx.Time(), sup.ID, sup.Name
		extra := &audit.TicketEscalated{Reason: reason}
		if o := tk.Escalation(e.tx.Time()); o.State == ticket.StateBreached {
			late := int64(o.By / time.Second)
			extra.LateSeconds = &late
		}
		return "escalated", extra, nil
	})
}

// ComplaintPlan records the supervisor's handling plan (again, after an unsatisfied follow-up).
func (s *Service) ComplaintPlan(ctx context.Context, as string, id int64, plan string) (ticket.Ticket, error) {
	if err := ticket.CheckText("plan", plan, ticket.MaxBody, true); err != nil {
		return ticket.Ticket{}, err
	}
	return s.complaintChange(ctx, as, access.Supervise, "complaint plan", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if !tk.Status.Active() {
			return "", nil, errs.Invalidf("cannot plan complaint %d: it is %s", tk.ID, tk.Status)
		}
		tk.Plan, tk.PlannedAt, tk.PlanRequired = plan, e.tx.Time(), false
		return "planned", nil, nil
	})
}

// ComplaintFollowup records the customer's satisfaction with a resolved complaint. An
// unsatisfied customer reopens it for re-evaluation: the plan must be revised.
func (s *Service) ComplaintFollowup(ctx context.Context, as string, id int64, satisfied bool, comment string) (ticket.Ticket, error) {
	if err := ticket.CheckText("comment", comment, 4000, false); err != nil {
		return ticket.Ticket{}, err
	}
	return s.complaintChange(ctx, as, access.Work, "complaint followup", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if tk.Status != ticket.Resolved && tk.Status != ticket.Closed {
			return "", nil, errs.Invalidf("cannot follow up complaint %d: it is %s; follow-up comes after resolution", tk.ID, tk.Status)
		}
		if !tk.FollowupAt.IsZero() {
			return "", nil, errs.Invalidf("complaint %d was already followed up (%s)", tk.ID, tk.FollowupResult)
		}
		tk.FollowupAt = e.tx.Time()
		extra := &audit.TicketFollowedUp{Comment: comment, Result: ticket.FollowSatisfied}
		if satisfied {
			tk.FollowupResult = ticket.FollowSatisfied
			return "followed_up", extra, nil
		}
		extra.Result = ticket.FollowUnsatisfied
		tk.FollowupResult = ticket.FollowUnsatisfied
		tk.UnsatisfiedCount++
		tk.PlanRequired = true
		tk.Status, tk.ResolvedAt, tk.ClosedAt, tk.Resolution = ticket.Reopened, time.Time{}, time.Time{}, ""
		tk.ReopenCount++
		// The follow-up itself was made: its due and done times stay (reports count it) until
		// the next resolution sets a new one.
		followDue, followAt := tk.FollowupDue, tk.FollowupAt
		e.clock().Reopen(tk, e.tx.Time())
		tk.FollowupDue, tk.FollowupAt = followDue, followAt
		return "followed_up", extra, nil
	})
}

// ComplaintListOptions filter complaint list.
type ComplaintListOptions struct {
	Stage    string
	Severity string
	All      bool // include satisfied and plain resolved complaints
	Limit    int
}

// ComplaintList lists complaints with their stage; by default those still needing action.
func (s *Service) ComplaintList(ctx context.Context, o ComplaintListOptions) ([]ticket.Ticket, error) {
	out, _, err := s.ComplaintPage(ctx, o)
	return out, err
}

// ComplaintPage is ComplaintList with the number of all matching complaints.
func (s *Service) ComplaintPage(ctx context.Context, o ComplaintListOptions) ([]ticket.Ticket, int, error) {
	if o.Stage != "" && !slices.Contains(ticket.Stages, o.Stage) {
		return nil, 0, errs.Invalidf("unknown stage %q: use one of %s", o.Stage, joinList(ticket.Stages))
	}
	if o.Severity != "" {
		if err := ticket.CheckChoice("severity", o.Severity, []string{"simple", "complex"}); err != nil {
			return nil, 0, err
		}
	}
	var out []ticket.Ticket
	total := 0
	err := s.read(ctx, func(e *env) error {
		f := persist.TicketFilter{Kind: "complaint", Sort: "opened"}
		if !o.All && o.Stage == "" {
			f.ActionNeeded = true
		}
		ts, err := e.tx.ListTickets(f)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if (o.Stage != "" && t.Stage() != o.Stage) || (o.Severity != "" && t.Severity != o.Severity) {
				continue
			}
			total++
			if o.Limit <= 0 || len(out) < o.Limit {
				out = append(out, t)
			}
		}
		return nil
	})
	return out, total, err
}
