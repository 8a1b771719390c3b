package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A database from before the row history is marked for audit adopt by its upgrade; a new
// one records every row from the start and is not.
func TestUpgradeMarksUnrecordedRows(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	makeOld(t, old, Version()-1)
	for path, want := range map[string]bool{old: true, filepath.Join(dir, "new.db"): false} {
		db, _, err := Open(ctx, path, true)
		if err != nil {
			t.Fatal(err)
		}
		var got bool
		err = db.View(ctx, now, func(tx *Tx) error {
			got, err = tx.RowsUnrecorded()
			return err
		})
		db.Close()
		if err != nil || got != want {
			t.Errorf("%s: rows unrecorded = %v, %v; want %v", filepath.Base(path), got, err, want)
		}
	}
}

// Every tracked table exists in the schema with its key column, so a registration cannot
// silently cover nothing.
func TestTrackedTablesExist(t *testing.T) {
	ctx := context.Background()
	db, _, err := Open(ctx, filepath.Join(t.TempDir(), "kefu.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, now, func(tx *Tx) error {
		for _, tb := range tracked {
			cols, err := tx.columns(tb.Table)
			if err != nil {
				return err
			}
			names := map[string]bool{}
			for _, c := range cols {
				names[c.name] = true
			}
			if !names[tb.Key] {
				t.Errorf("tracked table %s has no key column %s", tb.Table, tb.Key)
			}
			for _, c := range append(append([]string{}, tb.Digest...), tb.Tenths...) {
				if !names[c] {
					t.Errorf("tracked table %s has no column %s", tb.Table, c)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
