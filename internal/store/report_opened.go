package store

import (
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// OpenedGroups counts the tickets opened in [from, to) (of team, "" for all) by kind, channel
// and category, with what the weekly and monthly reports count of them: the volume by kind, by
// channel and by category, the complaints by severity, the suggestions by outcome, the reply
// rate and the inquiries an article answered. One pass over the period's tickets answers what
// a statement per figure read again and again (each a walk of the same index range and rows).
func (t *Tx) OpenedGroups(team string, from, to time.Time) ([]OpenedGroup, error) {
	// count(CASE WHEN c THEN 1 END) counts where c holds, natively on both engines (sum over a
	// comparison is a function call per row on PostgreSQL).
	q, args := withTeam(team, `SELECT kind, channel, category, count(*),
		count(CASE WHEN forwarded_at IS NOT NULL THEN 1 END), count(CASE WHEN outcome = 'adopted' THEN 1 END),
		count(CASE WHEN outcome = 'declined' THEN 1 END), count(CASE WHEN outcome = 'in-progress' THEN 1 END),
		count(CASE WHEN severity = 'simple' THEN 1 END), count(CASE WHEN severity = 'complex' THEN 1 END),
		count(CASE WHEN escalated_at IS NOT NULL THEN 1 END), count(CASE WHEN reopen_count > 0 THEN 1 END),
		count(CASE WHEN kind <> 'suggestion' AND channel IN ('`+strings.Join(WrittenChannels, "', '")+`')
			AND EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'reply') THEN 1 END),
		count(CASE WHEN kind = 'inquiry' AND EXISTS (SELECT 1 FROM kb_links l WHERE l.ticket_id = t.id) THEN 1 END)
		FROM tickets t WHERE opened_at >= ? AND opened_at < ?`, "t.team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(q+` GROUP BY kind, channel, category`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OpenedGroup
	for rows.Next() {
		var g OpenedGroup
		if err := rows.Scan(&g.Kind, &g.Channel, &g.Category, &g.N, &g.Forwarded, &g.Adopted, &g.Declined, &g.InProgress,
			&g.Simple, &g.Complex, &g.Escalated, &g.Reopened, &g.Replied, &g.KBLinked); err != nil {
			return nil, errs.Wrap(err, "counting tickets")
		}
		g.Written = g.Kind != "suggestion" && slices.Contains(WrittenChannels, g.Channel)
		out = append(out, g)
	}
	return out, errs.Wrap(rows.Err(), "counting tickets")
}
