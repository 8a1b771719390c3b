package store

import (
	"strconv"
)

// A large import into SQLite writes its tickets before their 19 secondary indexes: once it
// has written as many tickets as the table held (and at least BulkIndexRows), it drops the
// tickets' secondary indexes inside its transaction and makes them again from the rows before
// it commits. The indexes made again are the schema's own statements, in their order; a failed
// or interrupted import rolls back with the rest of its transaction.
//
// Measured at a million rows (CPU seconds of the whole import, one run each on a busy
// machine): every index in place 89.5 s, the tickets' deferred 85.1 s, the tickets' and the
// events' 94.7 s. Building an index reads the whole table back (from the WAL, where the page
// cache spilled it), once per index: the events are the widest table (every payload) and their
// four indexes take rows in the order they come (by entity and id, by action, actor and the
// one time of the import), so they stay. Customers keep theirs: the importer looks customers
// up by name meanwhile.

// BulkIndexRows is how many rows a bulk write writes into a table at least before it defers
// the table's indexes (a variable for tests).
var BulkIndexRows int64 = 20_000

// deferredIndexes is one table's part in deferring: its rows before the bulk write (its
// largest id), the first id the bulk write took, and, once dropped, the statements that make
// its indexes again.
type deferredIndexes struct {
	table     string
	before    int64
	first     int64
	dropped   bool
	restore   []string
	unchecked bool // SQLite only: set when the bulk write starts
}

func newDeferred(table string, next int64, sqlite bool) *deferredIndexes {
	return &deferredIndexes{table: table, before: next - 1, first: next, unchecked: sqlite}
}

// maybeDefer drops d's indexes when the bulk write, about to write the rows up to id next
// (excluded), has written enough of them.
func (b *Bulk) maybeDefer(d *deferredIndexes, next int64) error {
	if !d.unchecked {
		return nil
	}
	written := next - d.first
	if written < BulkIndexRows || written < d.before {
		return nil
	}
	d.unchecked = false
	// The reading goroutine's lookups (CustomersNamed, CustomerExists) run no statement while
	// the schema changes.
	b.mu.Lock()
	defer b.mu.Unlock()
	rows, err := b.t.query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
		AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY rowid`, d.table)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, d.restore = append(names, name), append(d.restore, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := b.t.exec(`DROP INDEX ` + strconv.Quote(name)); err != nil {
			return err
		}
	}
	d.dropped = true
	return nil
}

// restoreDeferred makes again the indexes maybeDefer dropped, sorting on both cores.
func (b *Bulk) restoreDeferred() error {
	var stmts []string
	for _, d := range []*deferredIndexes{b.ticketIndexes} {
		if d != nil && d.dropped {
			stmts = append(stmts, d.restore...)
			d.dropped, d.restore = false, nil
		}
	}
	if len(stmts) == 0 {
		return nil
	}
	if _, err := b.t.exec(`PRAGMA threads = 2`); err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := b.t.exec(q); err != nil {
			return err
		}
	}
	_, err := b.t.exec(`PRAGMA threads = 0`)
	return err
}
