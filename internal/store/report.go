package store

import (
	"database/sql"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// Reports read aggregates over index ranges; nothing here loads every ticket of a period.

// Every report query takes the team it narrows to as its first argument ("" for the whole
// department): the filter is the caller's, never state hidden on the transaction.

// withTeam appends the condition that narrows a ticket query to a team (on col) to a query
// and its arguments; "" adds nothing.
func withTeam(team, q, col string, args ...any) (string, []any) {
	if team == "" {
		return q, args
	}
	return q + " AND " + col + " = ?", append(args, team)
}

// groupable are the ticket columns a volume breakdown may group by.
var groupable = map[string]string{"kind": "kind", "channel": "channel", "category": "category", "priority": "priority"}

// VolumeBy counts tickets opened in [from, to) by a column, largest first. limit 0 is all.
func (t *Tx) VolumeBy(team, col string, from, to time.Time, kind string, limit int) ([]Count, error) {
	c, ok := groupable[col]
	if !ok {
		return nil, errs.Invalidf("cannot group tickets by %q", col)
	}
	q, args := withTeam(team, `SELECT `+c+`, count(*) FROM tickets WHERE opened_at >= ? AND opened_at < ?`, "team", from.UnixMilli(), to.UnixMilli())
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	if col == "category" {
		q += ` AND category <> ''`
	}
	q += ` GROUP BY ` + c + ` ORDER BY count(*) DESC, ` + c
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return t.counts(q, args...)
}

func (t *Tx) counts(q string, args ...any) ([]Count, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, errs.Wrap(err, "reading counts")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "reading counts")
}

// CountOpened counts tickets opened in [from, to).
func (t *Tx) CountOpened(team string, from, to time.Time) (int, error) {
	var n int
	q, args := withTeam(team, `SELECT count(*) FROM tickets WHERE opened_at >= ? AND opened_at < ?`, "team", from.UnixMilli(), to.UnixMilli())
	err := t.queryRow(q, args...).Scan(&n)
	return n, errs.Wrap(err, "counting tickets")
}

// slaColumns maps a target to its due column, its event column and any extra condition.
var slaColumns = map[string][2]string{
	"first_response": {"first_response_due", "first_response_at"},
	"plan":           {"plan_due", "planned_at"},
	"resolution":     {"resolution_due", "resolved_at"},
	"escalation":     {"escalation_due", "escalated_at"},
	"followup":       {"followup_due", "followup_at"},
	"forward":        {"forward_due", "forwarded_at"},
}

// SLA counts the tickets whose due time for target falls in [from, min(to, now)) and how many
// of them saw the event by the due time. agentID 0 is everyone.
func (t *Tx) SLA(team, target string, from, to, now time.Time, agentID int64) (due, met int, err error) {
	return t.SLAOf(team, target, from, to, now, agentID, "", "")
}

// SLAOf is SLA narrowed to tickets of a kind and severity ("" for any).
func (t *Tx) SLAOf(team, target string, from, to, now time.Time, agentID int64, kind, severity string) (due, met int, err error) {
	cols, ok := slaColumns[target]
	if !ok {
		return 0, 0, errs.Invalidf("unknown target %q", target)
	}
	if now.Before(to) {
		to = now.Add(time.Millisecond) // due times not after now
	}
	q := `SELECT count(*), count(CASE WHEN ` + cols[1] + ` IS NOT NULL AND ` + cols[1] + ` <= ` + cols[0] + ` THEN 1 END)
		FROM tickets WHERE ` + cols[0] + ` >= ? AND ` + cols[0] + ` < ?`
	q, args := withTeam(team, q, "team", from.UnixMilli(), to.UnixMilli())
	if agentID != 0 {
		q += ` AND assignee_id = ?`
		args = append(args, agentID)
	}
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	if severity != "" {
		q += ` AND severity = ?`
		args = append(args, severity)
	}
	err = t.queryRow(q, args...).Scan(&due, &met)
	return due, met, errs.Wrap(err, "computing %s compliance", target)
}

