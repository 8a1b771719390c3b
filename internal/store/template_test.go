package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/reply"
)

// Migration 0015 seeds into an older database the same default templates init seeds into a
// new one (reply.DefaultTemplates), and leaves them for audit adopt to record.
func TestTemplateMigrationSeedsDefaults(t *testing.T) {
	ctx := context.Background()
	before := -1
	for i, n := range migrationNames {
		if strings.HasPrefix(n, "0015_") {
			before = i
		}
	}
	if before < 0 {
		t.Fatal("no migration 0015")
	}
	path := filepath.Join(t.TempDir(), "old.db")
	makeOld(t, path, before)
	db, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, time.Now(), func(tx *Tx) error {
		got, err := tx.ReplyTemplates(true)
		if err != nil {
			return err
		}
		want := reply.DefaultTemplates()
		if len(got) != len(want) {
			t.Fatalf("seeded %d templates, want %d", len(got), len(want))
		}
		for i, w := range want {
			if got[i].Name != w.Name || got[i].Kind != w.Kind || got[i].Body != w.Body {
				t.Errorf("template %d: %+v, want %+v", i, got[i], w)
			}
		}
		unrecorded, err := tx.RowsUnrecorded()
		if err != nil {
			return err
		}
		if !unrecorded {
			t.Error("the seeded rows are not marked for audit adopt")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
