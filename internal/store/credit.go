package store

import (
	"database/sql"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
)

// creditQueries are, per target, the due and done columns and who met it.
var creditQueries = map[string]struct{ due, at, doer string }{
	"first_response": {"first_response_due", "first_response_at",
		`(SELECT coalesce(s.name, '` + persist.SystemCredit + `') FROM messages m LEFT JOIN staff s ON s.id = m.author_id WHERE m.ticket_id = t.id AND m.kind = 'reply' ORDER BY m.id LIMIT 1)`},
	"resolution": {"resolution_due", "resolved_at",
		`(SELECT e.actor FROM events e WHERE e.entity = 'ticket' AND e.entity_id = t.id AND e.action = 'resolved' ORDER BY e.id DESC LIMIT 1)`},
	"escalation": {"escalation_due", "escalated_at",
		`(SELECT e.actor FROM events e WHERE e.entity = 'ticket' AND e.entity_id = t.id AND e.action = 'escalated' ORDER BY e.id DESC LIMIT 1)`},
}

// Credits counts, per person credited or charged, the tickets whose due time for target falls
// in [from, to) and is not after now: those met (credited to who met it) and those missed
// (charged to who held the ticket when the due time passed: the old assignee of the first
// assignment change recorded after it, else the assignee now; escalation and reassignment never
// move past credit). The count is one aggregate: a ticket's row never leaves the database.
func (t *Tx) Credits(team, target string, from, to, now time.Time) ([]CreditCount, error) {
	c, ok := creditQueries[target]
	if !ok {
		return nil, errs.Invalidf("no per-person credit for target %q", target)
	}
	if now.Before(to) {
		to = now.Add(time.Millisecond)
	}
	q := `SELECT t.` + c.at + ` IS NOT NULL AND t.` + c.at + ` <= t.` + c.due + ` AS met,
		CASE WHEN t.` + c.at + ` IS NOT NULL AND t.` + c.at + ` <= t.` + c.due + ` THEN ` + c.doer + `
		ELSE coalesce((SELECT json_extract(e.payload, '$.changes.assignee.old') FROM events e
			WHERE e.entity = 'ticket' AND e.entity_id = t.id AND e.at > t.` + c.due + ` AND e.action NOT IN ('opened', 'imported')
			AND json_extract(e.payload, '$.changes.assignee') IS NOT NULL ORDER BY e.id LIMIT 1),
			(SELECT s.name FROM staff s WHERE s.id = t.assignee_id)) END AS who
		FROM tickets t WHERE t.` + c.due + ` >= ? AND t.` + c.due + ` < ?`
	q, args := withTeam(team, q, "t.team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(`SELECT who, coalesce(sum(met), 0), count(*) FROM (`+q+`) AS credits GROUP BY who`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CreditCount
	for rows.Next() {
		var cr CreditCount
		var by sql.NullString
		var n int
		if err := rows.Scan(&by, &cr.Met, &n); err != nil {
			return nil, errs.Wrap(err, "reading %s credit", target)
		}
		cr.By, cr.Missed = by.String, n-cr.Met
		out = append(out, cr)
	}
	return out, errs.Wrap(rows.Err(), "reading %s credit", target)
}
