package core_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/ticket"
)

func importCSV(tm *team, csv string, o core.ImportOptions) (core.ImportResult, error) {
	o.Format, o.Source = core.ImportCSV, "test.csv"
	return tm.s.ImportTickets(tm.ctx, "陈静", strings.NewReader(csv), o)
}

func countTickets(t *testing.T, tm *team) int {
	t.Helper()
	ts, err := tm.s.TicketList(tm.ctx, core.TicketListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

// TestImportDueTimesAsTicketOpen imports the contacts ticket open records and finds the same
// due times: the import computes them with the same clock, windows and calendar.
func TestImportDueTimesAsTicketOpen(t *testing.T) {
	cases := []struct {
		at                                string
		kind, channel, priority, severity string
	}{
		{"2026-03-02 09:00", "inquiry", "email", "normal", ""},
		{"2026-03-06 15:00", "inquiry", "social", "high", ""},    // a Friday afternoon
		{"2026-02-13 23:30", "complaint", "phone", "normal", ""}, // before the Spring Festival
		{"2026-03-02 09:00", "complaint", "email", "urgent", "complex"},
		{"2026-03-01 07:00", "suggestion", "app", "low", ""},
		{"2026-03-02 08:10", "presale", "chat", "normal", ""},
	}
	for _, c := range cases {
		t.Run(c.kind+"/"+c.channel+"/"+c.at, func(t *testing.T) {
			tm := newTeam(t)
			tm.at(t, c.at)
			opened := tm.open(t, func(o *core.TicketOpenOptions) {
				o.Kind, o.Channel, o.Priority, o.Severity, o.Assignee = c.kind, c.channel, c.priority, c.severity, "张伟"
			})
			tm.at(t, "2026-03-02 09:00")
			if opened.OpenedAt.After(tm.s.Now()) {
				tm.s.Clock = clock.Fixed(opened.OpenedAt)
			}
			res, err := importCSV(tm, "opened_at,kind,channel,priority,severity,subject,customer,assignee\n"+
				fmt.Sprintf("%s,%s,%s,%s,%s,申请退款未到账,刘洋,张伟\n", c.at, c.kind, c.channel, c.priority, c.severity), core.ImportOptions{})
			if err != nil || res.Imported != 1 {
				t.Fatalf("import: %+v, %v", res, err)
			}
			imported := tm.ticket(t, opened.ID+1)
			for _, f := range []struct {
				what      string
				got, want time.Time
			}{
				{"opened_at", imported.OpenedAt, opened.OpenedAt},
				{"first_response_due", imported.FirstResponseDue, opened.FirstResponseDue},
				{"resolution_due", imported.ResolutionDue, opened.ResolutionDue},
				{"escalation_due", imported.EscalationDue, opened.EscalationDue},
				{"forward_due", imported.ForwardDue, opened.ForwardDue},
			} {
				if !f.got.Equal(f.want) {
					t.Errorf("%s = %v, ticket open gives %v", f.what, f.got, f.want)
				}
			}
			if imported.Severity != opened.Severity || imported.Category != opened.Category || imported.Team != opened.Team {
				t.Errorf("imported %q/%q/%q, opened %q/%q/%q", imported.Severity, imported.Category, imported.Team, opened.Severity, opened.Category, opened.Team)
			}
		})
	}
}

// TestImportBadRowImportsNothing: a bad row anywhere, even after a hundred good ones written
// in batches, leaves no ticket, customer or event.
func TestImportBadRowImportsNothing(t *testing.T) {
	tm := newTeam(t)
	before := len(tm.events(t))
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject,customer\n")
	for i := 0; i < 250; i++ {
		fmt.Fprintf(&b, "2026-03-01 10:00,inquiry,chat,第%d行,新客户%d\n", i, i)
	}
	b.WriteString("2026-03-01 10:00,inquiry,fax,传真,新客户\n")
	res, err := importCSV(tm, b.String(), core.ImportOptions{})
	wantInvalid(t, err, `row 252: unknown channel "fax"`)
	if res.Imported != 0 || res.BadCount != 1 || res.Rows != 251 {
		t.Errorf("result %+v, want 251 rows, 1 bad, none imported", res)
	}
	if n := countTickets(t, tm); n != 0 {
		t.Errorf("%d tickets after a refused import", n)
	}
	if n := len(tm.events(t)); n != before {
		t.Errorf("%d events after a refused import, want %d", n, before)
	}
	cs, err := tm.s.CustomerList(tm.ctx, store.CustomerFilter{})
	if err != nil || len(cs) != 1 {
		t.Errorf("customers after a refused import: %d, %v; want only 刘洋", len(cs), err)
	}
}

// TestImportInterrupted: an import stopped half way (its context cancelled while rows are
// still being read) leaves nothing behind.
func TestImportInterrupted(t *testing.T) {
	tm := newTeam(t)
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "2026-03-01 10:00,inquiry,chat,第%d行\n", i)
	}
	ctx, cancel := context.WithCancel(tm.ctx)
	defer cancel()
	r := &cancelAfter{r: strings.NewReader(b.String()), n: 40 << 10, cancel: cancel}
	_, err := tm.s.ImportTickets(ctx, "陈静", r, core.ImportOptions{Format: core.ImportCSV})
	if err == nil {
		t.Fatal("an interrupted import succeeded")
	}
	if n := countTickets(t, tm); n != 0 {
		t.Errorf("%d tickets after an interrupted import", n)
	}
}

