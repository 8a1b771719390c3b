package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// kefuEnv is a department on its own: a database in dir, the audit key under dir's config
// directory (never KEFU_AUDIT_KEY), a fixed clock and zone.
type kefuEnv struct {
	t   *testing.T
	bin string
	dir string
	db  string
	env []string
	// pg: db is a PostgreSQL address (team mode), not a file.
	pg bool
}

// newKefuEnvPG is newKefuEnv with the department on a fresh database of KEFU_TEST_PG's server.
func newKefuEnvPG(t *testing.T) *kefuEnv {
	admin, base := pgAdmin(t)
	addr, drop, err := freshPG(admin, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	k := newKefuEnv(t)
	k.db, k.pg = addr, true
	for i, e := range k.env {
		if strings.HasPrefix(e, "KEFU_DB=") {
			k.env[i] = "KEFU_DB=" + addr
		}
	}
	return k
}

// newKefuEnv finds the kefu command TestMain put on PATH (this test binary, run as kefu).
func newKefuEnv(t *testing.T) *kefuEnv {
	t.Helper()
	bin, err := exec.LookPath("kefu")
	if err != nil {
		t.Skipf("no kefu command on PATH (TestMain installs it): %v", err)
	}
	dir := t.TempDir()
	k := &kefuEnv{t: t, bin: bin, dir: dir, db: filepath.Join(dir, "kefu.db")}
	k.env = append(os.Environ(),
		"KEFU_DB="+k.db,
		"KEFU_NOW=2026-03-02T10:00:00+08:00",
		"TZ=Asia/Shanghai",
		"HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, ".config"),
		"XDG_DATA_HOME="+filepath.Join(dir, ".local", "share"),
		"NO_COLOR=1", "KEFU_USER=", "KEFU_FORMAT=", "KEFU_CONFIG=", "KEFU_AUDIT_KEY=",
	)
	return k
}

// run runs kefu with args and returns stdout, stderr and the exit status.
func (k *kefuEnv) run(args ...string) (string, string, int) {
	cmd := exec.Command(k.bin, args...)
	cmd.Env, cmd.Dir = k.env, k.dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		k.t.Fatalf("kefu %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), code
}

// must runs kefu and fails the test unless it exits 0.
func (k *kefuEnv) must(args ...string) string {
	k.t.Helper()
	out, errOut, code := k.run(args...)
	if code != 0 {
		k.t.Fatalf("kefu %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// sql opens the database read-only for the test's own counts.
func (k *kefuEnv) sql() *sql.DB {
	k.t.Helper()
	driver, name := "sqlite", "file:"+k.db+"?mode=ro&_pragma=busy_timeout(10000)"
	if k.pg {
		driver, name = "pgx", k.db
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		k.t.Fatal(err)
	}
	k.t.Cleanup(func() { db.Close() })
	return db
}

func (k *kefuEnv) count(db *sql.DB, q string, args ...any) int {
	k.t.Helper()
	var n int
	if k.pg {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		k.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Eight kefu processes at once, each opening tickets with a note on every second and a score
// entry on every tenth, against one file: every write lands once, no one sees "database is locked",
// and the audit chain and the database check out afterwards. The full run (250 tickets each, 3,200
// processes) needs KEFU_STRESS=1 (.ci/run sets it); the everyday run opens 40 each.
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts hundreds of kefu processes; skipped with -short")
	}
	workers, perWorker := 8, 40
	if os.Getenv("KEFU_STRESS") == "1" {
		perWorker = 250
	}
	concurrentProcesses(t, newKefuEnv(t), workers, perWorker)
}

// Team mode: sixteen kefu processes at once against one PostgreSQL server over TCP, the same
// checks (unique ids, every write once, the chain intact, no failure).
func TestConcurrentProcessesPG(t *testing.T) {
	if testing.Short() {
		t.Skip("starts hundreds of kefu processes; skipped with -short")
	}
	perWorker := 20 // a multiple of 10: every second opening gets a note, every tenth a score entry
	if os.Getenv("KEFU_STRESS") == "1" {
		perWorker = 60
	}
	concurrentProcesses(t, newKefuEnvPG(t), 16, perWorker)
}

func concurrentProcesses(t *testing.T, k *kefuEnv, workers, perWorker int) {
	k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	for i := 1; i <= workers; i++ {
		k.must("staff", "add", fmt.Sprintf("agent%d", i), "--role", "agent", "--as", "王芳")
		k.must("staff", "add", fmt.Sprintf("lead%d", i), "--role", "supervisor", "--as", "王芳")
	}
	k.must("customer", "add", "刘洋", "--phone", "13812341234", "--as", "王芳")

	type failure struct {
		args   string
		code   int
		stderr string
	}
	var mu sync.Mutex
	var failures []failure
	ids := map[int64]string{}
	writes := 0
	var slowest time.Duration
	fail := func(args []string, code int, stderr string) {
		mu.Lock()
		failures = append(failures, failure{strings.Join(args, " "), code, stderr})
		mu.Unlock()
	}
	// try runs one command; a failure is recorded, not fatal, so every worker runs to the end.
	try := func(args ...string) (string, bool) {
		began := time.Now()
		out, errOut, code := k.run(args...)
		took := time.Since(began)
		if code != 0 || strings.Contains(errOut, "locked") || strings.Contains(errOut, "busy") {
			fail(args, code, errOut)
			return out, false
		}
		mu.Lock()
		writes++
		slowest = max(slowest, took)
		mu.Unlock()
		return out, true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			agent, lead := fmt.Sprintf("agent%d", w), fmt.Sprintf("lead%d", w)
			for j := 1; j <= perWorker; j++ {
				subject := fmt.Sprintf("w%d-%03d", w, j)
				out, ok := try("ticket", "open", subject, "--kind", "inquiry", "--channel", "chat",
					"--customer", "刘洋", "--assignee", agent, "--as", agent, "--format", "json")
				if !ok {
					continue
				}
				var tk struct {
					ID int64 `json:"id"`
				}
				if err := json.Unmarshal([]byte(out), &tk); err != nil || tk.ID == 0 {
					fail([]string{"ticket open", subject}, 0, "unreadable JSON: "+out)
					continue
				}
				mu.Lock()
				if prev, dup := ids[tk.ID]; dup {
					failures = append(failures, failure{"ticket open " + subject, 0, fmt.Sprintf("id %d already given to %s", tk.ID, prev)})
				}
				ids[tk.ID] = subject
				mu.Unlock()
				id := fmt.Sprint(tk.ID)
				if j%2 == 0 {
					try("ticket", "note", id, "备注 "+subject, "--as", agent)
				}
				if j%10 == 0 {
					try("score", "add", agent, "slow-reply", "--reason", "回复慢 "+subject, "--ticket", id, "--as", lead)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, f := range failures {
		if i == 10 {
			t.Errorf("... and %d more failures", len(failures)-10)
			break
		}
		t.Errorf("kefu %s: exit %d: %s", f.args, f.code, strings.TrimSpace(f.stderr))
	}

	db := k.sql()
	tickets, distinct := k.count(db, `SELECT count(*) FROM tickets`), k.count(db, `SELECT count(DISTINCT id) FROM tickets`)
	if tickets != workers*perWorker || distinct != tickets || len(ids) != tickets {
		t.Errorf("tickets: %d rows, %d distinct ids, %d ids handed out; want %d of each", tickets, distinct, len(ids), workers*perWorker)
	}
	for id, subject := range ids {
		if k.count(db, `SELECT count(*) FROM tickets WHERE id = ? AND subject = ?`, id, subject) != 1 {
			t.Errorf("ticket %d is not %q", id, subject)
			break
		}
	}
	if n := k.count(db, `SELECT count(*) FROM messages WHERE kind = 'note'`); n != workers*perWorker/2 {
		t.Errorf("%d notes, want %d", n, workers*perWorker/2)
	}
	if n := k.count(db, `SELECT count(*) FROM score_entries WHERE rule = 'slow-reply'`); n != workers*perWorker/10 {
		t.Errorf("%d score entries, want %d", n, workers*perWorker/10)
	}
	if out, errOut, code := k.run("audit", "verify"); code != 0 {
		t.Errorf("audit verify after the run: exit %d\n%s%s", code, out, errOut)
	}
	out := "team mode"
	if !k.pg { // db check reads a SQLite file
		out = k.must("db", "check")
		if !strings.HasPrefix(out, "ok:") {
			t.Errorf("db check: %s", out)
		}
	}
	t.Logf("%d processes × %d tickets: %d writes (opens, notes, score entries) in %s (slowest %s), %d failed; %s",
		workers, perWorker, writes, elapsed.Round(time.Millisecond), slowest.Round(time.Millisecond), len(failures), strings.TrimSpace(out))
}
