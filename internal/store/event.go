package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// AppendEvent adds one event to the history at the transaction's time, linked into the MAC
// chain when the database has its audit key.
//
// payload is a map or a typed payload of internal/audit.
func (t *Tx) AppendEvent(actor, entity string, entityID int64, action string, payload any) error {
	p, err := audit.EncodePayload(payload)
	if err != nil {
		return errs.Wrap(err, "encoding %s event", action)
	}
	return t.appendEncoded(actor, entity, entityID, action, p)
}

// appendEncoded is AppendEvent with the payload encoded already (audit.EncodePayload).
func (t *Tx) appendEncoded(actor, entity string, entityID int64, action, p string) error {
	var lastID int64
	var lastMAC sql.NullString
	var err error
	if t.head != nil {
		// This transaction wrote the head itself: no need to read it back.
		lastID, lastMAC = t.head.id, t.head.mac
	} else if err = t.queryRow(`SELECT id, mac FROM events ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastMAC); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return errs.Wrap(err, "reading the history's head")
	}
	if entity != HistoryEntity {
		t.actor = actor
	}
	var mac any
	if t.key != nil {
		if lastID > 0 && !lastMAC.Valid {
			// Nothing is signed silently: an unsigned event was written outside kefu (or
			// before the signed history, which only audit adopt signs).
			return unsignedErr(lastID)
		}
		e := audit.Stored{ID: lastID + 1, At: time.UnixMilli(t.Now.UnixMilli()), Actor: actor, Entity: entity, EntityID: entityID, Action: action, Payload: p}
		mac = audit.MAC(t.key, lastMAC.String, e.Canonical())
	}
	_, err = t.exec(`INSERT INTO events (id, at, actor, entity, entity_id, action, payload, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		lastID+1, t.Now.UnixMilli(), actor, entity, nullID(entityID), action, p, mac)
	if err != nil {
		t.head = nil
		return err
	}
	m, _ := mac.(string)
	t.head = &eventHead{id: lastID + 1, mac: sql.NullString{String: m, Valid: mac != nil}}
	return nil
}

// eventHead is the newest event a transaction appended (Tx.head): the next one follows it.
type eventHead struct {
	id  int64
	mac sql.NullString
}

// chainUnchained signs every unsigned event in id order, returning the head MAC.
func (t *Tx) chainUnchained() (sql.NullString, error) {
	var head sql.NullString
	first := int64(0)
	if err := t.queryRow(`SELECT min(id) FROM events WHERE mac IS NULL`).Scan(&first); err != nil {
		return head, errs.Wrap(err, "reading the history")
	}
	if err := t.queryRow(`SELECT mac FROM events WHERE id < ? ORDER BY id DESC LIMIT 1`, first).Scan(&head); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return head, errs.Wrap(err, "reading the history")
	}
	var todo []audit.Stored
	err := t.StreamEvents(first, func(e audit.Stored) error {
		todo = append(todo, e)
		return nil
	})
	if err != nil {
		return head, err
	}
	for _, e := range todo {
		if e.MAC != "" {
			head = sql.NullString{String: e.MAC, Valid: true}
			continue
		}
		mac := audit.MAC(t.key, head.String, e.Canonical())
		t.head = nil // the MACs change under it
		if _, err := t.exec(`UPDATE events SET mac = ? WHERE id = ?`, mac, e.ID); err != nil {
			return head, err
		}
		head = sql.NullString{String: mac, Valid: true}
	}
	return head, nil
}

// SignUnsigned signs the events written before the signed history existed, in id order, in
// this transaction: audit adopt, run once by a manager, never on open. It reports how many it
// signed.
func (t *Tx) SignUnsigned() (int, error) {
	n := 0
	if err := t.queryRow(`SELECT count(*) FROM events WHERE mac IS NULL`).Scan(&n); err != nil || n == 0 {
		return 0, errs.Wrap(err, "reading the history")
	}
	_, err := t.chainUnchained()
	return n, err
}

// unsignedErr refuses to add to a history whose event id is not signed.
func unsignedErr(id int64) error {
	return errs.E(errs.Internal, "event %d of the history is not signed: it was written outside kefu; nothing was written", id).
		WithHint("kefu db check")
}

