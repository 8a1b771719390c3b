package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/rota"
	"github.com/kefu/kefu/internal/score"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestRotaTables(t *testing.T) {
	db := scoreDB(t)
	update(t, db, func(tx *Tx) error {
		for _, l := range []rota.Leave{
			{StaffID: 2, From: day("2026-11-09"), To: day("2026-11-15"), Kind: rota.Annual, Note: "年假"},
			{StaffID: 1, From: day("2026-11-20"), To: day("2026-11-20"), Kind: rota.Rest},
		} {
			if err := tx.InsertLeave(&l, 1); err != nil {
				return err
			}
		}
		s := rota.Swap{Date: day("2026-11-04"), A: 1, B: 2, AShift: "day", BShift: "night", Reason: "家中有事"}
		return tx.InsertSwap(&s, 1)
	})
	update(t, db, func(tx *Tx) error {
		for _, tc := range []struct {
			from, to string
			want     int
		}{{"2026-11-15", "2026-11-19", 1}, {"2026-11-16", "2026-11-19", 0}, {"2026-11-01", "2026-11-30", 2}, {"2026-11-08", "2026-11-09", 1}} {
			ls, err := tx.Leaves(LeaveFilter{From: day(tc.from), To: day(tc.to)})
			if err != nil || len(ls) != tc.want {
				t.Errorf("leave overlapping %s..%s: %+v %v, want %d", tc.from, tc.to, ls, err, tc.want)
			}
		}
		ls, _ := tx.Leaves(LeaveFilter{StaffID: 2})
		if len(ls) != 1 || ls[0].Staff != "张伟" || ls[0].Kind != rota.Annual || ls[0].Days() != 7 {
			t.Errorf("张伟's leave %+v", ls)
		}
		if err := tx.DeleteLeave(ls[0].ID); err != nil {
			return err
		}
		if ls, _ := tx.Leaves(LeaveFilter{StaffID: 2}); len(ls) != 0 {
			t.Errorf("removed leave still there: %+v", ls)
		}
		sw, err := tx.Swaps(day("2026-11-04"), day("2026-11-04"))
		if err != nil || len(sw) != 1 || sw[0].AName != "陈静" || sw[0].BShift != "night" {
			t.Errorf("swaps %+v %v", sw, err)
		}
		if sw, _ := tx.Swaps(day("2026-11-05"), day("2026-11-30")); len(sw) != 0 {
			t.Errorf("swaps outside the range %+v", sw)
		}
		return nil
	})
}

func TestVerdictsAndSpending(t *testing.T) {
	db := scoreDB(t)
	update(t, db, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO tickets (id, kind, channel, subject, status, opened_at, resolution_start, updated_at) VALUES (1, 'complaint', 'phone', 'x', 'open', 0, 0, 0)`); err != nil {
			return err
		}
		v := Verdict{TicketID: 1, StaffID: 2, Staff: "张伟", Valid: true, Reason: "属实", At: now}
		if err := tx.InsertVerdict(&v, 1); err != nil {
			return err
		}
		if err := tx.InsertVerdict(&v, 1); err == nil {
			t.Error("a second verdict on the same complaint and agent was stored")
		}
		n, err := tx.ValidComplaints(now.Add(-time.Second), now.Add(time.Second))
		if err != nil || n[2] != 1 {
			t.Errorf("valid complaints %v %v", n, err)
		}
		s := Spending{At: now, Amount: score.Yuan(60), Reason: "聚餐"}
		if err := tx.InsertSpending(&s, 1); err != nil {
			return err
		}
		if bad := (Spending{At: now, Amount: 0, Reason: "x"}); tx.InsertSpending(&bad, 1) == nil {
			t.Error("spending of 0 stored")
		}
		sp, err := tx.Spendings(now.Add(-time.Second), now.Add(time.Second))
		if err != nil || len(sp) != 1 || sp[0].Amount != score.Yuan(60) || sp[0].RecordedBy != "陈静" {
			t.Errorf("spending %+v %v", sp, err)
		}
		return nil
	})
}

// Migration 0011 rebuilds score_rules to admit the class fine: the entries, proposals and a
// team's own rules survive, and the foreign keys still point at the rebuilt table.
func TestRulesRebuildKeepsEntries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	before := slices.Index(migrationNames, "0011_rota_fines.sql")
	if before < 0 {
		t.Fatal("no migration 0011_rota_fines.sql")
	}
	makeOld(t, path, before)
	raw, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO staff (id, name, role, created_at) VALUES (1, '张伟', 'agent', 0)`,
		`INSERT INTO score_rules (code, class, min_points, max_points, fine_fen) VALUES ('late-return', 'light', -50, -20, 1000)`,
		`INSERT INTO score_entries (staff_id, rule, points, at, created_at) VALUES (1, 'late-return', -30, 0, 0)`,
		`INSERT INTO score_pending (staff_id, rule, points, at, created_at) VALUES (1, 'noise', -20, 0, 0)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	update(t, db, func(tx *Tx) error {
		r, err := tx.ScoreRule("late-return")
		if err != nil || r.Fine != 1000 || r.Min != -50 {
			t.Errorf("the team's rule after the rebuild: %+v %v", r, err)
		}
		if r, err := tx.ScoreRule("complaint-valid"); err != nil || r.Class != score.Fine || len(r.Ladder) != 3 {
			t.Errorf("complaint-valid: %+v %v", r, err)
		}
		if r, err := tx.ScoreRule("top-of-month"); err != nil || !r.OncePerMonth || r.Eligibility != score.TopOfMonth {
			t.Errorf("top-of-month: %+v %v", r, err)
		}
		es, err := tx.ScoreEntries(ScoreEntryFilter{From: time.UnixMilli(0).Add(-time.Hour), To: time.UnixMilli(0).Add(time.Hour)})
		if err != nil || len(es) != 1 || es[0].Class != score.Light {
			t.Errorf("entries after the rebuild: %+v %v", es, err)
		}
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&n); err != nil || n != 0 {
			t.Errorf("foreign key check: %d violations, %v", n, err)
		}
		if _, err := tx.exec(`INSERT INTO score_entries (staff_id, rule, points, at, created_at) VALUES (1, 'no-such-rule', -1, 0, 0)`); err == nil {
			t.Error("an entry under an unknown rule was accepted: the foreign key no longer holds")
		}
		return nil
	})
}
