package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/ticket"
)

// OpenedGroups' one pass agrees with the statements that count each figure on its own.
func TestOpenedGroupsAgreesWithEachFigure(t *testing.T) {
	db := ticketDB(t)
	h := func(n int) time.Time { return ticketNow.Add(time.Duration(n) * time.Hour) }
	addTickets(t, db,
		ticket.Ticket{Channel: "email", Category: "退款"},
		ticket.Ticket{Channel: "chat", Category: "退款"},
		ticket.Ticket{Channel: "phone", Category: "物流"},
		ticket.Ticket{Channel: "phone"},
		ticket.Ticket{Kind: "complaint", Channel: "email", Severity: "simple", Category: "态度"},
		ticket.Ticket{Kind: "complaint", Channel: "wechat", Severity: "complex", Category: "态度", EscalatedAt: h(-1), ReopenCount: 1},
		ticket.Ticket{Kind: "complaint", Channel: "phone", Severity: "complex"},
		ticket.Ticket{Kind: "suggestion", Channel: "email", Category: "产品", ForwardedAt: h(-1), Outcome: "adopted"},
		ticket.Ticket{Kind: "suggestion", Channel: "app", Category: "产品", Outcome: "declined"},
		ticket.Ticket{Kind: "suggestion", Channel: "email", Outcome: "in-progress"},
		ticket.Ticket{Kind: "presale", Channel: "chat", Category: "价格"},
		ticket.Ticket{Channel: "email", Category: "退款", OpenedAt: h(-48)}, // before the period
	)
	err := db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		for _, id := range []int64{1, 2, 5, 9, 11} {
			if _, err := tx.InsertMessage(id, "reply", 0, h(-1), "回复"); err != nil {
				return err
			}
		}
		_, err := tx.InsertMessage(3, "note", 0, h(-1), "备注")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	from, to := h(-24), h(1)
	err = db.View(context.Background(), ticketNow, func(tx *Tx) error {
		gs, err := tx.OpenedGroups("", from, to)
		if err != nil {
			return err
		}
		total, replied, written := 0, 0, 0
		var cs ComplaintStats
		var ss SuggestionStats
		by := map[string]map[string]int{"kind": {}, "channel": {}, "category": {}}
		for _, g := range gs {
			total += g.N
			by["kind"][g.Kind] += g.N
			by["channel"][g.Channel] += g.N
			if g.Category != "" {
				by["category"][g.Category] += g.N
			}
			if g.Written {
				replied, written = replied+g.Replied, written+g.N
			}
			switch g.Kind {
			case "complaint":
				cs.Opened, cs.Simple, cs.Complex = cs.Opened+g.N, cs.Simple+g.Simple, cs.Complex+g.Complex
				cs.Escalated, cs.Reopened = cs.Escalated+g.Escalated, cs.Reopened+g.Reopened
			case "suggestion":
				ss.Opened, ss.Forwarded, ss.Adopted = ss.Opened+g.N, ss.Forwarded+g.Forwarded, ss.Adopted+g.Adopted
				ss.Declined, ss.InProgress = ss.Declined+g.Declined, ss.InProgress+g.InProgress
			}
		}
		if n, err := tx.CountOpened("", from, to); err != nil || n != total || n != 11 {
			t.Errorf("groups count %d tickets, CountOpened %d (%v), want 11", total, n, err)
		}
		for col, m := range by {
			want, err := tx.VolumeBy("", col, from, to, "", 0)
			if err != nil {
				return err
			}
			got := map[string]int{}
			for _, c := range want {
				got[c.Key] = c.N
			}
			if len(got) != len(m) {
				t.Errorf("by %s: groups %v, VolumeBy %v", col, m, got)
			}
			for k, n := range got {
				if m[k] != n {
					t.Errorf("by %s: groups %v, VolumeBy %v", col, m, got)
				}
			}
		}
		wantReplied, wantWritten, err := tx.ReplyRate("", from, to)
		if err != nil || replied != wantReplied || written != wantWritten || written != 5 || replied != 4 {
			t.Errorf("reply rate: groups %d of %d, ReplyRate %d of %d (%v); want 4 of 5", replied, written, wantReplied, wantWritten, err)
		}
		wantCS, err := tx.Complaints("", from, to)
		if err != nil {
			return err
		}
		wantCS.FollowedUp, wantCS.Satisfied, wantCS.Unsatisfied = 0, 0, 0
		if cs != wantCS || cs.Opened != 3 || cs.Complex != 2 || cs.Escalated != 1 || cs.Reopened != 1 {
			t.Errorf("complaints: groups %+v, Complaints %+v", cs, wantCS)
		}
		wantSS, err := tx.Suggestions("", from, to)
		if err != nil {
			return err
		}
		wantSS.ByCategory = nil
		if !slices.Equal([]int{ss.Opened, ss.Forwarded, ss.Adopted, ss.Declined, ss.InProgress}, []int{wantSS.Opened, wantSS.Forwarded, wantSS.Adopted, wantSS.Declined, wantSS.InProgress}) || ss.Opened != 3 {
			t.Errorf("suggestions: groups %+v, Suggestions %+v", ss, wantSS)
		}
		// A team narrows every figure.
		gs, err = tx.OpenedGroups("售后", from, to)
		if err != nil || len(gs) != 0 {
			t.Errorf("OpenedGroups(售后) = %v, %v; want none (no ticket has the team)", gs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
