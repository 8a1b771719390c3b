package store

import (
	"database/sql"

	"github.com/kefu/kefu/internal/ticket"
)

// EachTicketExported calls fn with the tickets f selects, in id order, one at a time, holding
// only the fields an export writes (core.ExportColumns): a million tickets are read without
// the columns and joins an export never shows.
func (t *Tx) EachTicketExported(f ExportFilter, fn func(ticket.Ticket) error) error {
	q := `SELECT t.id, t.opened_at, t.kind, t.channel, t.priority, t.severity, t.status, t.subject, t.body, t.category,
		coalesce(c.name, ''), coalesce(a.name, ''), t.team, t.order_no, t.first_response_due, t.first_response_at,
		t.resolution_due, t.resolved_at, t.closed_at, t.resolution, t.csat, t.nps, t.rating_comment, t.converted, t.amount_fen
		FROM tickets t
		LEFT JOIN customers c ON c.id = t.customer_id
		LEFT JOIN staff a ON a.id = t.assignee_id
		WHERE 1=1`
	var args []any
	if !f.Since.IsZero() {
		q += ` AND t.opened_at >= ?`
		args = append(args, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		q += ` AND t.opened_at < ?`
		args = append(args, f.Until.UnixMilli())
	}
	return stream(t, "tickets", q+` ORDER BY t.id`, args, scanExported, fn)
}

// scanExported reads a row of EachTicketExported as scanTicket would read those fields.
func scanExported(rows *sql.Rows) (ticket.Ticket, error) {
	var tk ticket.Ticket
	var status string
	var opened, frDue, frAt, resDue, resolved, closed, csat, nps, converted, amount sql.NullInt64
	err := rows.Scan(&tk.ID, &opened, &tk.Kind, &tk.Channel, &tk.Priority, &tk.Severity, &status, &tk.Subject, &tk.Body, &tk.Category,
		&tk.Customer, &tk.Assignee, &tk.Team, &tk.OrderNo, &frDue, &frAt,
		&resDue, &resolved, &closed, &tk.Resolution, &csat, &nps, &tk.RatingComment, &converted, &amount)
	tk.Status = ticket.Status(status)
	tk.OpenedAt, tk.FirstResponseDue, tk.FirstResponseAt = fromMS(opened), fromMS(frDue), fromMS(frAt)
	tk.ResolutionDue, tk.ResolvedAt, tk.ClosedAt = fromMS(resDue), fromMS(resolved), fromMS(closed)
	if csat.Valid {
		v := int(csat.Int64)
		tk.CSAT = &v
	}
	if nps.Valid {
		v := int(nps.Int64)
		tk.NPS = &v
	}
	if converted.Valid {
		v := converted.Int64 == 1
		tk.Converted = &v
	}
	if amount.Valid {
		v := amount.Int64
		tk.AmountFen = &v
	}
	return tk, err
}
