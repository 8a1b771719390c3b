package store

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// A damaged file is always exit 1 with "run kefu db check", even where the command made
// something else of SQLite's error (here "not found", which would be exit 2), and the process
// writes nothing more to it.
func TestDamagedFileIsAlwaysInternal(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := bkOpen(t, dir, "kefu.db")
	for i := 0; i < 40; i++ {
		err := db.Update(ctx, now, func(tx *Tx) error {
			return tx.AppendEvent("test", "note", 0, "noted", map[string]any{"text": strings.Repeat("退款未到账", 20)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	var root int
	if err := db.sql.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'events'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	// The history's root page gets an impossible b-tree page header.
	for i := (root - 1) * 4096; i < (root-1)*4096+8; i++ {
		b[i] = 0xff
	}
	if err := os.WriteFile(db.Path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	damaged, _, err := Open(ctx, db.Path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer damaged.Close()
	err = damaged.View(ctx, now, func(tx *Tx) error {
		if _, err := tx.Events(EventFilter{}); err == nil {
			t.Skip("the damage missed the history's pages")
		}
		return errs.NotFoundf("no such event")
	})
	if errs.KindOf(err) != errs.Internal || !strings.Contains(err.Error(), "run kefu db check") {
		t.Fatalf("a damaged file reads as %v (kind %d)", err, errs.KindOf(err))
	}
	err = damaged.Update(ctx, now, func(tx *Tx) error { return tx.SetState("x", "y") })
	if err == nil || !strings.Contains(err.Error(), "run kefu db check") {
		t.Fatalf("a write after damage was seen: %v", err)
	}
}
