package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// ticketNow is "now" in these tests: Monday 2026-03-02 09:00 in Shanghai.
var ticketNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// ticketDB creates a fresh database for ticket tests.
func ticketDB(t *testing.T) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kefu.db")
	db, _, err := Open(context.Background(), path, true)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// addTickets stores tickets in order (ids 1, 2, ...), filling in what a stored ticket needs.
func addTickets(t *testing.T, db *DB, tks ...ticket.Ticket) {
	t.Helper()
	err := db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		for i := range tks {
			tk := &tks[i]
			if tk.Kind == "" {
				tk.Kind = "inquiry"
			}
			if tk.Channel == "" {
				tk.Channel = "email"
			}
			if tk.Priority == "" {
				tk.Priority = "normal"
			}
			if tk.Status == "" {
				tk.Status = ticket.Open
			}
			if tk.Subject == "" {
				tk.Subject = "ticket"
			}
			if tk.OpenedAt.IsZero() {
				tk.OpenedAt = ticketNow.Add(time.Duration(i-len(tks)) * time.Minute)
			}
			tk.ResolutionStart = tk.OpenedAt
			if err := tx.InsertTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// listIDs runs ListTickets at now and returns the ids in order.
func listIDs(t *testing.T, db *DB, now time.Time, f TicketFilter) []int64 {
	t.Helper()
	var ids []int64
	err := db.View(context.Background(), now, func(tx *Tx) error {
		ts, err := tx.ListTickets(f)
		for _, tk := range ts {
			ids = append(ids, tk.ID)
		}
		return err
	})
	if err != nil {
		t.Fatalf("ListTickets(%+v): %v", f, err)
	}
	return ids
}

func TestTicketSearch(t *testing.T) {
	db := ticketDB(t)
	addTickets(t, db,
		ticket.Ticket{Subject: "申请退款未到账", Body: "订单 20260301-88 已取消三天"},                           // 1
		ticket.Ticket{Subject: "Refund NOT received", Body: "PayPal refund pending since Friday"}, // 2
		ticket.Ticket{Subject: "'; DROP TABLE tickets; --"},                                       // 3
		ticket.Ticket{Subject: "快递丢件", Body: "退 款 请尽快"},                                           // 4
		ticket.Ticket{Subject: "iPhone退货问题", Body: "想换成 iPad"},                                    // 5
		ticket.Ticket{Subject: "满100减20没生效", Body: "优惠券 100% 无效"},                                 // 6
		ticket.Ticket{Subject: "退", Body: ""},                                                     // 7: a one-character text
		ticket.Ticket{Subject: "款项退回", Body: "款项已退回银行卡"},                                          // 8: 退 and 款 but never 退款
	)
	tests := []struct {
		search string
		want   []int64
	}{
		{"退款", []int64{1}},            // two characters: below a trigram index's reach
		{"退款未", []int64{1}},           // three
		{"退款未到", []int64{1}},          // four
		{"款未到账", []int64{1}},          // a suffix
		{"申请退款未到账", []int64{1}},       // the whole subject
		{"退", []int64{8, 7, 5, 4, 1}}, // one character: a scan, still exact
		{"款", []int64{8, 4, 1}},
		{"退 款", []int64{4}}, // a space is part of the substring
		{"refund", []int64{2}},
		{"REFUND", []int64{2}}, // Latin letters ignore case
		{"ReFuNd", []int64{2}},
		{"not rec", []int64{2}},
		{"pending since", []int64{2}}, // the body is searched too
		{"三天", []int64{1}},
		{"20260301-88", []int64{1}},
		{"88", []int64{1}},
		{"phone退", []int64{5}}, // mixed Latin and Chinese in one run
		{"IPHONE退货", []int64{5}},
		{"ipad", []int64{5}},
		{"100%", []int64{6}}, // % is not a LIKE wildcard here
		{"%", []int64{6}},
		{"满100减20", []int64{6}},
		{"_", nil},
		{"DROP TABLE", []int64{3}},
		{"'; DROP TABLE tickets; --", []int64{3}},
		{"'", []int64{3}},
		{"退款到账", nil}, // grams present but not consecutive
		{"退回", []int64{8}},
		{"不存在的内容", nil},
		// Full-text query syntax in the search text is just text.
		{`退款" OR "a`, nil},
		{`"`, nil},
		{"NEAR(退款 a)", nil},
		{"退款*", nil},
		{"AND", []int64{}},
		{"-", []int64{3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.search, func(t *testing.T) {
			got := listIDs(t, db, ticketNow, TicketFilter{Search: tt.search})
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("search %q = %v, want %v", tt.search, got, tt.want)
			}
		})
	}

	// The injection text is stored and read back verbatim, and the table is still there.
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		tk, err := tx.Ticket(3)
		if err != nil {
			return err
		}
		if tk.Subject != "'; DROP TABLE tickets; --" {
			t.Errorf("subject read back as %q", tk.Subject)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, db, ticketNow, TicketFilter{Sort: "id"}); len(got) != 8 {
		t.Errorf("%d tickets after the searches, want 8", len(got))
	}
}

func TestTicketSearchFollowsEdits(t *testing.T) {
	db := ticketDB(t)
	addTickets(t, db, ticket.Ticket{Subject: "物流查询", Body: "快递三天未更新"})
	err := db.Update(context.Background(), ticketNow, func(tx *Tx) error {
		tk, err := tx.Ticket(1)
		if err != nil {
			return err
		}
		tk.Subject = "申请退款"
		return tx.UpdateTicket(&tk, true)
	})
	if err != nil {
		t.Fatal(err)
	}
	for search, want := range map[string]int{"退款": 1, "物流": 0, "快递": 1, "三天未": 1} {
		if got := listIDs(t, db, ticketNow, TicketFilter{Search: search}); len(got) != want {
			t.Errorf("after the edit, search %q finds %d tickets, want %d", search, len(got), want)
		}
	}
	// Combined with other filters.
	if got := listIDs(t, db, ticketNow, TicketFilter{Search: "退款", Kind: "complaint"}); len(got) != 0 {
		t.Errorf("search 退款 among complaints = %v, want none", got)
	}
}

func TestTicketOverdueFilter(t *testing.T) {
	db := ticketDB(t)
	past, future := ticketNow.Add(-time.Minute), ticketNow.Add(time.Hour)
	addTickets(t, db,
		// 1: no reply yet and its first response is late: overdue on the first-response side.
		ticket.Ticket{Subject: "first response late", FirstResponseDue: past, ResolutionDue: future},
		// 2: replied (late, but replied): nothing overdue.
		ticket.Ticket{Subject: "replied", FirstResponseDue: past, FirstResponseAt: ticketNow.Add(-30 * time.Second), ResolutionDue: future},
		// 3: replied in time but the resolution is late: overdue on the resolution side.
		ticket.Ticket{Subject: "resolution late", FirstResponseDue: future, FirstResponseAt: past, ResolutionDue: past},
		// 4: pending without a reply: the first response never pauses.
		ticket.Ticket{Subject: "pending, no reply", Status: ticket.Pending, FirstResponseDue: past, PendingSince: past, ResolutionRemaining: 600},
		// 5: pending and replied: its resolution clock is stopped.
		ticket.Ticket{Subject: "pending, replied", Status: ticket.Pending, FirstResponseDue: past, FirstResponseAt: past, PendingSince: past, ResolutionRemaining: 600},
		// 6, 7: resolved and closed tickets owe nothing, whatever their due times say.
		ticket.Ticket{Subject: "resolved", Status: ticket.Resolved, FirstResponseDue: past, ResolutionDue: past, ResolvedAt: past},
		ticket.Ticket{Subject: "closed", Status: ticket.Closed, FirstResponseDue: past, ResolutionDue: past, ResolvedAt: past, ClosedAt: past},
		// 8: reopened and late again.
		ticket.Ticket{Subject: "reopened late", Status: ticket.Reopened, FirstResponseDue: past, FirstResponseAt: past, ResolutionDue: past},
		// 9: due exactly now is not yet overdue.
		ticket.Ticket{Subject: "due now", FirstResponseDue: ticketNow, ResolutionDue: future},
		// 10: a suggestion without a resolution window, replied.
		ticket.Ticket{Subject: "suggestion", Kind: "suggestion", FirstResponseDue: past, FirstResponseAt: past},
	)
	if got, want := listIDs(t, db, ticketNow, TicketFilter{Overdue: true, Sort: "id"}), []int64{1, 3, 4, 8}; !slices.Equal(got, want) {
		t.Errorf("overdue at now = %v, want %v", got, want)
	}
	// A second later, the ticket due at now is overdue too.
	if got, want := listIDs(t, db, ticketNow.Add(time.Second), TicketFilter{Overdue: true, Sort: "id"}), []int64{1, 3, 4, 8, 9}; !slices.Equal(got, want) {
		t.Errorf("overdue a second later = %v, want %v", got, want)
	}
	// Due within the next two hours: everything overdue plus what falls due by then.
	if got, want := listIDs(t, db, ticketNow, TicketFilter{DueBefore: ticketNow.Add(2 * time.Hour), Sort: "id"}), []int64{1, 2, 3, 4, 8, 9}; !slices.Equal(got, want) {
		t.Errorf("due within 2h = %v, want %v", got, want)
	}
	// Overdue with other filters.
	if got, want := listIDs(t, db, ticketNow, TicketFilter{Overdue: true, Statuses: []string{"pending"}}), []int64{4}; !slices.Equal(got, want) {
		t.Errorf("overdue and pending = %v, want %v", got, want)
	}
}

func TestTicketSortOrders(t *testing.T) {
	db := ticketDB(t)
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, ticketNow.Location()) }
	addTickets(t, db,
		// 1: opened 08:10, low, owes its resolution at 12:00.
		ticket.Ticket{Priority: "low", OpenedAt: at(8, 10), FirstResponseDue: at(8, 40), FirstResponseAt: at(8, 20), ResolutionDue: at(12, 0)},
		// 2: opened 08:00, urgent, owes a first response at 08:15.
		ticket.Ticket{Priority: "urgent", OpenedAt: at(8, 0), FirstResponseDue: at(8, 15), ResolutionDue: at(23, 0)},
		// 3: opened 08:30, normal, pending (only its first response, 10:00, runs).
		ticket.Ticket{Priority: "normal", Status: ticket.Pending, OpenedAt: at(8, 30), FirstResponseDue: at(10, 0), PendingSince: at(8, 40), ResolutionRemaining: 60},
		// 4: opened 08:05, high, resolved without a reply: owes nothing.
		ticket.Ticket{Priority: "high", Status: ticket.Resolved, OpenedAt: at(8, 5), FirstResponseDue: at(8, 6), ResolutionDue: at(9, 0), ResolvedAt: at(8, 7)},
		// 5: opened 08:10 like 1 (ties broken by id), urgent, a suggestion replied: owes nothing.
		ticket.Ticket{Priority: "urgent", Kind: "suggestion", OpenedAt: at(8, 10), FirstResponseDue: at(8, 11), FirstResponseAt: at(8, 11)},
	)
	tests := []struct {
		sort string
		want []int64
	}{
		{"", []int64{3, 5, 1, 4, 2}},
		{"-opened", []int64{3, 5, 1, 4, 2}},
		{"opened", []int64{2, 4, 1, 5, 3}},
		{"id", []int64{1, 2, 3, 4, 5}},
		{"-id", []int64{5, 4, 3, 2, 1}},
		// Most pressing first: what is still owed, by its next due time; tickets owing nothing
		// last, by id.
		{"due", []int64{2, 3, 1, 4, 5}},
		// urgent, high, normal, low; ties by opening time.
		{"priority", []int64{2, 5, 4, 3, 1}},
	}
	for _, tt := range tests {
		t.Run("sort="+tt.sort, func(t *testing.T) {
			if got := listIDs(t, db, ticketNow, TicketFilter{Sort: tt.sort}); !slices.Equal(got, tt.want) {
				t.Errorf("sort %q = %v, want %v", tt.sort, got, tt.want)
			}
		})
	}
	if got := listIDs(t, db, ticketNow, TicketFilter{Sort: "id", Limit: 2}); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("limit 2 = %v, want [1 2]", got)
	}
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		_, err := tx.ListTickets(TicketFilter{Sort: "newest"})
		return err
	})
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown sort: %v, want an invalid-input error", err)
	}
}

