package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

// ticket show: one ticket with its messages and history.

// ticketDetailView is ticket show's JSON.
type ticketDetailView struct {
	ticketView
	Messages []messageView `json:"messages"`
	History  []eventView   `json:"history"`
	// Attachments are files that came by email (omitted when none).
	Attachments []core.MailAttachmentInfo `json:"attachments,omitempty"`
	// Articles are knowledge-base articles that may answer it (omitted with --no-suggest).
	Articles []articleSuggestion `json:"articles,omitempty"`
}

type messageView struct {
	ID     int64   `json:"id"`
	Kind   string  `json:"kind"`
	Author string  `json:"author"`
	At     *string `json:"at"`
	Body   string  `json:"body"`
	Mail   string  `json:"mail,omitempty"`
}

type eventView struct {
	ID      int64          `json:"id"`
	At      *string        `json:"at"`
	Actor   string         `json:"actor"`
	Action  string         `json:"action"`
	Payload map[string]any `json:"payload"`
}

// outcomeLine describes a promise for people: "due 2026-03-02 13:00 · met 3h10m early".
func outcomeLine(o ticket.Outcome, loc *time.Location) string {
	span := duration.FormatSpan(o.By)
	switch o.State {
	case ticket.StateNone:
		return "no window"
	case ticket.StatePaused:
		return i18n.Sprintf("paused while pending, %s left", span)
	case ticket.StateMet:
		return i18n.Sprintf("due %s · met %s early (%s)", clockTime(o.Due, loc), span, clockTime(o.At, loc))
	case ticket.StateBreached:
		return i18n.Sprintf("due %s · breached by %s (%s)", clockTime(o.Due, loc), span, clockTime(o.At, loc))
	case ticket.StateOverdue:
		return i18n.Sprintf("due %s · OVERDUE by %s", clockTime(o.Due, loc), span)
	default:
		return i18n.Sprintf("due %s · in %s", clockTime(o.Due, loc), span)
	}
}

func escalatedTo(t ticket.Ticket) string {
	if t.EscalatedTo == "" {
		return ""
	}
	return " · to " + t.EscalatedTo
}

// describeChanges prints an event's changes as "status: open → resolved; ...".
func describeChanges(p map[string]any, loc *time.Location) string {
	return audit.Describe(p, func(v any) string { return showValue(v, loc) })
}

func showValue(v any, loc *time.Location) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			return clockTime(t, loc)
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

// TicketShowOptions are kefu ticket show's inputs.
type TicketShowOptions struct {
	CmdEnv

	Format string // table or json
	ID     int64
	// NoSuggest hides the knowledge-base articles that may answer the ticket.
	NoSuggest bool
}

// NewCmdTicketShow builds kefu ticket show; runF replaces ticketShowRun in tests.
func NewCmdTicketShow(app *App, runF func(*TicketShowOptions) error) *cobra.Command {
	opts := &TicketShowOptions{}
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Show a ticket, whether its due times were met, its conversation and full history",
		Example: "  kefu ticket show 12\n  kefu ticket show 12 --format json",
		Args:    args(1, "a ticket ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			id, err := ticketID(a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.ID = id
			return runWith(opts, runF, ticketShowRun)
		},
	}
	cmd.Flags().BoolVar(&opts.NoSuggest, "no-suggest", false, "do not list knowledge-base articles that may answer it")
	return cmd
}

func ticketShowRun(opts *TicketShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	d, err := svc.TicketShow(opts.Ctx, opts.ID)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	now := svc.Now()
	suggested, err := ticketSuggestions(opts, svc, d.Ticket)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		v := ticketDetailView{ticketView: viewTicket(d.Ticket, loc, now), Messages: []messageView{}, History: []eventView{}, Articles: suggested}
		for _, m := range d.Messages {
			v.Messages = append(v.Messages, messageView{ID: m.ID, Kind: m.Kind, Author: m.Author, At: jsonTime(m.At, loc), Body: m.Body, Mail: m.Mail})
		}
		v.Attachments = d.Attachments
		for _, e := range d.History {
			v.History = append(v.History, eventView{ID: e.ID, At: jsonTime(e.At, loc), Actor: e.Actor, Action: e.Action, Payload: e.Payload})
		}
		return render.WriteJSON(opts.IO.Out, v)
	}
	if err := printTicketDetail(opts.IO.Out, d, loc, now); err != nil {
		return err
	}
	printSuggestions(opts.IO, suggested)
	return nil
}

