package core_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// The complaint, quality-check and pre-sale workflows, through the service. The team is
// ticket_test.go's: manager 王芳, supervisor 陈静, agents 张伟 and 李娜 (day) and 赵敏
// (night), customer 刘洋; the clock starts at Monday 2026-03-02 09:00 in Shanghai.

// wfWall is a wall time in Shanghai, "2026-03-02 10:00".
func wfWall(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wfComplaint opens a phone complaint for 刘洋 held by 张伟, as 张伟, at the current clock.
func wfComplaint(t *testing.T, tm *team, severity string) ticket.Ticket {
	t.Helper()
	return tm.open(t, func(o *core.TicketOpenOptions) {
		o.Subject, o.Kind, o.Channel, o.Severity, o.Assignee = "快递员态度恶劣", "complaint", "phone", severity, "张伟"
	})
}

func wfWantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, wfShow(got), wfShow(want))
	}
}

func wfShow(v time.Time) string {
	if v.IsZero() {
		return "(none)"
	}
	return v.In(shanghai).Format("2006-01-02 15:04:05")
}

// TestComplaintStagesThroughService follows a complex complaint through every stage of its
// procedure, as complaint list shows it, with the due times each step sets.
func TestComplaintStagesThroughService(t *testing.T) {
	tm := newTeam(t)
	tk := wfComplaint(t, tm, "complex")
	id := tk.ID
	stage := func(want string) ticket.Ticket {
		t.Helper()
		got := tm.ticket(t, id)
		if s := got.Stage(); s != want {
			t.Errorf("stage = %q, want %q (status %s)", s, want, got.Status)
		}
		return got
	}
	ok := func(_ ticket.Ticket, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	tk = stage(ticket.StageNew)
	wfWantTime(t, "escalation due", tk.EscalationDue, wfWall(t, "2026-03-02 11:00"))
	wfWantTime(t, "follow-up due while open", tk.FollowupDue, time.Time{})

	tm.at(t, "2026-03-02 10:00")
	ok(tm.s.ComplaintEscalate(tm.ctx, "张伟", id, "陈静", "客户要求主管处理"))
	tk = stage(ticket.StageEscalated)
	if tk.Assignee != "陈静" || tk.Follower != "张伟" || tk.EscalatedTo != "陈静" {
		t.Errorf("after escalation: assignee %q, follower %q, escalated to %q; want 陈静, 张伟, 陈静", tk.Assignee, tk.Follower, tk.EscalatedTo)
	}
	if o := tk.Escalation(tm.s.Now()); o.State != ticket.StateMet || o.By != time.Hour {
		t.Errorf("escalation outcome %s by %v, want met 1h early", o.State, o.By)
	}

	tm.at(t, "2026-03-02 10:30")
	ok(tm.s.ComplaintPlan(tm.ctx, "陈静", id, "全额退款并致歉"))
	stage(ticket.StagePlanned)

	// Resolved Monday 15:00: the follow-up is due 1bd later, at the close of Tuesday.
	tm.at(t, "2026-03-02 15:00")
	ok(tm.s.TicketResolve(tm.ctx, "张伟", id, "已退款", ""))
	tk = stage(ticket.StageAwaiting)
	wfWantTime(t, "follow-up due", tk.FollowupDue, wfWall(t, "2026-03-04 00:00"))

	// Unsatisfied: reopened with a full 5bd from the follow-up (Tuesday is day 0, due at the
	// close of the next Tuesday), and the plan must be revised.
	tm.at(t, "2026-03-03 10:00")
	ok(tm.s.ComplaintFollowup(tm.ctx, "张伟", id, false, "退款金额不对"))
	tk = stage(ticket.StageUnsatisfied)
	if tk.Status != ticket.Reopened || !tk.PlanRequired || tk.UnsatisfiedCount != 1 || tk.ReopenCount != 1 || tk.FollowupResult != ticket.FollowUnsatisfied {
		t.Errorf("after an unsatisfied follow-up: status %s, plan required %v, unsatisfied %d, reopened %d, result %q",
			tk.Status, tk.PlanRequired, tk.UnsatisfiedCount, tk.ReopenCount, tk.FollowupResult)
	}
	wfWantTime(t, "resolution due after reopening", tk.ResolutionDue, wfWall(t, "2026-03-11 00:00"))
	wfWantTime(t, "resolved at after reopening", tk.ResolvedAt, time.Time{})
	// The follow-up was made: its due time stays on record (reports count it) until the next resolution.
	if tk.FollowupDue.IsZero() || tk.FollowupAt.IsZero() {
		t.Errorf("an unsatisfied follow-up lost its record: due %v, at %v", tk.FollowupDue, tk.FollowupAt)
	}

	_, err := tm.s.TicketResolve(tm.ctx, "陈静", id, "再次退款", "")
	wantInvalid(t, err, "revise its handling plan")
	_, err = tm.s.ComplaintFollowup(tm.ctx, "张伟", id, true, "")
	wantInvalid(t, err, "it is reopened")

	ok(tm.s.ComplaintPlan(tm.ctx, "陈静", id, "补足差额并赠券"))
	tk = stage(ticket.StagePlanned)
	if tk.PlanRequired || tk.Plan != "补足差额并赠券" {
		t.Errorf("after the revised plan: plan required %v, plan %q", tk.PlanRequired, tk.Plan)
	}

	// Resolved again on Friday 16:00: the follow-up is due at the close of Monday.
	tm.at(t, "2026-03-06 16:00")
	ok(tm.s.TicketResolve(tm.ctx, "陈静", id, "已补足差额", ""))
	tk = stage(ticket.StageAwaiting)
	wfWantTime(t, "second follow-up due", tk.FollowupDue, wfWall(t, "2026-03-10 00:00"))

	tm.at(t, "2026-03-09 11:00")
	ok(tm.s.ComplaintFollowup(tm.ctx, "张伟", id, true, "满意"))
	tk = stage(ticket.StageSatisfied)
	if o := tk.Followup(tm.s.Now()); o.State != ticket.StateMet {
		t.Errorf("follow-up outcome %s, want met", o.State)
	}
	_, err = tm.s.ComplaintFollowup(tm.ctx, "张伟", id, false, "")
	wantInvalid(t, err, "already followed up (satisfied)")

	// Closing keeps it satisfied.
	ok(tm.s.TicketClose(tm.ctx, "张伟", id))
	stage(ticket.StageSatisfied)
}

// TestStageOfEachRecord covers the stage of each combination of status and workflow record.
func TestStageOfEachRecord(t *testing.T) {
	at := wfWall(t, "2026-03-02 10:00")
	tests := []struct {
		name string
		tk   ticket.Ticket
		want string
	}{
		{"open", ticket.Ticket{Status: ticket.Open}, ticket.StageNew},
		{"pending", ticket.Ticket{Status: ticket.Pending}, ticket.StageNew},
		{"escalated", ticket.Ticket{Status: ticket.Open, EscalatedAt: at}, ticket.StageEscalated},
		{"planned without escalation", ticket.Ticket{Status: ticket.Open, Plan: "退款"}, ticket.StagePlanned},
		{"escalated and planned, pending", ticket.Ticket{Status: ticket.Pending, EscalatedAt: at, Plan: "退款"}, ticket.StagePlanned},
		{"reopened, plan to revise", ticket.Ticket{Status: ticket.Reopened, Plan: "退款", PlanRequired: true, FollowupResult: ticket.FollowUnsatisfied}, ticket.StageUnsatisfied},
		{"reopened, plan revised", ticket.Ticket{Status: ticket.Reopened, Plan: "换货", FollowupResult: ticket.FollowUnsatisfied}, ticket.StagePlanned},
		{"plainly reopened", ticket.Ticket{Status: ticket.Reopened}, ticket.StageNew},
		{"resolved, follow-up owed", ticket.Ticket{Status: ticket.Resolved, FollowupDue: at}, ticket.StageAwaiting},
		{"resolved again after unsatisfied", ticket.Ticket{Status: ticket.Resolved, FollowupDue: at, FollowupResult: ticket.FollowUnsatisfied}, ticket.StageAwaiting},
		{"resolved, satisfied", ticket.Ticket{Status: ticket.Resolved, FollowupDue: at, FollowupAt: at, FollowupResult: ticket.FollowSatisfied}, ticket.StageSatisfied},
		{"closed, satisfied", ticket.Ticket{Status: ticket.Closed, FollowupDue: at, FollowupAt: at, FollowupResult: ticket.FollowSatisfied}, ticket.StageSatisfied},
		{"closed, never followed up", ticket.Ticket{Status: ticket.Closed, FollowupDue: at}, ticket.StageAwaiting},
		{"resolved with no follow-up window", ticket.Ticket{Status: ticket.Resolved}, ticket.StageResolved},
	}
	for _, tt := range tests {
		if got := tt.tk.Stage(); got != tt.want {
			t.Errorf("%s: stage %q, want %q", tt.name, got, tt.want)
		}
		if !slices.Contains(ticket.Stages, tt.want) {
			t.Errorf("%s: %q is not among ticket.Stages", tt.name, tt.want)
		}
	}
}

// TestFollowupDueOneBusinessDayAfterResolution: the satisfaction follow-up is due 1bd after
// the resolution (not after the command, when the resolution is back-dated with --at), on the
// cn business calendar.
func TestFollowupDueOneBusinessDayAfterResolution(t *testing.T) {
	tests := []struct {
		opened, now, resolveAt string // resolveAt "" is now
		want                   string
	}{
		// Monday afternoon: Monday is day 0, due at the close of Tuesday.
		{"2026-03-02 09:00", "2026-03-02 15:00", "", "2026-03-04 00:00"},
		// Before the 08:30 opening: still day 0 is that Monday.
		{"2026-03-01 20:00", "2026-03-02 00:30", "", "2026-03-04 00:00"},
		// Friday: the weekend does not count.
		{"2026-03-06 09:00", "2026-03-06 16:00", "", "2026-03-10 00:00"},
		// Saturday: day 0 is the next working day, Monday.
		{"2026-03-06 09:00", "2026-03-07 10:00", "", "2026-03-11 00:00"},
		// Friday before the Qingming holiday (Saturday to Monday): day 1 is Tuesday.
		{"2026-04-03 09:00", "2026-04-03 10:00", "", "2026-04-08 00:00"},
		// Friday before the adjusted working Saturday of the Spring Festival (调休): day 1 is
		// that Saturday.
		{"2026-02-27 09:00", "2026-02-27 10:00", "", "2026-03-01 00:00"},
		// Logged on Monday as resolved on Friday 16:00: counted from Friday.
		{"2026-03-06 09:00", "2026-03-09 09:00", "2026-03-06 16:00", "2026-03-10 00:00"},
	}
	for _, tt := range tests {
		tm := newTeam(t)
		tm.at(t, tt.opened)
		tk := wfComplaint(t, tm, "simple")
		tm.at(t, tt.now)
		got, err := tm.s.TicketResolve(tm.ctx, "张伟", tk.ID, "已处理", tt.resolveAt)
		if err != nil {
			t.Fatalf("resolve at %s: %v", tt.now, err)
		}
		wfWantTime(t, "follow-up due after a resolution at "+wfShow(got.ResolvedAt), tm.ticket(t, tk.ID).FollowupDue, wfWall(t, tt.want))
	}

	// Only complaints are followed up.
	tm := newTeam(t)
	inq := tm.open(t, nil)
	if got, err := tm.s.TicketResolve(tm.ctx, "张伟", inq.ID, "", ""); err != nil || !got.FollowupDue.IsZero() {
		t.Errorf("an inquiry's follow-up due = %s (err %v), want none", wfShow(got.FollowupDue), err)
	}
}

// TestSeverityChangeRecomputesEscalation: a complaint made complex must be escalated within
// 2h of the change; made simple again it owes no escalation; an escalation already made stays
// on the record whatever the severity becomes. Each change is one event with old and new values.
func TestSeverityChangeRecomputesEscalation(t *testing.T) {
	tm := newTeam(t)
	tk := wfComplaint(t, tm, "simple")
	if !tk.EscalationDue.IsZero() {
		t.Errorf("a simple complaint has an escalation due %s", wfShow(tk.EscalationDue))
	}
	wfWantTime(t, "simple resolution due (72h)", tk.ResolutionDue, wfWall(t, "2026-03-05 09:00"))

	tm.at(t, "2026-03-02 10:00")
	got, err := tm.s.ComplaintSeverity(tm.ctx, "张伟", tk.ID, "complex", "")
	if err != nil {
		t.Fatal(err)
	}
	wfWantTime(t, "escalation due after the change", got.EscalationDue, wfWall(t, "2026-03-02 12:00"))
	wfWantTime(t, "complex resolution due (5bd from the opening)", got.ResolutionDue, wfWall(t, "2026-03-10 00:00"))
	if stored := tm.ticket(t, tk.ID); !stored.EscalationDue.Equal(got.EscalationDue) || stored.Severity != "complex" {
		t.Errorf("stored: severity %s, escalation due %s", stored.Severity, wfShow(stored.EscalationDue))
	}
	d, err := tm.s.TicketShow(tm.ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := d.History[len(d.History)-1]
	changes, _ := last.Payload["changes"].(map[string]any)
	sev, _ := changes["severity"].(map[string]any)
	esc, _ := changes["escalation_due"].(map[string]any)
	if last.Action != "edited" || last.Actor != "张伟" || sev["old"] != "simple" || sev["new"] != "complex" ||
		esc["old"] != nil || esc["new"] != "2026-03-02T04:00:00Z" {
		t.Errorf("severity event = %s by %s, changes %v", last.Action, last.Actor, changes)
	}

	// Complex again a little later: the due time stays where it was.
	tm.at(t, "2026-03-02 10:20")
	if got, err = tm.s.ComplaintSeverity(tm.ctx, "张伟", tk.ID, "complex", ""); err != nil {
		t.Fatal(err)
	}
	wfWantTime(t, "escalation due after a repeated change", got.EscalationDue, wfWall(t, "2026-03-02 12:00"))

	// Simple again: no escalation owed, the 72h resolution back.
	tm.at(t, "2026-03-02 10:30")
	if got, err = tm.s.ComplaintSeverity(tm.ctx, "陈静", tk.ID, "simple", "客户撤回"); err != nil {
		t.Fatal(err)
	}
	wfWantTime(t, "escalation due when simple", got.EscalationDue, time.Time{})
	wfWantTime(t, "resolution due when simple", got.ResolutionDue, wfWall(t, "2026-03-05 09:00"))

	// The escalation window is calendar time: made complex on Friday 23:30, it is due at
	// Saturday 01:30.
	fri := wfComplaint(t, tm, "simple")
	tm.at(t, "2026-03-06 23:30")
	if got, err = tm.s.ComplaintSeverity(tm.ctx, "张伟", fri.ID, "complex", ""); err != nil {
		t.Fatal(err)
	}
	wfWantTime(t, "escalation due late on Friday", got.EscalationDue, wfWall(t, "2026-03-07 01:30"))

	// Escalated, then judged simple: the escalation record stays.
	tm.at(t, "2026-03-07 00:30")
	if _, err := tm.s.ComplaintEscalate(tm.ctx, "张伟", fri.ID, "陈静", "夜间升级"); err != nil {
		t.Fatal(err)
	}
	if got, err = tm.s.ComplaintSeverity(tm.ctx, "陈静", fri.ID, "simple", "客户撤回"); err != nil {
		t.Fatal(err)
	}
	wfWantTime(t, "escalation due kept", got.EscalationDue, wfWall(t, "2026-03-07 01:30"))
	wfWantTime(t, "escalated at kept", got.EscalatedAt, wfWall(t, "2026-03-07 00:30"))
	if got.EscalatedTo != "陈静" || got.Escalation(tm.s.Now()).State != ticket.StateMet {
		t.Errorf("escalation record after the severity change: to %q, state %s", got.EscalatedTo, got.Escalation(tm.s.Now()).State)
	}

	// Only complaints have a severity.
	inq := tm.open(t, nil)
	_, err = tm.s.ComplaintSeverity(tm.ctx, "张伟", inq.ID, "complex", "")
	wantInvalid(t, err, "is not a complaint", "inquiry")
	_, err = tm.s.ComplaintSeverity(tm.ctx, "张伟", fri.ID, "serious", "")
	wantInvalid(t, err, `unknown severity "serious"`, "simple, complex")
}

// wfResolved opens and resolves n inquiries held by each agent, Monday 09:00-10:00.
func wfResolved(t *testing.T, tm *team, n int, agents ...string) []int64 {
	t.Helper()
	var ids []int64
	for _, a := range agents {
		for range n {
			tm.at(t, "2026-03-02 09:00")
			tk := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = a })
			tm.at(t, "2026-03-02 10:00")
			if _, err := tm.s.TicketResolve(tm.ctx, a, tk.ID, "已解答", ""); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, tk.ID)
		}
	}
	return ids
}

