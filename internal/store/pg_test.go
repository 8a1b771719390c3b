package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

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
		{`SELECT k FROM kefu_dirty JOIN main.tickets`, `SELECT k FROM kefu_dirty JOIN tickets`},
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
	pg, _ := freshPG(t)
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

// On PostgreSQL the trigger check reads the catalog's fields, not pg_get_triggerdef's text:
// a fresh schema checks clean, and each way of changing a trigger outside kefu is named — a
// WHEN clause, other events, a column list, arguments, another function, disabled, dropped,
// or a trigger of someone else's.
func TestPGTriggerCheck(t *testing.T) {
	ctx := context.Background()
	db, addr := freshPG(t)
	raw, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	check := func() []string {
		t.Helper()
		var problems []string
		err := db.View(ctx, now, func(tx *Tx) error {
			var err error
			problems, err = tx.CheckTriggers()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return problems
	}
	if p := check(); len(p) > 0 {
		t.Fatalf("a fresh schema: %q", p)
	}
	const guard = `FOR EACH ROW EXECUTE FUNCTION kefu_events_guard()`
	tests := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"when", []string{`CREATE OR REPLACE TRIGGER events_no_update BEFORE UPDATE ON events ` + strings.Replace(guard, "EXECUTE", "WHEN (OLD.id < 0) EXECUTE", 1)},
			"trigger events_no_update differs from the one kefu ships (changed outside kefu)"},
		{"events", []string{`CREATE OR REPLACE TRIGGER events_no_update BEFORE UPDATE OR INSERT ON events ` + guard},
			"trigger events_no_update differs"},
		{"columns", []string{`CREATE OR REPLACE TRIGGER events_no_update BEFORE UPDATE OF actor ON events ` + guard},
			"trigger events_no_update differs"},
		{"arguments", []string{`CREATE OR REPLACE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION kefu_events_guard('x')`},
			"trigger events_no_update differs"},
		{"function", []string{`CREATE OR REPLACE TRIGGER kefu_rows_tickets_upd AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kefu_rows_messages()`},
			"trigger kefu_rows_tickets_upd differs"},
		{"statement level", []string{`CREATE OR REPLACE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH STATEMENT EXECUTE FUNCTION kefu_events_guard()`},
			"trigger events_no_delete differs"},
		{"disabled", []string{`ALTER TABLE tickets DISABLE TRIGGER kefu_rows_tickets_ins`},
			"trigger kefu_rows_tickets_ins differs"},
		{"dropped", []string{`DROP TRIGGER kefu_id_tickets ON tickets`},
			"trigger kefu_id_tickets is missing (dropped outside kefu)"},
		{"added", []string{`CREATE TRIGGER sneaky BEFORE INSERT ON score_entries ` + strings.Replace(guard, "kefu_events_guard", "kefu_next_id", 1)},
			"trigger sneaky is not kefu's (added outside kefu)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := raw.Begin()
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.stmts {
				if _, err := tx.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			p := check()
			if len(p) != 1 || !strings.HasPrefix(p[0], tt.want) {
				t.Errorf("got %q, want one problem %q", p, tt.want)
			}
			// Put kefu's triggers back as it ships them (an upgrade does the same).
			if _, err := raw.Exec(`DROP TRIGGER IF EXISTS sneaky ON score_entries`); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`ALTER TABLE tickets ENABLE TRIGGER kefu_rows_tickets_ins`); err != nil {
				t.Fatal(err)
			}
			ptx, err := raw.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer ptx.Rollback()
			if err := pgCaptureTriggers(ctx, ptx); err != nil {
				t.Fatal(err)
			}
			if err := ptx.Commit(); err != nil {
				t.Fatal(err)
			}
			if p := check(); len(p) > 0 {
				t.Fatalf("triggers put back: %q", p)
			}
		})
	}
}

// A deadlock or serialization failure once the command's work has started fails the command
// whole; the work is not run a second time (an import has read its file, a mail has gone).
func TestPGNoRerunAfterStart(t *testing.T) {
	ctx := context.Background()
	db, _ := freshPG(t)
	for _, code := range []string{"40001", "40P01"} {
		runs := 0
		err := db.Update(ctx, now, func(tx *Tx) error {
			runs++
			if err := tx.SetState("probe", code); err != nil {
				return err
			}
			_, err := tx.exec(`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '` + code + `'; END $$`)
			return err
		})
		if err == nil || runs != 1 {
			t.Errorf("%s: %d runs, err %v; want one run and the error", code, runs, err)
		}
		var v string
		if err := db.View(ctx, now, func(tx *Tx) error { v, err = tx.State("probe"); return err }); err != nil || v != "" {
			t.Errorf("%s: state %q (%v) after the failed write, want nothing written", code, v, err)
		}
	}
}

// freshPG is kefu's schema in a new database of its own on the test server (skipping t without
// one), closed and dropped when t ends; addr is its address.
func freshPG(t *testing.T) (db *DB, addr string) {
	t.Helper()
	admin, base := storetest.Admin(t)
	addr, drop, err := storetest.Fresh(admin, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	db, _, err = Open(context.Background(), addr, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, addr
}

// A refusal of the start-up setting jit, by an engine without it or by a pooler in front of the
// server, makes kefu connect again without it; any other failure to connect is reported.
func TestJitRefused(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Severity: "FATAL", Code: "42704", Message: `unrecognized configuration parameter "jit"`}, true},
		{&pgconn.PgError{Severity: "FATAL", Code: "08P01", Message: "unsupported startup parameter: jit"}, true},
		{fmt.Errorf("failed to connect: %w", &pgconn.PgError{Code: "08P01", Message: "unsupported startup parameter: jit"}), true},
		{&pgconn.PgError{Severity: "FATAL", Code: "08P01", Message: "unsupported startup parameter: search_path"}, false},
		{&pgconn.PgError{Severity: "FATAL", Code: "08P01", Message: "invalid packet"}, false},
		{&pgconn.PgError{Severity: "FATAL", Code: "28P01", Message: "password authentication failed"}, false},
		{errors.New("dial tcp: connection refused"), false},
	} {
		if got := jitRefused(c.err); got != c.want {
			t.Errorf("jitRefused(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// A setting of the address that a pooler refuses is named in the one line kefu prints, with
// what to do instead; search_path, which kefu needs to find its schema, is never dropped.
func TestPoolerRefusesSetting(t *testing.T) {
	target, err := parsePG("postgres://kefu:secret@db.example:6432/team?search_path=kefu")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"search_path":       "ALTER ROLE kefu SET search_path = SCHEMA",
		"statement_timeout": "refuses the setting statement_timeout of the address, as a pooler such as PgBouncer does; leave it out of the address",
	} {
		err := target.serverErr(&pgconn.PgError{Severity: "FATAL", Code: "08P01", Message: "unsupported startup parameter: " + name})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "db.example:6432") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: %v, want the host and %q", name, err, want)
		}
	}
}