func printTicketDetail(w io.Writer, d core.TicketDetail, loc *time.Location, now time.Time) error {
	t := d.Ticket
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s %s\n", padLabel(i18n.Sprintf("%s:", i18n.T(k)), 15), render.Escape(v))
		}
	}
	fmt.Fprintf(w, i18n.T("Ticket %d · %s · %s\n"), t.ID, t.Kind, t.Status)
	line("Subject", t.Subject)
	line("Customer", i18n.Sprintf("%s (id %d)", t.Customer, t.CustomerID))
	line("Assignee", t.Assignee)
	line("Team", t.Team)
	meta := i18n.Sprintf("channel %s · priority %s", t.Channel, t.Priority)
	if t.Severity != "" {
		meta += i18n.Sprintf(" · severity %s", t.Severity)
	}
	line("Kind", meta)
	line("Category", t.Category)
	line("Order", t.OrderNo)
	line("Opened", i18n.Sprintf("%s by %s", clockTime(t.OpenedAt, loc), openedBy(t)))
	line("First response", outcomeLine(t.FirstResponse(now), loc))
	line("Resolution", outcomeLine(t.ResolutionOutcome(now), loc))
	if t.ReopenCount > 0 {
		line("Reopened", i18n.Sprintf("%d time%s", t.ReopenCount, plural(t.ReopenCount)))
	}
	if t.Kind == "complaint" {
		line("Stage", t.Stage())
		if !t.EscalationDue.IsZero() || !t.EscalatedAt.IsZero() {
			line("Escalation", outcomeLine(t.Escalation(now), loc)+escalatedTo(t))
		}
		line("Follower", t.Follower)
		if !t.PlanDue.IsZero() {
			line("Plan due", outcomeLine(t.PlanOutcome(now), loc))
		}
		line("Plan", t.Plan)
		if !t.FollowupDue.IsZero() {
			line("Follow-up", strings.TrimSpace(outcomeLine(t.Followup(now), loc)+" "+t.FollowupResult))
		}
	}
	if t.Kind == "suggestion" {
		line("Forward", outcomeLine(t.Forward(now), loc))
		line("Forwarded", t.ForwardedTo)
		line("Outcome", t.Outcome)
	}
	if t.Converted != nil {
		conv := i18n.T("not converted")
		if *t.Converted {
			conv = i18n.T("converted")
			if t.AmountFen != nil {
				conv += i18n.Sprintf(", ¥%s", core.FormatYuan(*t.AmountFen))
			}
		}
		line("Pre-sale", conv)
	}
	line("Resolved", clockTime(t.ResolvedAt, loc))
	line("Resolved as", t.Resolution)
	line("Closed", clockTime(t.ClosedAt, loc))
	if t.CSAT != nil || t.NPS != nil {
		line("Rating", strings.TrimSpace(fmt.Sprintf("CSAT %s NPS %s %s", intStr(t.CSAT), intStr(t.NPS), t.RatingComment)))
	}
	if t.Body != "" {
		fmt.Fprintf(w, "\n%s\n", escapeLines(t.Body))
	}
	if len(d.Messages) > 0 {
		fmt.Fprintln(w, i18n.T("\nConversation:"))
		g := render.Grid{Header: []string{"at", "kind", "who", "text"}, Free: []string{"text"}}
		for _, m := range d.Messages {
			g.Add(clockTime(m.At, loc), messageKind(m), m.Author, m.Body)
		}
		if err := render.WriteTable(w, g); err != nil {
			return err
		}
	}
	if err := printAttachments(w, d.Attachments); err != nil {
		return err
	}
	// History as lines, not a table: details are long and a table would not fit 80 columns.
	fmt.Fprintln(w, i18n.T("\nHistory:"))
	for _, e := range d.History {
		fmt.Fprintf(w, "  %s  %s %s", clockTime(e.At, loc), render.Escape(e.Actor), actionLabel(e.Action))
		if det := historyDetails(e, loc); det != "" {
			fmt.Fprintf(w, ": %s", render.Escape(det))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// historyDetails keeps the history readable: the opening lists only what was set.
func historyDetails(e audit.Event, loc *time.Location) string {
	if e.Action == "opened" {
		return ""
	}
	return describeChanges(e.Payload, loc)
}

// actionLabel names a history event's action for people: the code in English output, its
// catalog entry "event CODE" in Chinese (a code without one prints as it is).
func actionLabel(action string) string {
	if l, ok := i18n.Current().Lookup("event " + action); ok {
		return l
	}
	return action
}