func TestTicketFilters(t *testing.T) {
	db := ticketDB(t)
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, ticketNow.Location()) }
	addTickets(t, db,
		ticket.Ticket{Kind: "complaint", Channel: "phone", Priority: "urgent", Category: "物流", Team: "一组", OpenedAt: at(1, 10)},
		ticket.Ticket{Kind: "inquiry", Channel: "chat", Category: "退款", Team: "二组", Status: ticket.Pending, OpenedAt: at(2, 8)},
		ticket.Ticket{Kind: "inquiry", Channel: "email", Category: "退款", Team: "一组", Status: ticket.Closed, OpenedAt: at(2, 9)},
	)
	tests := []struct {
		name string
		f    TicketFilter
		want []int64
	}{
		{"statuses", TicketFilter{Statuses: []string{"open", "pending"}}, []int64{1, 2}},
		{"kind", TicketFilter{Kind: "inquiry"}, []int64{2, 3}},
		{"channel", TicketFilter{Channel: "chat"}, []int64{2}},
		{"priority", TicketFilter{Priority: "urgent"}, []int64{1}},
		{"category", TicketFilter{Category: "退款"}, []int64{2, 3}},
		{"team", TicketFilter{Team: "一组"}, []int64{1, 3}},
		{"unassigned", TicketFilter{Unassigned: true}, []int64{1, 2, 3}},
		// Since is inclusive, until exclusive.
		{"since", TicketFilter{Since: at(2, 8)}, []int64{2, 3}},
		{"until", TicketFilter{Until: at(2, 9)}, []int64{1, 2}},
		{"since and until", TicketFilter{Since: at(2, 0), Until: at(2, 9)}, []int64{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Sort = "id"
			if got := listIDs(t, db, ticketNow, tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("ListTickets(%s) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestTicketRoundTrip(t *testing.T) {
	db := ticketDB(t)
	csat, nps := 4, 9
	utc := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	in := ticket.Ticket{Kind: "complaint", Channel: "phone", Priority: "high", Severity: "complex", Category: "物流",
		Subject: "包装破损", Body: "第一行\n第二行", Team: "一组", Status: ticket.Closed, OrderNo: "SO-1",
		OpenedAt: utc(1, 0), FirstResponseDue: utc(1, 1), FirstResponseAt: utc(1, 0), PausedBiz: 7, PausedCal: 8,
		ResolutionDue: utc(5, 0), ResolvedAt: utc(4, 0), Resolution: "已补发", ClosedAt: utc(4, 30), ReopenCount: 2,
		CSAT: &csat, NPS: &nps, RatingComment: "满意", RatedAt: utc(4, 31)}
	addTickets(t, db, in)
	err := db.View(context.Background(), ticketNow, func(tx *Tx) error {
		got, err := tx.Ticket(1)
		if err != nil {
			return err
		}
		if got.Subject != in.Subject || got.Body != in.Body || got.Severity != "complex" || got.OrderNo != "SO-1" ||
			got.PausedBiz != 7 || got.PausedCal != 8 || got.ReopenCount != 2 || got.Resolution != "已补发" ||
			got.CSAT == nil || *got.CSAT != 4 || got.NPS == nil || *got.NPS != 9 || got.RatingComment != "满意" {
			t.Errorf("read back %+v", got)
		}
		for name, pair := range map[string][2]time.Time{
			"opened": {got.OpenedAt, in.OpenedAt}, "first response due": {got.FirstResponseDue, in.FirstResponseDue},
			"first response at": {got.FirstResponseAt, in.FirstResponseAt}, "resolution due": {got.ResolutionDue, in.ResolutionDue},
			"resolved": {got.ResolvedAt, in.ResolvedAt}, "closed": {got.ClosedAt, in.ClosedAt}, "rated": {got.RatedAt, in.RatedAt},
		} {
			if !pair[0].Equal(pair[1]) {
				t.Errorf("%s read back as %v, want %v", name, pair[0], pair[1])
			}
		}
		if !got.PendingSince.IsZero() || got.ResolutionRemaining != 0 {
			t.Errorf("a closed ticket read back pending since %v with %d left", got.PendingSince, got.ResolutionRemaining)
		}
		if _, err := tx.Ticket(2); !errs.Is(err, errs.NotFound) {
			t.Errorf("Ticket(2) = %v, want not found", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
