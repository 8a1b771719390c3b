package core_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/ticket"
)

// oneConn is a database without persist.PairViewer: everything is read in one transaction.
type oneConn struct{ persist.DB }

// On a tampered database, verify reading on two connections finds what reading on one finds,
// in the same order and words; and an export hands over the same tickets.
func TestPairedReadsFindTheSame(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	for i := range 30 {
		if _, _, err := f.s.TicketOpen(ctx, "张伟", core.TicketOpenOptions{Subject: fmt.Sprintf("退款 %d", i), Kind: "inquiry", Channel: "chat", Customer: "刘洋", Assignee: "张伟"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.s.TicketReply(ctx, "张伟", 7, "您好", ""); err != nil {
		t.Fatal(err)
	}
	f.raw(t,
		`UPDATE tickets SET status = 'closed' WHERE id IN (3, 9, 27)`,
		`UPDATE tickets SET assignee_id = NULL WHERE id = 12`,
		`UPDATE customers SET phone = '13900000000'`,
		`DELETE FROM messages WHERE id = 1`,
		`DROP TRIGGER events_no_update`,
		`UPDATE events SET payload = replace(payload, '退款 5', '退款 6') WHERE entity = 'ticket' AND entity_id = 7`,
	)
	keys := core.Keys{Dir: f.keyDir}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	single := core.New(oneConn{store.Persist(f.db)}, clock.Fixed(now))
	if _, ok := any(oneConn{}).(persist.PairViewer); ok {
		t.Fatal("oneConn reads in pairs")
	}
	want, err := single.AuditVerify(ctx, keys, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.AuditVerify(ctx, keys, "")
	if err != nil {
		t.Fatal(err)
	}
	if want.OK || len(want.Problems) < 5 {
		t.Fatalf("the tampering went unseen: %+v", want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("paired reads found\n%+v\none transaction found\n%+v", got, want)
	}

	ids := func(s *core.Service) []int64 {
		var out []int64
		err := s.ExportTickets(ctx, core.ExportOptions{}, func(tks []ticket.Ticket, _ *time.Location) error {
			for _, tk := range tks {
				out = append(out, tk.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if a, b := ids(f.s), ids(single); len(a) != 31 || !reflect.DeepEqual(a, b) {
		t.Fatalf("export: paired %v, one transaction %v", a, b)
	}
}
