package cli

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func newCustomerCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "customer",
		Short: "Add, list, show and find customers (personal data masked)",
		Example: `  kefu customer add 刘洋 --phone 13812341234 --email liuyang@example.com
  kefu customer find 13812341234
  kefu customer show 1 --reveal`,
	}
	cmd.AddCommand(NewCmdCustomerAdd(app, nil), NewCmdCustomerList(app, nil), NewCmdCustomerShow(app, nil), NewCmdCustomerFind(app, nil), NewCmdCustomerForget(app, nil))
	return cmd
}

// localCustomers shows the customers' times in the team's zone.
func localCustomers(ctx context.Context, svc *core.Service, cs []customer.Customer) error {
	loc, err := svc.Location(ctx)
	if err != nil {
		return err
	}
	for i := range cs {
		cs[i].CreatedAt = cs[i].CreatedAt.In(loc)
		if cs[i].ForgottenAt != nil {
			t := cs[i].ForgottenAt.In(loc)
			cs[i].ForgottenAt = &t
		}
	}
	return nil
}

func customerGrid(cs []customer.Customer) render.Grid {
	g := render.Grid{Header: []string{"id", "name", "phone", "email", "im"}, Free: []string{"name", "email", "im"}, Optional: []string{"im"}}
	for _, c := range cs {
		g.Add(itoa(c.ID), c.Name, c.Phone, c.Email, c.IM)
	}
	return g
}

// CustomerAddOptions are kefu customer add's inputs.
type CustomerAddOptions struct {
	CmdEnv
	core.CustomerAddOptions
}

// NewCmdCustomerAdd builds kefu customer add; runF replaces customerAddRun in tests.
func NewCmdCustomerAdd(app *App, runF func(*CustomerAddOptions) error) *cobra.Command {
	opts := &CustomerAddOptions{}
	cmd := &cobra.Command{
		Use:     "add NAME [--phone P] [--email E] [--im HANDLE] [--notes TEXT]",
		Short:   "Add a customer",
		Example: "  kefu customer add 刘洋 --phone 138-1234-1234 --email liuyang@example.com",
		Args:    args(1, "the customer's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CustomerAddOptions.Name = a[0]
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, customerAddRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.CustomerAddOptions.Phone, "phone", "", "phone number")
	f.StringVar(&opts.CustomerAddOptions.Email, "email", "", "email address")
	f.StringVar(&opts.CustomerAddOptions.IM, "im", "", "instant-messaging handle (WeChat, QQ ...)")
	f.StringVar(&opts.CustomerAddOptions.Notes, "notes", "", "notes")
	return cmd
}

func customerAddRun(opts *CustomerAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	c, err := svc.CustomerAdd(opts.Ctx, opts.As, opts.CustomerAddOptions)
	if err != nil {
		return err
	}
	opts.IO.Info("added customer %s (id %d)", c.Name, c.ID)
	opts.IO.Line("%d", c.ID)
	return nil
}

// CustomerListOptions are kefu customer list's inputs.
type CustomerListOptions struct {
	CmdEnv
	persist.CustomerFilter

	Format string
}

// NewCmdCustomerList builds kefu customer list; runF replaces customerListRun in tests.
func NewCmdCustomerList(app *App, runF func(*CustomerListOptions) error) *cobra.Command {
	opts := &CustomerListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--name TEXT] [--limit N]",
		Short:   "List customers (phone, email and IM masked)",
		Example: "  kefu customer list --name 刘",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, customerListRun)
		},
	}
	cmd.Flags().StringVar(&opts.CustomerFilter.Name, "name", "", "only names containing TEXT")
	cmd.Flags().IntVar(&opts.CustomerFilter.Limit, "limit", 0, "at most N customers")
	return cmd
}

func customerListRun(opts *CustomerListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	cs, total, err := svc.CustomerPage(opts.Ctx, opts.CustomerFilter)
	if err != nil {
		return err
	}
	limitNotice(opts.IO, len(cs), total, "customers")
	if cs == nil {
		cs = []customer.Customer{}
	}
	if err := localCustomers(opts.Ctx, svc, cs); err != nil {
		return err
	}
	return render.Write(opts.IO.Out, opts.Format, cs, customerGrid(cs))
}

// CustomerShowOptions are kefu customer show's inputs.
type CustomerShowOptions struct {
	CmdEnv

	Format   string
	Customer string
	Reveal   bool
}

// NewCmdCustomerShow builds kefu customer show; runF replaces customerShowRun in tests.
func NewCmdCustomerShow(app *App, runF func(*CustomerShowOptions) error) *cobra.Command {
	opts := &CustomerShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID|NAME [--reveal]",
		Short: "Show a customer (--reveal prints personal data whole: supervisor, recorded)",
		Example: `  kefu customer show 1
  kefu customer show 刘洋 --reveal --as 王芳`,
		Args: args(1, "an ID or NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.Customer = a[0]
			return runWith(opts, runF, customerShowRun)
		},
	}
	cmd.Flags().BoolVar(&opts.Reveal, "reveal", false, "print phone, email and IM unmasked (recorded as a disclosure)")
	return cmd
}

