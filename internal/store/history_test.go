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
			if !names[tb.Key] && tb.Key != "rowid" {
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

// Registering a table is one entry: here a table keyed by two columns, tracked by rowid, as a
// later issue's rota might be. Writes record its rows; an edit outside kefu is named.
func TestRegisterATable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kefu.db")
	setup, _, err := Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := setup.sql.Exec(`CREATE TABLE rota (staff_id INTEGER NOT NULL, day TEXT NOT NULL, shift TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', PRIMARY KEY (staff_id, day))`); err != nil {
		t.Fatal(err)
	}
	setup.Close()
	saved := tracked
	tracked = append(append([]Tracked{}, tracked...), Tracked{Table: "rota", Label: "rota day", Key: "rowid", Digest: []string{"note"}})
	defer func() { tracked = saved }()

	db, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := []byte("0123456789abcdef0123456789abcdef")
	db.SetAuditKey(key)
	err = db.Update(ctx, now, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO rota (staff_id, day, shift, note) VALUES (1, '2026-03-02', 'day', '调休'), (2, '2026-03-02', 'night', '')`); err != nil {
			return err
		}
		return tx.AppendEvent("王芳", "rota", 0, "planned", nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func() RowCheck {
		var r RowCheck
		err := db.View(ctx, now, func(tx *Tx) error {
			var err error
			r, err = tx.CheckRows(key)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := check(); len(r.Problems) != 0 || r.Rows != 2 {
		t.Fatalf("a fresh rota: %+v", r)
	}
	if _, err := db.sql.Exec(`UPDATE rota SET shift = 'day', note = 'x' WHERE staff_id = 2`); err != nil {
		t.Fatal(err)
	}
	r := check()
	want := []string{`rota day 2: shift "night" in history, "day" in table`, "rota day 2: note differs from its history"}
	if len(r.Problems) != 2 || r.Problems[0] != want[0] || r.Problems[1] != want[1] {
		t.Fatalf("an edited rota day: %q, want %q", r.Problems, want)
	}
}

// Every trigger of schema.sql is read whole, so a database made from it checks clean.
func TestShippedTriggers(t *testing.T) {
	got := readShippedTriggers()
	if len(got) < 2 {
		t.Fatalf("triggers read from schema.sql: %v", got)
	}
	ctx := context.Background()
	db, _, err := Open(ctx, filepath.Join(t.TempDir(), "kefu.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, now, func(tx *Tx) error {
		problems, err := tx.CheckTriggers()
		if len(problems) > 0 {
			t.Errorf("a fresh database: %v", problems)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
