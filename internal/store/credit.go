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
// in [from, to) and is not after now (the complaints among them by severity too): those met (credited to who met it) and those missed
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
			(SELECT s.name FROM staff s WHERE s.id = t.assignee_id)) END AS who, ` + severities(target, "t.") + `
		FROM tickets t WHERE t.` + c.due + ` >= ? AND t.` + c.due + ` < ?`
	q, args := withTeam(team, q, "t.team", from.UnixMilli(), to.UnixMilli())
	return t.creditCounts(`SELECT who, count(CASE WHEN met THEN 1 END), count(*), `+severitySums+` FROM (`+q+`) AS credits GROUP BY who`, target, args)
}

// severities are the columns simple and complex of severitySums: whether a ticket is a simple
// or a complex complaint, for the resolution target (whose complaints the monthly report shows
// by severity), else false (reading the two columns of every row due costs as much as the rest).
func severities(target, prefix string) string {
	if target != "resolution" {
		return `FALSE AS simple, FALSE AS complex`
	}
	return prefix + `kind = 'complaint' AND ` + prefix + `severity = 'simple' AS simple, ` +
		prefix + `kind = 'complaint' AND ` + prefix + `severity = 'complex' AS complex`
}

// severitySums are the complaints by severity of a selection with the columns met, simple and
// complex: met and due, simple then complex. count(CASE WHEN c THEN 1 END) counts where c
// holds, natively on both engines (sum over a comparison is a function call per row on
// PostgreSQL).
const severitySums = `count(CASE WHEN met AND simple THEN 1 END), count(CASE WHEN simple THEN 1 END),
	count(CASE WHEN met AND complex THEN 1 END), count(CASE WHEN complex THEN 1 END)`

// SLACounts is SLA as one CreditCount without By: met, missed, and the complaints among them
// by severity.
func (t *Tx) SLACounts(team, target string, from, to, now time.Time) ([]CreditCount, error) {
	cols, ok := slaColumns[target]
	if !ok {
		return nil, errs.Invalidf("unknown target %q", target)
	}
	if now.Before(to) {
		to = now.Add(time.Millisecond) // due times not after now
	}
	q, args := withTeam(team, `SELECT `+cols[1]+` IS NOT NULL AND `+cols[1]+` <= `+cols[0]+` AS met,
		`+severities(target, "")+`
		FROM tickets WHERE `+cols[0]+` >= ? AND `+cols[0]+` < ?`, "team", from.UnixMilli(), to.UnixMilli())
	return t.creditCounts(`SELECT '', count(CASE WHEN met THEN 1 END), count(*), `+severitySums+` FROM (`+q+`) AS due`, target, args)
}

// creditCounts reads rows of who, met, count and severitySums.
func (t *Tx) creditCounts(q, target string, args []any) ([]CreditCount, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CreditCount
	for rows.Next() {
		var cr CreditCount
		var by sql.NullString
		var n int
		if err := rows.Scan(&by, &cr.Met, &n, &cr.SimpleMet, &cr.SimpleDue, &cr.ComplexMet, &cr.ComplexDue); err != nil {
			return nil, errs.Wrap(err, "reading %s credit", target)
		}
		cr.By, cr.Missed = by.String, n-cr.Met
		out = append(out, cr)
	}
	return out, errs.Wrap(rows.Err(), "reading %s credit", target)
}
