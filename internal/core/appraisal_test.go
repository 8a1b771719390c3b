package core

import (
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
)

func (tm *scoreTeam) complaint(as, agent string) int64 {
	tm.t.Helper()
	tk, _, err := tm.s.TicketOpen(tm.ctx, as, TicketOpenOptions{Subject: "态度差", Kind: "complaint", Channel: "phone", Customer: "刘洋", Assignee: agent})
	if err != nil {
		tm.t.Fatal(err)
	}
	return tk.ID
}

func TestVerdictLadderAndZeroComplaints(t *testing.T) {
	tm := newScoreTeam(t)
	inquiry, _, err := tm.s.TicketOpen(tm.ctx, "张伟", TicketOpenOptions{Subject: "发票", Kind: "inquiry", Channel: "chat", Customer: "刘洋"})
	if err != nil {
		t.Fatal(err)
	}
	n := tm.eventCount()
	_, err = tm.s.ComplaintVerdict(tm.ctx, "陈静", VerdictOptions{Ticket: inquiry.ID, Valid: true, Against: "张伟", Reason: "属实"})
	tm.refused(n, err, "not a complaint")
	_, err = tm.s.ComplaintVerdict(tm.ctx, "陈静", VerdictOptions{Ticket: tm.complaint("张伟", "张伟"), Valid: true, Against: "陈静", Reason: "属实"})
	tm.refused(tm.eventCount(), err, "themselves")
	var fines []score.Fen
	for i := 0; i < 3; i++ {
		id := tm.complaint("张伟", "张伟")
		r, err := tm.s.ComplaintVerdict(tm.ctx, "陈静", VerdictOptions{Ticket: id, Valid: true, Against: "张伟", Reason: "属实"})
		if err != nil || len(r.Proposed) != 1 || r.Proposed[0].Rule != score.ComplaintValidCode {
			t.Fatalf("verdict %d: %+v %v", i, r, err)
		}
		if _, err := tm.s.ScoreConfirm(tm.ctx, "陈静", r.Proposed[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		fines = append(fines, tm.row("2026-03", "张伟").Fines)
	}
	// 100, then 200 more, then the third flags a dismissal review with no further fine.
	if fines[0] != score.Yuan(100) || fines[1] != score.Yuan(300) || fines[2] != score.Yuan(300) {
		t.Errorf("fines after each verdict %v", fines)
	}
	r := tm.row("2026-03", "张伟")
	if r.ValidComplaints != 3 || r.Total != score.Pts(80) {
		t.Errorf("row %+v", r)
	}
	n = tm.eventCount()
	_, err = tm.s.ScoreAdd(tm.ctx, "陈静", ScoreAddOptions{Staff: "张伟", Rule: score.ZeroComplaintsCode})
	tm.refused(n, err, "3 valid complaint(s)")
	// A valid complaint in February does not bar March's bonus for 李娜.
	tm.add("陈静", ScoreAddOptions{Staff: "李娜", Rule: score.ZeroComplaintsCode})
}

func TestFundBalance(t *testing.T) {
	tm := newScoreTeam(t)
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "unpaid-not-chased", At: "2026-02-10"})
	tm.add("陈静", ScoreAddOptions{Staff: "李娜", Rule: "handover-missing", At: "2026-02-11"})
	n := tm.eventCount()
	_, _, err := tm.s.ScoreFundSpend(tm.ctx, "王芳", "35.01", "聚餐", "")
	tm.refused(n, err, "holds 35.00")
	_, _, err = tm.s.ScoreFundSpend(tm.ctx, "王芳", "1.001", "聚餐", "")
	tm.refused(n, err, "at most two decimals")
	_, _, err = tm.s.ScoreFundSpend(tm.ctx, "陈静", "1", "聚餐", "")
	tm.refused(n, err, "manager")
	if _, fm, err := tm.s.ScoreFundSpend(tm.ctx, "王芳", "20", "饮料", "2026-03-05"); err != nil || fm.Closing != score.Yuan(15) {
		t.Fatalf("spend: %+v %v", fm, err)
	}
	v, err := tm.s.ScoreFund(tm.ctx, "", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Months) != 2 || v.Months[0].Fines != score.Yuan(35) || v.Months[1].Opening != score.Yuan(35) || v.Months[1].Spent != score.Yuan(20) || v.Months[1].Closing != score.Yuan(15) {
		t.Errorf("fund %+v", v.Months)
	}
	if _, err := tm.s.ScoreFund(tm.ctx, "2026-02", 2026); !errs.Is(err, errs.Invalid) {
		t.Errorf("--month with --year: %v", err)
	}
}

