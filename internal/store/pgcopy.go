package store

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kefu/kefu/internal/errs"
)

// Bulk writes on PostgreSQL go through COPY ... FROM STDIN (pgx's CopyFrom) rather than
// multi-row INSERTs: the server parses no statement per batch and its planner does nothing,
// and a row costs a few bytes on the wire. A COPY runs on the transaction's own connection
// (Tx.conn), inside the transaction: a failure, a SIGINT or a lost server leaves nothing, as an
// INSERT would. Rows are the same rows Bulk would INSERT (same ids, events and MACs); the
// statement triggers that note tracked rows for the history fire for a COPY as for an INSERT.
//
// Bulk hands its full batches to pgCopier.add instead of running them; the copier keeps them
// until it holds copyRows rows and then copies every table's rows, customers before tickets
// (a ticket refers to its customer), in the background: the importer builds the next batch
// while the server takes this one. One copy runs at a time, on the transaction's connection;
// a statement of the transaction meanwhile waits for it (database/sql locks the connection). ticket_grams' rows arrive as (ticket id, grams) pairs and
// are split here into one row per distinct gram, without a Go value per gram.

// copyRows is how many rows the copier holds before it copies them.
const copyRows = 16384

// copyOrder is the order the copier writes its tables in: referenced tables first.
var copyOrder = []string{"customers", "tickets", "events", "ticket_grams"}

type pgCopier struct {
	t *Tx
	// restore makes again what was dropped for the bulk write (deferIndexes); deferred says
	// whether that was decided.
	restore  []string
	deferred bool

	tables map[string]*pendingRows // by table
	rows   int                     // rows held, all tables
	row    []any                   // one row's values, reused (by the copy)
	seen   map[string]bool         // one ticket's grams, reused (by the copy)

	// The copy running in the background: its result, and the rows it copies.
	running  chan error
	inflight []*pendingRows
}

// pendingRows is one table's rows waiting to be copied: ncols values a row, in vals; spare is
// the buffer of the last copy, reused.
type pendingRows struct {
	name        string
	cols        []string
	vals, spare []any
}

func newPGCopier(t *Tx) *pgCopier {
	return &pgCopier{t: t, tables: map[string]*pendingRows{}, seen: map[string]bool{}}
}

var reInsertPrefix = regexp.MustCompile(`^INSERT INTO ([a-z_]+) \(([^)]*)\) VALUES $`)

// add takes the rows Bulk.insert would have inserted with prefix (INSERT INTO t (cols) VALUES).
func (c *pgCopier) add(prefix string, cols int, args []any) error {
	m := reInsertPrefix.FindStringSubmatch(prefix)
	if m == nil {
		return errs.E(errs.Internal, "bulk write %q has no COPY form", firstWords(prefix))
	}
	tb := c.tables[m[1]]
	if tb == nil {
		tb = &pendingRows{name: m[1], cols: strings.Split(m[2], ", ")}
		if len(tb.cols) != cols {
			return errs.E(errs.Internal, "bulk write %q: %d columns named, %d given", firstWords(prefix), len(tb.cols), cols)
		}
		c.tables[m[1]] = tb
	}
	tb.vals = append(tb.vals, args...)
	c.rows += len(args) / cols
	if c.rows >= copyRows {
		if !c.deferred {
			// A large write: into small tables, without their indexes (deferIndexes).
			c.deferred = true
			if err := c.wait(); err != nil {
				return err
			}
			var err error
			if c.restore, err = c.t.deferIndexes(copyOrder); err != nil {
				return err
			}
		}
		return c.flush()
	}
	return nil
}

// finish copies what is held and makes again the indexes and constraints dropped for the
// bulk write.
func (c *pgCopier) finish() error {
	if err := c.flush(); err != nil {
		return err
	}
	if err := c.wait(); err != nil {
		return err
	}
	err := c.t.restoreIndexes(c.restore)
	c.restore = nil
	return err
}

// flush starts copying every row held, table by table, once the copy before has ended.
func (c *pgCopier) flush() error {
	if err := c.wait(); err != nil {
		return err
	}
	order := slices.Clone(copyOrder)
	for name := range c.tables {
		if !slices.Contains(copyOrder, name) {
			order = append(order, name)
		}
	}
	var batch []*pendingRows
	for _, name := range order {
		tb := c.tables[name]
		if tb == nil || len(tb.vals) == 0 {
			continue
		}
		batch = append(batch, &pendingRows{name: tb.name, cols: tb.cols, vals: tb.vals})
		tb.vals, tb.spare = tb.spare[:0], nil
	}
	c.rows = 0
	if len(batch) == 0 {
		return nil
	}
	done := make(chan error, 1)
	c.running, c.inflight = done, batch
	go func() {
		var err error
		for _, p := range batch {
			if err = c.copy(p); err != nil {
				break
			}
		}
		done <- err
	}()
	return nil
}

