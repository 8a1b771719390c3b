package store

import (
	"database/sql"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// FirstActivity is the earliest moment the database records anything happening: an event, a
// ticket opened or a score entry dated (imports and back-filled entries predate their events).
// ok is false for an empty database.
func (t *Tx) FirstActivity() (at time.Time, ok bool, err error) {
	var v sql.NullInt64
	// Each part is an index lookup: the first event by id (events are appended in time
	// order), the indexed opening and entry times.
	err = t.queryRow(`SELECT min(m) FROM (
		SELECT (SELECT at FROM events ORDER BY id LIMIT 1) AS m
		UNION ALL SELECT min(opened_at) FROM tickets
		UNION ALL SELECT min(at) FROM score_entries) AS firsts`).Scan(&v)
	if err != nil {
		return at, false, errs.Wrap(err, "reading the first activity")
	}
	return fromMS(v), v.Valid, nil
}

// Complaint verdicts.

// InsertVerdict records a verdict; one per complaint and staff member.
func (t *Tx) InsertVerdict(v *Verdict, by int64) error {
	res, err := t.insert(`INSERT INTO complaint_verdicts (ticket_id, staff_id, valid, argument, reason, at, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.TicketID, v.StaffID, boolInt(v.Valid), boolInt(v.Argument), v.Reason, ms(v.At), nullID(by), t.Now.UnixMilli())
	if err = formatError(err, errs.Conflictf("complaint %d already has a verdict on %s", v.TicketID, v.Staff).WithHint("kefu complaint verdicts --ticket %d", v.TicketID)); err != nil {
		return errs.Wrap(err, "recording the verdict on complaint %d", v.TicketID)
	}
	v.ID, err = res.LastInsertId()
	return err
}

// Verdicts lists verdicts in time order.
func (t *Tx) Verdicts(f VerdictFilter) ([]Verdict, error) {
	q := `SELECT v.id, v.ticket_id, v.staff_id, s.name, v.valid, v.argument, v.reason, v.at, coalesce(rb.name, 'system'), v.created_at
		FROM complaint_verdicts v JOIN staff s ON s.id = v.staff_id LEFT JOIN staff rb ON rb.id = v.recorded_by WHERE 1 = 1`
	var args []any
	if !f.From.IsZero() {
		q += ` AND v.at >= ? AND v.at < ?`
		args = append(args, f.From.UnixMilli(), f.To.UnixMilli())
	}
	if f.StaffID != 0 {
		q += ` AND v.staff_id = ?`
		args = append(args, f.StaffID)
	}
	if f.TicketID != 0 {
		q += ` AND v.ticket_id = ?`
		args = append(args, f.TicketID)
	}
	if f.ValidOnly {
		q += ` AND v.valid = 1`
	}
	rows, err := t.query(q+` ORDER BY v.at, v.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "reading complaint verdicts")
	}
	defer rows.Close()
	var out []Verdict
	for rows.Next() {
		var v Verdict
		var at, created sql.NullInt64
		if err := rows.Scan(&v.ID, &v.TicketID, &v.StaffID, &v.Staff, &v.Valid, &v.Argument, &v.Reason, &at, &v.RecordedBy, &created); err != nil {
			return nil, errs.Wrap(err, "reading complaint verdicts")
		}
		v.At, v.CreatedAt = fromMS(at), fromMS(created)
		out = append(out, v)
	}
	return out, errs.Wrap(rows.Err(), "reading complaint verdicts")
}

// ValidComplaints counts each staff member's valid verdicts dated in [from, to).
func (t *Tx) ValidComplaints(from, to time.Time) (map[int64]int, error) {
	vs, err := t.Verdicts(VerdictFilter{From: from, To: to, ValidOnly: true})
	out := map[int64]int{}
	for _, v := range vs {
		out[v.StaffID]++
	}
	return out, err
}

// The department fund (部门基金).

// InsertSpending records spending from the fund.
func (t *Tx) InsertSpending(s *Spending, by int64) error {
	res, err := t.insert(`INSERT INTO fund_spending (at, amount_fen, reason, recorded_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		ms(s.At), int64(s.Amount), s.Reason, nullID(by), t.Now.UnixMilli())
	if err != nil {
		return errs.Wrap(err, "recording fund spending")
	}
	s.ID, err = res.LastInsertId()
	return err
}

// Spendings lists the fund's spending dated before to (and at or after from, when given).
func (t *Tx) Spendings(from, to time.Time) ([]Spending, error) {
	rows, err := t.query(`SELECT f.id, f.at, f.amount_fen, f.reason, coalesce(s.name, 'system')
		FROM fund_spending f LEFT JOIN staff s ON s.id = f.recorded_by WHERE f.at >= ? AND f.at < ? ORDER BY f.at, f.id`,
		from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, errs.Wrap(err, "reading fund spending")
	}
	defer rows.Close()
	var out []Spending
	for rows.Next() {
		var s Spending
		var at sql.NullInt64
		if err := rows.Scan(&s.ID, &at, &s.Amount, &s.Reason, &s.RecordedBy); err != nil {
			return nil, errs.Wrap(err, "reading fund spending")
		}
		s.At = fromMS(at)
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "reading fund spending")
}
