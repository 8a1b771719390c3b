package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/ticket"
)

// A page of a common word's matches found by walking the tickets in opening order is the page
// the full sort gives, in both directions and with ties on the opening time.
func TestTicketSearchPageMatchesFullSort(t *testing.T) {
	db := ticketDB(t)
	var tks []ticket.Ticket
	for i := range 400 {
		subject := "查询物流"
		if i%3 == 0 {
			subject = fmt.Sprintf("申请退款 %d", i)
		}
		if i%5 == 0 {
			subject = "Refund 退 款" // the characters, not the word
		}
		opened := ticketNow.Add(-time.Duration((i*7919)%97) * time.Minute) // shuffled, with ties
		tks = append(tks, ticket.Ticket{Subject: subject, OpenedAt: opened, FirstResponseDue: opened.Add(time.Hour)})
	}
	addTickets(t, db, tks...)
	for _, search := range []string{"退款", "refund", "退款 1"} {
		for _, sort := range []string{"-opened", "opened"} {
			all := listIDs(t, db, ticketNow, TicketFilter{Search: search, Sort: sort})
			if len(all) < 20 {
				t.Fatalf("%q: only %d matches, the test needs more", search, len(all))
			}
			for _, limit := range []int{1, 10, 20} {
				got := listIDs(t, db, ticketNow, TicketFilter{Search: search, Sort: sort, Limit: limit})
				if want := all[:limit]; !slices.Equal(got, want) {
					t.Errorf("%q %s limit %d: %v, want %v", search, sort, limit, got, want)
				}
			}
		}
	}
}

// Counting a two-character search reads the gram index alone; it counts what the list lists.
func TestTicketSearchCount(t *testing.T) {
	db := ticketDB(t)
	addTickets(t, db,
		ticket.Ticket{Subject: "申请退款", Body: "退款未到账"},
		ticket.Ticket{Subject: "退 款"},
		ticket.Ticket{Subject: "物流", Body: "款退"},
		ticket.Ticket{Subject: "REFUND please", Body: "refund"},
	)
	for _, f := range []TicketFilter{{Search: "退款"}, {Search: "Re"}, {Search: "退款", Kind: "complaint"}, {Search: "款退"}} {
		want := len(listIDs(t, db, ticketNow, f))
		err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
			n, err := tx.CountTickets(f)
			if n != want {
				t.Errorf("%+v: count %d, want %d", f, n, want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := listIDs(t, db, ticketNow, TicketFilter{Search: "退款"}); !slices.Equal(got, []int64{1}) {
		t.Errorf("退款 = %v, want [1]", got)
	}
}

// When the newest tickets hold no whole page of a common word's matches (here: none of them),
// the page still comes from every match.
func TestTicketSearchPageOlderMatches(t *testing.T) {
	db := ticketDB(t)
	var tks []ticket.Ticket
	for i := range 300 {
		subject, opened := "查询物流", ticketNow.Add(-time.Duration(i)*time.Minute)
		if i%2 == 0 {
			subject, opened = fmt.Sprintf("申请退款 %d", i), ticketNow.Add(-time.Duration(1000+i)*time.Minute)
		}
		tks = append(tks, ticket.Ticket{Subject: subject, OpenedAt: opened, FirstResponseDue: opened.Add(time.Hour)})
	}
	addTickets(t, db, tks...)
	for _, sort := range []string{"-opened", "opened"} {
		all := listIDs(t, db, ticketNow, TicketFilter{Search: "退款", Sort: sort})
		if len(all) != 150 {
			t.Fatalf("%s: %d matches, want 150", sort, len(all))
		}
		for _, limit := range []int{1, 10, 50} {
			got := listIDs(t, db, ticketNow, TicketFilter{Search: "退款", Sort: sort, Limit: limit})
			if want := all[:limit]; !slices.Equal(got, want) {
				t.Errorf("%s limit %d: %v, want %v", sort, limit, got, want)
			}
		}
	}
}
