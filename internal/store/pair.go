package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kefu/kefu/internal/persist"
)

// pairWait is how long ViewPair waits for a writer to finish before it reads on one
// connection only.
const pairWait = 200 * time.Millisecond

// ViewPair runs fn with two read transactions on two connections that see the same committed
// state. In WAL mode each reader sees the database as it was when its read began; both begin
// while a third connection holds the write lock (BEGIN IMMEDIATE, rolled back at once), so no
// commit falls between them. A file nobody can write needs no lock. Without the lock (a writer
// holds it longer than pairWait, or the file is open read-only), and on PostgreSQL, fn gets
// one transaction and second is nil.
func (db *DB) ViewPair(ctx context.Context, now time.Time, fn func(first, second *Tx) error) error {
	single := func() error { return db.View(ctx, now, func(t *Tx) error { return fn(t, nil) }) }
	if db.pg != nil {
		return single()
	}
	unlock := func() {}
	if !readOnlyFile(db.Path) {
		hold, err := db.sql.Conn(ctx)
		if err != nil {
			return db.openErr(err)
		}
		defer hold.Close()
		if _, err := hold.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, pairWait.Milliseconds())); err != nil {
			return single()
		}
		locked, err := hold.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
		if err != nil {
			hold.ExecContext(ctx, `PRAGMA busy_timeout = 10000`)
			return single()
		}
		unlock = func() {
			locked.Rollback()
			hold.ExecContext(ctx, `PRAGMA busy_timeout = 10000`)
		}
	}
	firstConn, first, err := db.beginRead(ctx)
	if err != nil {
		unlock()
		return err
	}
	defer firstConn.Close() // after runTx has rolled first back
	secondConn, second, err := db.beginRead(ctx)
	unlock()
	if err != nil {
		first.Rollback()
		return err
	}
	defer secondConn.Close()
	defer second.Rollback()
	return db.damaged(db.runTx(ctx, nil, first, now, true, nil, func(t *Tx) error {
		t2 := &Tx{tx: second, ctx: ctx, Now: now, key: db.auditKey, trace: db.trace}
		err := fn(t, t2)
		if err != nil && t.damage == nil && t2.damage != nil {
			return &damage{err: t2.damage, shown: err}
		}
		return err
	}))
}

// beginRead begins a read transaction on a connection of its own and reads, so that its view of the database is fixed from now on (a deferred
// BEGIN takes it at the first read). The caller closes conn once tx is over.
func (db *DB) beginRead(ctx context.Context) (*sql.Conn, *sql.Tx, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, nil, db.openErr(err)
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		conn.Close()
		return nil, nil, db.openErr(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM main.sqlite_master`).Scan(&n); err != nil {
		tx.Rollback()
		conn.Close()
		return nil, nil, db.damaged(db.openErr(err))
	}
	return conn, tx, nil
}

// ViewPair is DB.ViewPair for the use cases.
func (d persistDB) ViewPair(ctx context.Context, now time.Time, fn func(first, second persist.Tx) error) error {
	return d.DB.ViewPair(ctx, now, func(a, b *Tx) error {
		if b == nil {
			return fn(a, nil)
		}
		return fn(a, b)
	})
}

var _ persist.PairViewer = persistDB{}
