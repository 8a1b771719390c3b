package core_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/store"
)

// auditFixture is a database with a little history, signed with a key in its own directory.
type auditFixture struct {
	path, keyDir string
	db           *store.DB
	s            *core.Service
}

func newAuditFixture(t *testing.T, signed bool) *auditFixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	f := &auditFixture{path: filepath.Join(dir, "kefu.db"), keyDir: filepath.Join(dir, "config")}
	db, _, err := store.Open(ctx, f.path, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if signed {
		if err := core.PrepareAudit(ctx, store.Persist(db), core.Keys{Dir: f.keyDir}, now); err != nil {
			t.Fatal(err)
		}
	}
	f.db, f.s = db, core.New(store.Persist(db), clock.Fixed(now))
	if _, err := f.s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.StaffAdd(ctx, "王芳", core.StaffAddOptions{Name: "张伟", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.s.TicketOpen(ctx, "张伟", core.TicketOpenOptions{Subject: "退款", Kind: "inquiry", Channel: "chat", Customer: "刘洋", NewCustomer: true, Assignee: "张伟"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.TicketReply(ctx, "张伟", 1, "您好", ""); err != nil {
		t.Fatal(err)
	}
	return f
}

// raw changes the file behind kefu's back, as someone holding only the database could.
func (f *auditFixture) raw(t *testing.T, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+f.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func (f *auditFixture) verify(t *testing.T, anchor string) core.AuditReport {
	t.Helper()
	r, err := f.s.AuditVerify(context.Background(), core.Keys{Dir: f.keyDir}, anchor)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAuditIntactAndTampered(t *testing.T) {
	f := newAuditFixture(t, true)
	if _, err := f.s.CustomerAdd(context.Background(), "张伟", core.CustomerAddOptions{Name: "韩梅梅"}); err != nil {
		t.Fatal(err)
	}
	r := f.verify(t, "")
	if !r.OK || r.Events < 5 || r.Tickets != 1 {
		t.Fatalf("fresh history: %+v", r)
	}
	head := r.Head
	tests := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"an event rewritten", []string{`DROP TRIGGER events_no_update`, `UPDATE events SET actor = '李娜' WHERE id = 3`}, "event 3"},
		{"an event deleted", []string{`DROP TRIGGER events_no_delete`, `DELETE FROM events WHERE id = 4`}, "event 5"},
		{"a ticket row changed", []string{`UPDATE tickets SET status = 'closed'`}, "ticket 1: status is closed but its history says open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newAuditFixture(t, true)
			g.raw(t, tt.stmts...)
			r := g.verify(t, "")
			if r.OK || !strings.Contains(strings.Join(r.Problems, "\n"), tt.want) {
				t.Fatalf("tampering not reported (want %q): %+v", tt.want, r)
			}
		})
	}
	// The newest events removed alone: the customer they added is a row without history.
	g := newAuditFixture(t, true)
	if _, err := g.s.CustomerAdd(context.Background(), "张伟", core.CustomerAddOptions{Name: "韩梅梅"}); err != nil {
		t.Fatal(err)
	}
	g.raw(t, `DROP TRIGGER events_no_delete`, `DELETE FROM events WHERE id > (SELECT max(id) - 2 FROM events)`, noDelete)
	if r := g.verify(t, ""); r.OK || !strings.Contains(strings.Join(r.Problems, "\n"), "customer 2: in the table but not in its history") {
		t.Fatalf("a customer without history went unnoticed: %+v", r)
	}
	// Removed with the row they added: the chain and the tables agree, only the anchor shows it.
	f.raw(t, `DROP TRIGGER events_no_delete`, `DELETE FROM events WHERE id > (SELECT max(id) - 2 FROM events)`, noDelete,
		`DELETE FROM customers WHERE id = 2`)
	if r := f.verify(t, ""); !r.OK {
		t.Fatalf("a truncated chain is still a consistent chain: %+v", r)
	}
	if r := f.verify(t, head); r.OK || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "newest events were removed") {
		t.Fatalf("the anchor %s did not reveal the truncation: %+v", head, r)
	}
}

func TestAuditTriggersRefuseChanges(t *testing.T) {
	f := newAuditFixture(t, true)
	db, err := sql.Open("sqlite", "file:"+f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DELETE FROM events WHERE id = 1`, `UPDATE events SET payload = '{}' WHERE id = 2`} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only refusal", q, err)
		}
	}
}

// The shipped trigger, to put back after a tampering.
const noDelete = `CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be deleted');
END`

// A database whose history was written before it had a key is never signed on open: writes
// are refused until a manager adopts it, once, and the adoption is recorded.
func TestAuditAdoptOlderHistory(t *testing.T) {
	f := newAuditFixture(t, false)
	ctx := context.Background()
	keys := core.Keys{Dir: f.keyDir}
	if _, err := f.s.AuditVerify(ctx, keys, ""); err == nil {
		t.Fatal("verify without a key succeeded")
	}
	if err := core.PrepareAudit(ctx, store.Persist(f.db), keys, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.TicketNote(ctx, "张伟", 1, "客户周五回电"); err == nil || !strings.Contains(err.Error(), "kefu signed it") {
		t.Fatalf("a write to an unadopted history: %v", err)
	}
	if _, err := f.s.AuditVerify(ctx, keys, ""); err == nil {
		t.Fatal("opening the database made it a key (and so signed it)")
	}
	if _, err := core.AuditAdopt(ctx, store.Persist(f.db), keys, "张伟", time.Now()); err == nil || !strings.Contains(err.Error(), "manager") {
		t.Fatalf("an agent adopted the history: %v", err)
	}
	r, err := core.AuditAdopt(ctx, store.Persist(f.db), keys, "王芳", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if r.EventsSigned < 4 || r.RowsRecorded < 4 {
		t.Fatalf("adopt = %+v", r)
	}
	if r := f.verify(t, ""); !r.OK {
		t.Fatalf("older history not adopted: %+v", r)
	}
	evs, err := f.s.AuditLog(ctx, core.AuditLogOptions{})
	if err != nil || evs[len(evs)-1].Action != "adopted" || evs[len(evs)-1].Actor != "王芳" {
		t.Fatalf("the adoption is not recorded: %+v, %v", evs, err)
	}
	// New events continue the chain; a second adopt has nothing to do.
	if _, err := f.s.TicketNote(ctx, "张伟", 1, "客户周五回电"); err != nil {
		t.Fatal(err)
	}
	if r := f.verify(t, ""); !r.OK {
		t.Fatalf("chain broken after a new event: %+v", r)
	}
	if _, err := core.AuditAdopt(ctx, store.Persist(f.db), keys, "王芳", time.Now()); err == nil || !strings.Contains(err.Error(), "nothing to adopt") {
		t.Fatalf("a second adopt: %v", err)
	}
}

// customer forget rewrites history the sanctioned way: verify reports redactions, not tampering.
func TestForgetKeepsTheChainVerifiable(t *testing.T) {
	f := newAuditFixture(t, true)
	ctx := context.Background()
	c, err := f.s.CustomerAdd(ctx, "张伟", core.CustomerAddOptions{Name: "李雷", Phone: "13900001111", Email: "lilei@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	tk, _, err := f.s.TicketOpen(ctx, "张伟", core.TicketOpenOptions{Subject: "回电 13900001111", Kind: "inquiry", Channel: "phone", Customer: "李雷", Body: "邮箱 lilei@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	before := f.rowDigests(t, "customers", c.ID)
	if len(before) == 0 {
		t.Fatal("the customer's row has no digests in the history")
	}
	if _, err := f.s.CustomerForget(ctx, "张伟", c.ID, "客户要求"); err == nil {
		t.Fatal("an agent forgot a customer")
	}
	fg, err := f.s.CustomerForget(ctx, "王芳", c.ID, "客户要求")
	if err != nil {
		t.Fatal(err)
	}
	if fg.Tickets != 1 || fg.Events < 2 {
		t.Fatalf("forget = %+v", fg)
	}
	d, err := f.s.TicketShow(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Ticket.Subject+d.Ticket.Body, "13900001111") || strings.Contains(d.Ticket.Body, "lilei@") {
		t.Fatalf("personal data left in the ticket: %q %q", d.Ticket.Subject, d.Ticket.Body)
	}
	r := f.verify(t, "")
	if !r.OK || r.Redacted < fg.Events {
		t.Fatalf("after forget: %+v (redacted %d)", r, fg.Events)
	}
	// The row records keep no digest of the erased values either (a digest of a value the
	// customer's row still holds, such as an empty IM handle, may stay).
	kept := map[string]bool{}
	after := f.rowDigests(t, "customers", c.ID)
	for _, d := range after[len(after)-1] {
		kept[d] = true
	}
	for _, d := range slices.Concat(before...) {
		if !kept[d] && strings.Contains(f.payloads(t), d) {
			t.Fatalf("the digest %s of an erased value is still in the history", d)
		}
	}
}

// rowDigests are the digests the history's row records hold for one row's text columns, per
// record, oldest first.
func (f *auditFixture) rowDigests(t *testing.T, table string, key int64) [][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+f.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT payload FROM events WHERE entity = 'history'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var payload string
		rows.Scan(&payload)
		var p struct {
			Tables []struct {
				T    string
				Rows [][2]any
			}
		}
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			t.Fatal(err)
		}
		for _, tr := range p.Tables {
			for _, r := range tr.Rows {
				if tr.T != table || r[0] != float64(key) || r[1] == nil {
					continue
				}
				var rec []string
				for _, v := range r[1].([]any) {
					if s, ok := v.(string); ok && strings.HasPrefix(s, "#") {
						rec = append(rec, s)
					}
				}
				out = append(out, rec)
			}
		}
	}
	return out
}

// payloads is every event's payload, for searching.
func (f *auditFixture) payloads(t *testing.T) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+f.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var all string
	if err := db.QueryRow(`SELECT group_concat(payload, char(10)) FROM events`).Scan(&all); err != nil {
		t.Fatal(err)
	}
	return all
}
