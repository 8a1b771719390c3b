package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
)

const handoverSelect = `SELECT h.id, h.author_id, a.name, h.shift, h.day, h.body, h.open_items, h.written_at, h.amended_at,
	coalesce(h.acked_by, 0), coalesce(k.name, ''), h.acked_at,
	(SELECT count(*) FROM handover_revisions r WHERE r.handover_id = h.id)
	FROM handovers h JOIN staff a ON a.id = h.author_id LEFT JOIN staff k ON k.id = h.acked_by`

func scanHandover(sc interface{ Scan(...any) error }) (handover.Note, error) {
	var n handover.Note
	var day, items string
	var written, amended, acked sql.NullInt64
	err := sc.Scan(&n.ID, &n.AuthorID, &n.Author, &n.Shift.Name, &day, &n.Text, &items, &written, &amended,
		&n.AckedByID, &n.AckedBy, &acked, &n.Revisions)
	if err != nil {
		return n, err
	}
	n.WrittenAt, n.AmendedAt, n.AckedAt = fromMS(written), fromMS(amended), fromMS(acked)
	if n.Shift.Date, err = calendar.ParseDate(day); err != nil {
		return n, errs.Wrap(err, "reading handover %d", n.ID)
	}
	if err := json.Unmarshal([]byte(items), &n.OpenItems); err != nil {
		return n, errs.Wrap(err, "reading the open items of handover %d", n.ID)
	}
	return n, nil
}

func encodeItems(items []handover.Item) (string, error) {
	if items == nil {
		items = []handover.Item{}
	}
	b, err := json.Marshal(items)
	if err != nil {
		return "", errs.Wrap(err, "encoding open items")
	}
	return string(b), nil
}

// Handover reads one handover note.
func (t *Tx) Handover(id int64) (handover.Note, error) {
	n, err := scanHandover(t.queryRow(handoverSelect+` WHERE h.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return n, errs.NotFoundf("no handover %d", id).WithHint("kefu handover list")
	}
	return n, errs.Wrap(err, "reading handover %d", id)
}

// HandoverOf finds an author's note for a shift; found is false when there is none.
func (t *Tx) HandoverOf(authorID int64, s handover.Shift) (n handover.Note, found bool, err error) {
	n, err = scanHandover(t.queryRow(handoverSelect+` WHERE h.author_id = ? AND h.day = ? AND h.shift = ?`, authorID, s.Date.String(), s.Name))
	if errors.Is(err, sql.ErrNoRows) {
		return n, false, nil
	}
	return n, err == nil, errs.Wrap(err, "reading handover notes")
}

// InsertHandover stores a new note written now; it sets n's id.
func (t *Tx) InsertHandover(n *handover.Note) error {
	items, err := encodeItems(n.OpenItems)
	if err != nil {
		return err
	}
	res, err := t.insert(`INSERT INTO handovers (author_id, shift, day, body, open_items, written_at) VALUES (?, ?, ?, ?, ?, ?)`,
		n.AuthorID, n.Shift.Name, n.Shift.Date.String(), n.Text, items, t.Now.UnixMilli())
	if err != nil {
		return err
	}
	n.ID, _ = res.LastInsertId()
	n.WrittenAt = t.Now
	return nil
}

// AmendHandover replaces a note's text and open items, keeping the old version as a revision.
// An acknowledgment of the old version is cleared: the next shift must read the new one.
func (t *Tx) AmendHandover(old handover.Note, text string, items []handover.Item) error {
	oldItems, err := encodeItems(old.OpenItems)
	if err != nil {
		return err
	}
	written := old.WrittenAt
	if !old.AmendedAt.IsZero() {
		written = old.AmendedAt
	}
	if _, err := t.exec(`INSERT INTO handover_revisions (handover_id, body, open_items, written_at, replaced_at) VALUES (?, ?, ?, ?, ?)`,
		old.ID, old.Text, oldItems, written.UnixMilli(), t.Now.UnixMilli()); err != nil {
		return err
	}
	newItems, err := encodeItems(items)
	if err != nil {
		return err
	}
	_, err = t.exec(`UPDATE handovers SET body = ?, open_items = ?, amended_at = ?, acked_by = NULL, acked_at = NULL WHERE id = ?`,
		text, newItems, t.Now.UnixMilli(), old.ID)
	return err
}

// AckHandover records that a member of the next shift read the note.
func (t *Tx) AckHandover(id, staffID int64) error {
	_, err := t.exec(`UPDATE handovers SET acked_by = ?, acked_at = ? WHERE id = ?`, staffID, t.Now.UnixMilli(), id)
	return err
}

// HandoverRevisions lists the versions an amendment replaced, oldest first.
func (t *Tx) HandoverRevisions(id int64) ([]handover.Revision, error) {
	rows, err := t.query(`SELECT body, open_items, written_at, replaced_at FROM handover_revisions WHERE handover_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []handover.Revision
	for rows.Next() {
		var r handover.Revision
		var items string
		var written, replaced sql.NullInt64
		if err := rows.Scan(&r.Text, &items, &written, &replaced); err != nil {
			return nil, errs.Wrap(err, "reading handover revisions")
		}
		if err := json.Unmarshal([]byte(items), &r.OpenItems); err != nil {
			return nil, errs.Wrap(err, "reading handover revisions")
		}
		r.WrittenAt, r.ReplacedAt = fromMS(written), fromMS(replaced)
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "reading handover revisions")
}

// handoverWhere is the WHERE clause (empty, or starting with a space) of the notes matching f.
func handoverWhere(f HandoverFilter) (string, []any) {
	var where []string
	var args []any
	if !f.Since.IsZero() {
		where, args = append(where, `h.day >= ?`), append(args, f.Since.String())
	}
	if !f.Until.IsZero() {
		where, args = append(where, `h.day <= ?`), append(args, f.Until.String())
	}
	if f.Shift != "" {
		where, args = append(where, `h.shift = ?`), append(args, f.Shift)
	}
	if f.AuthorID != 0 {
		where, args = append(where, `h.author_id = ?`), append(args, f.AuthorID)
	}
	if len(where) == 0 {
		return "", args
	}
	return ` WHERE ` + strings.Join(where, ` AND `), args
}

// CountHandovers counts the notes matching f, ignoring its limit.
func (t *Tx) CountHandovers(f HandoverFilter) (int, error) {
	where, args := handoverWhere(f)
	var n int
	err := t.queryRow(`SELECT count(*) FROM handovers h`+where, args...).Scan(&n)
	return n, errs.Wrap(err, "counting handover notes")
}

// ListHandovers lists notes, newest shift first (a day's night shift before its day shift).
func (t *Tx) ListHandovers(f HandoverFilter) ([]handover.Note, error) {
	where, args := handoverWhere(f)
	q := handoverSelect + where
	q += ` ORDER BY h.day DESC, CASE h.shift WHEN 'night' THEN 0 ELSE 1 END, h.written_at DESC, h.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []handover.Note
	for rows.Next() {
		n, err := scanHandover(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading handover notes")
		}
		out = append(out, n)
	}
	return out, errs.Wrap(rows.Err(), "reading handover notes")
}
