package core

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// TicketReply records a reply to the customer; the first reply is the first response.
func (s *Service) TicketReply(ctx context.Context, as string, id int64, text, at string) (ticket.Ticket, error) {
	if err := ticket.CheckText("reply", text, ticket.MaxBody, true); err != nil {
		return ticket.Ticket{}, err
	}
	record := replyChange(text, at)
	return s.ticketChange(ctx, as, access.Work, "ticket reply", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		action, p, err := record(e, tk)
		if err != nil {
			return "", nil, err
		}
		return action, p, nil
	})
}

// replyChange records a reply in a ticket change (an email ticket's reply path wraps it).
func replyChange(text, at string) func(e *env, tk *ticket.Ticket) (string, *audit.TicketReplied, error) {
	return func(e *env, tk *ticket.Ticket) (string, *audit.TicketReplied, error) {
		if err := tk.CanReply(); err != nil {
			return "", nil, err
		}
		t, err := e.at(at)
		if err != nil {
			return "", nil, err
		}
		if err := e.notBefore(t, tk, "reply"); err != nil {
			return "", nil, err
		}
		mid, err := e.tx.InsertMessage(tk.ID, "reply", e.actor.ID, t, text)
		if err != nil {
			return "", nil, err
		}
		if tk.FirstResponseAt.IsZero() || t.Before(tk.FirstResponseAt) {
			tk.FirstResponseAt = t
		}
		return "replied", &audit.TicketReplied{MessageID: mid, At: t.UTC().Format(time.RFC3339)}, nil
	}
}

// TicketNote records an internal note (not a response to the customer).
func (s *Service) TicketNote(ctx context.Context, as string, id int64, text string) (ticket.Ticket, error) {
	if err := ticket.CheckText("note", text, ticket.MaxBody, true); err != nil {
		return ticket.Ticket{}, err
	}
	return s.ticketChange(ctx, as, access.Work, "ticket note", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		mid, err := e.tx.InsertMessage(tk.ID, "note", e.actor.ID, e.tx.Time(), text)
		if err != nil {
			return "", nil, err
		}
		return "noted", &audit.TicketNoted{MessageID: mid}, nil
	})
}

// TicketAssign hands a ticket to a staff member. Taking a ticket someone else holds needs a supervisor.
func (s *Service) TicketAssign(ctx context.Context, as string, id int64, to string) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, access.Work, "ticket assign", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if !tk.Status.Active() {
			return "", nil, errs.Invalidf("cannot assign ticket %d: it is %s", tk.ID, tk.Status)
		}
		if tk.AssigneeID != 0 && tk.AssigneeID != e.actor.ID {
			if err := access.Check(e.actor, access.Supervise, "reassigning a ticket held by "+tk.Assignee); err != nil {
				return "", nil, err
			}
		}
		a, err := e.activeStaff(to, "assignee")
		if err != nil {
			return "", nil, err
		}
		if a.ID == tk.AssigneeID {
			return "", nil, errs.Invalidf("ticket %d is already assigned to %s", tk.ID, a.Name)
		}
		tk.AssigneeID, tk.Assignee = a.ID, a.Name
		return "assigned", nil, nil
	})
}

// TicketPending stops the resolution clock while waiting on the customer.
func (s *Service) TicketPending(ctx context.Context, as string, id int64, reason string) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, access.Work, "ticket pending", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if err := tk.CanPend(); err != nil {
			return "", nil, err
		}
		tk.Status = ticket.Pending
		e.clock().Pause(tk, e.tx.Time())
		return "pending", &audit.TicketPending{Reason: reason, RemainingSeconds: tk.ResolutionRemaining}, nil
	})
}

// TicketResume restarts the resolution clock with the time that was left.
func (s *Service) TicketResume(ctx context.Context, as string, id int64) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, access.Work, "ticket resume", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if err := tk.CanResume(); err != nil {
			return "", nil, err
		}
		status := ticket.Open
		if tk.ReopenCount > 0 {
			status = ticket.Reopened
		}
		tk.Status = status
		e.clock().Resume(tk, e.tx.Time())
		return "resumed", nil, nil
	})
}

// TicketResolve marks a ticket resolved.
func (s *Service) TicketResolve(ctx context.Context, as string, id int64, resolution, at string) (ticket.Ticket, error) {
	return s.TicketResolveWith(ctx, as, id, ResolveOptions{Resolution: resolution, At: at})
}

// ResolveOptions are ticket resolve's flags.
type ResolveOptions struct {
	Resolution string
	At         string
	// Converted is a pre-sale chat's outcome (required for kind presale); Amount the sale in yuan.
	Converted *bool
	Amount    string
	// KB is the article that answered the ticket (0: none); resolving links it (see kb_link.go).
	KB int64
}

