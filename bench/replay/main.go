// Command replay runs a kefu SQL trace (KEFU_TRACE_SQL: one statement a line) against a SQLite
// file through modernc.org/sqlite, the driver kefu is built on, reading every row of every
// query and doing nothing else:
//
//	replay kefu.db trace.sql
//
// bench/run times it beside the sqlite3 shell's replay of the same trace: the shell is SQLite's
// own C, this is the same engine as kefu runs it (C translated to Go) in a process that links
// nothing else, so kefu's time over this replay is what kefu itself adds, and this replay over
// the shell's is the driver's part.
package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: replay FILE.db TRACE.sql")
		os.Exit(2)
	}
	if err := replay(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
}

func replay(dbPath, tracePath string) error {
	f, err := os.Open(tracePath)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection, as the shell: BEGIN and COMMIT span the statements
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	rows := 0
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		n, err := run(db, q)
		if err != nil {
			return fmt.Errorf("%.80s: %w", q, err)
		}
		rows += n
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Println(rows, "rows")
	return nil
}

// run executes one statement and reads every row it returns.
func run(db *sql.DB, q string) (int, error) {
	r, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	cols, err := r.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for r.Next() {
		if err := r.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, r.Err()
}
