// Package store is the only package that speaks SQL: it opens and migrates the database,
// runs transactions and maps rows to domain values.
package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
)

// ApplicationID marks a SQLite file as kefu's ("kefu" in ASCII).
const ApplicationID = 0x6b656675

// DB is an open kefu database.
type DB struct {
	sql  *sql.DB
	Path string
	// trace, when set, records every statement run (KEFU_TRACE_SQL; see trace.go).
	trace *tracer
	// auditKey signs new events into the chain; nil leaves them unsigned.
	auditKey []byte
	// writeErr, when set, refuses every write (e.g. the audit key is missing).
	writeErr error
	// Notices are what an upgrade of the schema has to tell people (one line each, for stderr).
	Notices []string
	// pg is the PostgreSQL server in team mode (pg.go); nil for a SQLite file.
	pg *pgTarget
	// keyCols is each tracked table's key column, read at the first write (capture.go).
	keyCols   map[string]int
	keyColsMu sync.Mutex
}

// Postgres reports whether the database is on a PostgreSQL server (team mode).
func (db *DB) Postgres() bool { return db.pg != nil }

// SetAuditKey makes new events part of the MAC chain.
func (db *DB) SetAuditKey(key []byte) { db.auditKey = key }

// ReadOnly reports whether writes are refused (a read-only file, a missing or wrong key).
func (db *DB) ReadOnly() bool { return db.writeErr != nil }

// RefuseWrites makes every write transaction fail with err; reads go on.
func (db *DB) RefuseWrites(err error) { db.writeErr = err }

// ErrNoDatabase is returned by Open when the file does not exist.
var ErrNoDatabase = errors.New("no database")

func dsn(path string) string { return dsnMode(path, false) }