// cancelAfter cancels a context once n bytes were read, then goes on reading.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if len(p) > 1024 {
		p = p[:1024]
	}
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

// TestImportBatches imports across several batches of rows and finds every ticket with its
// own id, event and search entry, and one customer per name.
func TestImportBatches(t *testing.T) {
	tm := newTeam(t)
	tm.open(t, nil) // ticket 1 exists: imported ids follow it
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject,customer,status,resolved_at,csat\n")
	for i := 0; i < 257; i++ {
		fmt.Fprintf(&b, "2026-02-2%d 10:%02d,inquiry,chat,订单%05d退款,客户%d,closed,2026-02-28 10:00,%d\n", 3+i%5, i%60, i, i%7, 1+i%5)
	}
	res, err := importCSV(tm, b.String(), core.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 257 || res.Customers != 7 {
		t.Errorf("result %+v, want 257 imported, 7 customers added", res)
	}
	for _, i := range []int{0, 99, 100, 199, 200, 256} {
		ts, err := tm.s.TicketList(tm.ctx, core.TicketListOptions{Search: fmt.Sprintf("订单%05d", i)})
		if err != nil || len(ts) != 1 || ts[0].ID != int64(i+2) || ts[0].Status != ticket.Closed {
			t.Errorf("search for row %d: %v, %v; want ticket %d, closed", i+2, ts, err, i+2)
		}
		d, err := tm.s.TicketShow(tm.ctx, int64(i+2))
		if err != nil || len(d.History) != 1 || d.History[0].Action != "imported" || d.History[0].Payload["row"] != float64(i+2) {
			t.Errorf("history of ticket %d: %+v, %v", i+2, d.History, err)
		}
		if d.Ticket.CSAT == nil || *d.Ticket.CSAT != 1+i%5 || !d.Ticket.RatedAt.Equal(d.Ticket.ResolvedAt) {
			t.Errorf("ticket %d rated %v at %v", i+2, d.Ticket.CSAT, d.Ticket.RatedAt)
		}
	}
	cs, err := tm.s.CustomerList(tm.ctx, store.CustomerFilter{Name: "客户"})
	if err != nil || len(cs) != 7 {
		t.Errorf("customers: %d, %v; want 7", len(cs), err)
	}
}

// TestImportSignedHistory imports into a database whose history is signed: the chain holds and
// replaying each ticket's events gives its row (what audit verify checks).
func TestImportSignedHistory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _, err := store.OpenPersist(ctx, filepath.Join(dir, "kefu.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys := filepath.Join(dir, "keys")
	if err := core.PrepareAudit(ctx, db, core.Keys{Dir: keys}, monday9); err != nil {
		t.Fatal(err)
	}
	s := core.New(db, clock.Fixed(monday9))
	if _, err := s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StaffAdd(ctx, "王芳", core.StaffAddOptions{Name: "张伟", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,subject,customer,assignee,first_response_at,resolved_at,status\n")
	for i := 0; i < 150; i++ {
		status, resolved := "open", ""
		if i%3 > 0 {
			status, resolved = []string{"", "resolved", "closed"}[i%3], "2026-03-01 12:00"
		}
		fmt.Fprintf(&b, "2026-03-01 10:00,%s,chat,第%d行,客户%d,张伟,2026-03-01 10:01,%s,%s\n",
			[]string{"inquiry", "complaint", "presale"}[i%3], i, i%11, resolved, status)
	}
	if _, err := s.ImportTickets(ctx, "王芳", strings.NewReader(b.String()), core.ImportOptions{Format: core.ImportCSV}); err != nil {
		t.Fatal(err)
	}
	// A ticket opened after the import links to the chain the import extended.
	if _, _, err := s.TicketOpen(ctx, "张伟", core.TicketOpenOptions{Subject: "之后", Kind: "inquiry", Channel: "chat", Customer: "客户1"}); err != nil {
		t.Fatal(err)
	}
	r, err := s.AuditVerify(ctx, core.Keys{Dir: keys}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK || r.Tickets != 151 {
		t.Errorf("audit verify after an import: ok %v, %d tickets replayed, problems %q", r.OK, r.Tickets, r.Problems)
	}
}

// TestImportInBatch composes: inside Service.Batch the import is one use case among others.
func TestImportInBatch(t *testing.T) {
	tm := newTeam(t)
	err := tm.s.Batch(tm.ctx, func(s *core.Service) error {
		if _, err := s.ImportTickets(tm.ctx, "陈静", strings.NewReader("opened_at,kind,channel,subject\n2026-03-01 10:00,inquiry,fax,坏的\n"),
			core.ImportOptions{Format: core.ImportCSV}); err == nil {
			t.Error("a bad import succeeded in a batch")
		}
		_, err := s.ImportTickets(tm.ctx, "陈静", strings.NewReader("opened_at,kind,channel,subject\n2026-03-01 10:00,inquiry,chat,好的\n"),
			core.ImportOptions{Format: core.ImportCSV})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := countTickets(t, tm); n != 1 {
		t.Errorf("%d tickets, want the good import's 1", n)
	}
}

// BenchmarkImportTickets measures an import's cost per row (closed tickets with ratings, a
// customer among 2,000), into a database that grows as it runs.
func BenchmarkImportTickets(b *testing.B) {
	ctx := context.Background()
	db, _, err := store.OpenPersist(ctx, filepath.Join(b.TempDir(), "kefu.db"), true)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := core.New(db, clock.Fixed(monday9))
	if _, err := s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai"}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.StaffAdd(ctx, "王芳", core.StaffAddOptions{Name: "张伟", Role: "agent"}); err != nil {
		b.Fatal(err)
	}
	const rows = 1000
	var buf bytes.Buffer
	buf.WriteString("opened_at,kind,channel,subject,category,customer,assignee,first_response_at,resolved_at,status,csat,nps\n")
	start := monday9.Add(-30 * 24 * time.Hour)
	for i := 0; i < rows; i++ {
		at := start.Add(time.Duration(i) * time.Minute)
		fmt.Fprintf(&buf, "%s,inquiry,chat,申请退款未到账,退款,客户%d,张伟,%s,%s,closed,5,9\n", at.Format(time.RFC3339), i%2000,
			at.Add(time.Minute).Format(time.RFC3339), at.Add(time.Hour).Format(time.RFC3339))
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.ImportTickets(ctx, "王芳", bytes.NewReader(data), core.ImportOptions{Format: core.ImportCSV}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*rows), "µs/row")
}
