// Package storetest gives tests a fresh, empty database of the engine under test: a SQLite
// file, or a database of its own on the PostgreSQL server the tests may use.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver for the tests' own statements
)

// PGEnv names the PostgreSQL server tests may use: an address whose user may create
// databases (.ci/run starts a throwaway server and sets it).
const PGEnv = "KEFU_TEST_PG"

// EngineEnv set to "pg" (with PGEnv) makes Address hand out PostgreSQL databases, so the
// store's and core's tests run on PostgreSQL (.ci/run runs them once on each engine).
const EngineEnv = "KEFU_TEST_ENGINE"

var seq atomic.Int64

// OnPG reports whether Address hands out PostgreSQL databases.
func OnPG() bool { return os.Getenv(EngineEnv) == "pg" && os.Getenv(PGEnv) != "" }

// Address is a new, empty database for t: the file kefu.db in a temporary directory, or, on
// PostgreSQL (OnPG), a database of its own on the server, dropped when t ends.
func Address(t testing.TB) string {
	t.Helper()
	if !OnPG() {
		return filepath.Join(t.TempDir(), "kefu.db")
	}
	admin, base := Admin(t)
	addr, drop, err := Fresh(admin, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return addr
}

// Admin opens the server of KEFU_TEST_PG, or skips t (saying so).
func Admin(t testing.TB) (*sql.DB, *url.URL) {
	t.Helper()
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

// Fresh creates an empty database on the admin's server and returns its address; drop
// removes it.
func Fresh(admin *sql.DB, base *url.URL) (addr string, drop func(), err error) {
	name := fmt.Sprintf("kefu_t_%d_%d", os.Getpid(), seq.Add(1))
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