// FirstUnsigned is the id of the first unsigned event, 0 when every event is signed.
func (t *Tx) FirstUnsigned() (int64, error) {
	var id sql.NullInt64
	err := t.queryRow(`SELECT min(id) FROM events WHERE mac IS NULL`).Scan(&id)
	return id.Int64, errs.Wrap(err, "reading the history")
}

// SignedEnds are the first and the last signed events, each with the MAC before it, for
// checking that a key signs this history without walking it.
func (t *Tx) SignedEnds() (first, last audit.Stored, firstPrev, lastPrev string, ok bool, err error) {
	// Two statements whatever the history's length (this runs before every write, and on a
	// server each statement is a round trip): the ends' ids, then those events and the ones
	// before them.
	var lo, hi sql.NullInt64
	err = t.queryRow(`SELECT (SELECT id FROM events WHERE mac IS NOT NULL ORDER BY id LIMIT 1),
		(SELECT id FROM events WHERE mac IS NOT NULL ORDER BY id DESC LIMIT 1)`).Scan(&lo, &hi)
	if err != nil || !lo.Valid || !hi.Valid {
		return first, last, "", "", false, errs.Wrap(err, "reading the history")
	}
	evs := map[int64]audit.Stored{}
	rows, err := t.query(`SELECT `+eventReadCols+` FROM events WHERE id IN (?, ?, ?, ?)`, max(lo.Int64-1, 0), lo.Int64, max(hi.Int64-1, 0), hi.Int64)
	if err != nil {
		return first, last, "", "", false, errs.Wrap(err, "reading the history")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return first, last, "", "", false, errs.Wrap(err, "reading the history")
		}
		evs[e.ID] = e
	}
	if err := rows.Err(); err != nil {
		return first, last, "", "", false, errs.Wrap(err, "reading the history")
	}
	// The MAC before an event is its predecessor's (events are numbered without gaps; a
	// missing one leaves "" as the stream of the range did).
	first, last = evs[lo.Int64], evs[hi.Int64]
	if lo.Int64 > 1 {
		firstPrev = evs[lo.Int64-1].MAC
	}
	if hi.Int64 > 1 {
		lastPrev = evs[hi.Int64-1].MAC
	}
	return first, last, firstPrev, lastPrev, true, nil
}

// eventReadCols are the columns scanEvent reads, in its order.
const eventReadCols = `id, at, actor, entity, coalesce(entity_id, 0), action, payload, coalesce(mac, ''), redacted, coalesce(redaction_mac, '')`

// scanEvent reads one row of eventReadCols.
func scanEvent(rows *sql.Rows) (audit.Stored, error) {
	var e audit.Stored
	var at int64
	err := rows.Scan(&e.ID, &at, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Payload, &e.MAC, &e.Redacted, &e.RedactionMAC)
	e.At = time.UnixMilli(at).UTC()
	return e, err
}

// StreamEvents calls fn with every event from id `from` on, in id order.
func (t *Tx) StreamEvents(from int64, fn func(audit.Stored) error) error {
	return t.StreamEventsWhere(`id >= ?`, []any{from}, fn)
}

// StreamEventsWhere calls fn with every event matching where (SQL over the events table's
// columns, with args), in id order.
func (t *Tx) StreamEventsWhere(where string, args []any, fn func(audit.Stored) error) error {
	return stream(t, "the history", `SELECT `+eventReadCols+` FROM events WHERE `+where+` ORDER BY id`, args, scanEvent, fn)
}

