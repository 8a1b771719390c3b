package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	kefu "github.com/kefu/kefu"
	"github.com/kefu/kefu/internal/errs"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// rebuildsTables names (by file, so a gap in the numbering changes nothing) the migrations that
// rebuild a table other tables reference: SQLite cannot change a CHECK constraint in place. They
// run with foreign key enforcement off, as SQLite's procedure for such changes requires, and the
// foreign keys are checked before the commit.
var rebuildsTables = map[string]bool{"0011_rota_fines.sql": true}

// migrationNames are the migrations' file names, in order (embed.FS lists a directory sorted).
var migrationNames = func() []string {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}()

// migrations are the upgrade steps; migrations()[i] takes a database from version i to i+1.
// They are read when a database needs one, not at every start (a copy of every file).
var migrations = sync.OnceValue(func() []string {
	out := make([]string, len(migrationNames))
	for i, n := range migrationNames {
		b, err := migrationFiles.ReadFile("migrations/" + n)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
})

// Version is the schema version this kefu writes.
func Version() int { return len(migrationNames) }

// migrate checks the file is kefu's and brings its schema to Version. A new file gets schema.sql.
func (db *DB) migrate(ctx context.Context, fresh bool) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return db.openErr(err)
	}
	defer conn.Close()
	// Read before taking the write lock: a current database needs no lock at all.
	appID, version, err := header(ctx, conn)
	if err != nil {
		return db.openErr(err)
	}
	if err := db.checkHeader(ctx, conn, appID, version, fresh); err != nil {
		return err
	}
	if version == Version() {
		return nil
	}
	// A rebuild needs foreign keys off, which a transaction cannot change: set before it.
	rebuild := false
	for _, n := range migrationNames[version:] {
		rebuild = rebuild || version > 0 && rebuildsTables[n]
	}
	if rebuild {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return db.openErr(err)
		}
		defer conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return db.openErr(err)
	}
	commit := false
	defer func() {
		if !commit {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	// Another process may have migrated while we waited for the lock.
	appID, version, err = header(ctx, conn)
	if err != nil {
		return db.openErr(err)
	}
	if err := db.checkHeader(ctx, conn, appID, version, fresh); err != nil {
		return err
	}
	steps := migrations()[version:]
	if version == 0 {
		steps = []string{kefu.Schema}
	}
	for i, step := range steps {
		if _, err := conn.ExecContext(ctx, step); err != nil {
			return errs.Wrap(err, "upgrading %s to schema version %d", db.Path, version+i+1)
		}
		// A new file is made from schema.sql and seeded by init: no data to rewrite.
		if hook := migrationHooks[version+i+1]; hook != nil && version != 0 {
			notices, err := hook(ctx, conn)
			if err != nil {
				return errs.Wrap(err, "upgrading %s to schema version %d", db.Path, version+i+1)
			}
			db.Notices = append(db.Notices, notices...)
		}
	}
	if rebuild {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&n); err != nil {
			return errs.Wrap(err, "upgrading %s: checking foreign keys", db.Path)
		}
		if n > 0 {
			return errs.Wrap(fmt.Errorf("%d foreign key violations", n), "upgrading %s", db.Path)
		}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", ApplicationID, Version())); err != nil {
		return errs.Wrap(err, "upgrading %s", db.Path)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return errs.Wrap(err, "upgrading %s", db.Path)
	}
	commit = true
	return nil
}

func header(ctx context.Context, conn *sql.Conn) (appID, version int, err error) {
	if err = conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return
	}
	err = conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	return
}

func (db *DB) checkHeader(ctx context.Context, conn *sql.Conn, appID, version int, fresh bool) error {
	if appID == 0 && version == 0 {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return db.openErr(err)
		}
		if n == 0 && fresh {
			return nil
		}
		if n == 0 {
			return errs.Wrap(fmt.Errorf("empty SQLite file"), "%s is not a kefu database", db.Path)
		}
		// Empty when its header was read, tables now: another kefu created it in between (two
		// leads running init at once); its header says whose it is.
		if a, v, err := header(ctx, conn); err == nil && a != 0 {
			appID, version = a, v
		}
	}
	if appID != ApplicationID {
		return errs.Wrap(fmt.Errorf("application_id %#x", appID), "%s is a SQLite database but not kefu's", db.Path)
	}
	if version > Version() {
		return errs.Wrap(fmt.Errorf("schema version %d, this kefu knows up to %d", version, Version()),
			"%s was written by a newer kefu; upgrade kefu to use it", db.Path)
	}
	return nil
}

// SchemaDump describes the schema structurally (tables with their columns, indexes and
// triggers with their SQL), for tests that compare a migrated database with a fresh one:
// ALTER TABLE rewrites a table's stored SQL, so the text of CREATE TABLE cannot be compared.
func (db *DB) SchemaDump(ctx context.Context) (string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT type, name, coalesce(sql, '') FROM sqlite_master
		WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
	if err != nil {
		return "", err
	}
	type object struct{ typ, name, sql string }
	var objs []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.typ, &o.name, &o.sql); err != nil {
			rows.Close()
			return "", err
		}
		objs = append(objs, o)
	}
	rows.Close()
	var b strings.Builder
	for _, o := range objs {
		if o.typ != "table" || strings.HasPrefix(strings.ToUpper(o.sql), "CREATE VIRTUAL") {
			fmt.Fprintf(&b, "%s %s: %s\n", o.typ, o.name, strings.Join(strings.Fields(o.sql), " "))
			continue
		}
		cols, err := db.sql.QueryContext(ctx, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info(?)`, o.name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "table %s:", o.name)
		for cols.Next() {
			var name, typ, dflt string
			var notnull, pk int
			if err := cols.Scan(&name, &typ, &notnull, &dflt, &pk); err != nil {
				cols.Close()
				return "", err
			}
			fmt.Fprintf(&b, " %s %s notnull=%d default=%s pk=%d;", name, typ, notnull, dflt, pk)
		}
		cols.Close()
		b.WriteString("\n")
	}
	return b.String(), nil
}
