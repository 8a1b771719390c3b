package main

import (
	"database/sql"
	"net/url"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/kefu/kefu/internal/storetest"
)

// pgAdmin opens the server of KEFU_TEST_PG, or skips t.
func pgAdmin(t testing.TB) (*sql.DB, *url.URL) { return storetest.Admin(t) }

// freshPG creates an empty database on the admin's server.
func freshPG(admin *sql.DB, base *url.URL) (string, func(), error) {
	return storetest.Fresh(admin, base)
}

// TestScriptsPG runs every story again, each on a database of its own on the PostgreSQL
// server of KEFU_TEST_PG; stories about the SQLite file itself say [pg] skip with the reason.
func TestScriptsPG(t *testing.T) {
	admin, base := pgAdmin(t)
	testscript.Run(t, scriptParams(func(env *testscript.Env) (string, error) {
		addr, drop, err := freshPG(admin, base)
		if err != nil {
			return "", err
		}
		env.Defer(drop)
		return addr, nil
	}))
}

// openPG opens a database of the test server for the test's own statements.
func openPG(t testing.TB, addr string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
