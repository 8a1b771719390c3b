package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
)

// scoreDB is a new database with the default catalog and two staff members: 陈静 (supervisor,
// id 1) and 张伟 (agent, id 2).
func scoreDB(t *testing.T) *DB {
	t.Helper()
	db := openNew(t)
	err := db.Update(context.Background(), now, func(tx *Tx) error {
		if err := tx.SeedRules(score.DefaultRules()); err != nil {
			return err
		}
		for _, s := range []staff.Staff{{Name: "陈静", Role: access.Supervisor, Shift: "day"}, {Name: "张伟", Role: access.Agent, Shift: "day"}} {
			if _, err := tx.InsertStaff(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func update(t *testing.T, db *DB, fn func(tx *Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), now, fn); err != nil {
		t.Fatal(err)
	}
}

// The catalog migration 0004 seeds into older databases is the one init seeds into new ones.
func TestMigrationSeedsDefaultCatalog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	makeOld(t, path, 3)
	db, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var migrated []score.Rule
	if err := db.View(ctx, now, func(tx *Tx) error {
		var err error
		migrated, err = tx.ScoreRules()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fresh := scoreDB(t)
	var seeded []score.Rule
	if err := fresh.View(ctx, now, func(tx *Tx) error {
		var err error
		seeded, err = tx.ScoreRules()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := score.DefaultRules()
	score.SortRules(want)
	if !reflect.DeepEqual(migrated, want) {
		t.Errorf("migration 0004 seeds a catalog that differs from score.DefaultRules:\ngot  %+v\nwant %+v", migrated, want)
	}
	if !reflect.DeepEqual(seeded, want) {
		t.Errorf("SeedRules stores a catalog that reads back differently:\ngot  %+v\nwant %+v", seeded, want)
	}
	// Seeding again leaves a changed rule as the team set it.
	update(t, fresh, func(tx *Tx) error {
		r, _ := tx.ScoreRule("slow-reply")
		r.Min, r.Max = -30, -30
		if err := tx.UpdateScoreRule(r, false); err != nil {
			return err
		}
		return tx.SeedRules(score.DefaultRules())
	})
	fresh.View(ctx, now, func(tx *Tx) error {
		r, err := tx.ScoreRule("slow-reply")
		if err != nil || r.Min != -30 {
			t.Errorf("reseeding overwrote slow-reply: %+v %v", r, err)
		}
		return nil
	})
}

func TestScoreRuleLifecycle(t *testing.T) {
	db := scoreDB(t)
	r := score.Rule{Code: "late-return", Class: score.Light, Min: -50, Max: -20, Fine: 1000, Desc: "late back", DescZH: "迟归"}
	r.Ladder, _ = score.ParseLadder("fine=10,warning")
	update(t, db, func(tx *Tx) error { return tx.InsertScoreRule(r) })
	err := db.Update(context.Background(), now, func(tx *Tx) error { return tx.InsertScoreRule(r) })
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("duplicate rule: %v", err)
	}
	update(t, db, func(tx *Tx) error { return tx.UpdateScoreRule(r, true) })
	db.View(context.Background(), now, func(tx *Tx) error {
		got, err := tx.ScoreRule("late-return")
		r.Retired = true
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("read back %+v, %v; want %+v", got, err, r)
		}
		if _, err := tx.ScoreRule("nope"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown rule: %v", err)
		}
		return nil
	})
}

func TestScoreEntriesAndReversal(t *testing.T) {
	db := scoreDB(t)
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	var id, rid int64
	update(t, db, func(tx *Tx) error {
		var err error
		if id, err = tx.InsertScoreEntry(NewScoreEntry{StaffID: 2, Rule: "slow-reply", Points: -50, Reason: "慢", At: at, RecordedBy: 1}); err != nil {
			return err
		}
		rid, err = tx.InsertScoreEntry(NewScoreEntry{StaffID: 2, Rule: "slow-reply", Points: 50, Reason: "错", At: at, RecordedBy: 1, Reverts: id})
		return err
	})
	// A second reversal of the same entry is refused by the schema.
	err := db.Update(context.Background(), now, func(tx *Tx) error {
		_, err := tx.InsertScoreEntry(NewScoreEntry{StaffID: 2, Rule: "slow-reply", Points: 50, At: at, Reverts: id})
		return err
	})
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("second reversal: %v", err)
	}
	db.View(context.Background(), now, func(tx *Tx) error {
		e, err := tx.ScoreEntry(id)
		if err != nil || e.RevertedBy != rid || e.Staff != "张伟" || e.RecordedBy != "陈静" || e.Class != score.Light || !e.At.Equal(at) {
			t.Errorf("entry = %+v, %v", e, err)
		}
		es, err := tx.ScoreEntries(ScoreEntryFilter{From: at, To: at.Add(time.Hour), StaffID: 2})
		if err != nil || len(es) != 2 || es[1].Reverts != id {
			t.Errorf("entries = %+v, %v", es, err)
		}
		if es, _ := tx.ScoreEntries(ScoreEntryFilter{From: at.Add(time.Hour)}); len(es) != 0 {
			t.Errorf("entries after = %+v", es)
		}
		if _, err := tx.ScoreEntry(99); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown entry: %v", err)
		}
		return nil
	})
}

func TestScorePendingDedupe(t *testing.T) {
	db := scoreDB(t)
	update(t, db, func(tx *Tx) error {
		p := ScorePending{StaffID: 2, Rule: "handover-missing", Points: -50, At: now, Key: "handover:2026-03-02:day:2"}
		created, err := tx.InsertScorePending(&p, 0)
		if err != nil || !created || p.ID == 0 {
			t.Errorf("first proposal: %v %v %d", created, err, p.ID)
		}
		q := p
		created, err = tx.InsertScorePending(&q, 0)
		if err != nil || created {
			t.Errorf("same key again: created %v, %v", created, err)
		}
		// Proposals without a key never collide.
		for i := 0; i < 2; i++ {
			r := ScorePending{StaffID: 2, Rule: "slow-reply", Points: -50, At: now}
			if created, err := tx.InsertScorePending(&r, 1); err != nil || !created {
				t.Errorf("keyless proposal %d: %v %v", i, created, err)
			}
		}
		ps, err := tx.ScorePendingEntries(ScoreFilter{Status: "pending"})
		if err != nil || len(ps) != 3 || ps[0].ProposedBy != "system" || ps[1].ProposedBy != "陈静" {
			t.Errorf("pending = %+v, %v", ps, err)
		}
		if err := tx.DecideScorePending(p.ID, "dismissed", 1, "已报备", 0); err != nil {
			return err
		}
		got, err := tx.ScorePendingEntry(p.ID)
		if err != nil || got.Status != "dismissed" || got.DecidedBy != "陈静" || got.Note != "已报备" {
			t.Errorf("dismissed = %+v, %v", got, err)
		}
		return nil
	})
}

func TestScoreCloseOncePerMonth(t *testing.T) {
	db := scoreDB(t)
	update(t, db, func(tx *Tx) error {
		c := ScoreClose{Month: "2026-02", Policy: "{}", Sheet: "[]"}
		if err := tx.InsertScoreClose(&c, 1); err != nil {
			return err
		}
		d := ScoreClose{Month: "2026-02", Policy: "{}", Sheet: "[]"}
		if err := tx.InsertScoreClose(&d, 1); !errs.Is(err, errs.Conflict) {
			t.Errorf("second close: %v", err)
		}
		if err := tx.ReopenScoreClose(c.ID, 1, "补录"); err != nil {
			return err
		}
		if _, closed, err := tx.ScoreCloseFor("2026-02"); closed || err != nil {
			t.Errorf("reopened month reads closed: %v", err)
		}
		// Closing again after a reopen keeps both records.
		return tx.InsertScoreClose(&d, 1)
	})
}
