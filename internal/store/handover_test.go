package store

import (
	"context"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/staff"
)

func TestHandoverStore(t *testing.T) {
	db := ticketDB(t)
	ctx := context.Background()
	day := func(s string) calendar.Date { d, _ := calendar.ParseDate(s); return d }
	var zhang, zhao staff.Staff
	err := db.Update(ctx, ticketNow, func(tx *Tx) error {
		var err error
		if zhang, err = tx.InsertStaff(staff.Staff{Name: "张伟", Role: access.Agent, Shift: "day"}); err != nil {
			return err
		}
		zhao, err = tx.InsertStaff(staff.Staff{Name: "赵敏", Role: access.Agent, Shift: "night"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	monday := handover.Shift{Date: day("2026-03-02"), Name: handover.Day}
	item := handover.Item{TicketID: 1, Kind: "inquiry", Subject: "退款", Status: "open", Due: ticketNow.UTC(), Why: handover.WhyAssigned}
	n := handover.Note{AuthorID: zhang.ID, Shift: monday, Text: "第一版", OpenItems: []handover.Item{item}}
	written := ticketNow.Add(8 * time.Hour)
	err = db.Update(ctx, written, func(tx *Tx) error { return tx.InsertHandover(&n) })
	if err != nil || n.ID != 1 {
		t.Fatalf("InsertHandover: id %d, %v", n.ID, err)
	}
	// One note per author per shift: the schema refuses a second row.
	err = db.Update(ctx, written, func(tx *Tx) error { dup := n; return tx.InsertHandover(&dup) })
	if err == nil {
		t.Error("a second note for the same author and shift was stored")
	}
	err = db.Update(ctx, written.Add(10*time.Minute), func(tx *Tx) error {
		if err := tx.AckHandover(n.ID, zhao.ID); err != nil {
			return err
		}
		got, found, err := tx.HandoverOf(zhang.ID, monday)
		if err != nil || !found || got.AckedBy != "赵敏" {
			t.Errorf("HandoverOf after ack: %+v, %v, %v", got, found, err)
		}
		return tx.AmendHandover(got, "第二版", nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, ticketNow, func(tx *Tx) error {
		got, err := tx.Handover(n.ID)
		if err != nil {
			return err
		}
		if got.Text != "第二版" || got.Revisions != 1 || !got.AckedAt.IsZero() || len(got.OpenItems) != 0 ||
			!got.WrittenAt.Equal(written) || !got.AmendedAt.Equal(written.Add(10*time.Minute)) || got.Author != "张伟" {
			t.Errorf("amended note %+v", got)
		}
		revs, err := tx.HandoverRevisions(n.ID)
		if err != nil {
			return err
		}
		if len(revs) != 1 || revs[0].Text != "第一版" || len(revs[0].OpenItems) != 1 || revs[0].OpenItems[0] != item ||
			!revs[0].WrittenAt.Equal(written) {
			t.Errorf("revisions %+v", revs)
		}
		if _, err := tx.Handover(99); !errs.Is(err, errs.NotFound) {
			t.Errorf("Handover(99): %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Newest shift first: a day's night shift before its day shift.
	err = db.Update(ctx, written, func(tx *Tx) error {
		for _, s := range []handover.Shift{{Date: day("2026-03-02"), Name: handover.Night}, {Date: day("2026-03-01"), Name: handover.Night}} {
			if err := tx.InsertHandover(&handover.Note{AuthorID: zhao.ID, Shift: s, Text: "夜班"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, ticketNow, func(tx *Tx) error {
		ns, err := tx.ListHandovers(HandoverFilter{})
		if err != nil {
			return err
		}
		var got []int64
		for _, n := range ns {
			got = append(got, n.ID)
		}
		if len(got) != 3 || got[0] != 2 || got[1] != 1 || got[2] != 3 {
			t.Errorf("order %v, want [2 1 3]", got)
		}
		ns, err = tx.ListHandovers(HandoverFilter{Since: day("2026-03-02"), Shift: handover.Night, AuthorID: zhao.ID, Limit: 5})
		if err != nil || len(ns) != 1 || ns[0].ID != 2 {
			t.Errorf("filtered: %+v, %v", ns, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSummaryStore(t *testing.T) {
	db := ticketDB(t)
	ctx := context.Background()
	err := db.Update(ctx, ticketNow, func(tx *Tx) error {
		st, err := tx.InsertStaff(staff.Staff{Name: "张伟", Role: access.Agent, Shift: "day", Team: "售后"})
		if err != nil {
			return err
		}
		m := Summary{StaffID: st.ID, Week: "2026-W10", Text: "短", Chars: 1}
		if err := tx.SaveSummary(&m, false); err != nil {
			return err
		}
		m.Text, m.Chars = "长一些", 3
		if err := tx.SaveSummary(&m, true); err != nil {
			return err
		}
		got, found, err := tx.SummaryOf(st.ID, "2026-W10")
		if err != nil || !found || got.Text != "长一些" || got.Chars != 3 || got.Team != "售后" || got.AmendedAt.IsZero() {
			t.Errorf("SummaryOf = %+v, %v, %v", got, found, err)
		}
		if !got.Late(ticketNow.Add(-time.Minute)) || got.Late(ticketNow) {
			t.Error("Late")
		}
		if _, found, _ := tx.SummaryOf(st.ID, "2026-W09"); found {
			t.Error("a summary of another week was found")
		}
		all, err := tx.Summaries("2026-W09", "2026-W10")
		if err != nil || len(all) != 1 {
			t.Errorf("Summaries = %+v, %v", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
