package store

import (
	"context"
	"database/sql"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// runBulk runs a bulk write (persist.BulkWrite: an import) in one write transaction on a
// connection set up for it first, as SQLite takes this setting only outside a transaction:
// temporary storage in memory. Every multi-row INSERT of an import keeps a statement journal
// (a copy of each page it changes, to undo the statement alone); written to a temporary file
// past 64 KiB, those copies took 7% of the CPU of a million-row import (7.7 of 117 s), for an
// undo that never happens (a failed import rolls back whole). In memory they are a few
// megabytes at a time, dropped after each statement. The connection gets the default back
// before it returns to the pool.
func (db *DB) runBulk(ctx context.Context, now time.Time, fn func(*Tx) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return db.openErr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return db.openErr(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = DEFAULT`)
	// As every write: the connection's pre-update hook notes the rows it writes (capture.go).
	rows, stop, err := db.beginCapture(ctx, conn)
	if err != nil {
		return db.damaged(db.openErr(err))
	}
	defer stop()
	var tx *sql.Tx
	for attempt := 0; ; attempt++ { // as run
		tx, err = conn.BeginTx(ctx, nil)
		if err == nil || !isCode(err, sqlite3.SQLITE_BUSY) || attempt >= 5 {
			break
		}
		time.Sleep(time.Duration(50*(attempt+1)) * time.Millisecond)
	}
	if err != nil {
		return db.openErr(err)
	}
	return db.damaged(db.runTx(ctx, nil, tx, now, false, rows, fn))
}
