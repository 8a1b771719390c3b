package store

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/ticket"
)

// A page by due time read from the two due indexes is the same page as the first rows of the
// whole sorted list, with ties, both sides owing, filters and any page size.
func TestTicketDuePageMatchesFullSort(t *testing.T) {
	db := ticketDB(t)
	r := rand.New(rand.NewPCG(1, 2))
	due := func() time.Time { return ticketNow.Add(time.Duration(r.IntN(40)-30) * time.Minute) } // few distinct: ties
	statuses := []ticket.Status{ticket.Open, ticket.Open, ticket.Pending, ticket.Reopened, ticket.Resolved}
	var tks []ticket.Ticket
	for i := range 300 {
		tk := ticket.Ticket{Subject: "t", Status: statuses[r.IntN(len(statuses))], FirstResponseDue: due(), ResolutionDue: due(),
			Priority: []string{"normal", "high"}[i%2]}
		if r.IntN(2) == 0 {
			tk.FirstResponseAt = ticketNow.Add(-time.Hour)
		}
		switch tk.Status {
		case ticket.Pending:
			tk.PendingSince, tk.ResolutionRemaining = ticketNow.Add(-time.Hour), 60
		case ticket.Resolved:
			tk.ResolvedAt = ticketNow.Add(-time.Hour)
		}
		tks = append(tks, tk)
	}
	addTickets(t, db, tks...)
	for _, f := range []TicketFilter{
		{Overdue: true},
		{DueBefore: ticketNow.Add(5 * time.Minute)},
		{Overdue: true, Priority: "high"},
		{Overdue: true, Statuses: []string{"pending"}},
	} {
		f.Sort = "due"
		all := listIDs(t, db, ticketNow, f)
		if len(all) < 20 {
			t.Fatalf("%+v: only %d tickets, the test needs more", f, len(all))
		}
		err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
			n, err := tx.CountTickets(f)
			if n != len(all) {
				t.Errorf("%+v: count %d, want %d", f, n, len(all))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 3, 10, 50, 1000} {
			f.Limit = limit
			got := listIDs(t, db, ticketNow, f)
			want := all[:min(limit, len(all))]
			if !slices.Equal(got, want) {
				t.Errorf("%+v: page %v, want %v", f, got, want)
			}
		}
	}
}

// A page of what falls due in opening order, walked along the active tickets' index, is the
// same page as the first rows of the whole list in that order, with ties in opening time,
// filters and any page size; its count is the whole list's length.
func TestTicketDuePageByOpeningMatchesFullSort(t *testing.T) {
	db := ticketDB(t)
	r := rand.New(rand.NewPCG(3, 4))
	at := func(spread int) time.Time {
		return ticketNow.Add(time.Duration(r.IntN(spread)-spread*3/4) * time.Minute)
	}
	statuses := []ticket.Status{ticket.Open, ticket.Open, ticket.Pending, ticket.Reopened, ticket.Resolved, ticket.Closed}
	var tks []ticket.Ticket
	for i := range 400 {
		tk := ticket.Ticket{Subject: "t", Status: statuses[r.IntN(len(statuses))], OpenedAt: at(30), // few distinct: ties
			FirstResponseDue: at(40), ResolutionDue: at(40), Priority: []string{"normal", "high"}[i%2]}
		if r.IntN(2) == 0 {
			tk.FirstResponseAt = ticketNow.Add(-time.Hour)
		}
		switch tk.Status {
		case ticket.Pending:
			tk.PendingSince, tk.ResolutionRemaining = ticketNow.Add(-time.Hour), 60
		case ticket.Resolved, ticket.Closed:
			tk.ResolvedAt = ticketNow.Add(-time.Hour)
		}
		tks = append(tks, tk)
	}
	addTickets(t, db, tks...)
	for _, sort := range []string{"", "-opened", "opened"} {
		for _, f := range []TicketFilter{
			{Overdue: true},
			{DueBefore: ticketNow.Add(5 * time.Minute)},
			{Overdue: true, Priority: "high"},
			{Overdue: true, Statuses: []string{"pending"}},
			{Overdue: true, Statuses: []string{"resolved"}},
		} {
			f.Sort = sort
			all := listIDs(t, db, ticketNow, f)
			if len(all) < 20 && f.Statuses == nil {
				t.Fatalf("%+v: only %d tickets, the test needs more", f, len(all))
			}
			err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
				n, err := tx.CountTickets(f)
				if n != len(all) {
					t.Errorf("%+v: count %d, want %d", f, n, len(all))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{1, 3, 10, 50, 1000} {
				f.Limit = limit
				got := listIDs(t, db, ticketNow, f)
				want := all[:min(limit, len(all))]
				if !slices.Equal(got, want) {
					t.Errorf("%+v: page %v, want %v", f, got, want)
				}
			}
		}
	}
}
