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
	err = t.queryRow(`SELECT min(m) FROM (
		SELECT min(at) AS m FROM events
		UNION ALL SELECT min(opened_at) FROM tickets
		UNION ALL SELECT min(at) FROM score_entries) AS firsts`).Scan(&v)
	if err != nil {
		return at, false, errs.Wrap(err, "reading the first activity")
	}
	return fromMS(v), v.Valid, nil
}
