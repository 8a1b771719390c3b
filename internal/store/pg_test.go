package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/storetest"
)

// reSQLiteOnly finds what a migration cannot run on PostgreSQL unchanged.
var reSQLiteOnly = regexp.MustCompile(`(?i)\bINTEGER\b|\bBLOB\b|CREATE\s+(TEMP\s+)?TRIGGER|VIRTUAL\s+TABLE|PRAGMA|WITHOUT\s+ROWID|AUTOINCREMENT|INSERT\s+OR\s+|\browid\b`)

// Every SQLite migration after PostgreSQL's baseline either has a twin in pgschema/migrations
// or is portable SQL (pgschema/migrations/README).
func TestPGMigrationsPortable(t *testing.T) {
	if len(migrationNames) < pgBaseline {
		t.Fatalf("%d migrations, fewer than the PostgreSQL baseline %d", len(migrationNames), pgBaseline)
	}
	for _, name := range migrationNames[pgBaseline:] {
		if _, err := pgFiles.ReadFile("pgschema/migrations/" + name); err == nil {
			continue
		}
		b, _ := migrationFiles.ReadFile("migrations/" + name)
		sql := regexp.MustCompile(`(?m)--.*$`).ReplaceAllString(string(b), "")
		if m := reSQLiteOnly.FindString(sql); m != "" {
			t.Errorf("migration %s uses %q, which PostgreSQL does not run: add its twin as internal/store/pgschema/migrations/%s", name, m, name)
		}
	}
	entries, _ := pgFiles.ReadDir("pgschema/migrations")
	for _, e := range entries {
		if e.Name() != "README" && !slices.Contains(migrationNames, e.Name()) {
			t.Errorf("pgschema/migrations/%s is the twin of no SQLite migration", e.Name())
		}
	}
}

func TestTranslatePG(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT ?1, ?2, ?1`, `SELECT $1, $2, $1`},
		{`WHERE at >= ?1 AND at < ?2 AND team = ?`, `WHERE at >= $1 AND at < $2 AND team = $3`},
		{`SELECT '?' FROM t WHERE x = ?`, `SELECT '?' FROM t WHERE x = $1`},
		{`INSERT OR IGNORE INTO t (a) VALUES (?)`, `INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING`},
		{`INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING id`, `INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id`},
		{`SELECT json_extract(e.payload, '$.changes.status.new') FROM events e`, `SELECT (e.payload::jsonb #>> '{changes,status,new}') FROM events e`},
		{`WHERE instr(lower(t.subject || char(10) || t.body), ?) > 0`, `WHERE strpos(lower(t.subject || chr(10) || t.body), $1) > 0`},
		{`SELECT k FROM temp.kefu_dirty JOIN main.tickets`, `SELECT k FROM pg_temp.kefu_dirty JOIN tickets`},
		{`SELECT id FROM tickets INDEXED BY tickets_status WHERE status = ?`, `SELECT id FROM tickets WHERE status = $1`},
	} {
		if got := translatePG(c.in); got != c.want {
			t.Errorf("translatePG(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// The two engines' schemas have the same tables with the same columns in the same order: the
// row history records rows column by column, and db copy moves them by name.
func TestPGSchemaMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	admin, base := storetest.Admin(t)
	addr, drop, err := storetest.Fresh(admin, base)
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	pg, _, err := Open(ctx, addr, true)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, _, err := Open(ctx, t.TempDir()+"/kefu.db", true)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	columns := func(db *DB) string {
		var b strings.Builder
		err := db.View(ctx, now, func(tx *Tx) error {
			for _, table := range append(dataTables(), "ticket_grams") {
				cols, err := tx.columns(table)
				if err != nil {
					return err
				}
				fmt.Fprintf(&b, "%s:", table)
				for _, c := range cols {
					fmt.Fprintf(&b, " %s=%s", c.name, c.dflt)
				}
				b.WriteString("\n")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if l, p := columns(lite), columns(pg); l != p {
		t.Errorf("the schemas differ:\nSQLite:\n%s\nPostgreSQL:\n%s", l, p)
	}
}
