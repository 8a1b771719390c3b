package store

import (
	"context"
	"testing"

	"github.com/kefu/kefu/internal/ticket"
)

// CountTickets counts what ListTickets would list without its limit, under every filter.
func TestCountTicketsMatchesList(t *testing.T) {
	db := ticketDB(t)
	addTickets(t, db,
		ticket.Ticket{Subject: "退款 一", Kind: "inquiry", Channel: "chat"},
		ticket.Ticket{Subject: "退款 二", Kind: "complaint", Channel: "phone"},
		ticket.Ticket{Subject: "物流", Kind: "inquiry", Channel: "chat", Status: ticket.Resolved},
		ticket.Ticket{Subject: "积分", Kind: "suggestion", Channel: "app"},
	)
	for _, f := range []TicketFilter{
		{},
		{Limit: 1},
		{Kind: "inquiry", Limit: 1},
		{Channel: "chat"},
		{Statuses: []string{"open"}, Limit: 2},
		{Search: "退款", Limit: 1},
		{Kind: "nothing"},
	} {
		all := f
		all.Limit = 0
		want := len(listIDs(t, db, ticketNow, all))
		var got int
		err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
			var err error
			got, err = tx.CountTickets(f)
			return err
		})
		if err != nil || got != want {
			t.Errorf("CountTickets(%+v) = %d, %v; want %d", f, got, err, want)
		}
		if f.Limit > 0 && want > f.Limit && len(listIDs(t, db, ticketNow, f)) != f.Limit {
			t.Errorf("ListTickets(%+v) did not stop at the limit", f)
		}
	}
}
