package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A killed db backup (or restore) leaves its hidden temporary copy, full of customers' data,
// beside the target; the next run removes it, but never the file of a run still going on.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	db := bkOpen(t, dir, "kefu.db")
	bkWrite(t, db, 3)
	dest := filepath.Join(dir, "backup.db")
	stale := filepath.Join(dir, ".backup.db.backup-123456")
	live := filepath.Join(dir, ".backup.db.backup-777777")
	for _, p := range []string{stale, stale + "-journal", live} {
		if err := os.WriteFile(p, []byte("a copy of the data"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Another run holds its file, as tempBeside does while it works.
	f, err := os.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !lockFile(f) {
		t.Skip("no file locks here")
	}
	if _, err := db.Backup(context.Background(), dest, false); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{stale, stale + "-journal"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s was left behind: %v", filepath.Base(p), err)
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the temporary file of a run still going on was removed: %v", err)
	}
	f.Close()
	if left := bkLeftovers(t, dir, "kefu.db", "backup.db", ".backup.db.backup-777777"); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	// A failed backup removes its own temporary file.
	if _, err := db.Backup(context.Background(), dest, false); err == nil {
		t.Fatal("an existing backup was overwritten without --force")
	}
	if _, err := db.Backup(context.Background(), dest, true); err != nil {
		t.Fatal(err)
	}
	if left := bkLeftovers(t, dir, "kefu.db", "backup.db"); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
