package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/ticket"
)

// The verbs that act on one ticket: edit, reply, note, assign, pending, resume, resolve, close,
// reopen and rate.

// TicketActionOptions are the inputs every verb acting on one ticket shares.
type TicketActionOptions struct {
	CmdEnv

	ID int64
	// IDs are the tickets of a bulk verb (resolve, close, assign), ID the first; all change in
	// one transaction or none does.
	IDs []int64
}

// ticketActionCmd builds a verb that acts on one ticket: RunE parses the id, then the verb's
// own arguments and flags (parse, which returns usage errors), then runs.
func ticketActionCmd(app *App, use, short, example string, nargs int, argNames string,
	base *TicketActionOptions, parse func(cmd *cobra.Command, rest []string) error, run func() error) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Example: example,
		Args:    args(nargs, argNames),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := ticketID(a[0])
			if err != nil {
				return err
			}
			base.CmdEnv, base.ID = app.cmdEnv(cmd.Context()), id
			if parse != nil {
				if err := parse(cmd, a[1:]); err != nil {
					return err
				}
			}
			return run()
		},
	}
}

// ticketActed opens the core, acts on the ticket and confirms on stderr what happened.
func ticketActed(env CmdEnv, act func(*core.Service) (ticket.Ticket, error), confirm func(t ticket.Ticket, loc *time.Location) string) error {
	svc, err := env.Service(env.Ctx)
	if err != nil {
		return err
	}
	t, err := act(svc)
	if err != nil {
		return err
	}
	loc, err := svc.Location(env.Ctx)
	if err != nil {
		return err
	}
	env.IO.Info("%s", confirm(t, loc))
	return nil
}

// TicketEditOptions are kefu ticket edit's inputs: only the fields given are set.
type TicketEditOptions struct {
	TicketActionOptions
	core.TicketEditOptions
}

// NewCmdTicketEdit builds kefu ticket edit; runF replaces ticketEditRun in tests.
func NewCmdTicketEdit(app *App, runF func(*TicketEditOptions) error) *cobra.Command {
	opts := &TicketEditOptions{}
	var subject, category, priority, kind, severity, order, reason string
	cmd := ticketActionCmd(app, "edit ID [--subject] [--category] [--priority] [--kind] [--severity] [--order]",
		"Change a ticket's fields (kind, priority or severity recompute the due times)",
		"  kefu ticket edit 12 --priority urgent\n  kefu ticket edit 12 --kind complaint --category 物流",
		1, "a ticket ID", &opts.TicketActionOptions,
		func(cmd *cobra.Command, _ []string) error {
			var o core.TicketEditOptions
			fs := cmd.Flags()
			set := func(name string, v *string) *string {
				if changed(fs, name) {
					return v
				}
				return nil
			}
			o.Subject, o.Category, o.Priority = set("subject", &subject), set("category", &category), set("priority", &priority)
			o.Kind, o.Severity, o.OrderNo = set("kind", &kind), set("severity", &severity), set("order", &order)
			if o == (core.TicketEditOptions{}) {
				return usageErr(cmd, "ticket edit needs at least one of --subject, --category, --priority, --kind, --severity, --order")
			}
			o.Reason = reason
			opts.TicketEditOptions = o
			return nil
		},
		func() error { return runWith(opts, runF, ticketEditRun) })
	f := cmd.Flags()
	f.StringVar(&subject, "subject", "", "new subject")
	f.StringVar(&category, "category", "", "new category")
	f.StringVar(&priority, "priority", "", "new priority")
	f.StringVar(&kind, "kind", "", "new kind")
	f.StringVar(&severity, "severity", "", "new complaint severity")
	f.StringVar(&order, "order", "", "new order number")
	f.StringVar(&reason, "reason", "", "why (required, with a supervisor, to make a complaint another kind or a complex complaint simple)")
	return cmd
}

func ticketEditRun(opts *TicketEditOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.TicketEdit(opts.Ctx, opts.As, opts.ID, opts.TicketEditOptions)
		},
		func(t ticket.Ticket, loc *time.Location) string { return i18n.Sprintf("ticket %d updated", t.ID) })
}

// TicketReplyOptions are kefu ticket reply's inputs. A reply on an email ticket is mailed
// through Mailer.
type TicketReplyOptions struct {
	TicketActionOptions

	Text   string
	At     string
	Send   bool // false with --no-send
	Mailer MailerFunc
	// Templates are reply templates filled and joined around Text (kefu template).
	Templates []string
}

