package store

import (
	"database/sql"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// Each target's condition repeats its partial index's WHERE clause (schema.sql), so "what is
// due" is a range over that index (see dueQuery).
var dueConditions = map[string]string{
	"first_response": `t.first_response_at IS NULL AND t.status IN ('open', 'pending', 'reopened') AND t.first_response_due < ?`,
	"resolution":     `t.status IN ('open', 'reopened') AND t.resolution_due < ?`,
	"escalation":     `t.escalated_at IS NULL AND t.escalation_due IS NOT NULL AND t.escalation_due < ? AND t.status IN ('open', 'pending', 'reopened')`,
	"plan":           `t.planned_at IS NULL AND t.plan_due IS NOT NULL AND t.plan_due < ? AND t.status IN ('open', 'pending', 'reopened')`,
	"followup":       `t.followup_at IS NULL AND t.followup_due IS NOT NULL AND t.followup_due < ?`,
	"forward":        `t.forwarded_at IS NULL AND t.forward_due IS NOT NULL AND t.forward_due < ? AND t.status <> 'closed'`,
}

// dueCols are what remind reads of a ticket owing a promise: its kind and window (the
// slow-reply rule), subject and team, who holds and follows it, when it was opened and its due
// times. The rest of a ticket (its body above all) is never shown there, so never read.
const dueCols = `t.id, t.kind, t.channel, t.priority, t.severity, t.subject, t.team, t.status,
	coalesce(t.assignee_id, 0), coalesce(a.name, ''), coalesce(t.follower_id, 0), coalesce(f.name, ''),
	t.opened_at, t.first_response_due, t.first_response_at, t.first_response_window,
	t.resolution_due, t.escalation_due, t.plan_due, t.followup_due, t.forward_due`

const dueFrom = ` FROM tickets t
	LEFT JOIN staff a ON a.id = t.assignee_id
	LEFT JOIN staff f ON f.id = t.follower_id`

// scanDue reads a row of dueCols into the fields of a ticket it names; the others stay zero.
func scanDue(sc interface{ Scan(...any) error }) (ticket.Ticket, error) {
	var t ticket.Ticket
	var status string
	var opened, frDue, frAt, resDue, escDue, planDue, fuDue, fwDue sql.NullInt64
	err := sc.Scan(&t.ID, &t.Kind, &t.Channel, &t.Priority, &t.Severity, &t.Subject, &t.Team, &status,
		&t.AssigneeID, &t.Assignee, &t.FollowerID, &t.Follower,
		&opened, &frDue, &frAt, &t.FirstResponseWindow, &resDue, &escDue, &planDue, &fuDue, &fwDue)
	t.Status = ticket.Status(status)
	t.OpenedAt, t.FirstResponseDue, t.FirstResponseAt = fromMS(opened), fromMS(frDue), fromMS(frAt)
	t.ResolutionDue, t.EscalationDue, t.PlanDue = fromMS(resDue), fromMS(escDue), fromMS(planDue)
	t.FollowupDue, t.ForwardDue = fromMS(fuDue), fromMS(fwDue)
	return t, err
}

// dueTickets runs a query of dueCols.
func (t *Tx) dueTickets(q string, args ...any) ([]ticket.Ticket, error) {
	return t.scanTickets(scanDue, q, args)
}

// dueQuery selects the tickets owing a target before a time. INDEXED BY makes SQLite use the
// target's partial index (it would rather take tickets_status for the IN) and fail loudly if
// the condition ever stops matching the index.
func dueQuery(target string) (string, bool) {
	cond, ok := dueConditions[target]
	from := strings.Replace(dueFrom, "FROM tickets t", "FROM tickets t INDEXED BY tickets_"+target+"_due", 1)
	return `SELECT ` + dueCols + from + ` WHERE ` + cond + ` ORDER BY t.` + target + `_due, t.id`, ok
}

// TicketsDue lists the tickets whose promise for a target (first_response, resolution,
// escalation, followup, forward) is still owed and due before a time, earliest due first: of
// each, the fields of dueCols.
func (t *Tx) TicketsDue(target string, before time.Time) ([]ticket.Ticket, error) {
	q, ok := dueQuery(target)
	if !ok {
		return nil, errs.Invalidf("unknown due target %q", target)
	}
	return t.dueTickets(q, before.UnixMilli())
}

// ResolvedBefore lists the tickets still resolved (not closed) that were resolved before a time
// and whose resolution time due accepts, earliest resolved first. Only the id and resolution
// time of every such ticket are read; the whole rows only of those due accepts (autoclose: most
// runs close nothing of the hundreds still resolved).
func (t *Tx) ResolvedBefore(before time.Time, due func(resolvedAt time.Time) bool) ([]ticket.Ticket, error) {
	rows, err := t.query(`SELECT id, resolved_at FROM tickets WHERE resolved_at IS NOT NULL AND resolved_at < ? AND status = 'resolved' ORDER BY resolved_at, id`,
		before.UnixMilli())
	if err != nil {
		return nil, err
	}
	var ids []any
	for rows.Next() {
		var id int64
		var at sql.NullInt64
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "reading tickets")
		}
		if due(fromMS(at)) {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "reading tickets")
	}
	var out []ticket.Ticket
	// In batches of consecutive ids of the list, each in the list's order, so the batches
	// joined keep it.
	const batch = 500
	for len(ids) > 0 {
		n := min(len(ids), batch)
		ts, err := t.listTickets(`SELECT `+ticketCols+ticketFrom+` WHERE t.id IN (`+placeholders(n)+`) ORDER BY t.resolved_at, t.id`, ids[:n]...)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
		ids = ids[n:]
	}
	return out, nil
}