// dsnMode is dsn for a file already in WAL mode when inWAL: the journal mode is kept in the
// file, so the pool's connections need not set it (one statement less for every command).
func dsnMode(path string, inWAL bool) string {
	q := url.Values{}
	// busy_timeout first, so the pragmas after it wait for a busy database too.
	q.Add("_pragma", "busy_timeout(10000)")
	if !inWAL {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Erased personal data (customer forget) must not linger in free pages.
	q.Add("_pragma", "secure_delete(ON)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens the kefu database at path, upgrading an older schema in place. With create,
// a missing file is created (mode 0600) with the current schema; created reports that.
func Open(ctx context.Context, path string, create bool) (db *DB, created bool, err error) {
	if IsPostgres(path) {
		return openPG(ctx, path, create)
	}
	fresh := false // the file is new and empty: it gets the schema
	inWAL := false // the file's header says it is in WAL mode
	if path == "" {
		return nil, false, errs.Invalidf("no database path: pass --db PATH or set KEFU_DB")
	}
	_, statErr := os.Stat(path)
	switch {
	case errors.Is(statErr, os.ErrNotExist) && !create:
		return nil, false, errs.Invalidf("no kefu database at %s", path).WithHint("kefu init --db %s  (or pass --db / set KEFU_DB to an existing one)", path)
	case errors.Is(statErr, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, errs.Wrap(err, "creating directory for %s", path)
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			created, fresh = true, true
		} else if !errors.Is(err, os.ErrExist) {
			return nil, false, errs.Wrap(err, "creating database %s", path)
		}
	case statErr != nil:
		return nil, false, errs.Wrap(statErr, "opening database %s", path)
	}
	if !created {
		if fi, err := os.Stat(path); create && err == nil && fi.Size() == 0 {
			// Another process has just created the file and not yet written its schema: both
			// go on, and the schema is written once under the write lock (see migrate).
			fresh = true
		} else if kefu, wal := kefuHeader(path); kefu {
			// The file says it is kefu's: the pool's connection checks its version (migrate).
			inWAL = wal
		} else if empty, err := checkFile(ctx, path, create); err != nil {
			return nil, false, err
		} else if empty {
			fresh = true // a SQLite file with nothing in it yet (another init is under way)
		}
	}
	conn := dsnMode(path, inWAL)
	readOnly := !created && readOnlyFile(path)
	if readOnly {
		conn = roDSN(path)
	}
	sdb, err := sql.Open("sqlite", conn)
	if err != nil {
		return nil, false, errs.Wrap(err, "opening database %s", path)
	}
	db = &DB{sql: sdb, Path: path}
	if readOnly {
		db.writeErr = errs.Invalidf("%s is read-only: kefu can show what it holds but not change it", path)
	}
	if db.trace, err = openTrace(os.Getenv(TraceEnv), false); err != nil {
		sdb.Close()
		return nil, false, err
	}
	// Switching a new file to WAL fails at once with SQLITE_BUSY (busy_timeout does not apply)
	// while another process holds it in the old journal mode: two leads running init together.
	for attempt := 0; ; attempt++ {
		err = db.migrate(ctx, fresh)
		if err == nil || !isCode(err, sqlite3.SQLITE_BUSY) || attempt == 100 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		sdb.Close()
		if created {
			os.Remove(path)
		}
		return nil, false, err
	}
	return db, created, nil
}

// kefuHeader reports whether the file at path starts with a SQLite header that carries
// kefu's application id (the header's bytes 68-71), which is all checkFile needs to know about
// a kefu database before the pool opens it: read from the file, it spares every command a
// second SQLite connection. Anything else (a foreign or damaged file, a new file whose header
// is still in the write-ahead log) goes through checkFile. wal reports the header's file
// format versions (bytes 18 and 19) saying WAL mode.
func kefuHeader(path string) (kefu, wal bool) {
	f, err := os.Open(path)
	if err != nil {
		return false, false
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false, false
	}
	kefu = string(h[:16]) == "SQLite format 3\x00" && binary.BigEndian.Uint32(h[68:72]) == ApplicationID
	return kefu, kefu && h[18] == 2 && h[19] == 2
}

// checkFile refuses a file that is not kefu's through a read-only connection, before the
// pool's pragmas (WAL mode is persistent) could change someone else's database.
// With allowEmpty, a SQLite file without any table is accepted and reported empty.
func checkFile(ctx context.Context, path string, allowEmpty bool) (empty bool, err error) {
	ro, err := sql.Open("sqlite", roDSN(path))
	if err != nil {
		return false, errs.Wrap(err, "opening database %s", path)
	}
	defer ro.Close()
	conn, err := ro.Conn(ctx)
	if err != nil {
		return false, (&DB{Path: path}).openErr(err)
	}
	defer conn.Close()
	appID, version, err := header(ctx, conn)
	if err != nil {
		return false, (&DB{Path: path}).openErr(err)
	}
	if allowEmpty && appID == 0 && version == 0 {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return false, (&DB{Path: path}).openErr(err)
		}
		if n == 0 {
			return true, nil
		}
	}
	return false, (&DB{Path: path}).checkHeader(ctx, conn, appID, version, false)
}

// Checkpoint copies the write-ahead log into the database and truncates it, so superseded
// page versions (e.g. of erased personal data) leave the log.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.pg != nil {
		return nil // the server keeps its own log
	}
	_, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return errs.Wrap(err, "checkpointing %s", db.Path)
}

// Close closes the database.
func (db *DB) Close() error {
	db.trace.close()
	return db.sql.Close()
}

// notKefu wraps the errors SQLite gives for a file that is not a database.
func (db *DB) openErr(err error) error {
	if db.pg != nil {
		return db.pgErr(err, "opening %s", db.Path)
	}
	if isCode(err, sqlite3.SQLITE_NOTADB) || isCode(err, sqlite3.SQLITE_CORRUPT) {
		return errs.E(errs.Internal, "%s is not a kefu database (damaged, or not SQLite): run kefu db check", db.Path)
	}
	return errs.Wrap(err, "opening database %s", db.Path)
}

// damaged turns any failure that SQLite traced to a damaged file (SQLITE_CORRUPT,
// SQLITE_NOTADB), whatever the command made of it, into one exit-1 error that says to check
// the file; from then on this process writes nothing to it.
func (db *DB) damaged(err error) error {
	var seen *damage
	if errors.As(err, &seen) {
		err = seen.err
	}
	if db.pg != nil && err != nil {
		if e := db.pg.serverErr(err); e != nil {
			return e
		}
		return db.pg.scrubErr(err)
	}
	if err == nil || !isDamage(err) {
		return err
	}
	var se *sqlite.Error
	why := "database disk image is malformed"
	if errors.As(err, &se) {
		why = se.Error()
	}
	e := errs.E(errs.Internal, "%s is damaged (%s): run kefu db check, and restore a sound backup with kefu db restore FILE", db.Path, why)
	db.writeErr = e
	return e
}