// ResponseTimes streams the opening and first reply of tickets opened in [from, to) that
// have been answered, one at a time.
func (t *Tx) ResponseTimes(team string, from, to time.Time, fn func(ResponseTime)) error {
	q, args := withTeam(team, `SELECT channel, opened_at, first_response_at, first_response_window FROM tickets
		WHERE opened_at >= ? AND opened_at < ? AND first_response_at IS NOT NULL AND kind <> 'suggestion'`, "team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r ResponseTime
		var o, f sql.NullInt64
		if err := rows.Scan(&r.Channel, &o, &f, &r.Window); err != nil {
			return errs.Wrap(err, "reading response times")
		}
		r.OpenedAt, r.FirstResponseAt = fromMS(o), fromMS(f)
		fn(r)
	}
	return errs.Wrap(rows.Err(), "reading response times")
}

// Complaints aggregates complaints opened in [from, to) and follow-ups made in it.
func (t *Tx) Complaints(team string, from, to time.Time) (ComplaintStats, error) {
	var s ComplaintStats
	q, args := withTeam(team, `SELECT count(*), coalesce(sum(severity = 'simple'), 0), coalesce(sum(severity = 'complex'), 0),
		coalesce(sum(escalated_at IS NOT NULL), 0), coalesce(sum(reopen_count > 0), 0)
		FROM tickets WHERE kind = 'complaint' AND opened_at >= ? AND opened_at < ?`, "team", from.UnixMilli(), to.UnixMilli())
	err := t.queryRow(q, args...).
		Scan(&s.Opened, &s.Simple, &s.Complex, &s.Escalated, &s.Reopened)
	if err != nil {
		return s, errs.Wrap(err, "counting complaints")
	}
	s.FollowedUp, s.Satisfied, s.Unsatisfied, err = t.FollowUps(team, from, to)
	return s, err
}

// FollowUps counts the complaints followed up in [from, to), each by its last follow-up of
// the period: all, satisfied, unsatisfied.
func (t *Tx) FollowUps(team string, from, to time.Time) (followedUp, satisfied, unsatisfied int, err error) {
	// Follow-ups by their event (a reopened complaint's follow-up time is cleared on the
	// ticket), per complaint: the last follow-up of the period decides.
	teamCond := ""
	args := []any{from.UnixMilli(), to.UnixMilli()}
	if team != "" {
		teamCond = ` AND entity_id IN (SELECT id FROM tickets WHERE team = ?)`
		args = append(args, team)
	}
	q := `SELECT count(*), coalesce(sum(result = 'satisfied'), 0), coalesce(sum(result = 'unsatisfied'), 0) FROM (
		SELECT entity_id, (SELECT json_extract(l.payload, '$.result') FROM events l WHERE l.entity = 'ticket' AND l.entity_id = e.entity_id
			AND l.action = 'followed_up' AND l.at >= ?1 AND l.at < ?2 ORDER BY l.id DESC LIMIT 1) AS result
		FROM events e WHERE entity = 'ticket' AND action = 'followed_up' AND at >= ?1 AND at < ?2` + teamCond + ` GROUP BY entity_id) AS followups`
	err = t.queryRow(q, args...).Scan(&followedUp, &satisfied, &unsatisfied)
	return followedUp, satisfied, unsatisfied, errs.Wrap(err, "counting follow-ups")
}

// WrittenChannels are the channels the reply rate counts (the regulations' 邮件和在线咨询).
var WrittenChannels = []string{"email", "chat", "wechat", "social", "app"}

// ReplyRate counts tickets opened in [from, to) on a written channel, suggestions excluded,
// and those replied to.
func (t *Tx) ReplyRate(team string, from, to time.Time) (replied, opened int, err error) {
	q, args := withTeam(team, `SELECT coalesce(sum(EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'reply')), 0), count(*)
		FROM tickets t WHERE opened_at >= ? AND opened_at < ? AND kind <> 'suggestion'
		AND channel IN ('`+strings.Join(WrittenChannels, "', '")+`')`, "t.team", from.UnixMilli(), to.UnixMilli())
	err = t.queryRow(q, args...).Scan(&replied, &opened)
	return replied, opened, errs.Wrap(err, "computing the reply rate")
}

