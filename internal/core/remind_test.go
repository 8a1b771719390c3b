package core_test

import (
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/ticket"
)

func (tm *team) remind(t *testing.T, o core.RemindOptions) remind.Report {
	t.Helper()
	r, err := tm.s.Remind(tm.ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func refs(r remind.Report) string {
	var out []string
	for _, it := range r.Items {
		if it.Kind == remind.HandoverMissing || it.Kind == remind.SummaryMissing {
			out = append(out, string(it.Group)+" "+it.Kind+" "+strings.Join(it.Act, "/"))
			continue
		}
		out = append(out, string(it.Group)+" "+it.Kind+" "+it.Ref)
	}
	return strings.Join(out, "; ")
}

func (tm *team) pending(t *testing.T) []store.ScorePending {
	t.Helper()
	ps, err := tm.s.ScorePendingList(tm.ctx, "", "", false)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestRemindItemsAndProposals(t *testing.T) {
	tm := newTeam(t)
	chat := tm.open(t, func(o *core.TicketOpenOptions) { o.Channel, o.Assignee = "chat", "张伟" })  // due 09:00:30
	email := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "李娜" })                    // due 13:00
	call := tm.open(t, func(o *core.TicketOpenOptions) { o.Channel = "phone" })                   // unassigned, due 09:01
	late := tm.open(t, func(o *core.TicketOpenOptions) { o.Channel, o.Assignee = "phone", "李娜" }) // due 09:01
	tm.at(t, "2026-03-02 09:30")
	if _, err := tm.s.TicketAssign(tm.ctx, "陈静", call.ID, "张伟"); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.TicketReply(tm.ctx, "李娜", late.ID, "您好", ""); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-02 10:00")
	r := tm.remind(t, core.RemindOptions{})
	want := "overdue first_response #1; overdue first_response #3; due_soon first_response #2; waiting pending_entry pending 1; waiting pending_entry pending 2"
	if got := refs(r); got != want {
		t.Errorf("items:\n%s\nwant:\n%s", got, want)
	}
	// Proposals: the chat (no response) for 张伟, the late reply for 李娜. Not the call: nobody
	// held it when its first response fell due; 张伟 took it later.
	var props []string
	for _, p := range r.Proposed {
		props = append(props, p.Rule+" "+p.Staff)
	}
	if strings.Join(props, ", ") != "slow-reply 张伟, slow-reply 李娜" {
		t.Errorf("proposed %v", props)
	}
	ps := tm.pending(t)
	if len(ps) != 2 || ps[0].TicketID != chat.ID || ps[1].TicketID != late.ID || ps[0].ProposedBy != "system" ||
		!ps[0].At.Equal(chat.FirstResponseDue) || ps[0].Points.String() != "-5.0" {
		t.Errorf("pending %+v", ps)
	}
	// Each breach proposes once.
	tm.at(t, "2026-03-02 11:00")
	if r := tm.remind(t, core.RemindOptions{}); len(r.Proposed) != 0 || len(tm.pending(t)) != 2 {
		t.Errorf("second run proposed %+v", r.Proposed)
	}
	// The unassigned item names the supervisors; each item names who acts.
	for _, it := range r.Items {
		if it.TicketID == email.ID && strings.Join(it.Act, ",") != "李娜" {
			t.Errorf("email act %v", it.Act)
		}
	}
	// A wider window, and the policy's mapping turned off.
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "remind.propose", "none"); err != nil {
		t.Fatal(err)
	}
	// The resolutions (2bd) come within 3bd.
	r = tm.remind(t, core.RemindOptions{Within: "3bd"})
	if r.Within != "3bd" || r.Count(remind.DueSoon) != 5 || len(r.Proposed) != 0 {
		t.Errorf("within 3bd: %s", refs(r))
	}
}

func TestRemindProposalRuleMissing(t *testing.T) {
	tm := newTeam(t)
	tm.open(t, func(o *core.TicketOpenOptions) { o.Channel, o.Assignee = "chat", "张伟" })
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "remind.propose", "first_response=no-such-rule"); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-02 10:00")
	r := tm.remind(t, core.RemindOptions{})
	if len(r.Proposed) != 0 || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], `maps first_response to rule "no-such-rule"`) {
		t.Errorf("proposed %v, warnings %v", r.Proposed, r.Warnings)
	}
}