func customerShowRun(opts *CustomerShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	d, err := svc.CustomerShow(opts.Ctx, opts.As, opts.Customer, opts.Reveal)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	one := []customer.Customer{d.Customer}
	if err := localCustomers(opts.Ctx, svc, one); err != nil {
		return err
	}
	d.Customer = one[0]
	tickets := make([]ticketView, len(d.Tickets))
	for i, t := range d.Tickets {
		tickets[i] = viewTicket(t, loc, svc.Now())
	}
	if opts.Format != render.Table {
		return render.Write(opts.IO.Out, opts.Format, customerDetailView{Customer: d.Customer, Tickets: tickets}, customerGrid([]customer.Customer{d.Customer}))
	}
	if err := render.WriteTable(opts.IO.Out, customerGrid([]customer.Customer{d.Customer})); err != nil {
		return err
	}
	if len(d.Tickets) == 0 {
		opts.IO.Line("no tickets")
		return nil
	}
	opts.IO.Line("%d ticket%s:", len(d.Tickets), plural(len(d.Tickets)))
	g := render.Grid{Header: []string{"id", "opened at", "kind", "channel", "status", "subject", "assignee"},
		Free: []string{"subject"}, Optional: []string{"channel", "kind"}}
	for _, t := range d.Tickets {
		g.Add(itoa(t.ID), clockTime(t.OpenedAt, loc), t.Kind, t.Channel, string(t.Status), t.Subject, t.Assignee)
	}
	return render.WriteTable(opts.IO.Out, g)
}

// customerDetailView is customer show's JSON: the customer's fields and their tickets.
type customerDetailView struct {
	customer.Customer
	Tickets []ticketView `json:"tickets"`
}

// CustomerFindOptions are kefu customer find's inputs.
type CustomerFindOptions struct {
	CmdEnv

	Format string
	Text   string
}

// NewCmdCustomerFind builds kefu customer find; runF replaces customerFindRun in tests.
func NewCmdCustomerFind(app *App, runF func(*CustomerFindOptions) error) *cobra.Command {
	opts := &CustomerFindOptions{}
	cmd := &cobra.Command{
		Use:     "find PHONE|EMAIL",
		Short:   "Find customers by a full phone number or email (exact match)",
		Example: "  kefu customer find 13812341234\n  kefu customer find liuyang@example.com",
		Args:    args(1, "a full PHONE or EMAIL"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.Text = a[0]
			return runWith(opts, runF, customerFindRun)
		},
	}
	return cmd
}

func customerFindRun(opts *CustomerFindOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	cs, err := svc.CustomerFind(opts.Ctx, opts.Text)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []customer.Customer{}
	}
	if err := localCustomers(opts.Ctx, svc, cs); err != nil {
		return err
	}
	return render.Write(opts.IO.Out, opts.Format, cs, customerGrid(cs))
}

// CustomerForgetOptions are kefu customer forget's inputs.
type CustomerForgetOptions struct {
	CmdEnv

	ID     int64
	Reason string
	DryRun bool
}

// NewCmdCustomerForget builds kefu customer forget; runF replaces customerForgetRun in tests.
func NewCmdCustomerForget(app *App, runF func(*CustomerForgetOptions) error) *cobra.Command {
	opts := &CustomerForgetOptions{}
	cmd := &cobra.Command{
		Use:   "forget ID --reason TEXT [--dry-run]",
		Short: "Erase a customer's personal data, keeping their tickets anonymised (supervisor)",
		Long: `Erases the customer's name, phone, email, IM handle and notes; their phone number (written
any common way: spaces, dashes, +86, full-width digits), email and IM handle wherever they appear
(any ticket, reply, note, handover note and its open-items snapshot, weekly summary, history event,
the search index); and their name from their own tickets, replies and history (another person
of the same name elsewhere is left alone). The history stays verifiable: each rewritten event
keeps its MAC and is marked redacted (kefu audit verify reports them).
--dry-run lists where the data was found and changes nothing.
Backups made before the forget still hold the data: see the README on rotating them.`,
		Example: "  kefu customer forget 17 --dry-run --as 欧阳娜娜\n  kefu customer forget 17 --reason \"客户要求删除个人信息\" --as 欧阳娜娜",
		Args:    args(1, "a customer ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := strconv.ParseInt(a[0], 10, 64)
			if err != nil || id <= 0 {
				return errs.Invalidf("%q is not a customer id (forget takes the id, to be sure of the person)", a[0])
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.ID = id
			return runWith(opts, runF, customerForgetRun)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why (required), e.g. the customer's request")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "list where the customer's data was found; change nothing")
	return cmd
}

func customerForgetRun(opts *CustomerForgetOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.DryRun {
		f, err := svc.CustomerForgetDryRun(opts.Ctx, opts.As, opts.ID)
		if err != nil {
			return err
		}
		for _, p := range f.Places {
			opts.IO.Line("%s", p)
		}
		opts.IO.Info("dry run: customer %d's data found in %d places (%d tickets, %d replies and notes, %d history events); nothing changed",
			opts.ID, len(f.Places), f.Tickets, f.Messages, f.Events)
		return nil
	}
	f, err := svc.CustomerForget(opts.Ctx, opts.As, opts.ID, opts.Reason)
	if err != nil {
		return err
	}
	opts.IO.Info("customer %d forgotten: %d tickets and %d replies scrubbed, %d history events redacted", opts.ID, f.Tickets, f.Messages, f.Events)
	return nil
}
