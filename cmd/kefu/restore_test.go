package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// Writers keep opening tickets while a manager restores a backup again and again. Every
// ticket whose kefu process said it was opened (exit 0) must be in exactly one place: the
// PATH.before-restore of the first restore after it, or the final database; no file may end
// malformed. The full run (6 writers, 120 restores) needs KEFU_STRESS=1; the everyday run is
// smaller.
func TestRestoreUnderWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("starts hundreds of kefu processes; skipped with -short")
	}
	writers, restores := 3, 12
	if os.Getenv("KEFU_STRESS") == "1" {
		writers, restores = 6, 120
	}
	k := newKefuEnv(t)
	k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	k.must("staff", "add", "张伟", "--role", "agent", "--as", "王芳")
	k.must("customer", "add", "刘洋", "--phone", "13812341234", "--as", "王芳")
	k.must("db", "backup", "backup.db")

	var stop atomic.Bool
	var mu sync.Mutex
	acked := map[string]bool{}
	var failures []string
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; !stop.Load(); n++ {
				subject := fmt.Sprintf("w%d-%d", w, n)
				_, errOut, code := k.run("ticket", "open", subject, "--kind", "inquiry", "--channel", "chat", "--customer", "刘洋", "--as", "张伟")
				mu.Lock()
				if code == 0 {
					acked[subject] = true
				} else {
					failures = append(failures, fmt.Sprintf("ticket open %s: exit %d: %s", subject, code, errOut))
				}
				mu.Unlock()
			}
		}()
	}
	var snaps []string
	for i := 0; i < restores; i++ {
		if _, errOut, code := k.run("db", "restore", "backup.db", "--yes", "--as", "王芳"); code != 0 {
			stop.Store(true)
			wg.Wait()
			t.Fatalf("restore %d: exit %d: %s", i+1, code, errOut)
		}
		b, err := os.ReadFile(k.db + ".before-restore")
		if err != nil {
			t.Fatal(err)
		}
		snap := filepath.Join(k.dir, fmt.Sprintf("before-%03d.db", i+1))
		if err := os.WriteFile(snap, b, 0o600); err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snap)
	}
	stop.Store(true)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}

	seen := map[string]string{}
	for _, file := range append(snaps, k.db) {
		for _, subject := range subjects(t, file) {
			if where, ok := seen[subject]; ok {
				t.Errorf("ticket %s is in both %s and %s", subject, filepath.Base(where), filepath.Base(file))
			}
			seen[subject] = file
		}
	}
	lost := 0
	for subject := range acked {
		if _, ok := seen[subject]; !ok {
			lost++
			t.Errorf("ticket %s was acknowledged but is in no kept database and not in the live one", subject)
		}
	}
	if out, errOut, code := k.run("db", "check"); code != 0 {
		t.Errorf("db check after the run: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("%d restores under %d writers: %d writes acknowledged, %d accounted for, %d lost, %d failed",
		restores, writers, len(acked), len(acked)-lost, lost, len(failures))
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged: the test proved nothing")
	}
}

// subjects lists the writers' tickets in a database file, after checking the file is sound.
func subjects(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("%s is malformed: %s %v", filepath.Base(path), check, err)
	}
	rows, err := db.Query(`SELECT subject FROM tickets WHERE subject LIKE 'w%-%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
