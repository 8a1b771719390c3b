package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/store"
)

// Direct SQL edits to any row that moves pay, rights or a report are found and named, and so
// are rows added or removed behind kefu's back and triggers dropped or changed.
func TestAuditFindsEditedRows(t *testing.T) {
	setup := func(t *testing.T) *auditFixture {
		f := newAuditFixture(t, true)
		ctx := context.Background()
		if _, err := f.s.StaffAdd(ctx, "王芳", core.StaffAddOptions{Name: "陈静", Role: "supervisor"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ScoreAdd(ctx, "陈静", core.ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "-5", Reason: "迟到"}); err != nil {
			t.Fatal(err)
		}
		if r := f.verify(t, ""); !r.OK || r.Rows == 0 {
			t.Fatalf("fresh database: %+v", r)
		}
		return f
	}
	tests := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"points", []string{`UPDATE score_entries SET points = 5000`}, "score entry 1: points -5 in history, 500 in table"},
		{"rule", []string{`UPDATE score_entries SET rule = 'extra-task'`}, `score entry 1: rule "discretion" in history, "extra-task" in table`},
		{"reason", []string{`UPDATE score_entries SET reason = '无'`}, "score entry 1: reason differs from its history"},
		{"role", []string{`UPDATE staff SET role = 'manager' WHERE name = '张伟'`}, `staff 2: role "agent" in history, "manager" in table`},
		{"active", []string{`UPDATE staff SET active = 0 WHERE name = '张伟'`}, "staff 2: active 1 in history, 0 in table"},
		{"subject", []string{`UPDATE tickets SET subject = '改了'`}, "ticket 1: subject differs from its history"},
		{"csat", []string{`UPDATE tickets SET csat = 5`}, "ticket 1: csat none in history, 5 in table"},
		{"amount", []string{`UPDATE tickets SET amount_fen = 99900`}, "ticket 1: amount_fen none in history, 99900 in table"},
		{"customer", []string{`UPDATE customers SET phone = '13900000000'`}, "customer 1: phone differs from its history"},
		{"policy", []string{`UPDATE settings SET value = '90' WHERE key = 'score.base'`}, `setting score.base: value "80" in history, "90" in table`},
		{"window", []string{`UPDATE windows SET within = '7d' WHERE id = 1`}, "window 1: within"},
		{"row added", []string{`INSERT INTO score_entries (staff_id, rule, points, at, created_at) VALUES (2, 'discretion', 50, 0, 0)`}, "score entry 2: in the table but not in its history"},
		{"row removed", []string{`DELETE FROM messages`}, "message 1: in its history but missing from the table"},
		{"trigger dropped", []string{`DROP TRIGGER events_no_update`}, "trigger events_no_update is missing"},
		{"trigger changed", []string{`DROP TRIGGER events_no_delete`, `CREATE TRIGGER events_no_delete BEFORE DELETE ON events WHEN 0 BEGIN SELECT 1; END`}, "trigger events_no_delete differs"},
		{"trigger added", []string{`CREATE TRIGGER sneaky AFTER INSERT ON tickets BEGIN SELECT 1; END`}, "trigger sneaky is not kefu's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.raw(t, tt.stmts...)
			r := f.verify(t, "")
			if r.OK || !strings.Contains(strings.Join(r.Problems, "\n"), tt.want) {
				t.Fatalf("want a finding %q, got %+v", tt.want, r)
			}
			check, err := f.s.DBCheck(context.Background(), core.Keys{Dir: f.keyDir})
			if err != nil || check.OK || !strings.HasPrefix(check.Verdict, "FAILED") {
				t.Fatalf("db check passed a tampered database: %+v, %v", check, err)
			}
		})
	}
}

