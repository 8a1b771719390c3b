package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// kill starts kefu with args, waits until a line of its stderr matches ready, lets it run for
// delay more, and kills it with SIGKILL. It reports whether the process had already finished
// (exit 0) and what it wrote on stderr.
func (k *kefuEnv) kill(ready string, delay time.Duration, args ...string) (finished bool, stderr string) {
	k.t.Helper()
	code, stderr := k.signal(os.Kill, ready, delay, args...) // SIGKILL: no deferred code, no rollback, no close
	return code == 0, stderr
}

// signal starts kefu with args, waits until a line of its stderr matches ready (if ready is not
// empty), lets it run for delay more, and sends it sig. It returns the exit code and what kefu wrote on stderr.
func (k *kefuEnv) signal(sig os.Signal, ready string, delay time.Duration, args ...string) (code int, stderr string) {
	k.t.Helper()
	cmd := exec.Command(k.bin, args...)
	cmd.Env, cmd.Dir = k.env, k.dir
	pipe, err := cmd.StderrPipe()
	if err != nil {
		k.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var got []string
	deadline := time.After(time.Minute)
	for waiting := ready != ""; waiting; {
		select {
		case line, ok := <-lines:
			if !ok {
				k.t.Fatalf("kefu %s ended before %q: %s", strings.Join(args, " "), ready, strings.Join(got, "\n"))
			}
			got = append(got, line)
			waiting = !strings.Contains(line, ready)
		case <-deadline:
			cmd.Process.Kill()
			k.t.Fatalf("kefu %s never said %q", strings.Join(args, " "), ready)
		}
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(sig); err != nil {
		k.t.Logf("signal %v: %v", sig, err)
	}
	for line := range lines {
		got = append(got, line)
	}
	_ = cmd.Wait() // how it ended is in the exit code
	return cmd.ProcessState.ExitCode(), strings.Join(got, "\n")
}

var demoDone = regexp.MustCompile(`(?m)^(\d+) tickets, \d+ actions in `)

// kefu demo --db is all or nothing: it builds the month in a temporary file beside the target
// and renames it into place when complete. Killed part way at several moments, it leaves no
// database at the target (so nothing blocks a rerun, which clears the leftovers); left to
// finish, a database db check passes, with all of the month.
func TestCrashDuringDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kefu demo several times; skipped with -short")
	}
	k := newKefuEnv(t)
	kills, landed, clean := 0, 0, 0
	// The everyday run kills at three moments; KEFU_STRESS=1 (.ci/run) at six.
	delays := []time.Duration{0, 600 * time.Millisecond, 1500 * time.Millisecond, -1}
	if os.Getenv("KEFU_STRESS") == "1" {
		delays = []time.Duration{0, 150 * time.Millisecond, 600 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, -1}
	}
	for i, delay := range delays {
		path := filepath.Join(k.dir, fmt.Sprintf("demo-%d.db", i))
		perDay := "400"
		if delay < 0 {
			perDay = "15" // small enough to finish
		}
		args := []string{"demo", "--db", path, "--per-day", perDay, "--seed", strconv.Itoa(i + 1)}
		var finished bool
		var stderr string
		if delay < 0 {
			_, stderr, _ = k.run(args...)
			finished = demoDone.MatchString(stderr)
			if !finished {
				t.Fatalf("demo did not finish: %s", stderr)
			}
		} else {
			finished, stderr = k.kill("generating", delay, args...)
			kills++
		}
		if !finished {
			// Killed: nothing at the target; only a temporary file beside it.
			if _, err := os.Stat(path); err == nil {
				t.Errorf("killed after %v: the half-built demo is at %s", delay, path)
				continue
			}
			left, _ := filepath.Glob(filepath.Join(k.dir, "."+filepath.Base(path)+".kefu-tmp-*"))
			t.Logf("killed %v after it began generating: no %s, %d temporary files beside it", delay, filepath.Base(path), len(left))
			landed++
			clean++
			continue
		}
		out, errOut, code := k.run("--db", path, "db", "check")
		if code != 0 || !strings.HasPrefix(out, "ok:") {
			t.Errorf("kill after %v: db check exit %d: %s%s", delay, code, out, errOut)
			continue
		}
		raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		tickets := k.count(raw, `SELECT count(*) FROM tickets`)
		customers := k.count(raw, `SELECT count(*) FROM customers`)
		staff := k.count(raw, `SELECT count(*) FROM staff`)
		ticketEvents := k.count(raw, `SELECT count(*) FROM events WHERE entity = 'ticket'`)
		raw.Close()
		switch m := demoDone.FindStringSubmatch(stderr); {
		case finished && m != nil:
			if strconv.Itoa(tickets) != m[1] || customers == 0 || staff < 2 {
				t.Errorf("finished demo: %d tickets (it said %s), %d customers, %d staff", tickets, m[1], customers, staff)
			}
			t.Logf("finished (exit 0): %d tickets, all present; %s", tickets, strings.TrimSpace(out))
		default:
			t.Errorf("exit 0 without saying what it made (%d ticket events): %s", ticketEvents, stderr)
		}
		clean++
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(f)
		}
	}
	// A rerun at a killed run's target succeeds and clears what the killed run left.
	path := filepath.Join(k.dir, "demo-0.db")
	if _, stderr, code := k.run("demo", "--db", path, "--per-day", "5"); code != 0 {
		t.Fatalf("rerun after a kill: exit %d: %s", code, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(k.dir, ".demo-0.db.kefu-tmp-*")); len(left) > 0 {
		t.Errorf("the rerun left the killed run's files: %v", left)
	}
	if out, errOut, code := k.run("--db", path, "db", "check"); code != 0 {
		t.Errorf("rerun: db check exit %d: %s%s", code, out, errOut)
	}
	// A kill that came after the run had finished proves nothing: at least one must have landed
	// while the demo was still writing.
	if landed == 0 {
		t.Errorf("none of the %d kills landed before the demo finished", kills)
	}
	t.Logf("%d kills, %d of them mid-run (and one finished run): no half database, clean %d times", kills, landed, clean)
}

