package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/rogpeppe/go-internal/testscript"
)

// PGEnv names the PostgreSQL server the tests may use: an address whose user may create
// databases (.ci/run starts a throwaway server and sets it). Without it, the PostgreSQL runs
// are skipped.
const PGEnv = "KEFU_TEST_PG"

var pgSeq atomic.Int64

// pgAdmin opens the server of KEFU_TEST_PG, or skips t.
func pgAdmin(t testing.TB) (*sql.DB, *url.URL) {
	addr := os.Getenv(PGEnv)
	if addr == "" {
		t.Skipf("PostgreSQL skipped: set %s=postgres://USER@HOST:PORT/postgres to run on it too", PGEnv)
	}
	u, err := url.Parse(addr)
	if err != nil {
		t.Fatalf("%s: %v", PGEnv, err)
	}
	db, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, u
}

// freshPG creates an empty database on the admin's server and returns its address; drop
// removes it.
func freshPG(admin *sql.DB, base *url.URL) (addr string, drop func(), err error) {
	name := fmt.Sprintf("kefu_t_%d_%d", os.Getpid(), pgSeq.Add(1))
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", nil, err
	}
	u := *base
	u.Path = "/" + name
	return u.String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	}, nil
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
