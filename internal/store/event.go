package store

import (
	"database/sql"
	"encoding/json"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
)

// AppendEvent adds one event to the history at the transaction's time.
func (t *Tx) AppendEvent(actor, entity string, entityID int64, action string, payload map[string]any) error {
	p, err := audit.EncodePayload(payload)
	if err != nil {
		return errs.Wrap(err, "encoding %s event", action)
	}
	var id any
	if entityID != 0 {
		id = entityID
	}
	_, err = t.exec(`INSERT INTO events (at, actor, entity, entity_id, action, payload) VALUES (?, ?, ?, ?, ?, ?)`,
		t.Now.UnixMilli(), actor, entity, id, action, p)
	return err
}

// EventFilter selects history rows.
type EventFilter struct {
	Entity   string
	EntityID int64
	Limit    int
}

// Events lists history rows, oldest first.
func (t *Tx) Events(f EventFilter) ([]audit.Event, error) {
	q := `SELECT id, at, actor, entity, coalesce(entity_id, 0), action, payload FROM events WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		q += ` AND entity_id = ?`
		args = append(args, f.EntityID)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
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
		if err := json.Unmarshal([]byte(payload), &e.Payload); err != nil {
			return nil, errs.Wrap(err, "reading history event %d", e.ID)
		}
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "reading history")
}
