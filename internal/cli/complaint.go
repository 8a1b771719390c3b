package cli

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

func newComplaintCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "complaint",
		Short: "Complaints (投诉): escalation, handling plan, satisfaction follow-up",
		Long: `A complaint is a ticket of kind complaint with a severity. A complex complaint must be
escalated to a supervisor within its escalation window; the supervisor records the handling
plan; after resolution the customer's satisfaction is confirmed within the follow-up window.
An unsatisfied customer reopens the complaint and the plan must be revised.`,
		Example: `  kefu complaint open "快递员态度恶劣" --channel phone --customer 刘洋 --severity complex --assignee 张伟
  kefu complaint escalate 7 --to 欧阳娜娜 --reason "客户要求主管处理"
  kefu complaint plan 7 "补偿优惠券50元并回访" --as 欧阳娜娜
  kefu complaint followup 7 --satisfied
  kefu complaint verdict 7 valid --against 张伟 --reason "回复敷衍，客户投诉属实" --as 欧阳娜娜
  kefu complaint list`,
	}
	cmd.AddCommand(
		openCmd(app, "complaint", "open SUBJECT --channel C --customer NAME|ID [--severity simple|complex] [flags]", "Record a complaint",
			`  kefu complaint open "快递员态度恶劣" --channel phone --customer 刘洋 --severity complex --assignee 张伟`, nil),
		NewCmdComplaintSeverity(app, nil), NewCmdComplaintEscalate(app, nil), NewCmdComplaintPlan(app, nil),
		NewCmdComplaintFollowup(app, nil), NewCmdComplaintList(app, nil), NewCmdComplaintVerdict(app, nil), NewCmdComplaintVerdicts(app, nil))
	return cmd
}

// ComplaintSeverityOptions are kefu complaint severity's inputs.
type ComplaintSeverityOptions struct {
	TicketActionOptions

	Severity string // simple or complex
	Reason   string
}

// NewCmdComplaintSeverity builds kefu complaint severity; runF replaces complaintSeverityRun in tests.
func NewCmdComplaintSeverity(app *App, runF func(*ComplaintSeverityOptions) error) *cobra.Command {
	opts := &ComplaintSeverityOptions{}
	cmd := ticketActionCmd(app, "severity ID simple|complex [--reason TEXT]", "Change a complaint's severity (due times recomputed; complex to simple: supervisor, with --reason)",
		"  kefu complaint severity 7 complex\n  kefu complaint severity 7 simple --reason 客户撤回升级要求 --as 欧阳娜娜", 2, "a complaint ID and simple or complex",
		&opts.TicketActionOptions,
		func(_ *cobra.Command, rest []string) error { opts.Severity = rest[0]; return nil },
		func() error { return runWith(opts, runF, complaintSeverityRun) })
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why (required to make a complex complaint simple)")
	return cmd
}

func complaintSeverityRun(opts *ComplaintSeverityOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.ComplaintSeverity(opts.Ctx, opts.As, opts.ID, opts.Severity, opts.Reason)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			msg := i18n.Sprintf("complaint %d is %s", t.ID, t.Severity)
			if !t.EscalationDue.IsZero() && t.EscalatedAt.IsZero() {
				msg += i18n.Sprintf("; escalate by %s", t.EscalationDue.In(loc).Format(time.RFC3339))
			}
			return msg
		})
}

// ComplaintEscalateOptions are kefu complaint escalate's inputs.
type ComplaintEscalateOptions struct {
	TicketActionOptions

	To     string // the supervisor or manager
	Reason string
}

