package store

import (
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/rota"
)

// The rota: leave and shift swaps (work patterns are staff.work_pattern).

// InsertLeave records a spell of leave.
func (t *Tx) InsertLeave(l *rota.Leave, by int64) error {
	res, err := t.insert(`INSERT INTO staff_leave (staff_id, from_day, to_day, kind, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.StaffID, l.From.String(), l.To.String(), string(l.Kind), l.Note, nullID(by), t.Now.UnixMilli())
	if err != nil {
		return errs.Wrap(err, "recording leave")
	}
	l.ID, err = res.LastInsertId()
	return err
}

// DeleteLeave removes a spell of leave (its history stays in the events).
func (t *Tx) DeleteLeave(id int64) error {
	_, err := t.exec(`DELETE FROM staff_leave WHERE id = ?`, id)
	return errs.Wrap(err, "removing leave %d", id)
}

// Leaves lists leave in date order.
func (t *Tx) Leaves(f LeaveFilter) ([]rota.Leave, error) {
	q := `SELECT l.id, l.staff_id, s.name, l.from_day, l.to_day, l.kind, l.note FROM staff_leave l JOIN staff s ON s.id = l.staff_id WHERE 1 = 1`
	var args []any
	if f.ID != 0 {
		q += ` AND l.id = ?`
		args = append(args, f.ID)
	}
	if f.StaffID != 0 {
		q += ` AND l.staff_id = ?`
		args = append(args, f.StaffID)
	}
	if !f.From.IsZero() {
		q += ` AND l.to_day >= ? AND l.from_day <= ?`
		args = append(args, f.From.String(), f.To.String())
	}
	rows, err := t.query(q+` ORDER BY l.from_day, l.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "reading leave")
	}
	defer rows.Close()
	var out []rota.Leave
	for rows.Next() {
		var l rota.Leave
		var from, to, kind string
		if err := rows.Scan(&l.ID, &l.StaffID, &l.Staff, &from, &to, &kind, &l.Note); err != nil {
			return nil, errs.Wrap(err, "reading leave")
		}
		l.Kind = rota.LeaveKind(kind)
		if l.From, err = calendar.ParseDate(from); err == nil {
			l.To, err = calendar.ParseDate(to)
		}
		if err != nil {
			return nil, errs.Wrap(err, "reading leave %d", l.ID)
		}
		out = append(out, l)
	}
	return out, errs.Wrap(rows.Err(), "reading leave")
}

// InsertSwap records a shift swap.
func (t *Tx) InsertSwap(s *rota.Swap, by int64) error {
	res, err := t.insert(`INSERT INTO staff_swaps (day, a_id, a_shift, b_id, b_shift, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Date.String(), s.A, s.AShift, s.B, s.BShift, s.Reason, nullID(by), t.Now.UnixMilli())
	if err != nil {
		return errs.Wrap(err, "recording the swap")
	}
	s.ID, err = res.LastInsertId()
	return err
}

// Swaps lists the swaps dated from..to (inclusive).
func (t *Tx) Swaps(from, to calendar.Date) ([]rota.Swap, error) {
	rows, err := t.query(`SELECT w.id, w.day, w.a_id, a.name, w.a_shift, w.b_id, b.name, w.b_shift, w.reason
		FROM staff_swaps w JOIN staff a ON a.id = w.a_id JOIN staff b ON b.id = w.b_id
		WHERE w.day >= ? AND w.day <= ? ORDER BY w.day, w.id`, from.String(), to.String())
	if err != nil {
		return nil, errs.Wrap(err, "reading swaps")
	}
	defer rows.Close()
	var out []rota.Swap
	for rows.Next() {
		var s rota.Swap
		var day string
		if err := rows.Scan(&s.ID, &day, &s.A, &s.AName, &s.AShift, &s.B, &s.BName, &s.BShift, &s.Reason); err != nil {
			return nil, errs.Wrap(err, "reading swaps")
		}
		if s.Date, err = calendar.ParseDate(day); err != nil {
			return nil, errs.Wrap(err, "reading swap %d", s.ID)
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "reading swaps")
}