// eventWhere selects the history rows matching f.
func eventWhere(f EventFilter) (string, []any) {
	q := ` WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	} else {
		// The row records are the history's own bookkeeping, not something a person did.
		q += ` AND entity <> '` + HistoryEntity + `'`
	}
	if f.EntityID != 0 {
		q += ` AND entity_id = ?`
		args = append(args, f.EntityID)
	}
	if f.Actor != "" {
		q += ` AND actor = ?`
		args = append(args, f.Actor)
	}
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, f.Since.UnixMilli())
	}
	return q, args
}

// CountEvents counts the history rows matching f, ignoring its limit.
func (t *Tx) CountEvents(f EventFilter) (int, error) {
	where, args := eventWhere(f)
	var n int
	err := t.queryRow(`SELECT count(*) FROM events`+where, args...).Scan(&n)
	return n, errs.Wrap(err, "counting history events")
}

// Events lists history rows, oldest first.
func (t *Tx) Events(f EventFilter) ([]audit.Event, error) {
	where, args := eventWhere(f)
	q := `SELECT id, at, actor, entity, coalesce(entity_id, 0), action, payload FROM events` + where
	q += ` ORDER BY id`
	if f.Limit > 0 {
		// The newest Limit events, still printed oldest first.
		q = `SELECT * FROM (` + q + ` DESC LIMIT ?) AS last ORDER BY id`
		args = append(args, f.Limit)
	}
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Event
	for rows.Next() {
		var e audit.Event
		var at sql.NullInt64
		var payload string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &payload); err != nil {
			return nil, errs.Wrap(err, "reading history")
		}
		e.At = fromMS(at)
		var err error
		if e.Payload, err = audit.DecodePayload(payload); err != nil {
			return nil, errs.Wrap(err, "reading history event %d", e.ID)
		}
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "reading history")
}

// ChainHead counts the events and returns the newest MAC.
func (t *Tx) ChainHead() (count int64, lastMAC string, err error) {
	var mac sql.NullString
	// Events are appended with the last id + 1 and never deleted (a trigger forbids it), so the
	// last id is the count, read from the primary key instead of counting a million rows.
	err = t.queryRow(`SELECT id, mac FROM events ORDER BY id DESC LIMIT 1`).Scan(&count, &mac)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return count, mac.String, errs.Wrap(err, "reading the history's head")
}

// HasUnsigned reports whether any event is unsigned (a partial index makes this instant).
func (t *Tx) HasUnsigned() (bool, error) {
	var n int
	err := t.queryRow(`SELECT count(*) FROM (SELECT 1 FROM events WHERE mac IS NULL LIMIT 1) AS one`).Scan(&n)
	return n > 0, errs.Wrap(err, "reading the history")
}

// HasChain reports whether any event is signed.
func (t *Tx) HasChain() (bool, error) {
	var n int
	err := t.queryRow(`SELECT count(*) FROM (SELECT 1 FROM events WHERE mac IS NOT NULL LIMIT 1) AS one`).Scan(&n)
	return n > 0, errs.Wrap(err, "reading the history")
}

// EachTicketReplayed calls fn with every ticket in id order, one at a time, holding only its
// id and the fields audit verify replays: a million tickets read without their text.
func (t *Tx) EachTicketReplayed(fn func(tk ticket.Ticket) error) error {
	return stream(t, "tickets", `SELECT t.id, t.status, coalesce(a.name, ''), t.first_response_due, t.first_response_at,
		t.resolution_due, t.resolved_at, t.closed_at
		FROM tickets t LEFT JOIN staff a ON a.id = t.assignee_id ORDER BY t.id`, nil,
		func(rows *sql.Rows) (ticket.Ticket, error) {
			var tk ticket.Ticket
			var status string
			var frDue, frAt, resDue, resolved, closed sql.NullInt64
			err := rows.Scan(&tk.ID, &status, &tk.Assignee, &frDue, &frAt, &resDue, &resolved, &closed)
			tk.Status = ticket.Status(status)
			tk.FirstResponseDue, tk.FirstResponseAt, tk.ResolutionDue = fromMS(frDue), fromMS(frAt), fromMS(resDue)
			tk.ResolvedAt, tk.ClosedAt = fromMS(resolved), fromMS(closed)
			return tk, err
		}, fn)
}

// EachTicketEvent calls fn with every ticket event, ordered by ticket then id.
func (t *Tx) EachTicketEvent(fn func(ticketID int64, e audit.Stored) error) error {
	return stream(t, "the history", `SELECT id, entity_id, action, payload FROM events WHERE entity = 'ticket' ORDER BY entity_id, id`, nil,
		func(rows *sql.Rows) (audit.Stored, error) {
			var e audit.Stored
			err := rows.Scan(&e.ID, &e.EntityID, &e.Action, &e.Payload)
			return e, err
		}, func(e audit.Stored) error { return fn(e.EntityID, e) })
}
