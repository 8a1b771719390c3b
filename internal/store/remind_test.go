package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/ticket"
)

func TestTicketsDue(t *testing.T) {
	db := ticketDB(t)
	h := func(n int) time.Time { return ticketNow.Add(time.Duration(n) * time.Hour) }
	addTickets(t, db,
		ticket.Ticket{FirstResponseDue: h(-1), ResolutionDue: h(10)},                                       // 1: first response overdue
		ticket.Ticket{FirstResponseDue: h(-1), FirstResponseAt: h(-2), ResolutionDue: h(1)},                // 2: answered; resolution due soon
		ticket.Ticket{FirstResponseDue: h(-1), Status: ticket.Pending},                                     // 3: pending still owes a first response
		ticket.Ticket{FirstResponseDue: h(-1), Status: ticket.Resolved, ResolvedAt: h(-1)},                 // 4: resolved: owes nothing
		ticket.Ticket{Kind: "complaint", EscalationDue: h(-1)},                                             // 5: not escalated
		ticket.Ticket{Kind: "complaint", EscalationDue: h(-1), EscalatedAt: h(-2)},                         // 6: escalated
		ticket.Ticket{Kind: "complaint", Status: ticket.Resolved, ResolvedAt: h(-30), FollowupDue: h(-3)},  // 7: awaiting follow-up
		ticket.Ticket{Kind: "suggestion", ForwardDue: h(2)},                                                // 8: forward due
		ticket.Ticket{Kind: "suggestion", ForwardDue: h(-2), Status: ticket.Closed},                        // 9: closed: never forwarded, not owed
		ticket.Ticket{Kind: "complaint", EscalationDue: h(-1), Status: ticket.Resolved, ResolvedAt: h(-1)}, // 10: resolved unescalated
	)
	want := map[string][]int64{
		"first_response": {1, 3},
		"resolution":     {2, 1},
		"escalation":     {5},
		"followup":       {7},
		"forward":        {8},
	}
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		for target, ids := range want {
			ts, err := tx.TicketsDue(target, h(24))
			if err != nil {
				return err
			}
			var got []int64
			for _, tk := range ts {
				got = append(got, tk.ID)
			}
			if !slices.Equal(got, ids) {
				t.Errorf("TicketsDue(%s) = %v, want %v", target, got, ids)
			}
		}
		if _, err := tx.TicketsDue("lunch", h(1)); err == nil {
			t.Error("an unknown target was accepted")
		}
		for _, c := range []struct {
			due  func(time.Time) bool
			want []int64
		}{
			{func(time.Time) bool { return true }, []int64{7, 4, 10}}, // earliest resolved first
			{func(at time.Time) bool { return at.Before(h(-10)) }, []int64{7}},
			{func(time.Time) bool { return false }, nil},
		} {
			ts, err := tx.ResolvedBefore(h(0), c.due)
			if err != nil {
				return err
			}
			var got []int64
			for _, tk := range ts {
				got = append(got, tk.ID)
				if tk.Status != ticket.Resolved || tk.ResolvedAt.IsZero() {
					t.Errorf("ResolvedBefore: ticket %d read as %s, resolved %v", tk.ID, tk.Status, tk.ResolvedAt)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("ResolvedBefore = %v, want %v", got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// "What is due" is a range over each target's partial index, never a scan of all tickets.
func TestTicketsDueUsesIndexes(t *testing.T) {
	db := ticketDB(t)
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		for target := range dueConditions {
			q, _ := dueQuery(target)
			rows, err := tx.query(`EXPLAIN QUERY PLAN `+q, 0)
			if err != nil {
				return err
			}
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					rows.Close()
					return err
				}
				plan = append(plan, detail)
			}
			rows.Close()
			if p := strings.Join(plan, "; "); !strings.Contains(p, "SEARCH t USING INDEX tickets_"+target+"_due (") || !strings.Contains(p, target+"_due<?)") {
				t.Errorf("%s: query plan %q does not use its index", target, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSentLog(t *testing.T) {
	db := ticketDB(t)
	ctx := context.Background()
	mark := func(at time.Time, channel string, items ...Sent) {
		t.Helper()
		if err := db.Update(ctx, at, func(tx *Tx) error { return tx.MarkSent(channel, items) }); err != nil {
			t.Fatal(err)
		}
	}
	sent := func(channel string, since time.Time) map[string]time.Time {
		t.Helper()
		var out map[string]time.Time
		if err := db.View(ctx, ticketNow, func(tx *Tx) error {
			var err error
			out, err = tx.SentSince(channel, since)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := Sent{Item: "ticket:1:first_response", Group: "due_soon"}, Sent{Item: "ticket:1:first_response", Group: "overdue"}
	mark(ticketNow.Add(-100*24*time.Hour), "stdout", Sent{Item: "old", Group: "overdue"})
	mark(ticketNow.Add(-2*time.Hour), "stdout", a)
	mark(ticketNow.Add(-time.Hour), "stdout", a, b)
	mark(ticketNow.Add(-time.Hour), "webhook:x", b)
	got := sent("stdout", ticketNow.Add(-24*time.Hour))
	if len(got) != 2 || !got["ticket:1:first_response|due_soon"].Equal(ticketNow.Add(-time.Hour)) {
		t.Errorf("SentSince = %v", got)
	}
	if got := sent("stdout", time.Time{}); len(got) != 2 {
		t.Errorf("rows older than 90 days are kept: %v", got)
	}
	if got := sent("webhook:x", ticketNow.Add(-30*time.Minute)); len(got) != 0 {
		t.Errorf("SentSince after the last send = %v", got)
	}
}

// Missed first responses: late or never given, due before now, opened since the lookback, of
// the kinds asked for.
func TestFirstResponsesMissed(t *testing.T) {
	db := ticketDB(t)
	h := func(n int) time.Time { return ticketNow.Add(time.Duration(n) * time.Hour) }
	addTickets(t, db,
		ticket.Ticket{OpenedAt: h(-10), FirstResponseDue: h(-8)},                         // 1: never answered
		ticket.Ticket{OpenedAt: h(-10), FirstResponseDue: h(-8), FirstResponseAt: h(-7)}, // 2: late
		ticket.Ticket{OpenedAt: h(-10), FirstResponseDue: h(-8), FirstResponseAt: h(-9)}, // 3: in time
		ticket.Ticket{Kind: "presale", OpenedAt: h(-10), FirstResponseDue: h(-8)},        // 4: another kind
		ticket.Ticket{Kind: "complaint", OpenedAt: h(-10), FirstResponseDue: h(-8)},      // 5: a complaint
		ticket.Ticket{OpenedAt: h(-1), FirstResponseDue: h(1)},                           // 6: not due yet
		ticket.Ticket{OpenedAt: h(-100), FirstResponseDue: h(-98)},                       // 7: before the lookback
	)
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		for _, c := range []struct {
			kinds []string
			want  []int64
		}{{[]string{"inquiry", "complaint"}, []int64{1, 2, 5}}, {[]string{"presale"}, []int64{4}}, {nil, nil}} {
			ts, err := tx.FirstResponsesMissed(h(-48), c.kinds)
			if err != nil {
				return err
			}
			var got []int64
			for _, tk := range ts {
				got = append(got, tk.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("FirstResponsesMissed(%v) = %v, want %v", c.kinds, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
