package core

import (
	"testing"
	"time"

	"github.com/kefu/kefu/internal/audit"
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
