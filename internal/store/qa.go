package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

const qaSelect = `SELECT q.id, q.ticket_id, t.subject, coalesce(q.agent_id, 0), coalesce(a.name, ''), q.checker_id, c.name,
	q.correct, q.note, q.at, q.amended_at
	FROM qa_checks q JOIN tickets t ON t.id = q.ticket_id
	LEFT JOIN staff a ON a.id = q.agent_id JOIN staff c ON c.id = q.checker_id`

func scanQA(sc interface{ Scan(...any) error }) (QACheck, error) {
	var q QACheck
	var at, amended sql.NullInt64
	err := sc.Scan(&q.ID, &q.TicketID, &q.Subject, &q.AgentID, &q.Agent, &q.CheckerID, &q.Checker, &q.Correct, &q.Note, &at, &amended)
	q.At, q.AmendedAt = fromMS(at), fromMS(amended)
	return q, err
}

// QACheckFor returns the check of a ticket; found is false when there is none.
func (t *Tx) QACheckFor(ticketID int64) (q QACheck, found bool, err error) {
	q, err = scanQA(t.queryRow(qaSelect+` WHERE q.ticket_id = ?`, ticketID))
	if errors.Is(err, sql.ErrNoRows) {
		return q, false, nil
	}
	return q, err == nil, errs.Wrap(err, "reading the check of ticket %d", ticketID)
}

// SaveQACheck inserts a check, or amends the existing one of the ticket.
func (t *Tx) SaveQACheck(q *QACheck, amend bool) error {
	if amend {
		_, err := t.exec(`UPDATE qa_checks SET checker_id = ?, correct = ?, note = ?, amended_at = ? WHERE ticket_id = ?`,
			q.CheckerID, boolInt(q.Correct), q.Note, t.Now.UnixMilli(), q.TicketID)
		return err
	}
	res, err := t.insert(`INSERT INTO qa_checks (ticket_id, agent_id, checker_id, correct, note, at) VALUES (?, ?, ?, ?, ?, ?)`,
		q.TicketID, nullID(q.AgentID), q.CheckerID, boolInt(q.Correct), q.Note, t.Now.UnixMilli())
	if err != nil {
		return err
	}
	q.ID, _ = res.LastInsertId()
	q.At = t.Now
	return nil
}

// QAChecks lists the checks made in [from, to), optionally of one agent's tickets.
func (t *Tx) QAChecks(from, to time.Time, agentID int64) ([]QACheck, error) {
	q := qaSelect + ` WHERE q.at >= ? AND q.at < ?`
	args := []any{from.UnixMilli(), to.UnixMilli()}
	if agentID != 0 {
		q += ` AND q.agent_id = ?`
		args = append(args, agentID)
	}
	rows, err := t.query(q+` ORDER BY q.at, q.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QACheck
	for rows.Next() {
		c, err := scanQA(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading checks")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "reading checks")
}