// Ratings counts the ratings given in [from, to): CSAT answers and 4–5s, NPS answers,
// promoters (9–10) and detractors (0–6).
func (t *Tx) Ratings(team string, from, to time.Time) (csatN, csatGood, npsN, promoters, detractors int, err error) {
	f, u := from.UnixMilli(), to.UnixMilli()
	q, args := withTeam(team, `SELECT count(*), count(CASE WHEN csat >= 4 THEN 1 END) FROM tickets WHERE csat_at >= ? AND csat_at < ?`, "team", f, u)
	if err = t.queryRow(q, args...).Scan(&csatN, &csatGood); err != nil {
		return 0, 0, 0, 0, 0, errs.Wrap(err, "counting ratings")
	}
	q, args = withTeam(team, `SELECT count(*), count(CASE WHEN nps >= 9 THEN 1 END), count(CASE WHEN nps <= 6 THEN 1 END) FROM tickets WHERE nps_at >= ? AND nps_at < ?`, "team", f, u)
	err = t.queryRow(q, args...).
		Scan(&npsN, &promoters, &detractors)
	return csatN, csatGood, npsN, promoters, detractors, errs.Wrap(err, "counting ratings")
}

// Accuracy counts quality checks made in [from, to) and those marked correct.
func (t *Tx) Accuracy(team string, from, to time.Time) (correct, checked int, err error) {
	q, args := withTeam(team, `SELECT coalesce(sum(q.correct), 0), count(*) FROM qa_checks q JOIN tickets t ON t.id = q.ticket_id
		WHERE q.at >= ? AND q.at < ?`, "t.team", from.UnixMilli(), to.UnixMilli())
	err = t.queryRow(q, args...).Scan(&correct, &checked)
	return correct, checked, errs.Wrap(err, "computing accuracy")
}

// Suggestions aggregates suggestions opened in [from, to).
func (t *Tx) Suggestions(team string, from, to time.Time) (SuggestionStats, error) {
	var s SuggestionStats
	q, args := withTeam(team, `SELECT count(*), coalesce(sum(forwarded_at IS NOT NULL), 0), coalesce(sum(outcome = 'adopted'), 0),
		coalesce(sum(outcome = 'declined'), 0), coalesce(sum(outcome = 'in-progress'), 0)
		FROM tickets WHERE kind = 'suggestion' AND opened_at >= ? AND opened_at < ?`, "team", from.UnixMilli(), to.UnixMilli())
	err := t.queryRow(q, args...).Scan(&s.Opened, &s.Forwarded, &s.Adopted, &s.Declined, &s.InProgress)
	if err != nil {
		return s, errs.Wrap(err, "counting suggestions")
	}
	q, args = withTeam(team, `SELECT category, count(*), coalesce(sum(forwarded_at IS NOT NULL), 0) FROM tickets
		WHERE kind = 'suggestion' AND opened_at >= ? AND opened_at < ?`, "team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(q+` GROUP BY category ORDER BY count(*) DESC, category`, args...)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var c CategoryCount
		if err := rows.Scan(&c.Category, &c.N, &c.Forwarded); err != nil {
			return s, errs.Wrap(err, "counting suggestions")
		}
		s.ByCategory = append(s.ByCategory, c)
	}
	err = errs.Wrap(rows.Err(), "counting suggestions")
	return s, err
}

