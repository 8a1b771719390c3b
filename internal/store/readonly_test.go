package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Reading a database whose file is 0444 leaves no -shm or -wal behind (SQLite would make them
// 0444 too, and they would break every write once the file is writable again); writes are
// refused with one line; after chmod 0600 writes work.
func TestReadOnlyFileLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 3)
	db.Close()
	path := db.Path
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	ro, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(bkEvents(t, ro)); n != 3 {
		t.Fatalf("read %d events, want 3", n)
	}
	err = ro.Update(ctx, now, func(tx *Tx) error { return tx.SetState("x", "y") })
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("a write to a read-only file: %v", err)
	}
	if _, err := Inspect(ctx, path); err != nil {
		t.Fatal(err)
	}
	ro.Close()
	for _, suffix := range []string{"-shm", "-wal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("reading a 0444 file left %s", filepath.Base(path+suffix))
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	rw, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	bkWrite(t, rw, 1)
}

func bkEvents(t *testing.T, db *DB) []int64 {
	t.Helper()
	var ids []int64
	err := db.View(context.Background(), now, func(tx *Tx) error {
		evs, err := tx.Events(EventFilter{})
		for _, e := range evs {
			ids = append(ids, e.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
