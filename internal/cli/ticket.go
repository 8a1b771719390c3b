package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

func newTicketCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ticket",
		Short: "Open, work, resolve and rate tickets",
		Long: `Every customer contact is a ticket. Its first-response and resolution due times come from the
policy's response windows on the business calendar, and are stored on the ticket.
The first reply is the first response; it never pauses. While a ticket is pending (waiting on
the customer) its resolution clock stops; resume carries the time that was left.`,
		Example: `  kefu ticket open "申请退款未到账" --kind inquiry --channel email --customer 刘洋 --assignee 张伟
  kefu ticket reply 1 "已为您加急处理" --as 张伟
  kefu ticket list --overdue
  kefu ticket show 1`,
	}
	cmd.AddCommand(NewCmdTicketOpen(app, nil), NewCmdTicketList(app, nil), NewCmdTicketShow(app, nil), NewCmdTicketEdit(app, nil),
		NewCmdTicketReply(app, nil), NewCmdTicketNote(app, nil), NewCmdTicketAssign(app, nil), NewCmdTicketPending(app, nil),
		NewCmdTicketResume(app, nil), NewCmdTicketResolve(app, nil), NewCmdTicketClose(app, nil), NewCmdTicketReopen(app, nil),
		NewCmdTicketRate(app, nil))
	return cmd
}