// AgentStatsFor aggregates every staff member's work in [from, to) (compliance is credited
// separately: Credits).
func (t *Tx) AgentStatsFor(from, to time.Time) ([]AgentStats, error) {
	f, u := from.UnixMilli(), to.UnixMilli()
	// Each figure is one range scan over the period's index, grouped by staff member: a
	// subquery per staff member and figure would walk each agent's every ticket (tickets by
	// assignee are indexed by status, not time), which at a million tickets takes seconds.
	// Who opened and who holds the period's tickets come from one walk of them (oa), summed
	// per opener and per assignee.
	rows, err := t.query(`WITH oa AS (SELECT opened_by, assignee_id, count(*) AS n, count(CASE WHEN kind = 'suggestion' THEN 1 END) AS suggestions
			FROM tickets WHERE opened_at >= ?1 AND opened_at < ?2 GROUP BY opened_by, assignee_id)
		SELECT s.id, s.name, s.team, s.role,
		coalesce(o.n, 0), coalesce(a.n, 0), coalesce(r.n, 0), coalesce(m.n, 0),
		coalesce(c.n, 0), coalesce(c.good, 0), coalesce(q.n, 0), coalesce(q.correct, 0),
		coalesce(r.presale, 0), coalesce(r.converted, 0), coalesce(r.sales, 0), coalesce(o.suggestions, 0)
		FROM staff s
		LEFT JOIN (SELECT opened_by AS id, sum(n) AS n, sum(suggestions) AS suggestions FROM oa GROUP BY opened_by) o ON o.id = s.id
		LEFT JOIN (SELECT assignee_id AS id, sum(n) AS n FROM oa GROUP BY assignee_id) a ON a.id = s.id
		LEFT JOIN (SELECT assignee_id AS id, count(*) AS n, sum(kind = 'presale') AS presale, sum(kind = 'presale' AND converted = 1) AS converted,
				sum(CASE WHEN kind = 'presale' AND converted = 1 THEN amount_fen ELSE 0 END) AS sales
			FROM tickets WHERE resolved_at >= ?1 AND resolved_at < ?2 GROUP BY assignee_id) r ON r.id = s.id
		LEFT JOIN (SELECT author_id AS id, count(*) AS n FROM messages WHERE kind = 'reply' AND at >= ?1 AND at < ?2 GROUP BY author_id) m ON m.id = s.id
		LEFT JOIN (SELECT assignee_id AS id, count(*) AS n, sum(csat >= 4) AS good FROM tickets WHERE csat_at >= ?1 AND csat_at < ?2 GROUP BY assignee_id) c ON c.id = s.id
		LEFT JOIN (SELECT agent_id AS id, count(*) AS n, sum(correct) AS correct FROM qa_checks WHERE at >= ?1 AND at < ?2 GROUP BY agent_id) q ON q.id = s.id
		ORDER BY s.id`, f, u)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgentStats
	for rows.Next() {
		var a AgentStats
		if err := rows.Scan(&a.StaffID, &a.Name, &a.Team, &a.Role, &a.Opened, &a.Assigned, &a.Resolved, &a.Replies,
			&a.CSATN, &a.CSATGood, &a.Checked, &a.Correct, &a.PresaleResolved, &a.Converted, &a.SalesFen, &a.SuggestionsOpened); err != nil {
			return nil, errs.Wrap(err, "reading agent figures")
		}
		out = append(out, a)
	}
	return out, errs.Wrap(rows.Err(), "reading agent figures")
}

// Contacts counts, per agent and channel, the distinct tickets the agent opened or replied to in [from, to).
func (t *Tx) Contacts(from, to time.Time) ([]DailyContacts, error) {
	rows, err := t.query(`SELECT staff_id, channel, count(DISTINCT ticket_id) FROM (
			SELECT opened_by AS staff_id, id AS ticket_id, channel FROM tickets WHERE opened_at >= ?1 AND opened_at < ?2 AND opened_by IS NOT NULL
			UNION
			SELECT m.author_id, m.ticket_id, t.channel FROM messages m JOIN tickets t ON t.id = m.ticket_id
				WHERE m.kind = 'reply' AND m.at >= ?1 AND m.at < ?2 AND m.author_id IS NOT NULL) AS contacts
		GROUP BY staff_id, channel ORDER BY staff_id, channel`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DailyContacts
	for rows.Next() {
		var d DailyContacts
		if err := rows.Scan(&d.StaffID, &d.Channel, &d.Contacts); err != nil {
			return nil, errs.Wrap(err, "reading contacts")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "reading contacts")
}

// DailyWork counts per staff member, as things were on the day [from, to): replies sent,
// complaints handled (opened, replied to, escalated, planned, resolved or followed up by them)
// and tickets assigned to them still active at `to`, rebuilt from the history for tickets
// that changed since.
func (t *Tx) DailyWork(from, to time.Time) (map[int64]DayWork, error) {
	f, u := from.UnixMilli(), to.UnixMilli()
	rows, err := t.query(`SELECT s.id,
		(SELECT count(*) FROM messages WHERE author_id = s.id AND kind = 'reply' AND at >= ?1 AND at < ?2),
		(SELECT count(*) FROM (
			SELECT id FROM tickets WHERE kind = 'complaint' AND opened_by = s.id AND opened_at >= ?1 AND opened_at < ?2
			UNION SELECT m.ticket_id FROM messages m JOIN tickets c ON c.id = m.ticket_id
				WHERE c.kind = 'complaint' AND m.author_id = s.id AND m.kind = 'reply' AND m.at >= ?1 AND m.at < ?2
			UNION SELECT e.entity_id FROM events e JOIN tickets c ON c.id = e.entity_id
				WHERE e.actor = s.name AND e.at >= ?1 AND e.at < ?2 AND e.entity = 'ticket' AND c.kind = 'complaint'
				AND e.action IN ('escalated', 'planned', 'resolved', 'followed_up')) AS handled)
		FROM staff s ORDER BY s.id`, f, u)
	if err != nil {
		return nil, err
	}
	out := map[int64]DayWork{}
	for rows.Next() {
		var d DayWork
		if err := rows.Scan(&d.StaffID, &d.Replies, &d.ComplaintsHandled); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "reading daily work")
		}
		out[d.StaffID] = d
	}
	rows.Close()
	open, err := t.activeAt(to)
	if err != nil {
		return nil, err
	}
	for id, n := range open {
		d := out[id]
		d.StaffID, d.OpenAtEnd = id, n
		out[id] = d
	}
	return out, nil
}

