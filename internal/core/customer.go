package core

import (
	"context"
	"errors"
	"strings"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// CustomerAddOptions are customer add's arguments.
type CustomerAddOptions struct {
	Name, Phone, Email, IM, Notes string
}

func (o *CustomerAddOptions) normalize() error {
	o.Name = staff.NormName(o.Name) // stored in NFC, like staff names
	if err := staff.ValidName(errs.Word("customer"), o.Name); err != nil {
		return err
	}
	var err error
	if o.Phone, err = customer.NormalizePhone(o.Phone); err != nil {
		return err
	}
	if o.Email, err = customer.NormalizeEmail(o.Email); err != nil {
		return err
	}
	o.IM = strings.TrimSpace(o.IM)
	if err := ticket.CheckText("--im", o.IM, 256, false); err != nil {
		return err
	}
	return ticket.CheckText("--notes", o.Notes, 4<<10, false)
}

// addCustomer inserts a customer inside a transaction and records it.
func (e *env) addCustomer(o CustomerAddOptions) (customer.Customer, error) {
	if err := o.normalize(); err != nil {
		return customer.Customer{}, err
	}
	c, err := e.tx.InsertCustomer(customer.Customer{Name: o.Name, Phone: o.Phone, Email: o.Email, IM: o.IM, Notes: o.Notes})
	if err != nil {
		return c, err
	}
	// The history names the customer but never copies their contact details.
	return c, e.event("customer", c.ID, "added", audit.CustomerAdded{Name: c.Name})
}

// CustomerAdd adds a customer.
func (s *Service) CustomerAdd(ctx context.Context, as string, o CustomerAddOptions) (customer.Customer, error) {
	var out customer.Customer
	err := s.write(ctx, as, access.Work, "customer add", func(e *env) error {
		var err error
		out, err = e.addCustomer(o)
		return err
	})
	return out.Masked(), err
}

// CustomerList lists customers, masked.
func (s *Service) CustomerList(ctx context.Context, f persist.CustomerFilter) ([]customer.Customer, error) {
	out, _, err := s.CustomerPage(ctx, f)
	return out, err
}

// CustomerPage is CustomerList with the number of all matching customers.
func (s *Service) CustomerPage(ctx context.Context, f persist.CustomerFilter) ([]customer.Customer, int, error) {
	var out []customer.Customer
	total := 0
	err := s.read(ctx, func(e *env) error {
		cs, err := e.tx.ListCustomers(f)
		if err != nil {
			return err
		}
		for _, c := range cs {
			out = append(out, c.Masked())
		}
		total, err = countPage(len(cs), f.Limit, func() (int, error) { return e.tx.CountCustomers(f) })
		return err
	})
	return out, total, err
}

// CustomerDetail is a customer with their ticket history.
type CustomerDetail struct {
	Customer customer.Customer
	Tickets  []ticket.Ticket
}

// CustomerShow returns one customer and their tickets, masked unless reveal; revealing needs a
// supervisor and is recorded in the history as a disclosure.
func (s *Service) CustomerShow(ctx context.Context, as, ref string, reveal bool) (CustomerDetail, error) {
	var out CustomerDetail
	find := func(e *env) error {
		c, found, err := e.tx.ResolveCustomer(ref)
		if err != nil {
			return err
		}
		if !found {
			return errs.NotFoundf("no customer %q", ref).WithHint("kefu customer list")
		}
		out.Customer = c
		out.Tickets, err = e.tx.ListTickets(persist.TicketFilter{CustomerID: c.ID, Sort: "-opened"})
		return err
	}
	if !reveal {
		err := s.read(ctx, find)
		out.Customer = out.Customer.Masked()
		return out, err
	}
	err := s.write(ctx, as, access.Supervise, "customer show --reveal", func(e *env) error {
		if err := find(e); err != nil {
			return err
		}
		return e.event("customer", out.Customer.ID, "disclosed", audit.CustomerDisclosed{Fields: []string{"phone", "email", "im"}})
	})
	return out, err
}

// CustomerFind finds customers by a full phone number or email; results are masked.
func (s *Service) CustomerFind(ctx context.Context, key string) ([]customer.Customer, error) {
	phone, email := "", ""
	if strings.Contains(key, "@") {
		e, err := customer.NormalizeEmail(key)
		if err != nil {
			return nil, err
		}
		email = e
	} else {
		p, err := customer.NormalizePhone(key)
		if err != nil {
			return nil, errs.Invalidf("%q is neither a full phone number nor an email", key)
		}
		phone = p
	}
	var out []customer.Customer
	err := s.read(ctx, func(e *env) error {
		cs, err := e.tx.FindCustomers(phone, email)
		for _, c := range cs {
			out = append(out, c.Masked())
		}
		return err
	})
	return out, err
}

func joinList(vs []string) string { return strings.Join(vs, ", ") }

// CustomerForget erases a customer's personal data (supervisor): their fields; their phone
// number (in any common written form), email and IM handle wherever they appear (any ticket,
// message, handover note and its snapshot, summary, event, the search index); and their name
// from their own tickets, messages and history. Redacted events keep their place in the signed
// history. The tickets stay, anonymised, for statistics.
func (s *Service) CustomerForget(ctx context.Context, as string, id int64, reason string) (persist.Forgotten, error) {
	return s.forget(ctx, as, id, reason, false)
}

// CustomerForgetDryRun lists where CustomerForget would erase the customer's data, changing nothing.
func (s *Service) CustomerForgetDryRun(ctx context.Context, as string, id int64) (persist.Forgotten, error) {
	return s.forget(ctx, as, id, "", true)
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

func (s *Service) forget(ctx context.Context, as string, id int64, reason string, dryRun bool) (persist.Forgotten, error) {
	var f persist.Forgotten
	if !dryRun {
		if err := ticket.CheckText("reason", reason, 2000, true); err != nil {
			return f, errs.Invalidf("customer forget needs --reason TEXT (e.g. the customer's request)")
		}
	}
	err := s.write(ctx, as, access.Supervise, "customer forget", func(e *env) error {
		c, err := e.tx.CustomerByID(id)
		if err != nil {
			return err
		}
		if c.ForgottenAt != nil {
			return errs.Invalidf("customer %d was already forgotten", id)
		}
		if f, err = e.tx.ForgetCustomer(id, c, dryRun); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return e.event("customer", id, "forgotten", audit.CustomerForgotten{Reason: reason,
			TicketsScrubbed: f.Tickets, MessagesScrubbed: f.Messages, EventsRedacted: f.Events})
	})
	if errors.Is(err, errDryRun) {
		return f, nil
	}
	if err == nil && s.batch == nil {
		err = s.DB.Checkpoint(ctx)
	}
	return f, err
}