// NewCmdTicketReply builds kefu ticket reply; runF replaces ticketReplyRun in tests.
func NewCmdTicketReply(app *App, runF func(*TicketReplyOptions) error) *cobra.Command {
	opts := &TicketReplyOptions{}
	var noSend bool
	cmd := ticketActionCmd(app, "reply ID TEXT [--template NAME]... [--at TIME] [--no-send]", "Record a reply to the customer (the first is the first response; email tickets mail it)",
		"  kefu ticket reply 12 \"您好，已为您查询物流\" --as 张伟\n  kefu ticket reply 12 \"called back\" --at \"2026-03-02 10:15\"\n  kefu ticket reply 12 \"已电话告知\" --no-send\n  kefu ticket reply 12 \"已为您查询物流\" --template opening --template closing",
		2, "a ticket ID and the TEXT", &opts.TicketActionOptions,
		func(_ *cobra.Command, rest []string) error {
			if len(rest) == 1 {
				opts.Text = rest[0]
			}
			opts.Send, opts.Mailer = !noSend, app.mailSender
			return nil
		},
		func() error { return runWith(opts, runF, ticketReplyRun) })
	// With --template the TEXT may be left out: the templates make the reply.
	cmd.Args = func(cmd *cobra.Command, a []string) error {
		if len(a) == 1 && len(opts.Templates) > 0 {
			return nil
		}
		return args(2, "a ticket ID and the TEXT")(cmd, a)
	}
	cmd.Flags().StringArrayVar(&opts.Templates, "template", nil, "fill and add a reply template (repeatable: openings go first, closings last)")
	cmd.Flags().StringVar(&opts.At, "at", "", "when the reply was sent (default now)")
	cmd.Flags().BoolVar(&noSend, "no-send", false, "on an email ticket, record the reply without mailing it")
	return cmd
}

func ticketReplyRun(opts *TicketReplyOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) { return replyAndMail(opts, svc) },
		func(t ticket.Ticket, loc *time.Location) string { return i18n.Sprintf("replied to ticket %d", t.ID) })
}

// TicketTextOptions are the inputs of a ticket verb with one text argument (note, assign).
type TicketTextOptions struct {
	TicketActionOptions

	Text string // the note, or the staff member to assign
}

// NewCmdTicketNote builds kefu ticket note; runF replaces ticketNoteRun in tests.
func NewCmdTicketNote(app *App, runF func(*TicketTextOptions) error) *cobra.Command {
	opts := &TicketTextOptions{}
	return ticketActionCmd(app, "note ID TEXT", "Add an internal note (not a response to the customer)",
		"  kefu ticket note 12 \"客户要求周五前回电\"", 2, "a ticket ID and the TEXT", &opts.TicketActionOptions,
		func(_ *cobra.Command, rest []string) error { opts.Text = rest[0]; return nil },
		func() error { return runWith(opts, runF, ticketNoteRun) })
}

func ticketNoteRun(opts *TicketTextOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.TicketNote(opts.Ctx, opts.As, opts.ID, opts.Text)
		},
		func(t ticket.Ticket, loc *time.Location) string { return i18n.Sprintf("note added to ticket %d", t.ID) })
}

