package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/storetest"
	"github.com/kefu/kefu/internal/ticket"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// monday9 is the clock of these tests unless one moves it: Monday 2026-03-02 09:00 in Shanghai.
var monday9 = time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)

// team is a department: manager 王芳, supervisor 陈静, day agents 张伟 and 李娜, night agent
// 赵敏, and a customer 刘洋.
type team struct {
	s   *core.Service
	db  *store.DB
	ctx context.Context
}

func newTeam(t *testing.T) *team {
	t.Helper()
	ctx := context.Background()
	db, _, err := store.Open(ctx, storetest.Address(t), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := core.New(store.Persist(db), clock.Fixed(monday9))
	if _, err := s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai", Region: "cn"}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []core.StaffAddOptions{
		{Name: "陈静", Role: "supervisor"},
		{Name: "张伟", Role: "agent"},
		{Name: "李娜", Role: "agent"},
		{Name: "赵敏", Role: "agent", Shift: "night"},
	} {
		if _, err := s.StaffAdd(ctx, "王芳", o); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CustomerAdd(ctx, "王芳", core.CustomerAddOptions{Name: "刘洋", Phone: "13812341234"}); err != nil {
		t.Fatal(err)
	}
	return &team{s: s, db: db, ctx: ctx}
}

// at moves the clock to a wall time in Shanghai, "2026-03-02 10:00".
func (tm *team) at(t *testing.T, wall string) {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", wall, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	tm.s.Clock = clock.Fixed(v)
}

func (tm *team) events(t *testing.T) []audit.Event {
	t.Helper()
	var evs []audit.Event
	err := tm.db.View(tm.ctx, tm.s.Now(), func(tx *store.Tx) error {
		var err error
		evs, err = tx.Events(store.EventFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func (tm *team) ticket(t *testing.T, id int64) ticket.Ticket {
	t.Helper()
	d, err := tm.s.TicketShow(tm.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Ticket
}

// open opens an email inquiry for 刘洋 as 张伟, with options changed by mod.
func (tm *team) open(t *testing.T, mod func(*core.TicketOpenOptions)) ticket.Ticket {
	t.Helper()
	o := core.TicketOpenOptions{Subject: "申请退款未到账", Kind: "inquiry", Channel: "email", Customer: "刘洋"}
	if mod != nil {
		mod(&o)
	}
	tk, _, err := tm.s.TicketOpen(tm.ctx, "张伟", o)
	if err != nil {
		t.Fatalf("TicketOpen(%+v): %v", o, err)
	}
	return tk
}

// wantInvalid checks a refusal: exit status 2 and a message containing each of parts.
func wantInvalid(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("succeeded; want a refusal mentioning %q", parts)
	}
	if code := errs.ExitCode(err); code != errs.ExitInvalid {
		t.Errorf("exit code %d, want 2 (error: %v)", code, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

func TestTicketOpenRefusesOversizeBody(t *testing.T) {
	tm := newTeam(t)
	before := len(tm.events(t))
	_, _, err := tm.s.TicketOpen(tm.ctx, "张伟", core.TicketOpenOptions{Subject: "大附件", Kind: "inquiry", Channel: "email",
		Customer: "王磊", NewCustomer: true, Body: strings.Repeat("a", 64<<10+1)})
	wantInvalid(t, err, "body is 65537 bytes", "65536")
	if n := len(tm.events(t)); n != before {
		t.Errorf("%d events after a refused open, want %d", n, before)
	}
	ts, err := tm.s.TicketList(tm.ctx, core.TicketListOptions{})
	if err != nil || len(ts) != 0 {
		t.Errorf("tickets after a refused open: %d, %v; want none", len(ts), err)
	}
	cs, err := tm.s.CustomerList(tm.ctx, store.CustomerFilter{Name: "王磊"})
	if err != nil || len(cs) != 0 {
		t.Errorf("the refused open's new customer was stored: %+v, %v", cs, err)
	}

	// Exactly 64 KiB is allowed, and stored whole.
	tk := tm.open(t, func(o *core.TicketOpenOptions) { o.Body = strings.Repeat("退", 64<<10/3) + "a" })
	if got := tm.ticket(t, tk.ID).Body; len(got) != 64<<10 {
		t.Errorf("body stored as %d bytes, want %d", len(got), 64<<10)
	}
	// A reply and a note have the same limit.
	_, err = tm.s.TicketReply(tm.ctx, "张伟", tk.ID, strings.Repeat("a", 64<<10+1), "")
	wantInvalid(t, err, "reply is 65537 bytes")
	_, err = tm.s.TicketNote(tm.ctx, "张伟", tk.ID, strings.Repeat("a", 64<<10+1))
	wantInvalid(t, err, "note is 65537 bytes")
}

func TestTicketRefusesInvalidUTF8(t *testing.T) {
	tm := newTeam(t)
	before := len(tm.events(t))
	_, _, err := tm.s.TicketOpen(tm.ctx, "张伟", core.TicketOpenOptions{Subject: "退\xff款", Kind: "inquiry", Channel: "email", Customer: "刘洋"})
	wantInvalid(t, err, "subject is not valid UTF-8")
	_, _, err = tm.s.TicketOpen(tm.ctx, "张伟", core.TicketOpenOptions{Subject: "退款", Body: "\xc3\x28", Kind: "inquiry", Channel: "email", Customer: "刘洋"})
	wantInvalid(t, err, "body is not valid UTF-8")
	if n := len(tm.events(t)); n != before {
		t.Errorf("%d events after refused opens, want %d", n, before)
	}
	tk := tm.open(t, nil)
	bad := "\xed\xa0\x80" // a UTF-16 surrogate half: not valid UTF-8
	_, err = tm.s.TicketEdit(tm.ctx, "张伟", tk.ID, core.TicketEditOptions{Subject: &bad})
	wantInvalid(t, err, "subject is not valid UTF-8")
	_, err = tm.s.TicketReply(tm.ctx, "张伟", tk.ID, bad, "")
	wantInvalid(t, err, "reply is not valid UTF-8")
	if got := tm.ticket(t, tk.ID).Subject; got != "申请退款未到账" {
		t.Errorf("subject is now %q", got)
	}
}

func TestTicketOpenValidation(t *testing.T) {
	tm := newTeam(t)
	tests := []struct {
		name  string
		mod   func(*core.TicketOpenOptions)
		parts []string
	}{
		{"empty subject", func(o *core.TicketOpenOptions) { o.Subject = "   " }, []string{"subject must not be empty"}},
		{"unknown kind", func(o *core.TicketOpenOptions) { o.Kind = "question" }, []string{`unknown kind "question"`, "inquiry, complaint, suggestion, presale"}},
		{"unknown channel", func(o *core.TicketOpenOptions) { o.Channel = "fax" }, []string{`unknown channel "fax"`, "phone, email, chat, wechat, social, app, visit"}},
		{"unknown priority", func(o *core.TicketOpenOptions) { o.Priority = "asap" }, []string{`unknown priority "asap"`, "urgent, high, normal, low"}},
		{"future --at", func(o *core.TicketOpenOptions) { o.At = "2026-03-02 09:01" }, []string{"in the future"}},
		{"unknown customer", func(o *core.TicketOpenOptions) { o.Customer = "王磊" }, []string{`no customer "王磊"`}},
		{"severity on an inquiry", func(o *core.TicketOpenOptions) { o.Severity = "complex" }, []string{"--severity is for complaints"}},
		{"inactive assignee", func(o *core.TicketOpenOptions) { o.Assignee = "赵敏" }, []string{"赵敏 is inactive"}},
		{"new customer then unknown assignee", func(o *core.TicketOpenOptions) {
			o.Customer, o.NewCustomer, o.Assignee = "王磊", true, "nobody"
		}, []string{"nobody"}},
	}
	if _, _, err := tm.s.StaffDeactivate(tm.ctx, "陈静", "赵敏", ""); err != nil {
		t.Fatal(err)
	}
	before := len(tm.events(t))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := core.TicketOpenOptions{Subject: "申请退款未到账", Kind: "inquiry", Channel: "email", Customer: "刘洋"}
			tt.mod(&o)
			_, _, err := tm.s.TicketOpen(tm.ctx, "张伟", o)
			wantInvalid(t, err, tt.parts...)
		})
	}
	if n := len(tm.events(t)); n != before {
		t.Errorf("%d events after refused opens, want %d", n, before)
	}
	if cs, _ := tm.s.CustomerList(tm.ctx, store.CustomerFilter{Name: "王磊"}); len(cs) != 0 {
		t.Errorf("a refused open left its new customer behind: %+v", cs)
	}
}

// TestTicketAtBeforeOpening: replies and resolutions cannot precede the opening, and the
// message shows the opening in the team's zone, as every time kefu prints.
func TestTicketAtBeforeOpening(t *testing.T) {
	tm := newTeam(t)
	tk := tm.open(t, func(o *core.TicketOpenOptions) { o.At = "2026-03-02 08:50" })
	_, err := tm.s.TicketReply(tm.ctx, "张伟", tk.ID, "您好", "2026-03-02 08:49")
	wantInvalid(t, err, "before ticket 1 was opened", "2026-03-02T08:50:00+08:00")
	_, err = tm.s.TicketResolve(tm.ctx, "张伟", tk.ID, "", "2026-03-02 08:00")
	wantInvalid(t, err, "before ticket 1 was opened", "2026-03-02T08:50:00+08:00")
	// At the opening itself is fine.
	if _, err := tm.s.TicketReply(tm.ctx, "张伟", tk.ID, "您好", "2026-03-02 08:50"); err != nil {
		t.Errorf("reply at the opening time: %v", err)
	}
}

// TestEveryChangeAppendsOneEvent walks a ticket through every verb; each appends exactly one
// event, by the acting user, at the command's time, naming the ticket.
func TestEveryChangeAppendsOneEvent(t *testing.T) {
	tm := newTeam(t)
	before := len(tm.events(t))
	tk := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	evs := tm.events(t)
	if len(evs) != before+1 || evs[len(evs)-1].Action != "opened" {
		t.Fatalf("open appended %d events (last %+v), want 1 opened", len(evs)-before, evs[len(evs)-1])
	}
	csat, nps := 5, 10
	subject, urgent := "退款三天未到账", "urgent"
	steps := []struct {
		action string
		as     string
		wall   string
		do     func() error
	}{
		{"edited", "张伟", "2026-03-02 09:05", func() error {
			_, err := tm.s.TicketEdit(tm.ctx, "张伟", tk.ID, core.TicketEditOptions{Subject: &subject, Priority: &urgent})
			return err
		}},
		{"replied", "张伟", "2026-03-02 09:10", func() error { _, err := tm.s.TicketReply(tm.ctx, "张伟", tk.ID, "已为您查询", ""); return err }},
		{"noted", "张伟", "2026-03-02 09:11", func() error { _, err := tm.s.TicketNote(tm.ctx, "张伟", tk.ID, "客户很着急"); return err }},
		{"assigned", "陈静", "2026-03-02 09:12", func() error { _, err := tm.s.TicketAssign(tm.ctx, "陈静", tk.ID, "李娜"); return err }},
		{"pending", "李娜", "2026-03-02 09:20", func() error { _, err := tm.s.TicketPending(tm.ctx, "李娜", tk.ID, "等待银行回执"); return err }},
		{"resumed", "李娜", "2026-03-03 10:00", func() error { _, err := tm.s.TicketResume(tm.ctx, "李娜", tk.ID); return err }},
		{"resolved", "李娜", "2026-03-03 11:00", func() error { _, err := tm.s.TicketResolve(tm.ctx, "李娜", tk.ID, "已退款", ""); return err }},
		{"closed", "李娜", "2026-03-03 12:00", func() error { _, err := tm.s.TicketClose(tm.ctx, "李娜", tk.ID); return err }},
		{"reopened", "张伟", "2026-03-04 09:00", func() error {
			_, err := tm.s.TicketReopen(tm.ctx, "张伟", tk.ID, "客户说仍未到账")
			return err
		}},
		{"resolved", "李娜", "2026-03-04 10:00", func() error { _, err := tm.s.TicketResolve(tm.ctx, "李娜", tk.ID, "银行已到账", ""); return err }},
		{"rated", "李娜", "2026-03-04 11:00", func() error {
			_, err := tm.s.TicketRate(tm.ctx, "李娜", tk.ID, core.TicketRateOptions{CSAT: &csat, NPS: &nps})
			return err
		}},
	}
	for _, st := range steps {
		tm.at(t, st.wall)
		n := len(tm.events(t))
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
		evs := tm.events(t)
		if len(evs) != n+1 {
			t.Errorf("%s appended %d events, want 1", st.action, len(evs)-n)
			continue
		}
		e := evs[len(evs)-1]
		if e.Action != st.action || e.Actor != st.as || e.Entity != "ticket" || e.EntityID != tk.ID || !e.At.Equal(tm.s.Now()) {
			t.Errorf("%s event = %s by %s on %s %d at %v", st.action, e.Action, e.Actor, e.Entity, e.EntityID, e.At)
		}
		// The ticket row and its event carry the same time: one transaction.
		if got := tm.ticket(t, tk.ID).UpdatedAt; !got.Equal(e.At) {
			t.Errorf("%s: ticket updated at %v, event at %v", st.action, got, e.At)
		}
	}

	// The edit recorded old and new values, including the recomputed due time.
	d, err := tm.s.TicketShow(tm.ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit := d.History[1]
	changes, _ := edit.Payload["changes"].(map[string]any)
	for field, want := range map[string][2]any{
		"subject":            {"申请退款未到账", "退款三天未到账"},
		"priority":           {"normal", "urgent"},
		"first_response_due": {"2026-03-02T05:00:00Z", "2026-03-02T01:15:00Z"},
	} {
		c, _ := changes[field].(map[string]any)
		if c["old"] != want[0] || c["new"] != want[1] {
			t.Errorf("edit recorded %s as %v → %v, want %v → %v", field, c["old"], c["new"], want[0], want[1])
		}
	}
	if len(d.History) != len(steps)+1 {
		t.Errorf("ticket show lists %d history rows, want %d", len(d.History), len(steps)+1)
	}
}

// TestFailedChangeAppendsNothing: a refused change leaves the ticket and the history as they were.
func TestFailedChangeAppendsNothing(t *testing.T) {
	tm := newTeam(t)
	open := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	closed := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	tm.at(t, "2026-03-02 10:00")
	if _, err := tm.s.TicketResolve(tm.ctx, "张伟", closed.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.TicketClose(tm.ctx, "张伟", closed.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tm.s.StaffDeactivate(tm.ctx, "陈静", "赵敏", ""); err != nil {
		t.Fatal(err)
	}
	csat, badCSAT := 5, 6
	urgent := "urgent"
	tm.at(t, "2026-03-02 11:00")
	tests := []struct {
		name  string
		id    int64
		do    func() error
		parts []string
	}{
		{"resolve a closed ticket", closed.ID, func() error { _, err := tm.s.TicketResolve(tm.ctx, "张伟", closed.ID, "", ""); return err }, []string{"cannot resolve ticket 2: it is closed"}},
		{"reply to a closed ticket", closed.ID, func() error { _, err := tm.s.TicketReply(tm.ctx, "张伟", closed.ID, "您好", ""); return err }, []string{"it is closed"}},
		{"edit a closed ticket", closed.ID, func() error {
			_, err := tm.s.TicketEdit(tm.ctx, "张伟", closed.ID, core.TicketEditOptions{Priority: &urgent})
			return err
		}, []string{"it is closed"}},
		{"rate an open ticket", open.ID, func() error {
			_, err := tm.s.TicketRate(tm.ctx, "张伟", open.ID, core.TicketRateOptions{CSAT: &csat})
			return err
		}, []string{"cannot rate ticket 1: it is open"}},
		{"csat out of range", closed.ID, func() error {
			_, err := tm.s.TicketRate(tm.ctx, "张伟", closed.ID, core.TicketRateOptions{CSAT: &badCSAT})
			return err
		}, []string{"--csat 6"}},
		{"resume an open ticket", open.ID, func() error { _, err := tm.s.TicketResume(tm.ctx, "张伟", open.ID); return err }, []string{"cannot resume ticket 1: it is open"}},
		{"close an open ticket", open.ID, func() error { _, err := tm.s.TicketClose(tm.ctx, "张伟", open.ID); return err }, []string{"cannot close ticket 1: it is open"}},
		{"reopen an open ticket", open.ID, func() error { _, err := tm.s.TicketReopen(tm.ctx, "张伟", open.ID, "再看看"); return err }, []string{"it is open"}},
		{"reopen without a reason", closed.ID, func() error { _, err := tm.s.TicketReopen(tm.ctx, "张伟", closed.ID, " "); return err }, []string{"--reason"}},
		{"reply as an inactive agent", open.ID, func() error { _, err := tm.s.TicketReply(tm.ctx, "赵敏", open.ID, "您好", ""); return err }, []string{"赵敏 is inactive"}},
		{"reply in the future", open.ID, func() error {
			_, err := tm.s.TicketReply(tm.ctx, "张伟", open.ID, "您好", "2026-03-02 12:00")
			return err
		}, []string{"in the future"}},
		{"reply without an acting user", open.ID, func() error { _, err := tm.s.TicketReply(tm.ctx, "", open.ID, "您好", ""); return err }, []string{"--as"}},
		{"agent takes another's ticket", open.ID, func() error { _, err := tm.s.TicketAssign(tm.ctx, "李娜", open.ID, "李娜"); return err }, []string{"supervisor"}},
		{"unknown ticket", 99, func() error { _, err := tm.s.TicketNote(tm.ctx, "张伟", 99, "x"); return err }, []string{"no ticket 99"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tm.events(t)
			var was ticket.Ticket
			if tt.id != 99 {
				was = tm.ticket(t, tt.id)
			}
			wantInvalid(t, tt.do(), tt.parts...)
			if after := tm.events(t); len(after) != len(before) {
				t.Errorf("a refused change appended %d events", len(after)-len(before))
			}
			if tt.id == 99 {
				return
			}
			now := tm.ticket(t, tt.id)
			if now.Status != was.Status || !now.UpdatedAt.Equal(was.UpdatedAt) || !now.FirstResponseAt.Equal(was.FirstResponseAt) ||
				now.Assignee != was.Assignee || now.Priority != was.Priority || (now.CSAT == nil) != (was.CSAT == nil) {
				t.Errorf("a refused change changed the ticket: %+v → %+v", was, now)
			}
		})
	}
	d, err := tm.s.TicketShow(tm.ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Messages) != 0 {
		t.Errorf("refused replies left %d messages", len(d.Messages))
	}
}

func TestTicketAssignPermissions(t *testing.T) {
	tm := newTeam(t)
	unassigned := tm.open(t, nil)
	if unassigned.Assignee != "" {
		t.Fatalf("assign.mode none assigned %s", unassigned.Assignee)
	}
	// An agent may take an unassigned ticket, and hand their own ticket on.
	if tk, err := tm.s.TicketAssign(tm.ctx, "张伟", unassigned.ID, "张伟"); err != nil || tk.Assignee != "张伟" {
		t.Fatalf("agent takes an unassigned ticket: %v, %v", tk.Assignee, err)
	}
	if tk, err := tm.s.TicketAssign(tm.ctx, "张伟", unassigned.ID, "李娜"); err != nil || tk.Assignee != "李娜" {
		t.Fatalf("agent hands on their own ticket: %v, %v", tk.Assignee, err)
	}
	// Taking back a ticket 李娜 now holds needs a supervisor; the message names the role.
	_, err := tm.s.TicketAssign(tm.ctx, "张伟", unassigned.ID, "张伟")
	wantInvalid(t, err, "held by 李娜", "supervisor", "张伟 is an agent")
	if tk, err := tm.s.TicketAssign(tm.ctx, "陈静", unassigned.ID, "张伟"); err != nil || tk.Assignee != "张伟" {
		t.Fatalf("supervisor reassigns: %v, %v", tk.Assignee, err)
	}
	if tk, err := tm.s.TicketAssign(tm.ctx, "王芳", unassigned.ID, "陈静"); err != nil || tk.Assignee != "陈静" {
		t.Fatalf("manager reassigns: %v, %v", tk.Assignee, err)
	}
	_, err = tm.s.TicketAssign(tm.ctx, "王芳", unassigned.ID, "陈静")
	wantInvalid(t, err, "already assigned to 陈静")
	_, err = tm.s.TicketAssign(tm.ctx, "王芳", unassigned.ID, "nobody")
	wantInvalid(t, err, "nobody")
	if _, _, err := tm.s.StaffDeactivate(tm.ctx, "陈静", "赵敏", ""); err != nil {
		t.Fatal(err)
	}
	_, err = tm.s.TicketAssign(tm.ctx, "王芳", unassigned.ID, "赵敏")
	wantInvalid(t, err, "赵敏 is inactive")

	// A resolved ticket is not assigned.
	if _, err := tm.s.TicketResolve(tm.ctx, "陈静", unassigned.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	_, err = tm.s.TicketAssign(tm.ctx, "王芳", unassigned.ID, "张伟")
	wantInvalid(t, err, "it is resolved")
}

func TestStaffDeactivateReassignsOpenTickets(t *testing.T) {
	tm := newTeam(t)
	a := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	b := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	done := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	if _, err := tm.s.TicketResolve(tm.ctx, "张伟", done.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.TicketPending(tm.ctx, "张伟", b.ID, ""); err != nil {
		t.Fatal(err)
	}
	before := len(tm.events(t))
	_, _, err := tm.s.StaffDeactivate(tm.ctx, "陈静", "张伟", "")
	wantInvalid(t, err, "2 open tickets", "1, 2", "--reassign-to")
	_, _, err = tm.s.StaffDeactivate(tm.ctx, "陈静", "张伟", "张伟")
	wantInvalid(t, err, "someone other than 张伟")
	if n := len(tm.events(t)); n != before {
		t.Errorf("refused deactivations appended %d events", n-before)
	}
	if _, moved, err := tm.s.StaffDeactivate(tm.ctx, "陈静", "张伟", "李娜"); err != nil || moved != 2 {
		t.Fatalf("deactivate with --reassign-to: moved %d, %v; want 2", moved, err)
	}
	for _, id := range []int64{a.ID, b.ID} {
		if got := tm.ticket(t, id).Assignee; got != "李娜" {
			t.Errorf("ticket %d is held by %s, want 李娜", id, got)
		}
	}
	if got := tm.ticket(t, done.ID).Assignee; got != "张伟" {
		t.Errorf("resolved ticket %d moved to %s; only open tickets move", done.ID, got)
	}
	// One assigned event per moved ticket, and one for the deactivation.
	if n := len(tm.events(t)); n != before+3 {
		t.Errorf("deactivation appended %d events, want 3", n-before)
	}
}

func TestAutoAssign(t *testing.T) {
	tm := newTeam(t)
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "assign.mode", "round-robin"); err != nil {
		t.Fatal(err)
	}
	// At 09:00 the day agents 张伟 and 李娜 are on shift (not the night agent 赵敏, not the
	// supervisor): they take turns.
	var got []string
	for i := 0; i < 3; i++ {
		before := len(tm.events(t))
		tk := tm.open(t, nil)
		got = append(got, tk.Assignee)
		evs := tm.events(t)
		if len(evs) != before+2 {
			t.Fatalf("auto-assigned open appended %d events, want opened + assigned", len(evs)-before)
		}
		e := evs[len(evs)-1]
		if e.Actor != "system" || e.Action != "assigned" || e.EntityID != tk.ID || !strings.Contains(e.Payload["rule"].(string), "round-robin") {
			t.Errorf("automatic assignment event = %+v; want assigned by system naming round-robin", e)
		}
	}
	if strings.Join(got, ",") != "张伟,李娜,张伟" {
		t.Errorf("round-robin assigned %v, want 张伟, 李娜, 张伟", got)
	}
	// An explicit assignee wins, and no system event is written.
	before := len(tm.events(t))
	if tk := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "陈静" }); tk.Assignee != "陈静" {
		t.Errorf("explicit assignee: %s, want 陈静", tk.Assignee)
	}
	if n := len(tm.events(t)); n != before+1 {
		t.Errorf("explicit assignee: %d events, want 1", n-before)
	}
	// At 20:00 only the night shift is on.
	tm.at(t, "2026-03-02 20:00")
	if tk := tm.open(t, nil); tk.Assignee != "赵敏" {
		t.Errorf("round-robin at 20:00 assigned %q, want the night agent 赵敏", tk.Assignee)
	}

	// least-open: 张伟 holds 2 active tickets, 李娜 1; 李娜 gets the next.
	tm.at(t, "2026-03-03 10:00")
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "assign.mode", "least-open"); err != nil {
		t.Fatal(err)
	}
	if tk := tm.open(t, nil); tk.Assignee != "李娜" {
		t.Errorf("least-open assigned %q, want 李娜 (1 open against 张伟's 2)", tk.Assignee)
	}
	// Now 2 each: the tie goes to the earlier staff member, 张伟.
	if tk := tm.open(t, nil); tk.Assignee != "张伟" {
		t.Errorf("least-open tie assigned %q, want 张伟", tk.Assignee)
	}
}

// TestResolvePendingTicket: resolving straight from pending counts the pending spell as
// paused, so the resolution is judged against the extended due time.
func TestResolvePendingTicket(t *testing.T) {
	tm := newTeam(t)
	tm.at(t, "2026-03-04 10:00")
	tk := tm.open(t, nil) // 2bd: due at the close of Friday
	tm.at(t, "2026-03-06 15:00")
	if _, err := tm.s.TicketPending(tm.ctx, "张伟", tk.ID, "等待回复"); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-09 20:00")
	got, err := tm.s.TicketResolve(tm.ctx, "张伟", tk.ID, "客户已确认", "")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 10, 13, 30, 0, 0, shanghai)
	if got.Status != ticket.Resolved || !got.ResolutionDue.Equal(want) || got.ResolutionOutcome(tm.s.Now()).State != ticket.StateMet {
		t.Errorf("resolved from pending: %s, due %v, %s; want resolved, due %v, met", got.Status, got.ResolutionDue, got.ResolutionOutcome(tm.s.Now()).State, want)
	}
}
