package main

import (
	"database/sql"
	"regexp"

	"github.com/kefu/kefu/internal/store"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdSQL changes a database file behind kefu's back, as someone holding only the file (or
// the sqlite3 shell) could:
//
//	sql FILE STATEMENT...   run each statement in order
func cmdSQL(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: sql FILE STATEMENT...")
	}
	driver, name := "sqlite", "file:"+ts.MkAbs(args[0])+"?_pragma=busy_timeout(5000)"
	pg := args[0] == "kefu.db" && store.IsPostgres(ts.Getenv("KEFU_DB"))
	if pg {
		// The story's database is on the PostgreSQL server (TestScriptsPG).
		driver, name = "pgx", ts.Getenv("KEFU_DB")
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	defer db.Close()
	for _, q := range args[1:] {
		if pg {
			q = pgStatement(q)
		}
		_, err := db.Exec(q)
		switch {
		case err != nil && !neg:
			ts.Fatalf("%s: %v", q, err)
		case err != nil:
			ts.Logf("%s: %v", q, err)
			return
		}
	}
	if neg {
		ts.Fatalf("the statements succeeded")
	}
}

var (
	reDropTrigger   = regexp.MustCompile(`^DROP TRIGGER (events_no_[a-z]+)$`)
	reCreateTrigger = regexp.MustCompile(`^CREATE TRIGGER (events_no_[a-z]+) BEFORE (DELETE|UPDATE) ON events .*END$`)
)

// pgStatement is a story's SQLite statement about the history's guard triggers as PostgreSQL
// spells it; other statements are the same on both.
func pgStatement(q string) string {
	if m := reDropTrigger.FindStringSubmatch(q); m != nil {
		return "DROP TRIGGER " + m[1] + " ON events"
	}
	if m := reCreateTrigger.FindStringSubmatch(q); m != nil {
		return "CREATE TRIGGER " + m[1] + " BEFORE " + m[2] + " ON events FOR EACH ROW EXECUTE FUNCTION kefu_events_guard()"
	}
	return q
}
