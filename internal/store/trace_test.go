package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/ticket"
)

func TestInlineSQL(t *testing.T) {
	tests := []struct {
		q    string
		args []any
		want string
	}{
		{"SELECT 1", nil, "SELECT 1"},
		{"SELECT  a,\n\t\tb FROM t\n\tWHERE x = ?", []any{int64(7)}, "SELECT a, b FROM t WHERE x = 7"},
		{"INSERT INTO t VALUES (?, ?, ?, ?)", []any{nil, "它's", 1.5, []byte{0xde, 0xad}},
			"INSERT INTO t VALUES (NULL, '它''s', 1.5, X'dead')"},
		{"SELECT ?2, ?1, ?2", []any{int64(1), "b"}, "SELECT 'b', 1, 'b'"},
		// A bare ? after ?NNN takes the next number after the largest so far.
		{"SELECT ?2, ?", []any{1, 2, 3}, "SELECT 2, 3"},
		// Text inside quotes is kept: white space, a question mark, a comment marker.
		{"SELECT 'a  ?\n--b', \"c  d\" FROM t -- why\nWHERE 1", nil, "SELECT 'a  ?\n--b', \"c  d\" FROM t WHERE 1"},
		{"SELECT 'it''s ?', ?", []any{"x"}, "SELECT 'it''s ?', 'x'"},
		// Control characters in a value are spliced in, so the statement stays on one line.
		{"INSERT INTO t VALUES (?)", []any{"第一行\n'第二行'\t"}, "INSERT INTO t VALUES (('第一行' || char(10) || '''第二行''' || char(9) || ''))"},
		{"SELECT ?", []any{true}, "SELECT 1"},
		{"SELECT ?", []any{2.0}, "SELECT 2.0"},
		{"SELECT ?", []any{sql.NullInt64{Int64: 3, Valid: true}}, "SELECT 3"},
		{"SELECT ?", []any{sql.NullString{}}, "SELECT NULL"},
		{"SELECT 1;", nil, "SELECT 1"},
	}
	for _, tt := range tests {
		if got := inlineSQL(tt.q, tt.args); got != tt.want {
			t.Errorf("inlineSQL(%q, %v)\n got %s\nwant %s", tt.q, tt.args, got, tt.want)
		}
	}
}

// TestTraceReplays records a write transaction and reads on one database, replays the trace
// on a copy of that database as it was before, and finds the same rows: the trace is the work,
// with its arguments, one statement a line.
func TestTraceReplays(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kefu.db")
	db, _, err := Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	db.Close() // the last connection to close checkpoints the WAL into the file
	// The copy is the database before the traced work.
	copyPath := filepath.Join(dir, "copy.db")
	copyFile(t, path, copyPath)
	if db, _, err = Open(context.Background(), path, false); err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	var trace bytes.Buffer
	db.SetTrace(&trace)
	err = db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		c, err := tx.InsertCustomer(customer.Customer{Name: "O'Brien 刘", Phone: "13812341234"})
		if err != nil {
			return err
		}
		tk := ticket.Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: ticket.Open,
			Subject: "退款 'quoted' ?", Body: "第一行\n第二行\t-- not a comment", CustomerID: c.ID,
			OpenedAt: ticketNow, ResolutionStart: ticketNow, FirstResponseDue: ticketNow.Add(4 * 3600e9)}
		if err := tx.InsertTicket(&tk); err != nil {
			return err
		}
		return tx.AppendEvent("王芳", "ticket", tk.ID, "opened", map[string]any{"subject": tk.Subject, "n": 1.5})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, db, ticketNow, TicketFilter{Search: "退款", Overdue: true, Sort: "due"}); len(got) != 0 {
		t.Fatalf("overdue search = %v, want none", got)
	}
	db.SetTrace(nil)

	lines := strings.Split(strings.TrimSuffix(trace.String(), "\n"), "\n")
	for _, want := range []string{"PRAGMA foreign_keys = ON;", "BEGIN IMMEDIATE;", "COMMIT;", "BEGIN;", "ROLLBACK;"} {
		if !contains(lines, want) {
			t.Errorf("trace has no line %q:\n%s", want, trace.String())
		}
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, ";") {
			t.Errorf("trace line does not end in ';': %q", l)
		}
		if strings.Contains(l, "?") && !strings.Contains(l, "quoted") {
			t.Errorf("trace line has a placeholder left: %q", l)
		}
	}

	raw := rawSQL(t, copyPath)
	for _, l := range lines {
		if _, err := raw.Exec(l); err != nil {
			t.Fatalf("replaying %q: %v", l, err)
		}
	}
	if a, b := dumpRows(t, db.sql, `SELECT * FROM tickets`), dumpRows(t, raw, `SELECT * FROM tickets`); a != b {
		t.Errorf("tickets after replay differ:\n%s\n%s", a, b)
	}
	if a, b := dumpRows(t, db.sql, `SELECT * FROM events`), dumpRows(t, raw, `SELECT * FROM events`); a != b {
		t.Errorf("events after replay differ:\n%s\n%s", a, b)
	}
	if a, b := dumpRows(t, db.sql, `SELECT rowid FROM ticket_grams WHERE ticket_grams MATCH '"退款"'`), dumpRows(t, raw, `SELECT rowid FROM ticket_grams WHERE ticket_grams MATCH '"退款"'`); a != b || a == "" {
		t.Errorf("search index after replay differs: %q vs %q", a, b)
	}
}

// TestTraceEnv turns the trace on with KEFU_TRACE_SQL: a file, private, appended to.
func TestTraceEnv(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "trace.sql")
	t.Setenv(TraceEnv, out)
	path := filepath.Join(dir, "kefu.db")
	for i := 0; i < 2; i++ {
		db, _, err := Open(context.Background(), path, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := staffCount(db); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("trace file mode %v, want 0600 (it holds customers' data)", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	if n := strings.Count(string(b), "SELECT count(*) FROM staff;"); n != 2 {
		t.Errorf("trace has the query %d times, want 2 (appended by each run):\n%s", n, b)
	}

	t.Setenv(TraceEnv, filepath.Join(dir, "missing", "trace.sql"))
	if _, _, err := Open(context.Background(), path, false); err == nil || !strings.Contains(err.Error(), TraceEnv) {
		t.Errorf("Open with an unwritable trace: %v, want an error naming %s", err, TraceEnv)
	}
}

// staffCount runs one read through the store, as a command would.
func staffCount(db *DB) (int, error) {
	var n int
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		var err error
		n, err = tx.StaffCount()
		return err
	})
	return n, err
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

func dumpRows(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	w := bufio.NewWriter(&b)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			w.WriteString(literal(v))
			w.WriteByte('|')
		}
		w.WriteByte('\n')
	}
	w.Flush()
	return b.String()
}