func TestRemindAutoClose(t *testing.T) {
	tm := newTeam(t)
	tk := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	if _, err := tm.s.TicketReply(tm.ctx, "张伟", tk.ID, "已处理", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.TicketResolve(tm.ctx, "张伟", tk.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-09 08:59")
	if r := tm.remind(t, core.RemindOptions{}); len(r.Closed) != 0 {
		t.Errorf("closed before 7d: %+v", r.Closed)
	}
	tm.at(t, "2026-03-09 09:00")
	r := tm.remind(t, core.RemindOptions{})
	if len(r.Closed) != 1 || r.Closed[0].TicketID != tk.ID {
		t.Fatalf("closed %+v", r.Closed)
	}
	if got := tm.ticket(t, tk.ID); got.Status != ticket.Closed || !got.ClosedAt.Equal(tm.s.Now()) {
		t.Errorf("ticket %s closed at %v", got.Status, got.ClosedAt)
	}
	evs := tm.events(t)
	last := evs[len(evs)-1]
	if last.Actor != "system" || last.Action != "closed" || last.EntityID != tk.ID || last.Payload["rule"] != "ticket.autoclose_after 7d" {
		t.Errorf("event %+v", last)
	}
}

func TestRemindOncePerAndTeam(t *testing.T) {
	tm := newTeam(t)
	tm.open(t, func(o *core.TicketOpenOptions) { o.Channel, o.Assignee, o.Team = "chat", "张伟", "售后" })
	tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee, o.Team = "李娜", "售前" }) // due 13:00
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "remind.propose", "none"); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-02 10:00")
	o := core.RemindOptions{OncePer: "24h", Channel: "webhook:x"}
	r := tm.remind(t, o)
	if len(r.Items) != 2 || len(r.Held) != 0 {
		t.Fatalf("first run: %s", refs(r))
	}
	if err := tm.s.MarkReminded(tm.ctx, o.Channel, r.Items); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-02 11:00")
	if r := tm.remind(t, o); len(r.Items) != 0 || len(r.Held) != 2 || !r.Fails("overdue") {
		t.Errorf("repeat: items %s, held %d", refs(r), len(r.Held))
	}
	// Another channel has its own log.
	if r := tm.remind(t, core.RemindOptions{OncePer: "24h", Channel: "stdout"}); len(r.Items) != 2 {
		t.Errorf("stdout channel: %s", refs(r))
	}
	// The email becomes overdue at 13:00: it is new.
	tm.at(t, "2026-03-02 13:01")
	if r := tm.remind(t, o); refs(r) != "overdue first_response #2" {
		t.Errorf("newly overdue: %s", refs(r))
	}
	// After 24h everything is sent again (with the handover notes owed since).
	tm.at(t, "2026-03-03 10:01")
	if r := tm.remind(t, o); !strings.HasPrefix(refs(r), "overdue first_response #1; overdue first_response #2; overdue handover_missing") {
		t.Errorf("a day later: %s", refs(r))
	}
	// --team keeps one team's items.
	if r := tm.remind(t, core.RemindOptions{Team: "售前"}); refs(r) != "overdue first_response #2" {
		t.Errorf("team 售前: %s", refs(r))
	}
	if _, err := tm.s.Remind(tm.ctx, core.RemindOptions{OncePer: "1bd"}); err == nil {
		t.Error("--once-per 1bd accepted")
	}
}

func TestRemindHandoversAndSummaries(t *testing.T) {
	tm := newTeam(t)
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "remind.propose", "handover=handover-missing"); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-02 17:20")
	n, err := tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "无遗留"})
	if err != nil {
		t.Fatal(err)
	}
	// 17:45: 李娜's note is owed within the grace period (due 18:00); 张伟's awaits the night
	// shift, on duty since 17:30 (due 18:00).
	tm.at(t, "2026-03-02 17:45")
	r := tm.remind(t, core.RemindOptions{})
	if got := refs(r); got != "due_soon handover_missing 李娜; due_soon handover_unacked handover 1" {
		t.Errorf("17:45: %s", got)
	}
	if len(r.Proposed) != 0 {
		t.Errorf("proposed within the grace period: %+v", r.Proposed)
	}
	tm.at(t, "2026-03-02 18:01")
	r = tm.remind(t, core.RemindOptions{})
	if got := refs(r); got != "overdue handover_missing 李娜; overdue handover_unacked handover 1; waiting pending_entry pending 1" {
		t.Errorf("18:01: %s", got)
	}
	if len(r.Proposed) != 1 || r.Proposed[0].Staff != "李娜" || r.Proposed[0].Rule != "handover-missing" {
		t.Errorf("proposed %+v", r.Proposed)
	}
	if _, err := tm.s.HandoverAck(tm.ctx, "赵敏", n.Note.ID); err != nil {
		t.Fatal(err)
	}
	// Saturday 17:01: the week's summaries are overdue for the three agents.
	tm.at(t, "2026-03-07 17:01")
	r = tm.remind(t, core.RemindOptions{})
	var summaries []string
	for _, it := range r.Items {
		if it.Kind == remind.SummaryMissing {
			summaries = append(summaries, string(it.Group)+" "+it.Act[0]+" "+it.Subject)
		}
	}
	if got := strings.Join(summaries, ", "); got != "overdue 张伟 week 2026-W10, overdue 李娜 week 2026-W10, overdue 赵敏 week 2026-W10" {
		t.Errorf("summaries: %s", got)
	}
}
