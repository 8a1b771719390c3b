package store

import (
	"context"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/ticket"
)

// The counts of the tickets due (per person, or in all) agree with SLA and SLAOf, which count
// each figure on its own.
func TestDueCountsAgreeWithSLA(t *testing.T) {
	db := ticketDB(t)
	h := func(n int) time.Time { return ticketNow.Add(time.Duration(n) * time.Hour) }
	addTickets(t, db,
		ticket.Ticket{ResolutionDue: h(-5), ResolvedAt: h(-6), Status: ticket.Resolved},                                          // met
		ticket.Ticket{ResolutionDue: h(-5), ResolvedAt: h(-4), Status: ticket.Resolved},                                          // late
		ticket.Ticket{ResolutionDue: h(-3)},                                                                                      // missed, open
		ticket.Ticket{Kind: "complaint", Severity: "simple", ResolutionDue: h(-3), ResolvedAt: h(-4), Status: ticket.Resolved},   // met
		ticket.Ticket{Kind: "complaint", Severity: "complex", ResolutionDue: h(-3), ResolvedAt: h(-2), Status: ticket.Resolved},  // late
		ticket.Ticket{Kind: "complaint", Severity: "complex", ResolutionDue: h(-2), ResolvedAt: h(-2), Status: ticket.Resolved},  // met (at the due time)
		ticket.Ticket{Kind: "complaint", Severity: "complex", ResolutionDue: h(2)},                                               // not due yet
		ticket.Ticket{Kind: "complaint", Severity: "simple", ResolutionDue: h(-30), ResolvedAt: h(-31), Status: ticket.Resolved}, // before the period
	)
	from, to := h(-24), h(24)
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		sum := func(cs []CreditCount) (met, due, sMet, sDue, cMet, cDue int) {
			for _, c := range cs {
				met, due = met+c.Met, due+c.Met+c.Missed
				sMet, sDue, cMet, cDue = sMet+c.SimpleMet, sDue+c.SimpleDue, cMet+c.ComplexMet, cDue+c.ComplexDue
			}
			return
		}
		due, met, err := tx.SLA("", "resolution", from, to, ticketNow, 0)
		if err != nil {
			return err
		}
		sDue, sMet, err := tx.SLAOf("", "resolution", from, to, ticketNow, 0, "complaint", "simple")
		if err != nil {
			return err
		}
		cDue, cMet, err := tx.SLAOf("", "resolution", from, to, ticketNow, 0, "complaint", "complex")
		if err != nil {
			return err
		}
		if due != 6 || met != 3 || sDue != 1 || sMet != 1 || cDue != 2 || cMet != 1 {
			t.Fatalf("SLA: %d of %d, simple %d of %d, complex %d of %d; want 3 of 6, 1 of 1, 1 of 2", met, due, sMet, sDue, cMet, cDue)
		}
		for name, read := range map[string]func() ([]CreditCount, error){
			"SLACounts": func() ([]CreditCount, error) { return tx.SLACounts("", "resolution", from, to, ticketNow) },
			"Credits":   func() ([]CreditCount, error) { return tx.Credits("", "resolution", from, to, ticketNow) },
		} {
			cs, err := read()
			if err != nil {
				return err
			}
			m, d, sm, sd, cm, cd := sum(cs)
			if m != met || d != due || sm != sMet || sd != sDue || cm != cMet || cd != cDue {
				t.Errorf("%s: %d of %d, simple %d of %d, complex %d of %d; SLA says %d of %d, %d of %d, %d of %d",
					name, m, d, sm, sd, cm, cd, met, due, sMet, sDue, cMet, cDue)
			}
		}
		// Other targets count no severities.
		cs, err := tx.SLACounts("", "first_response", from, to, ticketNow)
		if err != nil {
			return err
		}
		if _, _, sm, sd, cm, cd := sum(cs); sm+sd+cm+cd != 0 {
			t.Errorf("first_response counted complaints by severity: %+v", cs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