// activeAt counts, per assignee, the tickets active (open, pending, reopened) at instant end.
// Only two index ranges can hold such a ticket: those active now, and those resolved at or
// after end (a ticket resolved before end and resolved or closed now stayed so: reopening
// clears the resolution, and closing needs one). Of these, a ticket unchanged since end is as
// its row says; one changed since is rebuilt from the status and assignee its events recorded
// before end.
func (t *Tx) activeAt(end time.Time) (map[int64]int, error) {
	u := end.UnixMilli()
	names := map[string]int64{}
	staff, err := t.ListStaff(StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	for _, s := range staff {
		names[s.Name] = s.ID
	}
	active := statusList(ticket.ActiveStatuses())
	// A ticket changed since end takes the status and assignee of the last events before end
	// that changed them, looked up through the events' (entity, entity_id) index in the same
	// statement.
	rows, err := t.query(`SELECT coalesce(c.assignee_id, 0), c.status, c.updated_at >= ?1,
			CASE WHEN c.updated_at >= ?1 THEN (SELECT json_extract(e.payload, '$.changes.status.new') FROM events e
				WHERE e.entity = 'ticket' AND e.entity_id = c.id AND e.at < ?1 AND json_extract(e.payload, '$.changes.status') IS NOT NULL
				ORDER BY e.id DESC LIMIT 1) END,
			CASE WHEN c.updated_at >= ?1 THEN (SELECT json_extract(e.payload, '$.changes.assignee.new') FROM events e
				WHERE e.entity = 'ticket' AND e.entity_id = c.id AND e.at < ?1 AND json_extract(e.payload, '$.changes.assignee') IS NOT NULL
				ORDER BY e.id DESC LIMIT 1) END
		FROM (SELECT id, assignee_id, status, updated_at FROM tickets
				WHERE status IN (`+active+`) AND opened_at < ?1
			UNION ALL
			SELECT id, assignee_id, status, updated_at FROM tickets
				WHERE resolved_at >= ?1 AND opened_at < ?1 AND status NOT IN (`+active+`)) c`, u)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var assignee int64
		var status string
		var changed bool
		var thenStatus, thenAssignee sql.NullString
		if err := rows.Scan(&assignee, &status, &changed, &thenStatus, &thenAssignee); err != nil {
			return nil, errs.Wrap(err, "reading tickets")
		}
		if changed {
			status, assignee = thenStatus.String, names[thenAssignee.String]
		}
		if assignee != 0 && ticket.Status(status).Active() { // the domain's rule, not the store's
			out[assignee]++
		}
	}
	return out, errs.Wrap(rows.Err(), "reading tickets")
}

// statusList is statuses as an SQL list of literals ('open', 'pending'): they are the domain's
// constants, never user input.
func statusList(ss []ticket.Status) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "'" + string(s) + "'"
	}
	return strings.Join(q, ", ")
}
