package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// bkOpen creates a database at dir/name.
func bkOpen(t *testing.T, dir, name string) *DB {
	t.Helper()
	db, _, err := Open(context.Background(), filepath.Join(dir, name), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// bkWrite appends n events, one transaction each.
func bkWrite(t *testing.T, db *DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := db.Update(context.Background(), now, func(tx *Tx) error {
			return tx.AppendEvent("test", "note", 0, "noted", map[string]any{"i": i})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// bkEventIDs reads the event ids of a file, which must be 1..n without a gap.
func bkEventCount(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n, max int
	if err := raw.QueryRow(`SELECT count(*), coalesce(max(id), 0) FROM events`).Scan(&n, &max); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if n != max {
		t.Fatalf("%s holds %d events but the last is %d: not a consistent snapshot", path, n, max)
	}
	return n
}

func bkMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// bkLeftovers lists files in dir other than the expected ones (temporary copies must not stay).
func bkLeftovers(t *testing.T, dir string, expected ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		keep := false
		for _, x := range expected {
			if e.Name() == x || strings.HasPrefix(e.Name(), x+"-") { // -wal, -shm of a live database
				keep = true
			}
		}
		if !keep {
			out = append(out, e.Name())
		}
	}
	return out
}

// Backups taken while another connection writes are each a consistent snapshot, 0600.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 10)
	writer := bkOpen(t, dir, "kefu.db") // a second pool, as another process would have
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			err := writer.Update(context.Background(), now, func(tx *Tx) error {
				for j := 0; j < 5; j++ {
					if err := tx.AppendEvent("writer", "note", 0, "noted", nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			written += 5
		}
	}()
	prev := 0
	for i := 0; i < 8; i++ {
		dest := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		info, err := db.Backup(context.Background(), dest, false)
		if err != nil {
			t.Fatal(err)
		}
		if m := bkMode(t, dest); m != 0o600 {
			t.Errorf("%s has mode %v, want 0600", dest, m)
		}
		n := bkEventCount(t, dest)
		if int64(n) != info.Events || n < prev || n%5 != 0 {
			t.Errorf("backup %d holds %d events (reported %d, previous %d); each write adds 5 in one transaction", i, n, info.Events, prev)
		}
		prev = n
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if written == 0 {
		t.Fatal("the writer wrote nothing while the backups ran")
	}
	t.Logf("8 backups while %d events were written; the last holds %d", written, prev)
	if left := bkLeftovers(t, dir, "kefu.db", "backup-0.db", "backup-1.db", "backup-2.db", "backup-3.db",
		"backup-4.db", "backup-5.db", "backup-6.db", "backup-7.db"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 3)
	ctx := context.Background()
	dest := filepath.Join(dir, "b.db")
	if err := os.WriteFile(dest, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := db.Backup(ctx, dest, false)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(err.(*errs.Error).Hint, "--force") {
		t.Fatalf("backup over an existing file: %v, want a conflict naming --force", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "keep me" {
		t.Fatal("a refused backup changed the existing file")
	}
	if _, err := db.Backup(ctx, dest, true); err != nil {
		t.Fatalf("backup --force: %v", err)
	}
	if n := bkEventCount(t, dest); n != 3 {
		t.Fatalf("forced backup holds %d events, want 3", n)
	}
	if m := bkMode(t, dest); m != 0o600 {
		t.Errorf("a replaced backup has mode %v, want 0600", m)
	}
	for name, target := range map[string]string{
		"the database itself": db.Path,
		"a directory":         dir,
		"a missing directory": filepath.Join(dir, "nope", "b.db"),
	} {
		if _, err := db.Backup(ctx, target, true); errs.ExitCode(err) != 2 {
			t.Errorf("backup to %s: %v, want exit 2", name, err)
		}
	}
	if left := bkLeftovers(t, dir, "kefu.db", "b.db"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestCheckIntegrity(t *testing.T) {
	dir := t.TempDir()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 3)
	r, err := db.CheckIntegrity(context.Background())
	if err != nil || len(r.Problems) != 0 || len(r.ForeignKeys) != 0 {
		t.Fatalf("a new database: %+v, %v", r, err)
	}
	// A note on a ticket that does not exist (written with the foreign keys off) is found.
	raw, err := sql.Open("sqlite", "file:"+db.Path+"?_pragma=foreign_keys(OFF)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO messages (ticket_id, kind, at, body) VALUES (999, 'note', 0, 'x')`); err != nil {
		t.Fatal(err)
	}
	r, err = db.CheckIntegrity(context.Background())
	if err != nil || len(r.ForeignKeys) == 0 {
		t.Fatalf("an orphan ticket: %+v, %v; want a foreign-key problem", r, err)
	}
	t.Logf("found: %v", r.ForeignKeys)
}

// bkBackup makes a backup of db at dir/name.
func bkBackup(t *testing.T, db *DB, dir, name string) string {
	t.Helper()
	dest := filepath.Join(dir, name)
	if _, err := db.Backup(context.Background(), dest, false); err != nil {
		t.Fatal(err)
	}
	return dest
}

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 4)
	backup := bkBackup(t, db, dir, "backup.db")
	bkWrite(t, db, 6)
	db.Close()
	target := db.Path
	prepared := 0
	before, err := Restore(ctx, backup, target, func(d *DB) error {
		prepared++
		return d.Update(ctx, now, func(tx *Tx) error { return tx.AppendEvent("王芳", "db", 0, "restored", nil) })
	})
	if err != nil {
		t.Fatal(err)
	}
	if before != target+".before-restore" || prepared != 1 {
		t.Fatalf("before = %q, prepare ran %d times", before, prepared)
	}
	if n := bkEventCount(t, target); n != 5 {
		t.Fatalf("restored database holds %d events, want the backup's 4 and the restore's own", n)
	}
	if n := bkEventCount(t, before); n != 10 {
		t.Fatalf("the kept database holds %d events, want 10", n)
	}
	for _, p := range []string{target, before} {
		if m := bkMode(t, p); m != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, m)
		}
	}
	// The restored file opens as kefu's; a second restore replaces the kept file with what
	// it replaced in turn.
	again, _, err := Open(ctx, target, false)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	before2, err := Restore(ctx, backup, target, nil)
	if err != nil || before2 != before {
		t.Fatalf("second restore: %q, %v; want %s", before2, err, before)
	}
	if n := bkEventCount(t, before); n != 5 {
		t.Fatalf("the kept database holds %d events, want the first restore's 5", n)
	}
	if n := bkEventCount(t, target); n != 4 {
		t.Fatalf("restored database holds %d events, want the backup's 4", n)
	}
	if left := bkLeftovers(t, dir, "kefu.db", "backup.db", "kefu.db.before-restore"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	// Restoring where no database exists yet creates it.
	fresh := filepath.Join(dir, "new", "kefu.db")
	os.Mkdir(filepath.Dir(fresh), 0o700)
	if before, err := Restore(ctx, backup, fresh, nil); err != nil || before != "" {
		t.Fatalf("restore to a new path: %q, %v", before, err)
	}
	if n := bkEventCount(t, fresh); n != 4 {
		t.Fatalf("restored new database holds %d events, want 4", n)
	}
}

// A source that is not a sound kefu database, or one from a newer kefu, is refused and the
// target is not touched.
func TestRestoreRefusesBadSources(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 3)
	good := bkBackup(t, db, dir, "good.db")
	db.Close()
	target := db.Path
	want, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sqliteFile := func(name string, stmts ...string) string {
		p := filepath.Join(dir, name)
		raw, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, s := range stmts {
			if _, err := raw.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	goodBytes, _ := os.ReadFile(good)
	corrupt := bytes.Clone(goodBytes)
	for i := 4096; i < len(corrupt) && i < 4096*12; i++ {
		corrupt[i] = byte(i * 7)
	}
	newer := sqliteFile("newer.db", fmt.Sprintf("CREATE TABLE x(y); PRAGMA application_id = %d; PRAGMA user_version = %d", ApplicationID, Version()+1))
	cases := map[string]string{
		"missing":       filepath.Join(dir, "nope.db"),
		"empty":         write("empty.db", nil),
		"text":          write("text.db", []byte("id,subject\n1,hello\n")),
		"not kefu's":    sqliteFile("other.db", "CREATE TABLE t(x)"),
		"newer kefu":    newer,
		"corrupt":       write("corrupt.db", corrupt),
		"truncated":     write("truncated.db", goodBytes[:len(goodBytes)/3]),
		"the target":    target,
		"a directory":   dir,
		"prepare fails": good,
	}
	for name, src := range cases {
		var prepare func(*DB) error
		if name == "prepare fails" {
			prepare = func(*DB) error { return errors.New("disk full") }
		}
		_, err := Restore(ctx, src, target, prepare)
		if err == nil {
			t.Errorf("%s: restored", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		if got, _ := os.ReadFile(target); !bytes.Equal(got, want) {
			t.Fatalf("%s: the target changed", name)
		}
		if _, err := os.Stat(target + ".before-restore"); err == nil {
			t.Fatalf("%s: a refused restore moved the target", name)
		}
	}
	if left := bkLeftovers(t, dir, "kefu.db", "good.db", "empty.db", "text.db", "other.db", "newer.db", "corrupt.db", "truncated.db"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// An older schema is upgraded as it is restored.
func TestRestoreUpgradesOlderSchema(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	raw, err := sql.Open("sqlite", old)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations()[:1] {
		if _, err := raw.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = 1", ApplicationID)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	target := filepath.Join(dir, "kefu.db")
	if _, err := Restore(context.Background(), old, target, nil); err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(context.Background(), target)
	if err != nil || info.Version != Version() {
		t.Fatalf("restored old database: %+v, %v; want schema version %d", info, err, Version())
	}
}

// Another process keeps the database open and writing: the restore takes the write lock like
// any writer, and that process goes on with the restored database, nothing lost or torn.
func TestRestoreWhileInUse(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := bkOpen(t, dir, "kefu.db")
	defer db.Close()
	bkWrite(t, db, 2)
	backup := bkBackup(t, db, dir, "backup.db")
	bkWrite(t, db, 2) // db stays open, as another kefu would hold it
	before, err := Restore(ctx, backup, db.Path, nil)
	if err != nil {
		t.Fatalf("restore while in use: %v", err)
	}
	if n := bkEventCount(t, before); n != 4 {
		t.Fatalf("the kept database holds %d events, want 4", n)
	}
	bkWrite(t, db, 1) // the other process goes on, now in the restored database
	if n := bkEventCount(t, db.Path); n != 3 {
		t.Fatalf("the database holds %d events after the restore and one write, want 3", n)
	}
	r, err := db.CheckIntegrity(ctx)
	if err != nil || len(r.Problems) > 0 {
		t.Fatalf("integrity after a restore under use: %+v, %v", r, err)
	}
}

// A writer holding the lock delays the restore; a writer that comes while the restore holds
// it waits and then writes into the restored database.
func TestRestoreHoldsTheWriteLock(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := bkOpen(t, dir, "kefu.db")
	defer db.Close()
	bkWrite(t, db, 1)
	backup := bkBackup(t, db, dir, "backup.db")
	release := make(chan struct{})
	locked := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- db.Update(ctx, now, func(tx *Tx) error {
			if err := tx.AppendEvent("王芳", "db", 0, "slow", nil); err != nil {
				return err
			}
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	restored := make(chan error)
	go func() {
		_, err := Restore(ctx, backup, db.Path, nil)
		restored <- err
	}()
	time.Sleep(200 * time.Millisecond)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-restored; err != nil {
		t.Fatal(err)
	}
	if n := bkEventCount(t, db.Path+".before-restore"); n != 2 {
		t.Fatalf("the write that held the lock is not in the kept database (%d events)", n)
	}
	if n := bkEventCount(t, db.Path); n != 1 {
		t.Fatalf("the restored database holds %d events, want the backup's 1", n)
	}
}