func isDamage(err error) bool {
	return isCode(err, sqlite3.SQLITE_CORRUPT) || isCode(err, sqlite3.SQLITE_NOTADB) ||
		(err != nil && strings.Contains(err.Error(), "database disk image is malformed"))
}

// damage carries a damaged-file error a transaction met, even when the command turned it
// into something else (e.g. "no such ticket").
type damage struct{ err, shown error }

func (d *damage) Error() string { return d.shown.Error() }
func (d *damage) Unwrap() error { return d.shown }

func isCode(err error, code int) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == code
}

// Tx is one transaction; Now is the time every row it writes carries.
type Tx struct {
	tx *sql.Tx
	// conn is the transaction's connection on PostgreSQL (a COPY runs on it, pgcopy.go).
	conn *sql.Conn
	ctx  context.Context
	Now  time.Time
	key  []byte
	// trace is the database's SQL trace, or nil.
	trace *tracer
	// actor is who the transaction's last event names: its row history is recorded as theirs.
	actor string
	// damage is the first failure SQLite traced to a damaged file.
	damage error
	// redactRows erases older row records' digests of the rows written (RedactRowHistory).
	redactRows bool
	// pg: the statements are rewritten for PostgreSQL (dialect.go).
	pg bool
	// rows are the tracked rows a SQLite write transaction changed (capture.go).
	rows *capture
	// head is the event this transaction appended last, nil until it appends one.
	head *eventHead
	// gramCount is the last gram match counted (searchWalks), gramCounted its count.
	gramCount   string
	gramCounted int64
	// exportNames are the customers' and staff's names an export read (export.go).
	exportNames *exportNames
}

// note remembers a failure caused by a damaged file.
func (t *Tx) note(err error) {
	if t.damage == nil && isDamage(err) {
		t.damage = err
	}
}

// Update runs fn in one write transaction (BEGIN IMMEDIATE), committing when fn returns nil.
func (db *DB) Update(ctx context.Context, now time.Time, fn func(*Tx) error) error {
	if db.writeErr != nil {
		return db.writeErr
	}
	return db.run(ctx, now, false, fn)
}

// UpdateRefused runs fn in one write transaction even while writes are refused: only for
// what lifts the refusal (audit adopt).
func (db *DB) UpdateRefused(ctx context.Context, now time.Time, fn func(*Tx) error) error {
	return db.run(ctx, now, false, fn)
}

// SetKey signs this transaction's events with key from now on.
func (t *Tx) SetKey(key []byte) { t.key = key }

// View runs fn in a read transaction.
func (db *DB) View(ctx context.Context, now time.Time, fn func(*Tx) error) error {
	return db.run(ctx, now, true, fn)
}

func (db *DB) run(ctx context.Context, now time.Time, readOnly bool, fn func(*Tx) error) error {
	if db.pg != nil {
		return db.runPG(ctx, now, readOnly, fn)
	}
	if !readOnly && persist.IsBulkWrite(ctx) {
		return db.runBulk(ctx, now, fn)
	}
	var tx *sql.Tx
	var err error
	begin := db.sql.BeginTx
	var rows *capture
	if !readOnly {
		// A write holds its connection, whose pre-update hook notes the rows it writes.
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return db.openErr(err)
		}
		defer conn.Close()
		var stop func()
		if rows, stop, err = db.beginCapture(ctx, conn); err != nil {
			return db.damaged(db.openErr(err))
		}
		defer stop()
		begin = conn.BeginTx
	}
	// busy_timeout makes BEGIN IMMEDIATE wait; retry a few times beyond it so a burst of
	// writers never shows "database is locked" to a person.
	for attempt := 0; ; attempt++ {
		tx, err = begin(ctx, &sql.TxOptions{ReadOnly: readOnly})
		if err == nil || !isCode(err, sqlite3.SQLITE_BUSY) || attempt >= 5 {
			break
		}
		time.Sleep(time.Duration(50*(attempt+1)) * time.Millisecond)
	}
	if err != nil {
		return db.openErr(err)
	}
	return db.damaged(db.runTx(ctx, nil, tx, now, readOnly, rows, fn))
}

