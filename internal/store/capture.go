package store

import (
	"cmp"
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kefu/kefu/internal/errs"
)

// On SQLite a write transaction learns which tracked rows it touched from SQLite's pre-update
// hook on its connection, which sees every row written, by kefu's statements, by the schema's
// triggers and by foreign key actions alike. (Temporary triggers did the same, but creating
// 99 of them cost each writing process more than the rest of a ticket open.) PostgreSQL keeps
// its schema's triggers (pgCaptureTriggers).

// capture is the keys of the tracked rows a transaction changed, per table.
type capture struct {
	// keyCol is each tracked table's key column (its index in the row), -1 for the rowid.
	keyCol map[string]int
	keys   map[string]map[any]bool
	// added lists the keys in the order first noted, so a savepoint rolled back can take its
	// own out again.
	added []noted
	// inserted are the ids a bulk write inserts, noted by it as ranges instead of key by key
	// (bulk_capture.go).
	inserted map[string][]idRange
}

type noted struct {
	table string
	key   any
}

// preUpdater is the driver connection's hook registration (modernc.org/sqlite).
type preUpdater interface {
	RegisterPreUpdateHook(sqlite.PreUpdateHookFn)
}

func (c *capture) note(d sqlite.SQLitePreUpdateData) {
	if d.DatabaseName != "main" {
		return
	}
	col, ok := c.keyCol[d.TableName]
	if !ok {
		return
	}
	if col < 0 && d.Op == sqlite3.SQLITE_INSERT && c.bulkInserted(d.TableName, d.NewRowID) {
		return // noted already, with the bulk write's other rows
	}
	add := func(k any) { c.add(d.TableName, k) }
	key := func(row func(...any) error, rowid int64) any {
		if col < 0 {
			return rowid
		}
		vals := make([]any, col+1)
		if row(vals...) != nil {
			return nil
		}
		return vals[col]
	}
	if d.Op != sqlite3.SQLITE_INSERT {
		add(key(d.Old, d.OldRowID))
	}
	if d.Op != sqlite3.SQLITE_DELETE {
		add(key(d.New, d.NewRowID))
	}
}

func (c *capture) add(table string, k any) {
	if k == nil {
		return
	}
	if c.keys[table] == nil {
		c.keys[table] = map[any]bool{}
	}
	if !c.keys[table][k] {
		c.keys[table][k] = true
		c.added = append(c.added, noted{table, k})
	}
}

// mark and undo keep the keys in step with a savepoint that is rolled back: undo forgets
// the keys first noted after mark.
func (c *capture) mark() captureMark {
	return captureMark{keys: len(c.added), inserted: c.markInserted()}
}

func (c *capture) undo(mark captureMark) {
	for _, n := range c.added[mark.keys:] {
		delete(c.keys[n.table], n.key)
	}
	c.added = c.added[:mark.keys]
	c.undoInserted(mark.inserted)
}

// clear forgets every key, once they are recorded.
func (c *capture) clear() {
	c.keys, c.added, c.inserted = map[string]map[any]bool{}, nil, nil
}

// sortedKeys is the keys of one table in SQLite's order: numbers before text.
func sortedKeys(ks map[any]bool) []any {
	out := slices.Collect(maps.Keys(ks))
	slices.SortFunc(out, func(a, b any) int {
		ai, aInt := a.(int64)
		bi, bInt := b.(int64)
		switch {
		case aInt && bInt:
			return cmp.Compare(ai, bi)
		case aInt:
			return -1
		case bInt:
			return 1
		}
		as, _ := a.(string)
		bs, _ := b.(string)
		return strings.Compare(as, bs)
	})
	return out
}

// captureKeyCols finds each tracked table's key column, once per database: the rowid for an
// integer primary key, else the column's position.
// Writers on several goroutines may ask at once: keyColsMu guards the field, held while it is
// read so the schema is asked once.
func (db *DB) captureKeyCols(ctx context.Context, conn *sql.Conn) (map[string]int, error) {
	db.keyColsMu.Lock()
	defer db.keyColsMu.Unlock()
	if db.keyCols != nil {
		return db.keyCols, nil
	}
	cols := map[string]int{}
	var parts []string
	var args []any
	for _, tb := range tracked {
		if tb.Key == "id" || tb.Key == "rowid" {
			cols[tb.Table] = -1 // every id key is an INTEGER PRIMARY KEY: the rowid
			continue
		}
		// The columns of these tables only: a join of sqlite_master with pragma_table_info
		// read the columns of all 48 tables (1.3 ms of every write command).
		parts = append(parts, `SELECT ?, cid FROM pragma_table_info(?) WHERE name = ?`)
		args = append(args, tb.Table, tb.Table, tb.Key)
	}
	if len(parts) > 0 {
		rows, err := conn.QueryContext(ctx, strings.Join(parts, ` UNION ALL `), args...)
		if err != nil {
			return nil, errs.Wrap(err, "preparing the row history")
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var cid int
			if err := rows.Scan(&name, &cid); err != nil {
				return nil, errs.Wrap(err, "preparing the row history")
			}
			cols[name] = cid
		}
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(err, "preparing the row history")
		}
	}
	db.keyCols = cols
	return cols, nil
}

// beginCapture registers the hook on conn for the transaction about to begin there; the
// returned function removes it.
func (db *DB) beginCapture(ctx context.Context, conn *sql.Conn) (*capture, func(), error) {
	cols, err := db.captureKeyCols(ctx, conn)
	if err != nil {
		return nil, nil, err
	}
	c := &capture{keyCol: cols, keys: map[string]map[any]bool{}}
	hook := func(fn sqlite.PreUpdateHookFn) error {
		return conn.Raw(func(dc any) error {
			p, ok := dc.(preUpdater)
			if !ok {
				return errs.E(errs.Internal, "the SQLite driver cannot report written rows")
			}
			p.RegisterPreUpdateHook(fn)
			return nil
		})
	}
	if err := hook(c.note); err != nil {
		return nil, nil, err
	}
	return c, func() { hook(nil) }, nil
}