// FirstResponsesMissed lists the tickets of the given kinds opened since a time whose first
// response was due before now and came late or not at all: of each, the fields of dueCols.
func (t *Tx) FirstResponsesMissed(since time.Time, kinds []string) ([]ticket.Ticket, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	// INDEXED BY: without statistics SQLite scans every ticket in id order to save the sort.
	from := strings.Replace(dueFrom, "FROM tickets t", "FROM tickets t INDEXED BY tickets_opened", 1)
	args := []any{since.UnixMilli(), t.Now.UnixMilli()}
	for _, k := range kinds {
		args = append(args, k)
	}
	return t.dueTickets(`SELECT `+dueCols+from+` WHERE t.opened_at >= ? AND t.first_response_due < ?
		AND (t.first_response_at IS NULL OR t.first_response_at > t.first_response_due) AND t.kind IN (`+placeholders(len(kinds))+`) ORDER BY t.id`,
		args...)
}

// SentSince returns, for a channel, when each item (key "item|group") was last sent, for those
// sent at or after a time.
func (t *Tx) SentSince(channel string, since time.Time) (map[string]time.Time, error) {
	rows, err := t.query(`SELECT item, grp, sent_at FROM notifications WHERE channel = ? AND sent_at >= ?`, channel, since.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var item, grp string
		var at int64
		if err := rows.Scan(&item, &grp, &at); err != nil {
			return nil, errs.Wrap(err, "reading the notification log")
		}
		out[item+"|"+grp] = time.UnixMilli(at).UTC()
	}
	return out, errs.Wrap(rows.Err(), "reading the notification log")
}

// notificationsKept is how long the notification log keeps a row: far longer than any sensible
// --once-per.
const notificationsKept = 90 * 24 * time.Hour

// MarkSent records that items were delivered on a channel now, and forgets rows too old to matter.
func (t *Tx) MarkSent(channel string, items []Sent) error {
	for _, it := range items {
		if _, err := t.exec(`INSERT INTO notifications (channel, item, grp, sent_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (channel, item, grp) DO UPDATE SET sent_at = excluded.sent_at`, channel, it.Item, it.Group, t.Now.UnixMilli()); err != nil {
			return err
		}
	}
	_, err := t.exec(`DELETE FROM notifications WHERE sent_at < ?`, t.Now.Add(-notificationsKept).UnixMilli())
	return err
}
