package store

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
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
// (a ticket refers to its customer). ticket_grams' rows arrive as (ticket id, grams) pairs and
// are split here into one row per distinct gram, without a Go value per gram.

// copyRows is how many rows the copier holds before it copies them.
const copyRows = 16384

// copyOrder is the order the copier writes its tables in: referenced tables first.
var copyOrder = []string{"customers", "tickets", "events", "ticket_grams"}

type pgCopier struct {
	t      *Tx
	tables map[string]*pendingRows // by table
	rows   int                     // rows held, all tables
	row    []any                   // one row's values, reused
	seen   map[string]bool         // one ticket's grams, reused
}

// pendingRows is one table's rows waiting to be copied: ncols values a row, in vals.
type pendingRows struct {
	name string
	cols []string
	vals []any
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
		return c.flush()
	}
	return nil
}

// flush copies every row held, table by table.
func (c *pgCopier) flush() error {
	for _, name := range copyOrder {
		if err := c.copy(c.tables[name]); err != nil {
			return err
		}
	}
	for name, tb := range c.tables {
		if !slices.Contains(copyOrder, name) {
			if err := c.copy(tb); err != nil {
				return err
			}
		}
	}
	c.rows = 0
	return nil
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