// TicketResolveWith marks a ticket resolved. A complaint must have its handling plan when it is
// complex or was found unsatisfying; a pre-sale chat records whether it converted.
func (s *Service) TicketResolveWith(ctx context.Context, as string, id int64, o ResolveOptions) (ticket.Ticket, error) {
	if err := ticket.CheckText("resolution", o.Resolution, ticket.MaxBody, false); err != nil {
		return ticket.Ticket{}, err
	}
	var amount *int64
	if o.Amount != "" {
		fen, err := ParseYuan(o.Amount)
		if err != nil {
			return ticket.Ticket{}, errs.Invalidf("--amount: %v", err)
		}
		amount = &fen
	}
	return s.ticketChange(ctx, as, access.Work, "ticket resolve", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if err := tk.CanResolve(); err != nil {
			return "", nil, err
		}
		switch {
		case tk.Kind == "presale" && o.Converted == nil:
			return "", nil, errs.Invalidf("ticket %d is a pre-sale chat: resolve it with --converted [--amount YUAN] or --not-converted", tk.ID)
		case tk.Kind != "presale" && (o.Converted != nil || amount != nil):
			return "", nil, errs.Invalidf("--converted, --not-converted and --amount are for pre-sale chats; ticket %d is not one (its kind is %s)", tk.ID, tk.Kind)
		case amount != nil && !*o.Converted:
			return "", nil, errs.Invalidf("--amount goes with --converted")
		case tk.Kind == "complaint" && tk.PlanRequired:
			return "", nil, errs.Invalidf("complaint %d was found unsatisfying: a supervisor must revise its handling plan first", tk.ID).WithHint("kefu complaint plan %d TEXT", tk.ID)
		case tk.Kind == "complaint" && tk.Severity == "complex" && tk.Plan == "":
			return "", nil, errs.Invalidf("complaint %d is complex: a supervisor must record its handling plan before it is resolved", tk.ID).WithHint("kefu complaint plan %d TEXT", tk.ID)
		}
		t, err := e.at(o.At)
		if err != nil {
			return "", nil, err
		}
		if err := e.notBefore(t, tk, "resolution"); err != nil {
			return "", nil, err
		}
		if tk.Status == ticket.Pending {
			tk.Status = ticket.Open
			e.clock().Resume(tk, t)
		}
		e.clock().MarkResolved(tk, t)
		if tk.FirstResponseAt.IsZero() {
			// Resolved without a recorded reply (a call settled on the spot): the resolution
			// is the customer's first response.
			tk.FirstResponseAt = t
		}
		tk.Resolution = o.Resolution
		if o.KB != 0 {
			if err := e.linkArticle(tk.ID, o.KB); err != nil {
				return "", nil, err
			}
		}
		if o.Converted != nil {
			tk.Converted, tk.AmountFen = o.Converted, amount // recorded among the changes
		}
		return "resolved", &audit.TicketResolved{Resolution: o.Resolution}, nil
	})
}

// TicketClose closes a resolved ticket.
func (s *Service) TicketClose(ctx context.Context, as string, id int64) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, access.Work, "ticket close", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if err := tk.CanClose(); err != nil {
			return "", nil, err
		}
		tk.Status, tk.ClosedAt = ticket.Closed, e.tx.Time()
		return "closed", nil, nil
	})
}

// TicketReopen opens a resolved or closed ticket again with a full resolution window.
func (s *Service) TicketReopen(ctx context.Context, as string, id int64, reason string) (ticket.Ticket, error) {
	if err := ticket.CheckText("reason", reason, 2000, true); err != nil {
		return ticket.Ticket{}, errs.Invalidf("ticket reopen needs --reason TEXT")
	}
	return s.ticketChange(ctx, as, access.Work, "ticket reopen", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if err := tk.CanReopen(); err != nil {
			return "", nil, err
		}
		tk.Status, tk.ResolvedAt, tk.ClosedAt, tk.Resolution = ticket.Reopened, time.Time{}, time.Time{}, ""
		tk.ReopenCount++
		e.clock().Reopen(tk, e.tx.Time())
		return "reopened", &audit.TicketReasoned{Reason: reason}, nil
	})
}

// TicketRateOptions are ticket rate's flags.
type TicketRateOptions struct {
	CSAT, NPS *int
	Comment   string
}

// TicketRate records the customer's satisfaction (CSAT 1–5) and recommendation (NPS 0–10).
func (s *Service) TicketRate(ctx context.Context, as string, id int64, o TicketRateOptions) (ticket.Ticket, error) {
	if o.CSAT == nil && o.NPS == nil {
		return ticket.Ticket{}, errs.Invalidf("ticket rate needs --csat 1-5 and/or --nps 0-10")
	}
	if o.CSAT != nil && (*o.CSAT < 1 || *o.CSAT > 5) {
		return ticket.Ticket{}, errs.Invalidf("--csat %d: use 1 (very unsatisfied) to 5 (very satisfied)", *o.CSAT)
	}
	if o.NPS != nil && (*o.NPS < 0 || *o.NPS > 10) {
		return ticket.Ticket{}, errs.Invalidf("--nps %d: use 0 (would not recommend) to 10", *o.NPS)
	}
	if err := ticket.CheckText("comment", o.Comment, 4000, false); err != nil {
		return ticket.Ticket{}, err
	}
	return s.ticketChange(ctx, as, access.Work, "ticket rate", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if err := tk.CanRate(); err != nil {
			return "", nil, err
		}
		if o.CSAT != nil {
			tk.CSAT, tk.CSATAt = o.CSAT, e.tx.Time()
		}
		if o.NPS != nil {
			tk.NPS, tk.NPSAt = o.NPS, e.tx.Time()
		}
		if o.Comment != "" {
			tk.RatingComment = o.Comment
		}
		tk.RatedAt = e.tx.Time()
		return "rated", &audit.TicketRated{Comment: o.Comment}, nil
	})
}
