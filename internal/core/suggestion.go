package core

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/enum"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// Suggestion outcomes.
var Outcomes = OutcomeNames.Codes()

// OutcomeNames are the outcomes' Chinese names, for input and zh-CN output.
var OutcomeNames = enum.Table{
	{Code: "adopted", ZH: "采纳", Aliases: []string{"已采纳"}},
	{Code: "declined", ZH: "不采纳", Aliases: []string{"未采纳", "拒绝"}},
	{Code: "in-progress", ZH: "处理中", Aliases: []string{"跟进中"}},
}

// suggestionCategory checks a suggestion's category against the policy's list; empty is the
// list's last entry (by default "other").
func (e *env) suggestionCategory(c string) (string, error) {
	vals, err := e.values()
	if err != nil {
		return "", err
	}
	cats := vals.SuggestionCategories
	if c == "" {
		return cats[len(cats)-1], nil
	}
	if !slices.Contains(cats, c) {
		return "", errs.Invalidf("unknown suggestion category %q: use one of %s (policy suggestion.categories)", c, joinList(cats))
	}
	return c, nil
}

func (s *Service) suggestionChange(ctx context.Context, as, what string, id int64,
	change func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error)) (ticket.Ticket, error) {
	return s.ticketChange(ctx, as, access.Work, what, id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if tk.Kind != "suggestion" {
			return "", nil, errs.Invalidf("ticket %d is not a suggestion (its kind is %s)", tk.ID, tk.Kind)
		}
		return change(e, tk)
	})
}

// SuggestionForward records that a suggestion reached its owning department.
func (s *Service) SuggestionForward(ctx context.Context, as string, id int64, dept, note string) (ticket.Ticket, error) {
	if err := ticket.CheckText("department", dept, 100, true); err != nil {
		return ticket.Ticket{}, errs.Invalidf("suggestion forward needs --to DEPARTMENT")
	}
	return s.suggestionChange(ctx, as, "suggestion forward", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if tk.Status == ticket.Closed {
			return "", nil, errs.Invalidf("cannot forward suggestion %d: it is closed", tk.ID)
		}
		if !tk.ForwardedAt.IsZero() {
			return "", nil, errs.Invalidf("suggestion %d was already forwarded to %s", tk.ID, tk.ForwardedTo)
		}
		tk.ForwardedAt, tk.ForwardedTo = e.tx.Time(), dept
		return "forwarded", &audit.TicketSuggestion{Note: note}, nil
	})
}

// SuggestionOutcome records what the department made of a forwarded suggestion. Adopted and
// declined settle it: an active suggestion is resolved.
func (s *Service) SuggestionOutcome(ctx context.Context, as string, id int64, outcome, note string) (ticket.Ticket, error) {
	outcome = OutcomeNames.Normalize(outcome) // 采纳 is adopted
	if err := ticket.CheckChoice("outcome", outcome, Outcomes); err != nil {
		return ticket.Ticket{}, err
	}
	return s.suggestionChange(ctx, as, "suggestion outcome", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		if tk.ForwardedAt.IsZero() {
			return "", nil, errs.Invalidf("suggestion %d has not been forwarded yet", tk.ID).WithHint("kefu suggestion forward %d --to DEPARTMENT", tk.ID)
		}
		tk.Outcome = outcome
		if outcome != "in-progress" && tk.Status.Active() {
			if tk.Status == ticket.Pending {
				tk.Status = ticket.Open
				e.clock().Resume(tk, e.tx.Time())
			}
			e.clock().MarkResolved(tk, e.tx.Time())
			tk.Resolution = outcome + ": " + note
		}
		return "outcome", &audit.TicketSuggestion{Note: note}, nil // the outcome itself is among the changes
	})
}

// DigestGroup is one category of the weekly suggestion digest.
type DigestGroup struct {
	Category    string
	Suggestions []ticket.Ticket
}

// Digest is the week's suggestions grouped by category.
type Digest struct {
	Week when.Week
	// Start and End bound the week's service days: [Start, End).
	Start, End time.Time
	Groups     []DigestGroup
}

// SuggestionDigest gathers the suggestions opened in an ISO week, by category in the
// policy's order.
func (s *Service) SuggestionDigest(ctx context.Context, week string) (Digest, error) {
	var d Digest
	err := s.read(ctx, func(e *env) error {
		d.Week = when.WeekOf(e.serviceToday(), e.loc)
		if week != "" {
			w, err := e.parseWeek(week)
			if err != nil {
				return err
			}
			d.Week = w
		}
		sp := e.days(d.Week.Start(e.loc), d.Week.End(e.loc)) // the week's service days
		d.Start, d.End = sp.Start, sp.End
		ts, err := e.tx.ListTickets(persist.TicketFilter{Kind: "suggestion", Since: sp.Start, Until: sp.End, Sort: "opened"})
		if err != nil {
			return err
		}
		vals, err := e.values()
		if err != nil {
			return err
		}
		order := vals.SuggestionCategories
		byCat := map[string][]ticket.Ticket{}
		for _, t := range ts {
			if !slices.Contains(order, t.Category) {
				order = append(order, t.Category)
			}
			byCat[t.Category] = append(byCat[t.Category], t)
		}
		for _, c := range order {
			if len(byCat[c]) > 0 {
				d.Groups = append(d.Groups, DigestGroup{Category: c, Suggestions: byCat[c]})
			}
		}
		return nil
	})
	return d, err
}