func wfSample(t *testing.T, tm *team, o core.QASampleOptions) []int64 {
	t.Helper()
	smp, err := tm.s.QASampleTickets(tm.ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(smp.Tickets))
	for i, tk := range smp.Tickets {
		ids[i] = tk.ID
	}
	return ids
}

// TestQASampleReproducibleAndUnchecked: the same seed over the same data draws the same tickets, in id order; checked
// tickets leave the pool; --agent and --month narrow it.
func TestQASampleReproducibleAndUnchecked(t *testing.T) {
	tm := newTeam(t)
	all := wfResolved(t, tm, 6, "张伟", "李娜")
	open := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" }) // not resolved: never drawn
	tm.at(t, "2026-03-03 09:00")
	seed := uint64(42)

	first := wfSample(t, tm, core.QASampleOptions{N: 5, Seed: &seed})
	if len(first) != 5 || !slices.IsSorted(first) {
		t.Fatalf("sample %v: want 5 ids in order", first)
	}
	for _, id := range first {
		if !slices.Contains(all, id) {
			t.Errorf("sample drew ticket %d, not among the resolved %v", id, all)
		}
	}
	for range 3 {
		if again := wfSample(t, tm, core.QASampleOptions{N: 5, Seed: &seed}); !slices.Equal(again, first) {
			t.Fatalf("same seed drew %v, then %v", first, again)
		}
	}
	// Later in the month, naming the month, the same seed still draws the same: the draw
	// depends on the seed and the pool, not on the clock.
	tm.at(t, "2026-03-20 09:00")
	if again := wfSample(t, tm, core.QASampleOptions{N: 5, Seed: &seed, Month: "2026-03"}); !slices.Equal(again, first) {
		t.Errorf("same seed later in the month drew %v, want %v", again, first)
	}
	// Some other seed draws a different sample (not guaranteed for any one seed: try a few).
	differs := false
	for s := uint64(1); s <= 5 && !differs; s++ {
		differs = !slices.Equal(wfSample(t, tm, core.QASampleOptions{N: 5, Seed: &s}), first)
	}
	if !differs {
		t.Errorf("seeds 1-5 all drew %v, like seed 42", first)
	}
	// Without a seed the draw is still reproducible: the seed used is reported.
	smp, err := tm.s.QASampleTickets(tm.ctx, core.QASampleOptions{N: 5})
	if err != nil {
		t.Fatal(err)
	}
	if again := wfSample(t, tm, core.QASampleOptions{N: 5, Seed: &smp.Seed}); len(smp.Tickets) != 5 || !slices.Equal(again, wfIDs(smp.Tickets)) {
		t.Errorf("the reported seed %d drew %v, the sample was %v", smp.Seed, again, wfIDs(smp.Tickets))
	}

	// Asking for more than there are gives them all.
	if got := wfSample(t, tm, core.QASampleOptions{N: 100, Seed: &seed}); !slices.Equal(got, all) || slices.Contains(got, open.ID) {
		t.Errorf("--n 100 drew %v, want every resolved ticket %v", got, all)
	}

	// Checked tickets leave the pool; the rest are still drawn.
	for _, id := range first[:3] {
		if _, err := tm.s.QAMark(tm.ctx, "陈静", id, true, "", false); err != nil {
			t.Fatal(err)
		}
	}
	got := wfSample(t, tm, core.QASampleOptions{N: 100, Seed: &seed})
	if len(got) != len(all)-3 {
		t.Errorf("after 3 checks the pool holds %d of %d", len(got), len(all))
	}
	for _, id := range first[:3] {
		if slices.Contains(got, id) {
			t.Errorf("checked ticket %d was drawn again", id)
		}
	}
	// An amended check is still a check.
	if _, err := tm.s.QAMark(tm.ctx, "陈静", first[0], false, "复核后答错", true); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(wfSample(t, tm, core.QASampleOptions{N: 100, Seed: &seed}), first[0]) {
		t.Errorf("ticket %d was drawn after its check was amended", first[0])
	}

	// --agent: only that agent's tickets.
	for _, id := range wfSample(t, tm, core.QASampleOptions{N: 100, Seed: &seed, Agent: "李娜"}) {
		if a := tm.ticket(t, id).Assignee; a != "李娜" {
			t.Errorf("--agent 李娜 drew ticket %d held by %s", id, a)
		}
	}
	// --month: nothing was resolved in February.
	if got := wfSample(t, tm, core.QASampleOptions{N: 10, Seed: &seed, Month: "2026-02"}); len(got) != 0 {
		t.Errorf("February sample %v, want none", got)
	}
	for _, o := range []core.QASampleOptions{{N: 0}, {N: 1001}, {N: 3, Month: "2026-13"}, {N: 3, Agent: "nobody"}} {
		if _, err := tm.s.QASampleTickets(tm.ctx, o); errs.ExitCode(err) != errs.ExitInvalid {
			t.Errorf("QASampleTickets(%+v): %v, want exit 2", o, err)
		}
	}
}

