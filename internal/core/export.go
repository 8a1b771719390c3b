package core

import (
	"context"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
)

// Ticket export: the tickets an export writes and the cells of each, in import's columns.

// ExportOptions choose the tickets an export writes.
type ExportOptions struct {
	Since, Until string // opened at or after, before: times or dates in the team's zone
}

// exportBatch is how many tickets ExportTickets hands over at a time.
const exportBatch = 1024

// ExportTickets calls fn with every ticket the options select, in id order, a batch of up to
// 1,024 at a time, and the team's zone to print times in (only the fields ExportValues reads
// are filled). fn may keep a batch: each is a new slice.
func (s *Service) ExportTickets(ctx context.Context, o ExportOptions, fn func(tks []ticket.Ticket, loc *time.Location) error) error {
	defer collectLessOftenAt(exportGCPercent)()
	return s.readPair(ctx, func(e *env, second persist.Tx) error {
		var f persist.ExportFilter
		var err error
		if o.Since != "" {
			if f.Since, err = e.bound(o.Since); err != nil {
				return errs.Invalidf("--since: %s", errText(err))
			}
		}
		if o.Until != "" {
			if f.Until, err = e.bound(o.Until); err != nil {
				return errs.Invalidf("--until: %s", errText(err))
			}
		}
		if second != nil {
			return exportPair(e.tx, second, f, func(tks []ticket.Ticket) error { return fn(tks, e.loc) })
		}
		batch := make([]ticket.Ticket, 0, exportBatch)
		err = e.tx.EachTicketExported(f, func(tk ticket.Ticket) error {
			if batch = append(batch, tk); len(batch) < exportBatch {
				return nil
			}
			full := batch
			batch = make([]ticket.Ticket, 0, exportBatch)
			return fn(full, e.loc)
		})
		if err != nil || len(batch) == 0 {
			return err
		}
		return fn(batch, e.loc)
	})
}

// ExportValues are a ticket's cells in ExportColumns order: the id (int64), strings, *int or
// *bool (nil: empty), appended to dst[:0] (an export of a million rows reuses one slice).
// Customers appear by name only; their contact details never leave the database this way.
func ExportValues(dst []any, tk ticket.Ticket, loc *time.Location) []any {
	tm := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.In(loc).Format(time.RFC3339)
	}
	s := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	var amount any
	if tk.AmountFen != nil {
		amount = FormatYuan(*tk.AmountFen)
	}
	return append(dst[:0], tk.ID, tm(tk.OpenedAt), tk.Kind, tk.Channel, tk.Priority, s(tk.Severity), string(tk.Status), tk.Subject, tk.Body,
		tk.Category, s(tk.Customer), s(tk.Assignee), tk.Team, tk.OrderNo, tm(tk.FirstResponseDue), tm(tk.FirstResponseAt),
		tm(tk.ResolutionDue), tm(tk.ResolvedAt), tm(tk.ClosedAt), tk.Resolution, tk.CSAT, tk.NPS, tk.RatingComment, tk.Converted, amount)
}