// db check is not a rubber stamp: a history changed behind kefu's back, and a damaged file,
// both fail it with exit 1.
func TestDBCheckFindsDamage(t *testing.T) {
	k := newKefuEnv(t)
	k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	k.must("staff", "add", "张伟", "--role", "agent", "--as", "王芳")
	k.must("customer", "add", "刘洋", "--phone", "13812341234", "--as", "王芳")
	for i := 0; i < 30; i++ {
		k.must("ticket", "open", fmt.Sprintf("退款 %d", i), "--kind", "inquiry", "--channel", "chat", "--customer", "刘洋", "--as", "张伟")
	}
	k.must("db", "backup", "good.db")

	// Someone with the file edits an event: the triggers are no obstacle to them, the MAC is.
	raw, err := sql.Open("sqlite", "file:"+k.db)
	if err != nil {
		t.Fatal(err)
	}
	var triggers []string
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		triggers = append(triggers, n)
	}
	rows.Close()
	for _, n := range triggers {
		if _, err := raw.Exec(`DROP TRIGGER "` + n + `"`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`UPDATE events SET actor = '王芳' WHERE id = (SELECT max(id) FROM events WHERE actor = '张伟')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, errOut, code := k.run("db", "check")
	if code != 1 || !strings.HasPrefix(out, "FAILED: kefu.db: ") || !strings.Contains(out, "audit chain") {
		t.Errorf("db check of an edited history: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("edited history: %s", strings.TrimSpace(out))

	// A file with damaged pages.
	b, err := os.ReadFile(filepath.Join(k.dir, "good.db"))
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 2; i < len(b)/2+8192 && i < len(b); i++ {
		b[i] ^= 0x5a
	}
	damaged := filepath.Join(k.dir, "damaged.db")
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = k.run("--db", damaged, "db", "check")
	if code != 1 || strings.HasPrefix(out, "ok:") {
		t.Errorf("db check of a damaged file: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("damaged file: %s", strings.TrimSpace(out+errOut))

	// The backup taken before is still sound.
	if out := k.must("--db", "good.db", "db", "check"); !strings.HasPrefix(out, "ok:") {
		t.Errorf("db check of the backup: %s", out)
	}
}
