package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// makeOld writes a database as kefu version `version` of the schema left it.
func makeOld(t *testing.T, path string, version int) {
	t.Helper()
	raw, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for i := 0; i < version; i++ {
		if _, err := raw.Exec(migrations()[i]); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", ApplicationID, version)); err != nil {
		t.Fatal(err)
	}
}

// A database made by each older kefu, upgraded in place, ends with the same schema as a new one.
func TestMigrationsMatchSchema(t *testing.T) {
	ctx := context.Background()
	fresh, _, err := Open(ctx, filepath.Join(t.TempDir(), "fresh.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	want, err := fresh.SchemaDump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for from := 1; from < Version(); from++ {
		t.Run(fmt.Sprintf("from v%d", from), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			makeOld(t, path, from)
			db, created, err := Open(ctx, path, false)
			if err != nil {
				t.Fatalf("upgrading from v%d: %v", from, err)
			}
			defer db.Close()
			if created {
				t.Fatal("an existing file was reported as created")
			}
			got, err := db.SchemaDump(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("schema after upgrading from v%d differs from schema.sql:\ngot:\n%s\nwant:\n%s", from, got, want)
			}
			var v int
			if err := db.sql.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != Version() {
				t.Errorf("user_version = %d, %v; want %d", v, err, Version())
			}
		})
	}
}