// NewCmdComplaintEscalate builds kefu complaint escalate; runF replaces complaintEscalateRun in tests.
func NewCmdComplaintEscalate(app *App, runF func(*ComplaintEscalateOptions) error) *cobra.Command {
	opts := &ComplaintEscalateOptions{}
	cmd := ticketActionCmd(app, "escalate ID --to SUPERVISOR --reason TEXT", "Hand a complaint to a supervisor (the agent stays as follower)",
		"  kefu complaint escalate 7 --to 欧阳娜娜 --reason \"客户要求主管处理\"", 1, "a complaint ID",
		&opts.TicketActionOptions,
		func(cmd *cobra.Command, _ []string) error {
			if opts.To == "" {
				return usageErr(cmd, "complaint escalate needs --to SUPERVISOR")
			}
			return nil
		},
		func() error { return runWith(opts, runF, complaintEscalateRun) })
	cmd.Flags().StringVar(&opts.To, "to", "", "the supervisor or manager who takes it")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why (required)")
	return cmd
}

func complaintEscalateRun(opts *ComplaintEscalateOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.ComplaintEscalate(opts.Ctx, opts.As, opts.ID, opts.To, opts.Reason)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			msg := i18n.Sprintf("complaint %d escalated to %s", t.ID, t.EscalatedTo)
			if o := t.Escalation(t.EscalatedAt); o.State == ticket.StateBreached {
				msg += i18n.Sprintf(" (late by %s)", duration.FormatSpan(o.By))
			}
			return msg
		})
}

// NewCmdComplaintPlan builds kefu complaint plan; runF replaces complaintPlanRun in tests.
func NewCmdComplaintPlan(app *App, runF func(*TicketTextOptions) error) *cobra.Command {
	opts := &TicketTextOptions{}
	return ticketActionCmd(app, "plan ID TEXT", "Record the handling plan (supervisor)",
		"  kefu complaint plan 7 \"补偿优惠券50元并回访\" --as 欧阳娜娜", 2, "a complaint ID and the plan TEXT",
		&opts.TicketActionOptions,
		func(_ *cobra.Command, rest []string) error { opts.Text = rest[0]; return nil },
		func() error { return runWith(opts, runF, complaintPlanRun) })
}

func complaintPlanRun(opts *TicketTextOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.ComplaintPlan(opts.Ctx, opts.As, opts.ID, opts.Text)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			return i18n.Sprintf("plan recorded for complaint %d", t.ID)
		})
}

// ComplaintFollowupOptions are kefu complaint followup's inputs.
type ComplaintFollowupOptions struct {
	TicketActionOptions

	Satisfied bool
	Comment   string
}

// NewCmdComplaintFollowup builds kefu complaint followup; runF replaces complaintFollowupRun in tests.
func NewCmdComplaintFollowup(app *App, runF func(*ComplaintFollowupOptions) error) *cobra.Command {
	opts := &ComplaintFollowupOptions{}
	var unsatisfied bool
	cmd := ticketActionCmd(app, "followup ID --satisfied|--unsatisfied [--comment TEXT]",
		"Confirm the customer's satisfaction after resolution (unsatisfied reopens it)",
		"  kefu complaint followup 7 --satisfied\n  kefu complaint followup 7 --unsatisfied --comment \"补偿不够\"", 1, "a complaint ID",
		&opts.TicketActionOptions,
		func(cmd *cobra.Command, _ []string) error {
			if opts.Satisfied == unsatisfied {
				return usageErr(cmd, "complaint followup needs exactly one of --satisfied or --unsatisfied")
			}
			return nil
		},
		func() error { return runWith(opts, runF, complaintFollowupRun) })
	cmd.Flags().BoolVar(&opts.Satisfied, "satisfied", false, "the customer is satisfied with the result")
	cmd.Flags().BoolVar(&unsatisfied, "unsatisfied", false, "the customer is not satisfied: reopen for re-evaluation")
	cmd.Flags().StringVar(&opts.Comment, "comment", "", "what the customer said")
	return cmd
}

func complaintFollowupRun(opts *ComplaintFollowupOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.ComplaintFollowup(opts.Ctx, opts.As, opts.ID, opts.Satisfied, opts.Comment)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			if t.Status == ticket.Reopened {
				return i18n.Sprintf("complaint %d reopened: the customer is unsatisfied; a supervisor must revise the plan (kefu complaint plan %d TEXT)", t.ID, t.ID)
			}
			return i18n.Sprintf("complaint %d: customer satisfied", t.ID)
		})
}

