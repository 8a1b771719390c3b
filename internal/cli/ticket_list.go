package cli

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

// ticket list: the filters and how a list of tickets prints.

// TicketListOptions are kefu ticket list's inputs.
type TicketListOptions struct {
	CmdEnv
	core.TicketListOptions

	Format string // table, json or csv
}

// NewCmdTicketList builds kefu ticket list; runF replaces ticketListRun in tests.
func NewCmdTicketList(app *App, runF func(*TicketListOptions) error) *cobra.Command {
	opts := &TicketListOptions{}
	o := &opts.TicketListOptions
	var status string
	var mine bool
	cmd := &cobra.Command{
		Use:   "list [filters]",
		Short: "List tickets, newest first",
		Long: `List tickets. The due column shows the next promise still owed: "in 2h10m" or "overdue 35m"
(red when overdue, yellow within remind.warn_before, on a terminal). --search matches subject and
body substrings of any length, Chinese included.`,
		Example: `  kefu ticket list --overdue
  kefu ticket list --assignee me --status active --sort due
  kefu ticket list --search 退款 --since 2026-03-01
  kefu ticket list --due-within 4bh --format json
  kefu ticket list --mine --as 张伟`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			if mine {
				// --mine is the tickets on the acting person's desk (kefu me shows the rest).
				if o.Assignee != "" {
					return usageErr(cmd, "use --mine or --assignee, not both")
				}
				o.Assignee = "me"
				if status == "" {
					status = "active"
				}
			}
			if status != "" {
				o.Statuses = strings.Split(status, ",")
			}
			if o.Limit < 0 {
				return usageErr(cmd, "--limit must be positive")
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			o.As = app.As
			return runWith(opts, runF, ticketListRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&status, "status", "", "open, pending, resolved, closed, reopened or active (comma-separated)")
	f.StringVar(&o.Kind, "kind", "", "only this kind")
	f.StringVar(&o.Channel, "channel", "", "only this channel")
	f.StringVar(&o.Assignee, "assignee", "", "only this assignee (me: the acting user; none: unassigned)")
	f.BoolVar(&mine, "mine", false, "the acting user's active tickets (--assignee me --status active)")
	f.StringVar(&o.Customer, "customer", "", "only this customer (name or id)")
	f.StringVar(&o.Category, "category", "", "only this category")
	f.StringVar(&o.Priority, "priority", "", "only this priority")
	f.StringVar(&o.Team, "team", "", "only this team")
	f.BoolVar(&o.Overdue, "overdue", false, "only tickets with a first response or resolution overdue")
	f.StringVar(&o.DueWithin, "due-within", "", "only tickets with something due within DURATION (e.g. 4bh)")
	f.StringVar(&o.Since, "since", "", "opened at or after this time or date")
	f.StringVar(&o.Until, "until", "", "opened before this time or date")
	f.StringVar(&o.Search, "search", "", "text in subject or body")
	f.StringVar(&o.Sort, "sort", "-opened", "opened, -opened, due, priority, id, -id")
	f.IntVar(&o.Limit, "limit", 100, "at most N tickets (0: all)")
	return cmd
}

func ticketListRun(opts *TicketListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ts, total, err := svc.TicketPage(opts.Ctx, opts.TicketListOptions)
	if err != nil {
		return err
	}
	limitNotice(opts.IO, len(ts), total, "tickets")
	return printTickets(opts.Ctx, opts.IO, svc, opts.Format, ts)
}

func printTickets(ctx context.Context, streams IOStreams, svc *core.Service, format string, ts []ticket.Ticket) error {
	p, err := svc.Policy(ctx)
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
	views := make([]ticketView, len(ts))
	for i, t := range ts {
		views[i] = viewTicket(t, cal.Location(), now)
	}
	if format == render.CSV {
		g := render.Grid{Header: []string{"id", "kind", "channel", "priority", "severity", "status", "subject", "category", "customer",
			"assignee", "team", "opened_at", "first_response_due", "first_response_at", "resolution_due", "resolved_at", "csat", "nps"}}
		for _, v := range views {
			g.Add(itoa(v.ID), v.Kind, v.Channel, v.Priority, deref(v.Severity), v.Status, v.Subject, v.Category, v.Customer,
				deref(v.Assignee), v.Team, deref(v.OpenedAt), deref(v.FirstResponseDue), deref(v.FirstResponseAt),
				deref(v.ResolutionDue), deref(v.ResolvedAt), intStr(v.CSAT), intStr(v.NPS))
		}
		return render.Write(streams.Out, format, nil, g)
	}
	if format == render.Table && len(ts) == 0 {
		streams.Info("no tickets match")
		return nil
	}
	return render.Write(streams.Out, format, views, ticketGrid(ts, now, cal, warn, streams.Color))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func intStr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