// wait waits for the copy running in the background, if any, and returns its error.
func (c *pgCopier) wait() error {
	if c.running == nil {
		return nil
	}
	err := <-c.running
	for _, p := range c.inflight {
		c.tables[p.name].spare = p.vals
	}
	c.running, c.inflight = nil, nil
	return err
}

func (c *pgCopier) copy(tb *pendingRows) error {
	if tb == nil || len(tb.vals) == 0 {
		return nil
	}
	var src pgx.CopyFromSource = &valuesSource{vals: tb.vals, n: len(tb.cols), row: -1}
	if tb.name == "ticket_grams" {
		src = &gramSource{c: c, pairs: tb.vals, at: -2}
	}
	if c.t.trace != nil {
		c.trace(tb)
	}
	err := c.t.copyFrom(tb.name, tb.cols, src)
	clear(tb.vals) // no strings kept alive until the next batch
	tb.vals = tb.vals[:0]
	return errs.Wrap(err, "database write (COPY %s)", tb.name)
}

// trace records a copy as the INSERTs that do the same, so a replay of the trace by psql
// writes the same rows.
func (c *pgCopier) trace(tb *pendingRows) {
	vals := tb.vals
	if tb.name == "ticket_grams" {
		vals = nil
		for i := 0; i+1 < len(tb.vals); i += 2 {
			vals = append(vals, pgGramRows(tb.vals[i].(int64), tb.vals[i+1].(string))...)
		}
	}
	n := len(tb.cols)
	for len(vals) > 0 {
		k := min(len(vals), 1000*n)
		q := `INSERT INTO ` + tb.name + ` (` + strings.Join(tb.cols, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat("("+placeholders(n)+"), ", k/n), ", ")
		c.t.trace.stmt(q, vals[:k])
		vals = vals[k:]
	}
}

// copyFrom runs COPY table (cols) FROM STDIN with src's rows on the transaction's connection.
func (t *Tx) copyFrom(table string, cols []string, src pgx.CopyFromSource) error {
	if t.conn == nil {
		return errs.E(errs.Internal, "COPY %s outside a transaction of its own connection", table)
	}
	err := t.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return errs.E(errs.Internal, "COPY on a connection of another driver (%T)", dc)
		}
		_, err := sc.Conn().CopyFrom(t.ctx, pgx.Identifier{table}, cols, src)
		return err
	})
	if err != nil {
		t.note(err)
	}
	return err
}

// valuesSource hands out vals as rows of n values.
type valuesSource struct {
	vals []any
	n    int
	row  int
}

func (s *valuesSource) Next() bool {
	s.row++
	return (s.row+1)*s.n <= len(s.vals)
}

func (s *valuesSource) Values() ([]any, error) { return s.vals[s.row*s.n : (s.row+1)*s.n], nil }
func (s *valuesSource) Err() error             { return nil }

// gramSource hands out ticket_grams rows, (ticket id, gram) for every distinct gram of each
// (ticket id, grams) pair (search.Grams), as pgGramRows makes them.
type gramSource struct {
	c     *pgCopier
	pairs []any
	at    int      // the pair being split
	grams []string // its distinct grams
	i     int      // the one handed out
}

func (s *gramSource) Next() bool {
	s.i++
	for s.i >= len(s.grams) {
		s.at += 2
		if s.at+1 >= len(s.pairs) {
			return false
		}
		clear(s.c.seen)
		s.grams, s.i = s.grams[:0], 0
		for _, g := range strings.Fields(s.pairs[s.at+1].(string)) {
			if !s.c.seen[g] {
				s.c.seen[g] = true
				s.grams = append(s.grams, g)
			}
		}
	}
	return true
}

func (s *gramSource) Values() ([]any, error) {
	s.c.row = append(s.c.row[:0], s.pairs[s.at], s.grams[s.i])
	return s.c.row, nil
}

func (s *gramSource) Err() error { return nil }

// beginPG starts a transaction on a connection of its own, so that a COPY can run in it; the
// caller closes the connection after the transaction ends.
func beginPG(ctx context.Context, db *sql.DB, opts *sql.TxOptions) (*sql.Conn, *sql.Tx, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, tx, nil
}