// NewCmdTicketAssign builds kefu ticket assign; runF replaces ticketAssignRun in tests.
func NewCmdTicketAssign(app *App, runF func(*TicketTextOptions) error) *cobra.Command {
	opts := &TicketTextOptions{}
	var to string
	cmd := &cobra.Command{
		Use:   "assign ID... NAME | ID... --to NAME",
		Short: "Hand tickets to a staff member, all or none (taking one held by someone else: supervisor)",
		Example: `  kefu ticket assign 12 李娜
  kefu ticket assign 7 8 --to 张伟`,
		Args: func(cmd *cobra.Command, a []string) error {
			if (to == "" && len(a) < 2) || (to != "" && len(a) < 1) {
				return usageErr(cmd, "ticket assign takes ticket IDs and a staff NAME (or --to NAME) (got %d argument%s)", len(a), plural(len(a)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.Text = to
			if to == "" {
				a, opts.Text = a[:len(a)-1], a[len(a)-1]
			}
			ids, err := parseIDs(a, ticketID)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.ID, opts.IDs = app.cmdEnv(cmd.Context()), ids[0], ids
			return runWith(opts, runF, ticketAssignRun)
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the staff member to hand the tickets to")
	return cmd
}

func ticketAssignRun(opts *TicketTextOptions) error {
	return ticketsActed(&opts.TicketActionOptions,
		func(svc *core.Service, id int64) (ticket.Ticket, error) {
			return svc.TicketAssign(opts.Ctx, opts.As, id, opts.Text)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			return i18n.Sprintf("ticket %d assigned to %s", t.ID, t.Assignee)
		})
}

// NewCmdTicketPending builds kefu ticket pending; runF replaces ticketPendingRun in tests.
func NewCmdTicketPending(app *App, runF func(*TicketTextOptions) error) *cobra.Command {
	opts := &TicketTextOptions{}
	cmd := ticketActionCmd(app, "pending ID [--reason TEXT]", "Wait on the customer: the resolution clock stops",
		"  kefu ticket pending 12 --reason \"等待客户提供订单截图\"", 1, "a ticket ID", &opts.TicketActionOptions, nil,
		func() error { return runWith(opts, runF, ticketPendingRun) })
	cmd.Flags().StringVar(&opts.Text, "reason", "", "what the ticket waits for")
	return cmd
}

func ticketPendingRun(opts *TicketTextOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.TicketPending(opts.Ctx, opts.As, opts.ID, opts.Text)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			return i18n.Sprintf("ticket %d is pending; %s of resolution time left", t.ID, duration.FormatSpan(time.Duration(t.ResolutionRemaining)*time.Second))
		})
}

// NewCmdTicketResume builds kefu ticket resume; runF replaces ticketResumeRun in tests.
func NewCmdTicketResume(app *App, runF func(*TicketActionOptions) error) *cobra.Command {
	opts := &TicketActionOptions{}
	return ticketActionCmd(app, "resume ID", "Resume a pending ticket with the resolution time it had left",
		"  kefu ticket resume 12", 1, "a ticket ID", opts, nil,
		func() error { return runWith(opts, runF, ticketResumeRun) })
}

func ticketResumeRun(opts *TicketActionOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) { return svc.TicketResume(opts.Ctx, opts.As, opts.ID) },
		func(t ticket.Ticket, loc *time.Location) string {
			if t.ResolutionDue.IsZero() {
				return i18n.Sprintf("ticket %d resumed", t.ID)
			}
			return i18n.Sprintf("ticket %d resumed; resolution due %s", t.ID, t.ResolutionDue.In(loc).Format(time.RFC3339))
		})
}

// TicketResolveOptions are kefu ticket resolve's inputs.
type TicketResolveOptions struct {
	TicketActionOptions
	core.ResolveOptions
}

// NewCmdTicketResolve builds kefu ticket resolve; runF replaces ticketResolveRun in tests.
func NewCmdTicketResolve(app *App, runF func(*TicketResolveOptions) error) *cobra.Command {
	opts := &TicketResolveOptions{}
	var converted, notConverted bool
	cmd := ticketBulkCmd(app, "resolve ID... [--resolution TEXT] [--at TIME] [--converted [--amount YUAN] | --not-converted]",
		"Mark tickets resolved, all or none (a pre-sale chat says whether it converted)",
		"  kefu ticket resolve 12 --resolution \"已退款\"\n  kefu ticket resolve 31 --converted --amount 299.00\n  kefu ticket resolve 4 5 6 --resolution \"已统一补发\"\n  kefu ticket resolve 12 --kb 3",
		&opts.TicketActionOptions,
		func(cmd *cobra.Command) error {
			switch {
			case converted && notConverted:
				return usageErr(cmd, "use --converted or --not-converted, not both")
			case converted || notConverted:
				opts.Converted = &converted
			}
			return nil
		},
		func() error { return runWith(opts, runF, ticketResolveRun) })
	f := cmd.Flags()
	f.StringVar(&opts.Resolution, "resolution", "", "how it was resolved")
	f.StringVar(&opts.At, "at", "", "when it was resolved (default now)")
	f.BoolVar(&converted, "converted", false, "pre-sale: the chat led to a sale")
	f.BoolVar(&notConverted, "not-converted", false, "pre-sale: no sale")
	f.StringVar(&opts.Amount, "amount", "", "pre-sale: the sale in yuan, e.g. 299.00")
	f.Int64Var(&opts.KB, "kb", 0, "the knowledge-base article that answered it (every ticket given links it)")
	return cmd
}

func ticketResolveRun(opts *TicketResolveOptions) error {
	return ticketsActed(&opts.TicketActionOptions,
		func(svc *core.Service, id int64) (ticket.Ticket, error) {
			return svc.TicketResolveWith(opts.Ctx, opts.As, id, opts.ResolveOptions)
		},
		func(t ticket.Ticket, loc *time.Location) string { return i18n.Sprintf("ticket %d resolved", t.ID) })
}

// NewCmdTicketClose builds kefu ticket close; runF replaces ticketCloseRun in tests.
func NewCmdTicketClose(app *App, runF func(*TicketActionOptions) error) *cobra.Command {
	opts := &TicketActionOptions{}
	return ticketBulkCmd(app, "close ID...", "Close resolved tickets, all or none", "  kefu ticket close 12\n  kefu ticket close 12 13 14", opts, nil,
		func() error { return runWith(opts, runF, ticketCloseRun) })
}

func ticketCloseRun(opts *TicketActionOptions) error {
	return ticketsActed(opts,
		func(svc *core.Service, id int64) (ticket.Ticket, error) {
			return svc.TicketClose(opts.Ctx, opts.As, id)
		},
		func(t ticket.Ticket, loc *time.Location) string { return i18n.Sprintf("ticket %d closed", t.ID) })
}

// NewCmdTicketReopen builds kefu ticket reopen; runF replaces ticketReopenRun in tests.
func NewCmdTicketReopen(app *App, runF func(*TicketTextOptions) error) *cobra.Command {
	opts := &TicketTextOptions{}
	cmd := ticketActionCmd(app, "reopen ID --reason TEXT", "Reopen a resolved or closed ticket (a full resolution window starts)",
		"  kefu ticket reopen 12 --reason \"客户反馈仍未到账\"", 1, "a ticket ID", &opts.TicketActionOptions, nil,
		func() error { return runWith(opts, runF, ticketReopenRun) })
	cmd.Flags().StringVar(&opts.Text, "reason", "", "why it is reopened (required)")
	return cmd
}

func ticketReopenRun(opts *TicketTextOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.TicketReopen(opts.Ctx, opts.As, opts.ID, opts.Text)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			if t.ResolutionDue.IsZero() {
				return i18n.Sprintf("ticket %d reopened", t.ID)
			}
			return i18n.Sprintf("ticket %d reopened; resolution due %s", t.ID, t.ResolutionDue.In(loc).Format(time.RFC3339))
		})
}