func wfIDs(ts []ticket.Ticket) []int64 {
	ids := make([]int64, len(ts))
	for i, tk := range ts {
		ids[i] = tk.ID
	}
	return ids
}

// TestQAListAccuracy: correct ÷ checked per agent and for the team; nothing checked is no rate,
// never 0% or NaN.
func TestQAListAccuracy(t *testing.T) {
	tm := newTeam(t)
	r, err := tm.s.QAList(tm.ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Team.Rate != nil || len(r.PerAgent) != 0 {
		t.Errorf("empty month: team rate %v, %d agents; want no rate", r.Team.Rate, len(r.PerAgent))
	}
	ids := wfResolved(t, tm, 3, "张伟", "李娜")
	for i, correct := range []bool{true, false, true, true} {
		if _, err := tm.s.QAMark(tm.ctx, "陈静", ids[i], correct, "", false); err != nil {
			t.Fatal(err)
		}
	}
	if r, err = tm.s.QAList(tm.ctx, "2026-03", ""); err != nil {
		t.Fatal(err)
	}
	rate := func(a core.Accuracy) float64 {
		if a.Rate == nil {
			return -1
		}
		return *a.Rate
	}
	if len(r.PerAgent) != 2 || r.PerAgent[0].Agent != "张伟" || r.PerAgent[0].Checked != 3 || r.PerAgent[0].Correct != 2 ||
		rate(r.PerAgent[0]) != 2.0/3 || r.PerAgent[1].Agent != "李娜" || rate(r.PerAgent[1]) != 1 {
		t.Errorf("per agent = %+v", r.PerAgent)
	}
	if r.Team.Checked != 4 || r.Team.Correct != 3 || rate(r.Team) != 0.75 {
		t.Errorf("team = %+v, want 3 of 4", r.Team)
	}
}

// TestResolvePresaleConversion: the outcome is stored exactly, and required only of pre-sale chats.
func TestResolvePresaleConversion(t *testing.T) {
	tm := newTeam(t)
	chat := tm.open(t, func(o *core.TicketOpenOptions) { o.Kind, o.Channel, o.Assignee = "presale", "chat", "张伟" })
	yes, no := true, false
	_, err := tm.s.TicketResolveWith(tm.ctx, "张伟", chat.ID, core.ResolveOptions{})
	wantInvalid(t, err, "pre-sale chat", "--converted", "--not-converted")
	_, err = tm.s.TicketResolveWith(tm.ctx, "张伟", chat.ID, core.ResolveOptions{Converted: &no, Amount: "10"})
	wantInvalid(t, err, "--amount goes with --converted")
	_, err = tm.s.TicketResolveWith(tm.ctx, "张伟", chat.ID, core.ResolveOptions{Converted: &yes, Amount: "0.001"})
	wantInvalid(t, err, `invalid amount "0.001"`)
	got, err := tm.s.TicketResolveWith(tm.ctx, "张伟", chat.ID, core.ResolveOptions{Converted: &yes, Amount: "19999.99"})
	if err != nil {
		t.Fatal(err)
	}
	stored := tm.ticket(t, chat.ID)
	if stored.Converted == nil || !*stored.Converted || stored.AmountFen == nil || *stored.AmountFen != 1999999 || got.Status != ticket.Resolved {
		t.Errorf("stored conversion %v, amount %v", stored.Converted, stored.AmountFen)
	}

	inq := tm.open(t, nil)
	_, err = tm.s.TicketResolveWith(tm.ctx, "张伟", inq.ID, core.ResolveOptions{Amount: "10"})
	wantInvalid(t, err, "for pre-sale chats", "its kind is inquiry")
	_, err = tm.s.TicketResolveWith(tm.ctx, "张伟", inq.ID, core.ResolveOptions{Converted: &no})
	wantInvalid(t, err, "for pre-sale chats")
	if st := tm.ticket(t, inq.ID).Status; st != ticket.Open {
		t.Errorf("inquiry is %s after refused resolves", st)
	}
}

// TestFormatYuanTwoDecimals: amounts print as yuan with exactly two decimals (ParseYuan has
// its own tests in money_test.go).
func TestFormatYuanTwoDecimals(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 50: "0.50", 29900: "299.00", 29950: "299.50", -150: "-1.50", 100000000000000: "1000000000000.00"} {
		if got := core.FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

// Making a complex complaint simple and complex again does not restart its escalation window.
func TestSeverityToggleKeepsEscalationDeadline(t *testing.T) {
	tm := newTeam(t)
	tk, _, err := tm.s.TicketOpen(tm.ctx, "张伟", core.TicketOpenOptions{Subject: "投诉", Kind: "complaint", Severity: "complex", Channel: "phone", Customer: "刘洋", Assignee: "张伟"})
	if err != nil {
		t.Fatal(err)
	}
	first := tk.EscalationDue
	tm.at(t, "2026-03-02 12:30")
	// An agent may not remove the escalation duty; a supervisor may, with a reason.
	if _, err := tm.s.ComplaintSeverity(tm.ctx, "张伟", tk.ID, "simple", "不严重"); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an agent made a complex complaint simple: %v", err)
	}
	if _, err := tm.s.ComplaintSeverity(tm.ctx, "陈静", tk.ID, "simple", ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("made simple without a reason: %v", err)
	}
	if _, err := tm.s.ComplaintSeverity(tm.ctx, "陈静", tk.ID, "simple", "客户撤回"); err != nil {
		t.Fatal(err)
	}
	again, err := tm.s.ComplaintSeverity(tm.ctx, "张伟", tk.ID, "complex", "")
	if err != nil {
		t.Fatal(err)
	}
	if !again.EscalationDue.Equal(first) {
		t.Fatalf("escalation due after toggling = %v, want the original %v", again.EscalationDue, first)
	}
}