// rowsSource hands out the rows of a query as COPY rows: the columns at keep of each.
type rowsSource struct {
	rows       *sql.Rows
	ptrs, vals []any
	keep       []int
	row        []any
	err        error
	n          int64
}

func (s *rowsSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		return false
	}
	if s.err = s.rows.Scan(s.ptrs...); s.err != nil {
		return false
	}
	s.row = s.row[:0]
	for _, i := range s.keep {
		s.row = append(s.row, s.vals[i])
	}
	s.n++
	return true
}

func (s *rowsSource) Values() ([]any, error) { return s.row, nil }
func (s *rowsSource) Err() error             { return s.err }

// deferBelow: a table holding fewer rows than this gets its rows from a bulk write (an import
// of more than copyRows rows, db copy, db restore) before its secondary indexes and foreign
// keys, which are made again afterwards in the same transaction. Building an index from all
// its rows at once is several times cheaper than inserting into it row by row, and checking a
// foreign key is one join instead of a lookup per row; for a table that already holds many
// rows the rebuild would cost more than it saves. The dropped objects are made again from
// their own definitions (pg_get_indexdef, pg_get_constraintdef), so the schema ends exactly as
// it was; a failure rolls the drops back with everything else. Meanwhile the transaction holds
// these tables exclusively (other kefu commands wait for the import, as writers always do).
const deferBelow = 100000

// deferIndexes drops the secondary indexes, the primary keys other than (id) and the foreign
// keys of those of tables that hold fewer than deferBelow rows, and returns the statements
// that make them again (restoreIndexes).
func (t *Tx) deferIndexes(tables []string) ([]string, error) {
	var drop, indexes, fks, locked []string
	for _, table := range tables {
		var n int
		if err := t.queryRow(`SELECT count(*) FROM (SELECT 1 FROM ` + table + ` LIMIT ` + strconv.Itoa(deferBelow) + `) x`).Scan(&n); err != nil {
			return nil, err
		}
		if n >= deferBelow {
			continue
		}
		// Constraints first: a constraint's index goes with it.
		rows, err := t.query(`SELECT k.conname, k.contype, pg_get_constraintdef(k.oid) FROM pg_constraint k
			WHERE k.conrelid = ?::regclass AND (k.contype = 'f' OR k.contype IN ('p', 'u')
				AND pg_get_constraintdef(k.oid) <> 'PRIMARY KEY (id)'
				AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid))
			ORDER BY k.conname`, table)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, typ, def string
			if err := rows.Scan(&name, &typ, &def); err != nil {
				rows.Close()
				return nil, err
			}
			drop = append(drop, `ALTER TABLE `+table+` DROP CONSTRAINT `+name)
			add := `ALTER TABLE ` + table + ` ADD CONSTRAINT ` + name + ` ` + def
			if typ == "f" {
				fks = append(fks, add)
			} else {
				indexes = append(indexes, add)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = t.query(`SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
			ORDER BY c.relname`, table)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				rows.Close()
				return nil, err
			}
			drop = append(drop, `DROP INDEX `+name)
			indexes = append(indexes, def)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		locked = append(locked, table)
	}
	if len(drop) == 0 {
		return nil, nil
	}
	// The tables are taken at once or not at all: waiting here for a reader that may wait for
	// one of them in turn could deadlock. While another command reads one of them, the rows go
	// in with the indexes in place.
	if _, err := t.exec(`SAVEPOINT kefu_defer`); err != nil {
		return nil, err
	}
	if _, err := t.exec(`LOCK TABLE ` + strings.Join(locked, ", ") + ` IN ACCESS EXCLUSIVE MODE NOWAIT`); err != nil {
		if !isPGCode(err, "55P03") {
			return nil, err
		}
		_, err = t.exec(`ROLLBACK TO SAVEPOINT kefu_defer`)
		return nil, err
	}
	if _, err := t.exec(`RELEASE SAVEPOINT kefu_defer`); err != nil {
		return nil, err
	}
	if _, err := t.exec(strings.Join(drop, ";\n")); err != nil {
		return nil, err
	}
	// Indexes before the foreign keys that may use them.
	return append(indexes, fks...), nil
}

// restoreIndexes makes again what deferIndexes dropped.
func (t *Tx) restoreIndexes(restore []string) error {
	if len(restore) == 0 {
		return nil
	}
	// Sorting a few million keys in memory rather than in temporary files; for this
	// transaction only.
	if _, err := t.exec(`SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		return err
	}
	for _, q := range restore {
		if _, err := t.exec(q); err != nil {
			return errs.Wrap(err, "remaking the indexes (%s)", firstWords(q))
		}
	}
	return nil
}