// ticketView is a ticket in JSON: a stable interface for scripts.
type ticketView struct {
	ID               int64   `json:"id"`
	Kind             string  `json:"kind"`
	Channel          string  `json:"channel"`
	Priority         string  `json:"priority"`
	Severity         *string `json:"severity"`
	Status           string  `json:"status"`
	Subject          string  `json:"subject"`
	Body             string  `json:"body"`
	Category         string  `json:"category"`
	Customer         string  `json:"customer"`
	CustomerID       int64   `json:"customer_id"`
	Assignee         *string `json:"assignee"`
	Team             string  `json:"team"`
	Order            string  `json:"order"`
	OpenedBy         string  `json:"opened_by"`
	OpenedAt         *string `json:"opened_at"`
	FirstResponseDue *string `json:"first_response_due"`
	FirstResponseAt  *string `json:"first_response_at"`
	ResolutionDue    *string `json:"resolution_due"`
	ResolvedAt       *string `json:"resolved_at"`
	ClosedAt         *string `json:"closed_at"`
	Resolution       string  `json:"resolution"`
	PendingSince     *string `json:"pending_since"`
	RemainingSeconds *int64  `json:"resolution_remaining_seconds"`
	ReopenCount      int     `json:"reopen_count"`
	CSAT             *int    `json:"csat"`
	NPS              *int    `json:"nps"`
	RatingComment    string  `json:"rating_comment"`
	FirstResponseSLA string  `json:"first_response_state"`
	ResolutionSLA    string  `json:"resolution_state"`
	// The windows that set the first-response and resolution due times, kept with the ticket.
	FirstResponseWindow *string `json:"first_response_window"`
	ResolutionWindow    *string `json:"resolution_window"`

	Stage          *string `json:"stage"` // complaints
	EscalationDue  *string `json:"escalation_due"`
	EscalatedAt    *string `json:"escalated_at"`
	EscalatedTo    *string `json:"escalated_to"`
	Follower       *string `json:"follower"`
	Plan           string  `json:"plan"`
	PlanDue        *string `json:"plan_due"`
	PlannedAt      *string `json:"planned_at"`
	FollowupDue    *string `json:"followup_due"`
	FollowupAt     *string `json:"followup_at"`
	FollowupResult *string `json:"followup_result"`
	ForwardDue     *string `json:"forward_due"`
	ForwardedAt    *string `json:"forwarded_at"`
	ForwardedTo    *string `json:"forwarded_to"`
	Outcome        *string `json:"outcome"`
	Converted      *bool   `json:"converted"`
	Amount         *string `json:"amount"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func viewTicket(t ticket.Ticket, loc *time.Location, now time.Time) ticketView {
	v := ticketView{ID: t.ID, Kind: t.Kind, Channel: t.Channel, Priority: t.Priority, Severity: strPtr(t.Severity),
		Status: string(t.Status), Subject: t.Subject, Body: t.Body, Category: t.Category, Customer: t.Customer,
		CustomerID: t.CustomerID, Assignee: strPtr(t.Assignee), Team: t.Team, Order: t.OrderNo, OpenedBy: t.OpenedBy,
		OpenedAt: jsonTime(t.OpenedAt, loc), FirstResponseDue: jsonTime(t.FirstResponseDue, loc),
		FirstResponseAt: jsonTime(t.FirstResponseAt, loc), ResolutionDue: jsonTime(t.ResolutionDue, loc),
		ResolvedAt: jsonTime(t.ResolvedAt, loc), ClosedAt: jsonTime(t.ClosedAt, loc), Resolution: t.Resolution,
		PendingSince: jsonTime(t.PendingSince, loc), ReopenCount: t.ReopenCount, CSAT: t.CSAT, NPS: t.NPS,
		RatingComment:    t.RatingComment,
		FirstResponseSLA: t.FirstResponse(now).State, ResolutionSLA: t.ResolutionOutcome(now).State}
	if t.Status == ticket.Pending {
		r := t.ResolutionRemaining
		v.RemainingSeconds = &r
	}
	if t.Kind == "complaint" {
		v.Stage = strPtr(t.Stage())
	}
	v.EscalationDue, v.EscalatedAt, v.EscalatedTo = jsonTime(t.EscalationDue, loc), jsonTime(t.EscalatedAt, loc), strPtr(t.EscalatedTo)
	v.Follower, v.Plan = strPtr(t.Follower), t.Plan
	v.PlanDue, v.PlannedAt = jsonTime(t.PlanDue, loc), jsonTime(t.PlannedAt, loc)
	v.FirstResponseWindow, v.ResolutionWindow = strPtr(t.FirstResponseWindow), strPtr(t.ResolutionWindow)
	v.FollowupDue, v.FollowupAt, v.FollowupResult = jsonTime(t.FollowupDue, loc), jsonTime(t.FollowupAt, loc), strPtr(t.FollowupResult)
	v.ForwardDue, v.ForwardedAt, v.ForwardedTo, v.Outcome = jsonTime(t.ForwardDue, loc), jsonTime(t.ForwardedAt, loc), strPtr(t.ForwardedTo), strPtr(t.Outcome)
	v.Converted = t.Converted
	if t.AmountFen != nil {
		v.Amount = strPtr(core.FormatYuan(*t.AmountFen))
	}
	return v
}

// relative describes the ticket's next due time for a table: "in 2h10m", "overdue 35m".
func relative(t ticket.Ticket, now time.Time) string {
	if t.Status == ticket.Pending && !t.FirstResponseAt.IsZero() {
		return i18n.Sprintf("paused, %s left", duration.FormatSpan(time.Duration(t.ResolutionRemaining)*time.Second))
	}
	next := t.NextDue()
	switch {
	case next.IsZero() && t.Status == ticket.Pending:
		return i18n.T("paused")
	case next.IsZero():
		return ""
	case next.Before(now):
		return i18n.Sprintf("overdue %s", duration.FormatSpan(now.Sub(next)))
	default:
		return i18n.Sprintf("in %s", duration.FormatSpan(next.Sub(now)))
	}
}

func ticketGrid(ts []ticket.Ticket, now time.Time, cal *calendar.Calendar, warn duration.Duration, color bool) render.Grid {
	g := render.Grid{Header: []string{"id", "kind", "channel", "priority", "status", "subject", "customer", "assignee", "due"},
		Color: color, Free: []string{"subject", "customer"}, Optional: []string{"priority", "channel", "customer", "kind"}}
	atRisk := cal.Due(now, warn)
	for _, t := range ts {
		g.Add(itoa(t.ID), t.Kind, t.Channel, t.Priority, string(t.Status), t.Subject, t.Customer, t.Assignee, relative(t, now))
		color := ""
		if next := t.NextDue(); !next.IsZero() {
			switch {
			case next.Before(now):
				color = render.Red
			case next.Before(atRisk):
				color = render.Yellow
			}
		}
		g.Colors = append(g.Colors, color)
	}
	return g
}

// ticketID parses a ticket id argument.
func ticketID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Invalidf("%q is not a ticket id (a positive number)", s)
	}
	return id, nil
}

// readBody takes a body from --body, --body-file or piped stdin.
func (a *App) readBody(body, file string, bodySet bool) (string, error) {
	if bodySet && file != "" {
		return "", errs.Invalidf("use --body or --body-file, not both")
	}
	if bodySet {
		return body, nil
	}
	var b []byte
	var err error
	switch {
	case file != "":
		b, err = readFileLimited(a, file, limitBody, "--body-file")
	case a.StdinPiped:
		b, err = readLimited(a.Stdin, limitBody, "the body (standard input)")
	}
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\n"), nil
}

// NewCmdTicketOpen builds kefu ticket open; runF replaces ticketOpenRun in tests.
func NewCmdTicketOpen(app *App, runF func(*TicketOpenOptions) error) *cobra.Command {
	return openCmd(app, "", "open SUBJECT --kind K --channel C --customer NAME|ID [flags]", "Record a customer contact as a ticket",
		`  kefu ticket open "申请退款未到账" --kind inquiry --channel email --customer 刘洋 --assignee 张伟
  kefu ticket open "包装破损" --kind complaint --channel phone --customer "Wang Lei" --new-customer --phone 13900001111
  echo "订单 20260302-001 未发货" | kefu ticket open "催发货" --kind inquiry --channel chat --customer 3 --at "2026-03-02 08:55"`, runF)
}

// TicketOpenOptions are the inputs of kefu ticket open, complaint open and suggestion add.
type TicketOpenOptions struct {
	CmdEnv
	core.TicketOpenOptions

	Format string // table or json
}

// openCmd builds ticket open, and complaint open / suggestion add with their kind fixed.
func openCmd(app *App, kind, use, short, example string, runF func(*TicketOpenOptions) error) *cobra.Command {
	opts := &TicketOpenOptions{}
	o := &opts.TicketOpenOptions
	var bodyFile string
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + `. Due times are computed from the policy's windows and stored. Prints the
new ticket's id (with --format json, the whole ticket). The body comes from --body,
--body-file FILE (- for stdin) or piped stdin. An unknown customer is created with
--new-customer (and --phone/--email).`,
		Example: example,
		Args:    args(1, "a SUBJECT (quote it)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if kind != "" {
				o.Kind = kind
			}
			if o.Kind == "" || o.Channel == "" || o.Customer == "" {
				return usageErr(cmd, "%s needs --kind, --channel and --customer", strings.TrimPrefix(cmd.CommandPath(), "kefu "))
			}
			o.Subject = a[0]
			if o.Body, err = app.readBody(o.Body, bodyFile, changed(cmd.Flags(), "body")); err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, ticketOpenRun)
		},
	}
	f := cmd.Flags()
	if kind == "" {
		f.StringVar(&o.Kind, "kind", "", "inquiry, complaint, suggestion, presale (or a custom kind)")
	}
	if kind == "" || kind == "complaint" {
		f.StringVar(&o.Severity, "severity", "", "for complaints: simple (default) or complex")
	}
	f.StringVar(&o.Channel, "channel", "", "phone, email, chat, wechat, social, app, visit (or 电话 邮件 在线 微信 社交 应用 到访)")
	f.StringVar(&o.Customer, "customer", "", "customer name or id")
	f.BoolVar(&o.NewCustomer, "new-customer", false, "create the customer if the name is unknown")
	f.StringVar(&o.Phone, "phone", "", "with --new-customer: phone")
	f.StringVar(&o.Email, "email", "", "with --new-customer: email")
	f.StringVar(&o.Priority, "priority", "normal", "urgent, high, normal, low")
	if kind == "suggestion" {
		f.StringVar(&o.Category, "category", "", "one of policy suggestion.categories (default: its last, other)")
	} else {
		f.StringVar(&o.Category, "category", "", "free-text category (e.g. 退款, 物流)")
	}
	f.StringVar(&o.Assignee, "assignee", "", "staff member to hold the ticket (default: assign.mode)")
	f.StringVar(&o.Team, "team", "", "team the ticket belongs to (default: the assignee's)")
	f.StringVar(&o.OrderNo, "order", "", "order number")
	f.StringVar(&o.Body, "body", "", "the customer's message")
	f.StringVar(&bodyFile, "body-file", "", "read the body from FILE (- for stdin)")
	f.StringVar(&o.At, "at", "", "when the contact came in (default now), e.g. \"2026-03-02 08:55\"")
	return cmd
}

func ticketOpenRun(opts *TicketOpenOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	tk, notes, err := svc.TicketOpen(opts.Ctx, opts.As, opts.TicketOpenOptions)
	if err != nil {
		return err
	}
	for _, n := range notes {
		opts.IO.Info("%s", n)
	}
	if opts.Format == render.JSON {
		loc, err := svc.Location(opts.Ctx)
		if err != nil {
			return err
		}
		return render.WriteJSON(opts.IO.Out, viewTicket(tk, loc, svc.Now()))
	}
	opts.IO.Line("%d", tk.ID)
	return nil
}
