package main

import (
	"database/sql"

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
	db, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0])+"?_pragma=busy_timeout(5000)")
	if err != nil {
		ts.Fatalf("%v", err)
	}
	defer db.Close()
	for _, q := range args[1:] {
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
