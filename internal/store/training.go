package store

import (
	"database/sql"
	"errors"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/training"
)

// InsertTraining stores a session.
func (t *Tx) InsertTraining(s *training.Session, by int64) error {
	res, err := t.insert(`INSERT INTO training_sessions (topic, day, trainer, required_for, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		s.Topic, s.Day, s.Trainer, s.RequiredFor, nullID(by), t.Now.UnixMilli())
	if err != nil {
		return err
	}
	s.ID, _ = res.LastInsertId()
	return nil
}

// Training reads a session with its attendance and results.
func (t *Tx) Training(id int64) (training.Session, error) {
	ss, err := t.trainings(`WHERE id = ?`, id)
	if err != nil {
		return training.Session{}, err
	}
	if len(ss) == 0 {
		return training.Session{}, errs.NotFoundf("no training %d", id).WithHint("kefu training list")
	}
	return ss[0], nil
}

// Trainings lists the sessions whose day is in [from, to] (empty bounds: open), by day and id.
func (t *Tx) Trainings(from, to string) ([]training.Session, error) {
	if from == "" {
		from = "0000-00-00"
	}
	if to == "" {
		to = "9999-99-99"
	}
	return t.trainings(`WHERE day >= ? AND day <= ?`, from, to)
}

func (t *Tx) trainings(where string, args ...any) ([]training.Session, error) {
	rows, err := t.query(`SELECT id, topic, day, trainer, required_for FROM training_sessions `+where+` ORDER BY day, id`, args...)
	if err != nil {
		return nil, err
	}
	var out []training.Session
	for rows.Next() {
		var s training.Session
		if err := rows.Scan(&s.ID, &s.Topic, &s.Day, &s.Trainer, &s.RequiredFor); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "reading training sessions")
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "reading training sessions")
	}
	for i := range out {
		if err := t.trainingDetail(&out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trainingDetail reads a session's attendance (by name) and results.
func (t *Tx) trainingDetail(s *training.Session) error {
	rows, err := t.query(`SELECT st.name FROM training_attendance a JOIN staff st ON st.id = a.staff_id
		WHERE a.session_id = ? ORDER BY st.name`, s.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return errs.Wrap(err, "reading training attendance")
		}
		s.Attended = append(s.Attended, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return errs.Wrap(err, "reading training attendance")
	}
	rows, err = t.query(`SELECT r.staff_id, st.name, r.score FROM training_results r JOIN staff st ON st.id = r.staff_id
		WHERE r.session_id = ? ORDER BY st.name`, s.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r training.Result
		if err := rows.Scan(&r.StaffID, &r.Staff, &r.Score); err != nil {
			return errs.Wrap(err, "reading training results")
		}
		s.Results = append(s.Results, r)
	}
	return errs.Wrap(rows.Err(), "reading training results")
}

// InsertAttendance records that a staff member attended; created is false when it was
// already recorded.
func (t *Tx) InsertAttendance(sessionID, staffID, by int64) (bool, error) {
	res, err := t.exec(`INSERT INTO training_attendance (session_id, staff_id, recorded_by, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (session_id, staff_id) DO NOTHING`, sessionID, staffID, nullID(by), t.Now.UnixMilli())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SaveTrainingResult records or replaces a person's result of a session.
func (t *Tx) SaveTrainingResult(sessionID, staffID int64, v score.Points, by int64) (old score.Points, found bool, err error) {
	err = t.queryRow(`SELECT score FROM training_results WHERE session_id = ? AND staff_id = ?`, sessionID, staffID).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = t.exec(`INSERT INTO training_results (session_id, staff_id, score, recorded_by, at) VALUES (?, ?, ?, ?, ?)`,
			sessionID, staffID, v, nullID(by), t.Now.UnixMilli())
		return 0, false, err
	case err != nil:
		return 0, false, errs.Wrap(err, "reading training result")
	}
	_, err = t.exec(`UPDATE training_results SET score = ?, recorded_by = ?, at = ? WHERE session_id = ? AND staff_id = ?`,
		v, nullID(by), t.Now.UnixMilli(), sessionID, staffID)
	return old, true, err
}

// AmendScorePending replaces a pending proposal's rule, points and reason.
func (t *Tx) AmendScorePending(id int64, rule string, points score.Points, reason string) error {
	_, err := t.exec(`UPDATE score_pending SET rule = ?, points = ?, reason = ? WHERE id = ? AND status = 'pending'`,
		rule, points, reason, id)
	return err
}
