package core

import (
	"context"
	"strconv"
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
	v := valueCells(dst[:0])
	exportRow(tk, loc, &v)
	return v
}

// ExportStrings are ExportValues as text, an empty cell "", appended to dst[:0]: nothing is
// boxed, which a million rows would pay for 25 times.
func ExportStrings(dst []string, tk ticket.Ticket, loc *time.Location) []string {
	v := stringCells(dst[:0])
	exportRow(tk, loc, &v)
	return v
}

// exportRow hands a ticket's cells to c in ExportColumns order.
func exportRow(tk ticket.Ticket, loc *time.Location, c exportCells) {
	tm := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	amount := ""
	if tk.AmountFen != nil {
		amount = FormatYuan(*tk.AmountFen)
	}
	c.id(tk.ID)
	c.opt(tm(tk.OpenedAt))
	c.str(tk.Kind)
	c.str(tk.Channel)
	c.str(tk.Priority)
	c.opt(tk.Severity)
	c.str(string(tk.Status))
	c.str(tk.Subject)
	c.str(tk.Body)
	c.str(tk.Category)
	c.opt(tk.Customer)
	c.opt(tk.Assignee)
	c.str(tk.Team)
	c.str(tk.OrderNo)
	for _, t := range [...]time.Time{tk.FirstResponseDue, tk.FirstResponseAt, tk.ResolutionDue, tk.ResolvedAt, tk.ClosedAt} {
		c.opt(tm(t))
	}
	c.str(tk.Resolution)
	c.num(tk.CSAT)
	c.num(tk.NPS)
	c.str(tk.RatingComment)
	c.flag(tk.Converted)
	c.opt(amount)
}

// exportCells take a row's cells one at a time: str a string, opt a string that is no value
// when empty, num and flag a number or a yes/no that is no value when nil.
type exportCells interface {
	id(int64)
	str(string)
	opt(string)
	num(*int)
	flag(*bool)
}

// valueCells are the cells as ExportValues gives them.
type valueCells []any

func (v *valueCells) id(n int64)   { *v = append(*v, n) }
func (v *valueCells) str(s string) { *v = append(*v, s) }
func (v *valueCells) opt(s string) {
	if s == "" {
		*v = append(*v, nil)
		return
	}
	*v = append(*v, s)
}
func (v *valueCells) num(n *int)   { *v = append(*v, n) }
func (v *valueCells) flag(b *bool) { *v = append(*v, b) }

// stringCells are the cells as ExportStrings gives them.
type stringCells []string

func (v *stringCells) id(n int64)   { *v = append(*v, strconv.FormatInt(n, 10)) }
func (v *stringCells) str(s string) { *v = append(*v, s) }
func (v *stringCells) opt(s string) { *v = append(*v, s) }
func (v *stringCells) num(n *int) {
	if n == nil {
		*v = append(*v, "")
		return
	}
	*v = append(*v, strconv.Itoa(*n))
}
func (v *stringCells) flag(b *bool) {
	if b == nil {
		*v = append(*v, "")
		return
	}
	*v = append(*v, strconv.FormatBool(*b))
}
