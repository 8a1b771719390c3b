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

// bigDepartment fills the test's database with n imported tickets: enough work that a backup,
// a restore or a verify of it is still running when the signal comes.
func (k *kefuEnv) bigDepartment(n int) {
	k.t.Helper()
	k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	k.must("staff", "add", "陈静", "--role", "supervisor", "--as", "王芳")
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject,customer\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "2026-03-02T09:00:00+08:00,inquiry,phone,问题 %d,客户%d\n", i, i%5000)
	}
	csv := filepath.Join(k.dir, "big.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		k.t.Fatal(err)
	}
	k.must("import", "tickets", csv, "--as", "陈静")
	if err := os.Remove(csv); err != nil {
		k.t.Fatal(err)
	}
}

// files lists the names in the test's directory, the database's own WAL files left out.
func (k *kefuEnv) files() []string {
	k.t.Helper()
	entries, err := os.ReadDir(k.dir)
	if err != nil {
		k.t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, "-wal") && !strings.HasSuffix(n, "-shm") && !e.IsDir() {
			names = append(names, n)
		}
	}
	return names
}

// Ctrl-C during db backup, db restore and audit verify: each stops, says so in one line, exits
// 130 and leaves the directory as it found it (no half-written backup, no temporary copy, no
// "before restore" file) and the database as it was. A signal may come after the command has
// finished (exit 0, the work complete); the test moves the signal earlier until it has seen
// each command interrupted at least once.
func TestInterruptBackupRestoreVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file; skipped with -short")
	}
	k := newKefuEnv(t)
	k.bigDepartment(30000)
	k.must("db", "backup", filepath.Join(k.dir, "copy.db"))
	// The live database now differs from the copy by one ticket: a restore that took effect shows.
	k.must("ticket", "open", "after the backup", "--kind", "inquiry", "--channel", "phone", "--customer", "客户1", "--as", "陈静")
	tickets := func() int {
		db := k.sql()
		defer db.Close()
		return k.count(db, `SELECT count(*) FROM tickets`)
	}
	want := tickets()
	before := strings.Join(k.files(), " ")
	interrupt := func(name string, args ...string) {
		t.Helper()
		for _, delay := range []time.Duration{150 * time.Millisecond, 50 * time.Millisecond, 10 * time.Millisecond, 0} {
			code, stderr := k.signal(syscall.SIGINT, "", delay, args...)
			switch code {
			case 0:
				t.Logf("%s finished before the signal at %v", name, delay)
				if name == "restore" {
					t.Fatalf("restore finished before the signal at %v: the test needs a larger database", delay)
				}
				for _, f := range k.files() {
					if f == "new.db" {
						if err := os.Remove(filepath.Join(k.dir, f)); err != nil {
							t.Fatal(err)
						}
					}
				}
				continue
			case 130:
			default:
				t.Fatalf("%s: exit %d, want 130: %s", name, code, stderr)
			}
			if last := strings.TrimSpace(stderr); !strings.HasSuffix(last, interrupted) {
				t.Errorf("%s: stderr %q, want it to end with %q", name, stderr, interrupted)
			}
			if now := strings.Join(k.files(), " "); now != before {
				t.Errorf("%s interrupted: the directory holds %q, want %q", name, now, before)
			}
			if got := tickets(); got != want {
				t.Errorf("%s interrupted: %d tickets, want %d", name, got, want)
			}
			return
		}
		t.Errorf("%s: every signal came after the command had finished", name)
	}
	interrupt("backup", "db", "backup", filepath.Join(k.dir, "new.db"))
	interrupt("restore", "db", "restore", filepath.Join(k.dir, "copy.db"), "--yes", "--as", "王芳")
	interrupt("verify", "audit", "verify")
	// What was interrupted left a database that still verifies.
	if out := k.must("audit", "verify"); !strings.Contains(out, "history intact") {
		t.Errorf("audit verify after the interruptions: %s", out)
	}
}
