package store

import (
	"context"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/search"
	"strings"
)

func protoTicket(i int) ticket.Ticket {
	at := ticketNow.Add(-time.Duration(i) * time.Minute)
	return ticket.Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: ticket.Closed,
		Subject: "申请退款未到账", Body: "", Category: "退款", OpenedAt: at, ResolutionStart: at,
		FirstResponseDue: at.Add(time.Hour), ResolutionDue: at.Add(48 * time.Hour), ResolvedAt: at.Add(time.Hour), ClosedAt: at.Add(2 * time.Hour)}
}

func TestProtoPlain(t *testing.T) {
	db := ticketDB(t)
	n := 20000
	start := time.Now()
	err := db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		for i := 0; i < n; i++ {
			tk := protoTicket(i)
			if err := tx.InsertTicket(&tk); err != nil {
				return err
			}
			if err := tx.AppendEvent("王芳", "ticket", tk.ID, "imported", map[string]any{"row": i, "source": "x.csv"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("plain: %v per row", time.Since(start)/time.Duration(n))
}

func TestProtoTicketOnly(t *testing.T) {
	db := ticketDB(t)
	n := 20000
	start := time.Now()
	err := db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		for i := 0; i < n; i++ {
			tk := protoTicket(i)
			if err := tx.InsertTicket(&tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ticket only: %v per row", time.Since(start)/time.Duration(n))
}

func TestProtoPrepared(t *testing.T) {
	db := ticketDB(t)
	n := 20000
	start := time.Now()
	err := db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		cols := append(append([]string{"id"}, writableCols...), "updated_at")
		ins, err := tx.tx.Prepare(`INSERT INTO tickets (` + strings.Join(cols, ", ") + `) VALUES (` + placeholders(len(cols)) + `)`)
		if err != nil {
			return err
		}
		gr, err := tx.tx.Prepare(`INSERT INTO ticket_grams (rowid, grams) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		ev, err := tx.tx.Prepare(`INSERT INTO events (id, at, actor, entity, entity_id, action, payload, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			tk := protoTicket(i)
			tk.ID = int64(i + 1)
			vals := append(append([]any{tk.ID}, ticketValues(&tk)...), tx.Now.UnixMilli())
			if _, err := ins.Exec(vals...); err != nil {
				return err
			}
			if _, err := gr.Exec(tk.ID, search.Grams(tk.Subject+"\n"+tk.Body)); err != nil {
				return err
			}
			p, _ := audit.EncodePayload(map[string]any{"row": i, "source": "x.csv"})
			if _, err := ev.Exec(int64(i+1), tx.Now.UnixMilli(), "王芳", "ticket", tk.ID, "imported", p, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prepared: %v per row", time.Since(start)/time.Duration(n))
}
