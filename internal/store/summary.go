package store

import (
	"database/sql"
	"errors"

	"github.com/kefu/kefu/internal/errs"
)

const summarySelect = `SELECT w.id, w.staff_id, s.name, s.team, w.week, w.body, w.chars, w.written_at, w.amended_at
	FROM weekly_summaries w JOIN staff s ON s.id = w.staff_id`

func scanSummary(sc interface{ Scan(...any) error }) (Summary, error) {
	var m Summary
	var written, amended sql.NullInt64
	err := sc.Scan(&m.ID, &m.StaffID, &m.Staff, &m.Team, &m.Week, &m.Text, &m.Chars, &written, &amended)
	m.WrittenAt, m.AmendedAt = fromMS(written), fromMS(amended)
	return m, err
}

// SummaryOf finds a staff member's summary of a week; found is false when there is none.
func (t *Tx) SummaryOf(staffID int64, week string) (m Summary, found bool, err error) {
	m, err = scanSummary(t.queryRow(summarySelect+` WHERE w.staff_id = ? AND w.week = ?`, staffID, week))
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	return m, err == nil, errs.Wrap(err, "reading weekly summaries")
}

// SaveSummary stores a summary written now, or replaces the text of the existing one.
func (t *Tx) SaveSummary(m *Summary, amend bool) error {
	if amend {
		_, err := t.exec(`UPDATE weekly_summaries SET body = ?, chars = ?, amended_at = ? WHERE id = ?`, m.Text, m.Chars, t.Now.UnixMilli(), m.ID)
		m.AmendedAt = t.Now
		return err
	}
	res, err := t.insert(`INSERT INTO weekly_summaries (staff_id, week, body, chars, written_at) VALUES (?, ?, ?, ?, ?)`,
		m.StaffID, m.Week, m.Text, m.Chars, t.Now.UnixMilli())
	if err != nil {
		return err
	}
	m.ID, _ = res.LastInsertId()
	m.WrittenAt = t.Now
	return nil
}

// Summaries lists the summaries of the given weeks, by week then staff id.
func (t *Tx) Summaries(weeks ...string) ([]Summary, error) {
	rows, err := t.query(summarySelect+` WHERE w.week IN (`+placeholders(len(weeks))+`) ORDER BY w.week, w.staff_id`, anySlice(weeks)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		m, err := scanSummary(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading weekly summaries")
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "reading weekly summaries")
}