// runTx runs fn in tx; conn is the connection tx runs on when the caller holds it for a COPY
// (PostgreSQL), else nil.
func (db *DB) runTx(ctx context.Context, conn *sql.Conn, tx *sql.Tx, now time.Time, readOnly bool, rows *capture, fn func(*Tx) error) error {
	defer tx.Rollback()
	db.trace.begin(readOnly)
	t := &Tx{tx: tx, conn: conn, ctx: ctx, Now: now, trace: db.trace, pg: db.pg != nil, rows: rows}
	if !readOnly {
		// Only writes sign; the key may be set by the first write's audit checks (core.Audited)
		// while a read runs on another goroutine.
		t.key = db.auditKey
	}
	if t.pg && !readOnly {
		// The one queue of writers (pg.go): taken first, held until commit; the same statement
		// turns on this transaction's row capture (ensureCapture).
		if _, err := t.exec(`SELECT version, set_config('kefu.capture', 'on', true) FROM kefu_meta FOR UPDATE`); err != nil {
			db.trace.end("ROLLBACK")
			return err
		}
	}
	if !readOnly {
		if err := t.ensureCapture(); err != nil {
			db.trace.end("ROLLBACK")
			return err
		}
	}
	if err := fn(t); err != nil {
		db.trace.end("ROLLBACK")
		if t.damage != nil {
			return &damage{err: t.damage, shown: err}
		}
		return err
	}
	if readOnly {
		db.trace.end("ROLLBACK")
		return nil
	}
	// The rows this transaction wrote go into the signed history before it commits.
	if err := t.flushRows(); err != nil {
		db.trace.end("ROLLBACK")
		return err
	}
	db.trace.end("COMMIT")
	if err := tx.Commit(); err != nil {
		return errs.Wrap(err, "saving to %s", db.Path)
	}
	return nil
}

// Savepoint runs fn inside a savepoint of the transaction: when fn fails, what it wrote is
// undone and the transaction goes on.
func (t *Tx) Savepoint(fn func() error) error {
	if _, err := t.exec(`SAVEPOINT kefu_step`); err != nil {
		return err
	}
	var mark captureMark
	if t.rows != nil {
		mark = t.rows.mark()
	}
	if err := fn(); err != nil {
		if _, rerr := t.exec(`ROLLBACK TO kefu_step`); rerr != nil {
			return rerr
		}
		if t.rows != nil {
			t.rows.undo(mark)
		}
		t.head = nil // the events appended since are gone
		t.exec(`RELEASE kefu_step`)
		return err
	}
	_, err := t.exec(`RELEASE kefu_step`)
	return err
}

func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	if t.pg {
		q = pgSQL(q)
	}
	t.trace.stmt(q, args)
	res, err := t.tx.ExecContext(t.ctx, q, args...)
	if err != nil {
		t.note(err)
		return nil, errs.Wrap(err, "database write (%s)", firstWords(q))
	}
	return res, nil
}

func (t *Tx) query(q string, args ...any) (*sql.Rows, error) {
	if t.pg {
		q = pgSQL(q)
	}
	t.trace.stmt(q, args)
	rows, err := t.tx.QueryContext(t.ctx, q, args...)
	if err != nil {
		t.note(err)
		return nil, errs.Wrap(err, "database read (%s)", firstWords(q))
	}
	return rows, nil
}

func (t *Tx) queryRow(q string, args ...any) *sql.Row {
	if t.pg {
		q = pgSQL(q)
	}
	t.trace.stmt(q, args)
	return t.tx.QueryRowContext(t.ctx, q, args...)
}

func firstWords(q string) string {
	f := strings.Fields(q)
	if len(f) > 4 {
		f = f[:4]
	}
	return strings.Join(f, " ")
}

// ms converts a time to the stored form; the zero time is NULL.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// fromMS converts a stored time back; NULL is the zero time.
func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var _ = fmt.Sprintf

// scanIDs reads a one-column result of ids and closes rows; what names the rows in an error.
func scanIDs(rows *sql.Rows, what string) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Wrap(err, "reading %s", what)
		}
		ids = append(ids, id)
	}
	return ids, errs.Wrap(rows.Err(), "reading %s", what)
}