// An event inserted by hand is never signed on the next open: verify names it, and writes
// are refused until the file is sound again.
func TestHandInsertedEventIsNotSigned(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	f.raw(t, `INSERT INTO events (id, at, actor, entity, entity_id, action, payload) SELECT max(id) + 1, 0, '王芳', 'staff', 2, 'promoted', '{}' FROM events`)
	keys := core.Keys{Dir: f.keyDir}
	if err := core.PrepareAudit(ctx, store.Persist(f.db), keys, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.TicketNote(ctx, "张伟", 1, "x"); err == nil || !strings.Contains(err.Error(), "is not signed") {
		t.Fatalf("a write after a hand-made event: %v", err)
	}
	r := f.verify(t, "")
	if r.OK || !strings.Contains(r.Problems[0], "not signed") {
		t.Fatalf("the unsigned event was not named: %+v", r)
	}
	if _, err := core.AuditAdopt(ctx, store.Persist(f.db), keys, "王芳", time.Now()); err == nil || !strings.Contains(err.Error(), "written outside kefu") {
		t.Fatalf("adopt took in a hand-made event: %v", err)
	}
}

// A key that does not sign the history is refused before anything is written.
func TestWrongKeyWritesNothing(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	before := f.verify(t, "").Events
	wrong := core.Keys{Fixed: []byte(strings.Repeat("k", 32))}
	if err := core.PrepareAudit(ctx, store.Persist(f.db), wrong, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, err := f.s.TicketNote(ctx, "张伟", 1, "x")
	if err == nil || !strings.Contains(err.Error(), "this key does not sign this database's history") {
		t.Fatalf("a write with a wrong key: %v", err)
	}
	if r := f.verify(t, ""); !r.OK || r.Events != before {
		t.Fatalf("the wrong key changed the history: %+v", r)
	}
}

// Rows from before the row history (a database upgraded by migration 0009) are one finding
// until a manager adopts them; adopt records only those, and says how many.
func TestAdoptRecordsOlderRows(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	f.raw(t, `INSERT INTO state (key, value) VALUES ('history.rows_unrecorded', '1')`,
		`INSERT INTO staff (name, role, created_at) VALUES ('老员工', 'agent', 0)`)
	r := f.verify(t, "")
	if r.OK || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "1 rows were written before kefu recorded rows in the history (first: staff 3)") {
		t.Fatalf("older rows: %+v", r)
	}
	a, err := core.AuditAdopt(ctx, store.Persist(f.db), core.Keys{Dir: f.keyDir}, "王芳", time.Now())
	if err != nil || a.RowsRecorded != 1 || a.EventsSigned != 0 {
		t.Fatalf("adopt = %+v, %v", a, err)
	}
	if r := f.verify(t, ""); !r.OK {
		t.Fatalf("after adopt: %+v", r)
	}
}

// A trigger added behind kefu's back could rewrite what kefu writes (and the row history
// would sign the result): writes are refused until the file is sound.
func TestForeignTriggerRefusesWrites(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	f.raw(t, `CREATE TRIGGER sneaky AFTER INSERT ON score_entries BEGIN UPDATE score_entries SET points = 5000 WHERE id = NEW.id; END`)
	if err := core.PrepareAudit(ctx, store.Persist(f.db), core.Keys{Dir: f.keyDir}, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, err := f.s.TicketNote(ctx, "张伟", 1, "x")
	if err == nil || !strings.Contains(err.Error(), "trigger sneaky is not kefu's") {
		t.Fatalf("a write beside a foreign trigger: %v", err)
	}
}

// countingDB counts the read transactions run on it.
type countingDB struct {
	persist.DB
	views int
}

func (c *countingDB) View(ctx context.Context, now time.Time, fn func(persist.Tx) error) error {
	c.views++
	return c.DB.View(ctx, now, fn)
}

// A command's database checks the history and the schema before its first write, not when it
// opens: reads run none of those statements (and go on beside a foreign trigger), the first
// write is refused as it was at open, and the checks run once however many writes follow.
func TestAuditedChecksBeforeTheFirstWrite(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	f.raw(t, `CREATE TRIGGER sneaky AFTER INSERT ON score_entries BEGIN SELECT 1; END`)
	at := clock.Fixed(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	plain := &countingDB{DB: store.Persist(f.db)}
	if _, err := core.New(plain, at).TicketShow(ctx, 1); err != nil {
		t.Fatal(err)
	}
	inner := &countingDB{DB: store.Persist(f.db)}
	s := core.New(core.Audited(ctx, inner, core.Keys{Dir: f.keyDir}, time.Now()), at)
	for range 3 {
		if _, err := s.TicketShow(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	reads := inner.views
	if reads != 3*plain.views {
		t.Errorf("three reads ran %d read transactions, want %d (no checks)", reads, 3*plain.views)
	}
	for range 2 {
		if _, err := s.TicketNote(ctx, "张伟", 1, "x"); err == nil || !strings.Contains(err.Error(), "trigger sneaky is not kefu's") {
			t.Fatalf("a write beside a foreign trigger: %v", err)
		}
	}
	if checks := inner.views - reads; checks != 1 {
		t.Errorf("the checks ran %d times for two writes, want once", checks)
	}
}

// The database a command gets (Audited) keeps the store's two-connection read: audit verify and
// export read on two connections through it, and such a read makes none of the write checks.
func TestAuditedKeepsThePairRead(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	sdb := store.Persist(f.db)
	inner := &countingDB{DB: sdb}
	db := core.Audited(ctx, pairCountingDB{inner, sdb.(persist.PairViewer)}, core.Keys{Dir: f.keyDir}, time.Now())
	pv, ok := db.(persist.PairViewer)
	if !ok {
		t.Fatal("Audited hides the store's ViewPair")
	}
	err := pv.ViewPair(ctx, time.Now(), func(first, second persist.Tx) error {
		if first == nil || second == nil {
			t.Errorf("ViewPair on a SQLite file gave first %v, second %v: want two transactions", first, second)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inner.views != 0 {
		t.Errorf("a pair read ran %d checking transactions, want none", inner.views)
	}
	// Without a pair underneath, fn reads on one transaction.
	single := core.Audited(ctx, singleDB{sdb}, core.Keys{Dir: f.keyDir}, time.Now())
	err = single.(persist.PairViewer).ViewPair(ctx, time.Now(), func(first, second persist.Tx) error {
		if first == nil || second != nil {
			t.Errorf("without a pair: first %v, second %v: want one transaction", first, second)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// singleDB is a database without ViewPair.
type singleDB struct{ persist.DB }

// pairCountingDB is countingDB with the store's ViewPair.
type pairCountingDB struct {
	*countingDB
	pair persist.PairViewer
}

func (p pairCountingDB) ViewPair(ctx context.Context, now time.Time, fn func(first, second persist.Tx) error) error {
	return p.pair.ViewPair(ctx, now, fn)
}
