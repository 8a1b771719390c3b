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

// Credits lists the tickets whose due time for target falls in [from, to) and is not after
// now, each with who is credited (met) or charged (missed). The holder when a due time passed
// is the old assignee of the first assignment change recorded after it, else the assignee now:
// escalation and reassignment never move past credit.
func (t *Tx) Credits(team, target string, from, to, now time.Time) ([]Credit, error) {
	c, ok := creditQueries[target]
	if !ok {
		return nil, errs.Invalidf("no per-person credit for target %q", target)
	}
	if now.Before(to) {
		to = now.Add(time.Millisecond)
	}
	q := `SELECT t.id, t.` + c.at + ` IS NOT NULL AND t.` + c.at + ` <= t.` + c.due + `,
		CASE WHEN t.` + c.at + ` IS NOT NULL AND t.` + c.at + ` <= t.` + c.due + ` THEN ` + c.doer + `
		ELSE coalesce((SELECT json_extract(e.payload, '$.changes.assignee.old') FROM events e
			WHERE e.entity = 'ticket' AND e.entity_id = t.id AND e.at > t.` + c.due + ` AND e.action NOT IN ('opened', 'imported')
			AND json_extract(e.payload, '$.changes.assignee') IS NOT NULL ORDER BY e.id LIMIT 1),
			(SELECT s.name FROM staff s WHERE s.id = t.assignee_id)) END
		FROM tickets t WHERE t.` + c.due + ` >= ? AND t.` + c.due + ` < ?`
	q, args := withTeam(team, q, "t.team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Credit
	for rows.Next() {
		var cr Credit
		var by sql.NullString
		if err := rows.Scan(&cr.TicketID, &cr.Met, &by); err != nil {
			return nil, errs.Wrap(err, "reading %s credit", target)
		}
		cr.By = by.String
		out = append(out, cr)
	}
	return out, errs.Wrap(rows.Err(), "reading %s credit", target)
}