func TestBonusConditions(t *testing.T) {
	tm := newScoreTeam(t)
	n := tm.eventCount()
	_, err := tm.s.ScoreAdd(tm.ctx, "陈静", ScoreAddOptions{Staff: "张伟", Rule: score.TopOfMonthCode})
	tm.refused(n, err, "not top of the department")
	for _, who := range []string{"张伟", "张伟", "李娜"} {
		tk, _, err := tm.s.TicketOpen(tm.ctx, who, TicketOpenOptions{Subject: "咨询", Kind: "inquiry", Channel: "chat", Customer: "刘洋", Assignee: who})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tm.s.TicketResolve(tm.ctx, who, tk.ID, "已答复", ""); err != nil {
			t.Fatal(err)
		}
	}
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "noise"})
	_, err = tm.s.ScoreAdd(tm.ctx, "陈静", ScoreAddOptions{Staff: "张伟", Rule: score.TopOfMonthCode})
	tm.refused(tm.eventCount(), err, "1 violation(s) this month (noise)")
	// A proposed bonus is checked when it is confirmed.
	p := tm.add("陈静", ScoreAddOptions{Staff: "李娜", Rule: score.TopOfMonthCode, Propose: true})
	_, err = tm.s.ScoreConfirm(tm.ctx, "陈静", p.Pending.ID, "")
	tm.refused(tm.eventCount(), err, "not top of the department")
	_, cands, err := tm.s.ScoreCandidates(tm.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cands {
		if c.Award == score.TopOfMonthCode {
			t.Errorf("top-of-month candidate %+v: the top agent has a violation", c)
		}
	}
}

func TestHandoverByLastOut(t *testing.T) {
	tm := newScoreTeam(t)
	if _, err := tm.s.StaffAdd(tm.ctx, "王芳", StaffAddOptions{Name: "孙丽", Role: "agent", Shift: "night", Hired: "2025-01-01"}); err != nil {
		t.Fatal(err)
	}
	// 李娜 is on leave on Monday 23 March.
	if _, err := tm.s.StaffLeaveAdd(tm.ctx, "陈静", LeaveAddOptions{Staff: "李娜", From: "2026-03-23", Kind: "病假"}); err != nil {
		t.Fatal(err)
	}
	tm.at("2026-03-24 09:00")
	owed := func() map[string]int {
		out := map[string]int{}
		err := tm.s.read(tm.ctx, func(e *env) error {
			os, _, err := e.handoverItems(calendar.Date{Y: 2026, M: time.March, D: 20}, 0)
			for _, o := range os {
				out[o.Shift.Name]++
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// Friday 20 and Monday 23: three day agents (李娜 off on Monday) and one night agent.
	if got := owed(); got["day"] != 5 || got["night"] != 2 {
		t.Errorf("everyone: owed %v, want 5 day and 2 night notes", got)
	}
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "handover.by", "last-out"); err != nil {
		t.Fatal(err)
	}
	if got := owed(); got["day"] != 0 || got["night"] != 2 {
		t.Errorf("last-out: owed %v, want only the 2 night notes", got)
	}
}

// A month whose last day is a Saturday worked by a 6-on-1-off rota closes only after remind has
// run past that Saturday's deadline, not Friday's.
func TestCloseWaitsForRotaWeekend(t *testing.T) {
	tm := newScoreTeam(t)
	tm.at("2026-10-20 10:00")
	if _, err := tm.s.StaffAdd(tm.ctx, "王芳", StaffAddOptions{Name: "孙丽", Role: "agent", Hired: "2025-01-01", Pattern: "6on1off@2026-10-26"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "remind.propose", "none"); err != nil {
		t.Fatal(err)
	}
	tm.at("2026-10-31 12:00")
	if _, err := tm.s.Remind(tm.ctx, RemindOptions{}); err != nil {
		t.Fatal(err)
	}
	tm.at("2026-11-02 09:00")
	_, err := tm.s.ScoreClose(tm.ctx, "陈静", "2026-10")
	tm.refused(tm.eventCount(), err, "last deadline 2026-11-01 00:30")
	if _, err := tm.s.Remind(tm.ctx, RemindOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.ScoreClose(tm.ctx, "陈静", "2026-10"); err != nil {
		t.Fatal(err)
	}
}
