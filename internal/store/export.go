package store

import (
	"database/sql"
	"fmt"

	"github.com/kefu/kefu/internal/errs"
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
	where, args := exportWhere(f)
	q += where
	if !t.pg && f.Since.IsZero() && f.Until.IsZero() {
		return t.eachTicketNamed(where, args, fn)
	}
	if !t.pg {
		// Each ticket looks up its customer: a page cache that holds the customers' pages
		// reads each of them once instead of once per ticket that names it. The connection
		// keeps it (a paired export reads a chunk at a time on each of two connections).
		if _, err := t.exec(fmt.Sprintf(`PRAGMA cache_size = -%d`, exportCacheKiB)); err != nil {
			return err
		}
	}
	return stream(t, "tickets", q+` ORDER BY t.id`, args, newExportScan(false).scan, fn)
}

// eachTicketNamed is EachTicketExported of every ticket (a range of ids at most) on SQLite:
// the names of customers and staff come from maps read once per transaction instead of a
// lookup in each table for each ticket (a million B-tree searches), as the joins give them.
func (t *Tx) eachTicketNamed(where string, args []any, fn func(ticket.Ticket) error) error {
	if t.exportNames == nil {
		n := &exportNames{}
		for _, m := range []struct {
			q  string
			to *idNames
		}{{`SELECT id, name FROM customers`, &n.customers}, {`SELECT id, name FROM staff`, &n.staff}} {
			var all []idName
			err := stream(t, "names", m.q, nil, func(rows *sql.Rows) (idName, error) {
				var v idName
				err := rows.Scan(&v.id, &v.name)
				return v, err
			}, func(v idName) error { all = append(all, v); return nil })
			if err != nil {
				return err
			}
			*m.to = newIDNames(all)
		}
		t.exportNames = n
	}
	names := t.exportNames
	q := `SELECT t.id, t.opened_at, t.kind, t.channel, t.priority, t.severity, t.status, t.subject, t.body, t.category,
		t.customer_id, t.assignee_id, t.team, t.order_no, t.first_response_due, t.first_response_at,
		t.resolution_due, t.resolved_at, t.closed_at, t.resolution, t.csat, t.nps, t.rating_comment, t.converted, t.amount_fen
		FROM tickets t WHERE 1=1` + where + ` ORDER BY t.id`
	sc := newExportScan(true)
	return stream(t, "tickets", q, args, func(rows *sql.Rows) (ticket.Ticket, error) {
		tk, err := sc.scan(rows)
		if sc.customer.Valid {
			tk.Customer = names.customers.get(sc.customer.Int64)
		}
		if sc.assignee.Valid {
			tk.Assignee = names.staff.get(sc.assignee.Int64)
		}
		return tk, err
	}, fn)
}

// exportNames are the names of customers and staff by id.
type exportNames struct {
	customers, staff idNames
}

// idNames are names by id: in a slice indexed by id when the ids are dense (as SQLite gives
// them, from 1), else in a map, where a million lookups among 200,000 customers took 3% of an
// export's CPU.
type idNames struct {
	dense  []string
	sparse map[int64]string
}

func newIDNames(all []idName) idNames {
	var top int64
	for _, v := range all {
		top = max(top, v.id)
	}
	if top > 2*int64(len(all))+1024 {
		n := idNames{sparse: make(map[int64]string, len(all))}
		for _, v := range all {
			n.sparse[v.id] = v.name
		}
		return n
	}
	n := idNames{dense: make([]string, top+1)}
	for _, v := range all {
		if v.id >= 0 {
			n.dense[v.id] = v.name
		} else {
			if n.sparse == nil {
				n.sparse = map[int64]string{}
			}
			n.sparse[v.id] = v.name
		}
	}
	return n
}

func (n idNames) get(id int64) string {
	if id >= 0 && id < int64(len(n.dense)) {
		return n.dense[id]
	}
	return n.sparse[id]
}

type idName struct {
	id   int64
	name string
}

// exportWhere is the condition on tickets t of f, with its arguments.
func exportWhere(f ExportFilter) (string, []any) {
	q := ``
	var args []any
	if !f.Since.IsZero() {
		q += ` AND t.opened_at >= ?`
		args = append(args, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		q += ` AND t.opened_at < ?`
		args = append(args, f.Until.UnixMilli())
	}
	if f.ToID != 0 {
		q += ` AND t.id >= ? AND t.id <= ?`
		args = append(args, f.FromID, f.ToID)
	}
	return q, args
}

// ExportIDRange is the first and last id of the tickets f selects (its id range aside), both
// 0 when there are none.
func (t *Tx) ExportIDRange(f ExportFilter) (first, last int64, err error) {
	f.FromID, f.ToID = 0, 0
	where, args := exportWhere(f)
	var lo, hi sql.NullInt64
	err = t.queryRow(`SELECT min(t.id), max(t.id) FROM tickets t WHERE 1=1`+where, args...).Scan(&lo, &hi)
	return lo.Int64, hi.Int64, errs.Wrap(err, "reading tickets")
}

// exportCacheKiB is the page cache of an export's connection (the 200,000 customers of a
// million tickets take under 10 MiB).
const exportCacheKiB = 16 << 10

// exportScan reads the rows of EachTicketExported into destinations made once per export and
// reused row after row (a million rows of 25 columns made 10 allocations a row here); when
// named is set the customer and assignee columns are ids, else names.
type exportScan struct {
	tk                                                                   ticket.Ticket
	status                                                               string
	customer, assignee                                                   sql.NullInt64
	opened, frDue, frAt, resDue, resolved, closed, csat, nps, cv, amount sql.NullInt64
	dest                                                                 []any
}

func newExportScan(named bool) *exportScan {
	e := &exportScan{}
	tk := &e.tk
	var customer, assignee any = &tk.Customer, &tk.Assignee
	if named {
		customer, assignee = &e.customer, &e.assignee
	}
	e.dest = []any{&tk.ID, &e.opened, &tk.Kind, &tk.Channel, &tk.Priority, &tk.Severity, &e.status, &tk.Subject, &tk.Body, &tk.Category,
		customer, assignee, &tk.Team, &tk.OrderNo, &e.frDue, &e.frAt,
		&e.resDue, &e.resolved, &e.closed, &tk.Resolution, &e.csat, &e.nps, &tk.RatingComment, &e.cv, &e.amount}
	return e
}

// scan reads a row as scanTicket would read those fields.
func (e *exportScan) scan(rows *sql.Rows) (ticket.Ticket, error) {
	e.tk = ticket.Ticket{}
	err := rows.Scan(e.dest...)
	tk := e.tk
	tk.Status = ticket.Status(e.status)
	tk.OpenedAt, tk.FirstResponseDue, tk.FirstResponseAt = fromMS(e.opened), fromMS(e.frDue), fromMS(e.frAt)
	tk.ResolutionDue, tk.ResolvedAt, tk.ClosedAt = fromMS(e.resDue), fromMS(e.resolved), fromMS(e.closed)
	if e.csat.Valid {
		v := int(e.csat.Int64)
		tk.CSAT = &v
	}
	if e.nps.Valid {
		v := int(e.nps.Int64)
		tk.NPS = &v
	}
	if e.cv.Valid {
		v := e.cv.Int64 == 1
		tk.Converted = &v
	}
	if e.amount.Valid {
		v := e.amount.Int64
		tk.AmountFen = &v
	}
	return tk, err
}