// TicketRateOptions are kefu ticket rate's inputs.
type TicketRateOptions struct {
	TicketActionOptions
	core.TicketRateOptions
}

// NewCmdTicketRate builds kefu ticket rate; runF replaces ticketRateRun in tests.
func NewCmdTicketRate(app *App, runF func(*TicketRateOptions) error) *cobra.Command {
	opts := &TicketRateOptions{}
	var csat, nps int
	cmd := ticketActionCmd(app, "rate ID [--csat 1-5] [--nps 0-10] [--comment TEXT]", "Record the customer's rating of a resolved ticket",
		"  kefu ticket rate 12 --csat 5 --nps 9 --comment 很满意", 1, "a ticket ID", &opts.TicketActionOptions,
		func(cmd *cobra.Command, _ []string) error {
			if changed(cmd.Flags(), "csat") {
				opts.CSAT = &csat
			}
			if changed(cmd.Flags(), "nps") {
				opts.NPS = &nps
			}
			return nil
		},
		func() error { return runWith(opts, runF, ticketRateRun) })
	cmd.Flags().IntVar(&csat, "csat", 0, "satisfaction 1 (very unsatisfied) to 5 (very satisfied)")
	cmd.Flags().IntVar(&nps, "nps", 0, "likelihood to recommend, 0 to 10")
	cmd.Flags().StringVar(&opts.Comment, "comment", "", "the customer's words")
	return cmd
}

func ticketRateRun(opts *TicketRateOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.TicketRate(opts.Ctx, opts.As, opts.ID, opts.TicketRateOptions)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			return i18n.Sprintf("rating recorded for ticket %d", t.ID)
		})
}
