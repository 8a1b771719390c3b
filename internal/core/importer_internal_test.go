package core

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/ticket"
)

// TestImportedPayloadIsCanonical: the imported event's payload, written directly, is byte for
// byte what audit.EncodePayload makes of the same maps, whatever the ticket holds.
func TestImportedPayloadIsCanonical(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	csat, nps, amount, conv := 5, 0, int64(129950), true
	tickets := []ticket.Ticket{
		{Kind: "inquiry", Channel: "chat", Priority: "normal", Subject: "申请退款未到账", Status: ticket.Open, OpenedAt: at, FirstResponseDue: at.Add(30 * time.Second)},
		{Kind: "complaint", Severity: "complex", Channel: "phone", Priority: "urgent", Category: "商品质量", Subject: `<b>"quoted" & 'single'</b> \ 换行`,
			Customer: "O'Brien <x@y>", Assignee: "Emma Wang", Team: "售后", OrderNo: "A&B-1", Status: ticket.Closed, OpenedAt: at,
			FirstResponseDue: at.Add(time.Hour), FirstResponseAt: at.Add(time.Minute), ResolutionDue: at.Add(72 * time.Hour),
			ResolvedAt: at.Add(2 * time.Hour), ClosedAt: at.Add(3 * time.Hour), CSAT: &csat, NPS: &nps},
		{Kind: "presale", Channel: "app", Priority: "low", Subject: "\u2028\x7f\ufffd", Status: ticket.Resolved, OpenedAt: at,
			ResolvedAt: at, Converted: &conv, AmountFen: &amount, Customer: "客户\t甲"},
		{Kind: "suggestion", Channel: "email", Subject: "希望增加夜间配送", Category: "other", Status: ticket.Open, OpenedAt: at, ForwardDue: at.Add(24 * time.Hour)},
	}
	for _, tk := range tickets {
		for _, src := range []string{"tickets.csv", "", "导出<1>.jsonl"} {
			want, err := audit.EncodePayload(map[string]any{"changes": diff(map[string]any{}, snapshot(&tk)),
				"customer": tk.Customer, "source": src, "row": 17})
			if err != nil {
				t.Fatal(err)
			}
			typed, err := audit.EncodePayload(audit.TicketImported{Changes: diff(map[string]any{}, snapshot(&tk)),
				Customer: tk.Customer, Source: src, Row: 17})
			if err != nil || typed != want {
				t.Errorf("typed payload of %q from %q:\n got %s\nwant %s (%v)", tk.Subject, src, typed, want, err)
			}
			got, err := importedPayload(&tk, src, 17)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("payload of %q from %q:\n got %s\nwant %s", tk.Subject, src, got, want)
			}
		}
	}
}

// TestImportLooksUpCustomersWhileWriting resolves customers name by name (as with more
// customers than an import keeps in memory): the reading goroutine queries the transaction
// while the writing one inserts. Run with -race.
func TestImportLooksUpCustomersWhileWriting(t *testing.T) {
	defer func(n int) { customersKept = n }(customersKept)
	customersKept = 0
	ctx := context.Background()
	db, _, err := store.OpenPersist(ctx, filepath.Join(t.TempDir(), "kefu.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := New(db, clock.Fixed(at))
	if _, err := s.Init(ctx, InitOptions{Manager: "王芳", TZ: "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"老客户", "同名", "同名"} {
		if _, err := s.CustomerAdd(ctx, "王芳", CustomerAddOptions{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject,customer\n")
	for i := 0; i < 3000; i++ {
		c := fmt.Sprintf("客户%d", i%700)
		switch i % 10 {
		case 3:
			c = "老客户"
		case 7:
			c = "1" // by id
		}
		fmt.Fprintf(&b, "2026-03-01 10:00,inquiry,chat,第%d行,%s\n", i, c)
	}
	b.WriteString("2026-03-01 10:00,inquiry,chat,同名的,同名\n")
	res, err := s.ImportTickets(ctx, "王芳", strings.NewReader(b.String()), ImportOptions{Format: ImportCSV, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	// Rows 3 and 7 of every ten name others, so 客户k appears for the 560 k not ending in 3 or 7.
	if res.Imported != 3000 || res.Customers != 560 || res.BadCount != 1 || !strings.Contains(res.Bad[0].String(), "2 customers are named 同名") {
		t.Errorf("result %+v", res)
	}
	list, err := s.CustomerList(ctx, store.CustomerFilter{Name: "客户"})
	if err != nil || len(list) != 561 { // and 老客户
		t.Errorf("customers named …客户…: %d, %v", len(list), err)
	}
}
