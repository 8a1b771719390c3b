package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const interrupted = "kefu: interrupted: the unfinished work was rolled back"

// Ctrl-C (SIGINT) or SIGTERM during kefu demo stops it at the next safe point: the transaction
// rolls back, the temporary database beside the target is removed, kefu says so in one line
// and exits 130, and nothing is left at the target to block a rerun.
func TestInterruptDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kefu demo; skipped with -short")
	}
	k := newKefuEnv(t)
	for i, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM} {
		path := filepath.Join(k.dir, fmt.Sprintf("demo-%d.db", i))
		code, stderr := k.signal(sig, "generating", 300*time.Millisecond, "demo", "--db", path, "--per-day", "400")
		if code != 130 {
			t.Fatalf("%v: exit %d, want 130: %s", sig, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if last := lines[len(lines)-1]; last != interrupted {
			t.Errorf("%v: last line %q, want %q", sig, last, interrupted)
		}
		left, _ := filepath.Glob(filepath.Join(k.dir, "*demo-"+fmt.Sprint(i)+"*"))
		if len(left) > 0 {
			t.Errorf("%v: left behind %v", sig, left)
		}
	}
}

// An interrupted import leaves the database as it was: no ticket, no customer, no history.
func TestInterruptImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file; skipped with -short")
	}
	k := newKefuEnv(t)
	k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	k.must("staff", "add", "陈静", "--role", "supervisor", "--as", "王芳")
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject,customer\n")
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&b, "2026-03-02T09:00:00+08:00,inquiry,phone,问题 %d,客户%d\n", i, i%5000)
	}
	if err := os.WriteFile(filepath.Join(k.dir, "big.csv"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	db := k.sql()
	before := k.count(db, `SELECT count(*) FROM events`)
	db.Close()
	// An import prints nothing until it is done: the signal comes after a fixed time.
	code, stderr := k.signal(syscall.SIGINT, "", 1500*time.Millisecond, "import", "tickets", "big.csv", "--as", "陈静")
	if code != 130 {
		t.Fatalf("exit %d, want 130 (the import must still be running after 1.5s): %s", code, stderr)
	}
	if !strings.HasSuffix(strings.TrimSpace(stderr), interrupted) {
		t.Errorf("stderr %q, want it to end with %q", stderr, interrupted)
	}
	db = k.sql()
	defer db.Close()
	if n := k.count(db, `SELECT count(*) FROM tickets`); n != 0 {
		t.Errorf("%d tickets after an interrupted import, want 0", n)
	}
	if n := k.count(db, `SELECT count(*) FROM customers`); n != 0 {
		t.Errorf("%d customers after an interrupted import, want 0", n)
	}
	if n := k.count(db, `SELECT count(*) FROM events`); n != before {
		t.Errorf("%d events after an interrupted import, want the %d before it", n, before)
	}
}
