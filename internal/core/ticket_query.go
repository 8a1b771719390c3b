package core

import (
	"context"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/ticket"
)

// TicketDetail is a ticket with its conversation and history.
type TicketDetail struct {
	Ticket   ticket.Ticket
	Messages []persist.Message
	History  []audit.Event
	// Attachments are the files that came by email (see mail.go).
	Attachments []MailAttachmentInfo
}

// TicketShow returns a ticket, its messages and its full history.
func (s *Service) TicketShow(ctx context.Context, id int64) (TicketDetail, error) {
	var d TicketDetail
	err := s.read(ctx, func(e *env) error {
		var err error
		if d.Ticket, err = e.tx.Ticket(id); err != nil {
			return err
		}
		if d.Messages, err = e.tx.Messages(id); err != nil {
			return err
		}
		if err := e.addMail(&d); err != nil {
			return err
		}
		d.History, err = e.tx.Events(persist.EventFilter{Entity: "ticket", EntityID: id})
		return err
	})
	return d, err
}

// TicketListOptions are ticket list's filters as typed.
type TicketListOptions struct {
	Statuses  []string
	Kind      string
	Channel   string
	Assignee  string // a name, "me" (the acting user) or "none"
	Customer  string
	Category  string
	Priority  string
	Team      string
	Overdue   bool
	DueWithin string
	Since     string
	Until     string
	Search    string
	Sort      string
	Limit     int
	As        string
}

// TicketList lists tickets.
func (s *Service) TicketList(ctx context.Context, o TicketListOptions) ([]ticket.Ticket, error) {
	out, _, err := s.TicketPage(ctx, o)
	return out, err
}

// TicketPage lists tickets like TicketList and counts all that match: a list cut by --limit
// says "showing 100 of 2,477".
func (s *Service) TicketPage(ctx context.Context, o TicketListOptions) ([]ticket.Ticket, int, error) {
	var out []ticket.Ticket
	total := 0
	err := s.read(ctx, func(e *env) error {
		f := persist.TicketFilter{Kind: o.Kind, Channel: o.Channel, Category: o.Category, Priority: o.Priority,
			Team: o.Team, Overdue: o.Overdue, Search: o.Search, Sort: o.Sort, Limit: o.Limit}
		for _, st := range o.Statuses {
			if !slices.Contains(ticket.Statuses, ticket.Status(st)) && st != "active" {
				return errs.Invalidf("unknown status %q: use open, pending, resolved, closed, reopened or active", st)
			}
			if st == "active" {
				f.Statuses = append(f.Statuses, "open", "pending", "reopened")
				continue
			}
			f.Statuses = append(f.Statuses, st)
		}
		if o.Kind != "" && !e.policy.HasKind(o.Kind) {
			return errs.Invalidf("unknown kind %q: use one of %s", o.Kind, joinList(e.policy.KindNames()))
		}
		if o.Channel != "" {
			if err := ticket.CheckChoice("channel", o.Channel, policy.Channels); err != nil {
				return err
			}
		}
		if o.Priority != "" {
			if err := ticket.CheckChoice("priority", o.Priority, policy.Priorities); err != nil {
				return err
			}
		}
		switch o.Assignee {
		case "":
		case "none":
			f.Unassigned = true
		default:
			name := o.Assignee
			if name == "me" {
				if o.As == "" {
					return errs.Invalidf("--assignee me needs --as NAME (or KEFU_USER)")
				}
				name = o.As
			}
			st, err := e.tx.StaffByName(name)
			if err != nil {
				return err
			}
			f.AssigneeID = st.ID
		}
		if o.Customer != "" {
			c, found, err := e.tx.ResolveCustomer(o.Customer)
			if err != nil {
				return err
			}
			if !found {
				return errs.NotFoundf("no customer %q", o.Customer)
			}
			f.CustomerID = c.ID
		}
		if o.DueWithin != "" {
			d, err := duration.Parse(o.DueWithin)
			if err != nil {
				return errs.Invalidf("--due-within: %v", err)
			}
			f.DueBefore = e.cal.Due(e.tx.Time(), d)
		}
		var err error
		if o.Since != "" {
			if f.Since, err = e.bound(o.Since); err != nil {
				return errs.Invalidf("--since: %v", err)
			}
		}
		if o.Until != "" {
			if f.Until, err = e.bound(o.Until); err != nil {
				return errs.Invalidf("--until: %v", err)
			}
		}
		if o.Search != "" {
			if err := ticket.CheckText("search", o.Search, 200, true); err != nil {
				return err
			}
		}
		if out, err = e.tx.ListTickets(f); err != nil {
			return err
		}
		total, err = countPage(len(out), f.Limit, func() (int, error) { return e.tx.CountTickets(f) })
		return err
	})
	return out, total, err
}

// Location is the team's time zone.
func (s *Service) Location(ctx context.Context) (*time.Location, error) {
	c, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return c.Location(), nil
}