// windowFlags describes which of a complaint's promises are breached or at risk.
func complaintFlags(t ticket.Ticket, now, atRisk time.Time) string {
	var flags []string
	check := func(name string, o ticket.Outcome) {
		switch o.State {
		case ticket.StateOverdue:
			flags = append(flags, name+" overdue "+duration.FormatSpan(o.By))
		case ticket.StateBreached:
			flags = append(flags, name+" late "+duration.FormatSpan(o.By))
		case ticket.StateDue:
			if o.Due.Before(atRisk) {
				flags = append(flags, name+" at risk (in "+duration.FormatSpan(o.By)+")")
			}
		}
	}
	check("first response", t.FirstResponse(now))
	check("escalation", t.Escalation(now))
	if t.Status.Working() {
		check("resolution", t.ResolutionOutcome(now))
	}
	check("follow-up", t.Followup(now))
	return strings.Join(flags, "; ")
}

// ComplaintListOptions are kefu complaint list's inputs.
type ComplaintListOptions struct {
	CmdEnv
	core.ComplaintListOptions

	Format string
}

// NewCmdComplaintList builds kefu complaint list; runF replaces complaintListRun in tests.
func NewCmdComplaintList(app *App, runF func(*ComplaintListOptions) error) *cobra.Command {
	opts := &ComplaintListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--stage S] [--severity S] [--all]",
		Short: "List complaints needing action, with stage and breached or at-risk windows",
		Long: `Stages: new, escalated, planned, resolved, awaiting follow-up, satisfied, unsatisfied.
Without --all (or --stage) only complaints still being worked or awaiting follow-up are listed.`,
		Example: "  kefu complaint list\n  kefu complaint list --stage \"awaiting follow-up\"\n  kefu complaint list --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, complaintListRun)
		},
	}
	cmd.Flags().StringVar(&opts.ComplaintListOptions.Stage, "stage", "", "only this stage")
	cmd.Flags().StringVar(&opts.ComplaintListOptions.Severity, "severity", "", "only simple or complex")
	cmd.Flags().BoolVar(&opts.ComplaintListOptions.All, "all", false, "include complaints that need no action")
	cmd.Flags().IntVar(&opts.ComplaintListOptions.Limit, "limit", 0, "at most N complaints")
	return cmd
}

func complaintListRun(opts *ComplaintListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ts, total, err := svc.ComplaintPage(opts.Ctx, opts.ComplaintListOptions)
	if err != nil {
		return err
	}
	limitNotice(opts.IO, len(ts), total, "complaints")
	p, err := svc.Policy(opts.Ctx)
	if err != nil {
		return err
	}
	cal, err := p.Calendar()
	if err != nil {
		return err
	}
	vals, err := p.Values()
	if err != nil {
		return err
	}
	warn := vals.WarnBefore
	now := svc.Now()
	atRisk := cal.Due(now, warn)
	type row struct {
		ticketView
		Flags string `json:"flags"`
	}
	rows := make([]row, len(ts))
	g := render.Grid{Header: []string{"id", "stage", "severity", "status", "subject", "customer", "assignee", "flags"}, Color: opts.IO.Color,
		Free: []string{"subject", "flags", "customer"}, Optional: []string{"customer", "severity", "stage"}}
	for i, t := range ts {
		rows[i] = row{viewTicket(t, cal.Location(), now), complaintFlags(t, now, atRisk)}
		g.Add(itoa(t.ID), t.Stage(), t.Severity, string(t.Status), t.Subject, t.Customer, t.Assignee, rows[i].Flags)
		color := ""
		switch {
		case strings.Contains(rows[i].Flags, "overdue"):
			color = render.Red
		case strings.Contains(rows[i].Flags, "at risk"):
			color = render.Yellow
		}
		g.Colors = append(g.Colors, color)
	}
	if opts.Format == render.Table && len(ts) == 0 {
		opts.IO.Info("no complaints need action")
		return nil
	}
	return render.Write(opts.IO.Out, opts.Format, rows, g)
}
