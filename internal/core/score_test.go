package core

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/storetest"
)

// scoreTeam is a department for the appraisal tests: manager 王芳, supervisor 陈静, agents 张伟,
// 李娜 and 赵敏 of team 售后 (hired in 2025), and a customer 刘洋. The clock starts on Friday
// 2026-03-20 10:00 in Shanghai.
type scoreTeam struct {
	t   *testing.T
	s   *Service
	ctx context.Context
	loc *time.Location
}

func newScoreTeam(t *testing.T) *scoreTeam {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, _, err := store.OpenPersist(ctx, storetest.Address(t), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tm := &scoreTeam{t: t, s: New(db, clock.Fixed(time.Date(2026, 3, 20, 10, 0, 0, 0, loc))), ctx: ctx, loc: loc}
	if _, err := tm.s.Init(ctx, InitOptions{Manager: "王芳", TZ: "Asia/Shanghai", Region: "cn"}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []StaffAddOptions{
		{Name: "陈静", Role: "supervisor", Hired: "2025-01-01"},
		{Name: "张伟", Role: "agent", Team: "售后", Hired: "2025-01-01"},
		{Name: "李娜", Role: "agent", Team: "售后", Hired: "2025-01-01"},
		{Name: "赵敏", Role: "agent", Team: "售后", Hired: "2025-01-01"},
	} {
		if _, err := tm.s.StaffAdd(ctx, "王芳", o); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tm.s.CustomerAdd(ctx, "王芳", CustomerAddOptions{Name: "刘洋", Phone: "13812341234"}); err != nil {
		t.Fatal(err)
	}
	return tm
}

// at moves the clock to a wall time in Shanghai: "2026-03-02 10:00".
func (tm *scoreTeam) at(wall string) {
	tm.t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", wall, tm.loc)
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.s.Clock = clock.Fixed(v)
}

func (tm *scoreTeam) add(as string, o ScoreAddOptions) ScoreAdded {
	tm.t.Helper()
	r, err := tm.s.ScoreAdd(tm.ctx, as, o)
	if err != nil {
		tm.t.Fatalf("ScoreAdd(%s, %+v): %v", as, o, err)
	}
	return r
}

func (tm *scoreTeam) row(month, name string) score.Row {
	tm.t.Helper()
	sh, err := tm.s.ScoreMonth(tm.ctx, ScoreMonthOptions{Month: month, All: true})
	if err != nil {
		tm.t.Fatal(err)
	}
	for _, r := range sh.Rows {
		if r.Staff == name {
			return r
		}
	}
	tm.t.Fatalf("%s is not on the sheet of %s", name, month)
	return score.Row{}
}

func (tm *scoreTeam) eventCount() int {
	tm.t.Helper()
	n := 0
	tm.s.DB.View(tm.ctx, tm.s.Now(), func(tx persist.Tx) error {
		evs, err := tx.Events(store.EventFilter{})
		n = len(evs)
		return err
	})
	return n
}

// refused checks an exit-2 refusal mentioning each part, and that nothing was written.
func (tm *scoreTeam) refused(before int, err error, parts ...string) {
	tm.t.Helper()
	if err == nil {
		tm.t.Fatalf("succeeded; want a refusal mentioning %q", parts)
	}
	if code := errs.ExitCode(err); code != errs.ExitInvalid {
		tm.t.Errorf("exit code %d, want 2 (error: %v)", code, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			tm.t.Errorf("error %q does not mention %q", err, p)
		}
	}
	if n := tm.eventCount(); n != before {
		tm.t.Errorf("a refused command wrote %d events", n-before)
	}
}

func TestScoreAddRefusals(t *testing.T) {
	tm := newScoreTeam(t)
	n := tm.eventCount()
	for _, tc := range []struct {
		name  string
		as    string
		o     ScoreAddOptions
		parts []string
	}{
		{"agent scorer", "张伟", ScoreAddOptions{Staff: "李娜", Rule: "noise"}, []string{"needs the supervisor role", "张伟 is an agent"}},
		{"self-score", "陈静", ScoreAddOptions{Staff: "陈静", Rule: "extra-task"}, []string{"陈静 cannot do this for themselves"}},
		{"no acting user", "", ScoreAddOptions{Staff: "张伟", Rule: "noise"}, []string{"--as NAME"}},
		{"unknown staff", "陈静", ScoreAddOptions{Staff: "无名", Rule: "noise"}, []string{`no staff member "无名"`}},
		{"unknown rule", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "nope"}, []string{`no rule "nope"`}},
		{"range without points", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "late-early"}, []string{"-2.0..-5.0", "--points"}},
		{"outside the range", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "late-early", Points: "-6"}, []string{"outside rule late-early's range"}},
		{"fixed rule, other points", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "noise", Points: "-5"}, []string{"worth -2.0 points"}},
		{"two decimals", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "late-early", Points: "-2.25"}, []string{"at most one decimal"}},
		{"discretion without reason", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "2"}, []string{"needs --reason"}},
		{"discretion beyond 5", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "5.5", Reason: "x"}, []string{"outside rule discretion's range"}},
		{"future", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "noise", At: "2026-03-21"}, []string{"in the future"}},
		{"unknown ticket", "陈静", ScoreAddOptions{Staff: "张伟", Rule: "noise", Ticket: 42}, []string{"42"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm.t = t
			_, err := tm.s.ScoreAdd(tm.ctx, tc.as, tc.o)
			tm.refused(n, err, tc.parts...)
		})
	}
}

func TestDiscretionNetPerMonth(t *testing.T) {
	tm := newScoreTeam(t)
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "3", Reason: "顶班"})
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "2", Reason: "加班"})
	n := tm.eventCount()
	_, err := tm.s.ScoreAdd(tm.ctx, "陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "0.5", Reason: "又一次"})
	tm.refused(n, err, "-5.0..+5.0 net per month", "张伟 has +5.0 in 2026-03", "+5.5")
	// A negative one brings the net down; the month after starts again.
	neg := tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "-4", Reason: "态度"})
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "4", Reason: "改进"})
	// Reverting the −4 would make the net +9: refused.
	n = tm.eventCount()
	_, err = tm.s.ScoreRevert(tm.ctx, "陈静", neg.Entry.ID, "撤销")
	tm.refused(n, err, "would make it +9.0")
	tm.at("2026-04-01 09:00")
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "discretion", Points: "5", Reason: "新的一月"})
	if r := tm.row("2026-03", "张伟"); r.Bonus != score.Pts(9) || r.Deductions != score.Pts(-4) || r.Total != score.Pts(85) {
		t.Errorf("March row %+v", r)
	}
}

func TestProposeEntry(t *testing.T) {
	tm := newScoreTeam(t)
	var zhang int64
	tm.s.DB.View(tm.ctx, tm.s.Now(), func(tx persist.Tx) error {
		st, err := tx.StaffByName("张伟")
		zhang = st.ID
		return err
	})
	propose := func(p ProposedEntry) bool {
		t.Helper()
		var created bool
		err := tm.s.system(tm.ctx, func(e *env) error {
			var err error
			created, err = e.proposeEntry(p)
			return err
		})
		if err != nil {
			t.Fatalf("proposeEntry(%+v): %v", p, err)
		}
		return created
	}
	p := ProposedEntry{StaffID: zhang, Rule: score.HandoverMissingCode, Reason: "day shift 2026-03-19: no handover note",
		At: time.Date(2026, 3, 19, 18, 0, 0, 0, tm.loc), Key: "handover:2026-03-19:day"}
	if !propose(p) {
		t.Fatal("first proposal created nothing")
	}
	if propose(p) {
		t.Error("proposing the same key twice created a second entry")
	}
	if r := tm.row("2026-03", "张伟"); r.Total != score.Pts(80) || r.Pending != 1 {
		t.Errorf("a pending entry counted: %+v", r)
	}
	ps, err := tm.s.ScorePendingList(tm.ctx, "", "", false)
	if err != nil || len(ps) != 1 || ps[0].ProposedBy != "system" || ps[0].Points != score.Pts(-5) || !ps[0].At.Equal(p.At) {
		t.Fatalf("pending = %+v, %v", ps, err)
	}
	// Explicit points outside a fixed rule are refused; a retired rule proposes nothing.
	bad := score.Pts(-3)
	err = tm.s.system(tm.ctx, func(e *env) error {
		_, err := e.proposeEntry(ProposedEntry{StaffID: zhang, Rule: score.SlowReplyCode, Points: &bad})
		return err
	})
	if err == nil {
		t.Error("points outside a fixed rule were proposed")
	}
	if _, err := tm.s.ScoreRuleRetire(tm.ctx, "王芳", score.SummaryMissingCode); err != nil {
		t.Fatal(err)
	}
	if propose(ProposedEntry{StaffID: zhang, Rule: score.SummaryMissingCode, Key: "summary:2026-W11"}) {
		t.Error("a retired rule proposed an entry")
	}
	// Nobody confirms a proposal against themselves; agents confirm nothing.
	n := tm.eventCount()
	_, err = tm.s.ScoreConfirm(tm.ctx, "张伟", ps[0].ID, "")
	tm.refused(n, err, "needs the supervisor role")
	x, err := tm.s.ScoreConfirm(tm.ctx, "陈静", ps[0].ID, "")
	if err != nil || x.ProposedBy != "system" || x.RecordedBy != "陈静" || !x.At.Equal(p.At) {
		t.Fatalf("confirm: %+v, %v", x, err)
	}
	if r := tm.row("2026-03", "张伟"); r.Total != score.Pts(75) || r.Pending != 0 || r.Fines != score.Yuan(30) {
		t.Errorf("after confirming: %+v", r)
	}
	_, err = tm.s.ScoreConfirm(tm.ctx, "陈静", ps[0].ID, "")
	tm.refused(tm.eventCount(), err, "already confirmed by 陈静")
	evs := tm.events()
	if i := slices.IndexFunc(evs, func(e eventRow) bool { return e.entity == "score_pending" && e.action == "proposed" }); i < 0 || evs[i].actor != "system" {
		t.Errorf("proposal event: %+v", evs)
	}
}

type eventRow struct{ actor, entity, action string }

func (tm *scoreTeam) events() []eventRow {
	var out []eventRow
	tm.s.DB.View(tm.ctx, tm.s.Now(), func(tx persist.Tx) error {
		evs, err := tx.Events(store.EventFilter{})
		for _, e := range evs {
			out = append(out, eventRow{e.Actor, e.Entity, e.Action})
		}
		return err
	})
	return out
}

func TestClosedMonthRefusesBackdatedEntries(t *testing.T) {
	tm := newScoreTeam(t)
	feb := tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "noise", At: "2026-02-10"})
	n := tm.eventCount()
	_, err := tm.s.ScoreClose(tm.ctx, "张伟", "2026-02")
	tm.refused(n, err, "needs the supervisor role")
	_, err = tm.s.ScoreClose(tm.ctx, "陈静", "2026-03")
	tm.refused(n, err, "2026-03 is not over yet")
	_, err = tm.s.ScoreClose(tm.ctx, "陈静", "2026-02")
	tm.refused(n, err, "remind has not run since the month's last deadline")
	if _, err := tm.s.Remind(tm.ctx, RemindOptions{}); err != nil {
		t.Fatal(err)
	}
	sh, err := tm.s.ScoreClose(tm.ctx, "陈静", "2026-02")
	if err != nil || !sh.Closed {
		t.Fatalf("close: %v", err)
	}
	n = tm.eventCount()
	_, err = tm.s.ScoreAdd(tm.ctx, "陈静", ScoreAddOptions{Staff: "李娜", Rule: "noise", At: "2026-02-27 18:00"})
	tm.refused(n, err, "2026-02 is closed", "manager reopens")
	_, err = tm.s.ScoreRevert(tm.ctx, "陈静", feb.Entry.ID, "记错")
	tm.refused(n, err, "2026-02 is closed")
	_, err = tm.s.ScoreExam(tm.ctx, "陈静", "李娜", "50", "2026-02", false)
	tm.refused(n, err, "2026-02 is closed")
	_, err = tm.s.ScoreClose(tm.ctx, "陈静", "2026-02")
	tm.refused(n, err, "already closed")
	// March is open; the frozen February sheet does not follow later changes of the policy.
	tm.add("陈静", ScoreAddOptions{Staff: "李娜", Rule: "noise"})
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "pay.per_point", "20"); err != nil {
		t.Fatal(err)
	}
	if r := tm.row("2026-02", "张伟"); r.PayFloat != -score.Yuan(20) {
		t.Errorf("frozen February pay float = %s, want -20.00", r.PayFloat)
	}
	if r := tm.row("2026-03", "李娜"); r.PayFloat != -score.Yuan(40) {
		t.Errorf("March pay float = %s, want -40.00", r.PayFloat)
	}
	err = tm.s.ScoreReopen(tm.ctx, "陈静", "2026-02", "")
	tm.refused(tm.eventCount(), err, "needs the manager role")
	if err := tm.s.ScoreReopen(tm.ctx, "王芳", "2026-02", "补录"); err != nil {
		t.Fatal(err)
	}
	tm.add("陈静", ScoreAddOptions{Staff: "李娜", Rule: "noise", At: "2026-02-27 18:00"})
	if r := tm.row("2026-02", "张伟"); r.PayFloat != -score.Yuan(40) {
		t.Errorf("reopened February pay float = %s, want -40.00 (current policy)", r.PayFloat)
	}
}

func TestCloseWaitsForPending(t *testing.T) {
	tm := newScoreTeam(t)
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "slow-reply", At: "2026-02-10", Propose: true})
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "remind.propose", "none"); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.Remind(tm.ctx, RemindOptions{}); err != nil {
		t.Fatal(err)
	}
	n := tm.eventCount()
	_, err := tm.s.ScoreClose(tm.ctx, "陈静", "2026-02")
	tm.refused(n, err, "pending entry 1 (张伟 slow-reply)")
	if _, err := tm.s.ScoreDismiss(tm.ctx, "陈静", 1, "已报备"); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.ScoreClose(tm.ctx, "陈静", "2026-02"); err != nil {
		t.Fatal(err)
	}
}

func TestAppealReversed(t *testing.T) {
	tm := newScoreTeam(t)
	x := tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "slow-reply", Reason: "回复超时"})
	n := tm.eventCount()
	_, err := tm.s.ScoreAppealFile(tm.ctx, "李娜", x.Entry.ID, "不是他")
	tm.refused(n, err, "only 张伟 may appeal entry")
	_, err = tm.s.ScoreAppealFile(tm.ctx, "张伟", x.Entry.ID, "")
	tm.refused(n, err, "needs --reason")
	a, err := tm.s.ScoreAppealFile(tm.ctx, "张伟", x.Entry.ID, "系统故障")
	if err != nil {
		t.Fatal(err)
	}
	if r := tm.row("2026-03", "张伟"); r.Appeals != 1 || r.Total != score.Pts(75) {
		t.Errorf("open appeal row %+v", r)
	}
	n = tm.eventCount()
	_, err = tm.s.ScoreAppealResolve(tm.ctx, "张伟", a.ID, "reverse", "我说了算")
	tm.refused(n, err, "needs the supervisor role")
	_, err = tm.s.ScoreAppealResolve(tm.ctx, "陈静", a.ID, "cancel", "x")
	tm.refused(n, err, "uphold or reverse")
	got, err := tm.s.ScoreAppealResolve(tm.ctx, "陈静", a.ID, "reverse", "核实为系统故障")
	if err != nil || got.Status != "reversed" || got.ReversalID == 0 {
		t.Fatalf("resolve: %+v %v", got, err)
	}
	if r := tm.row("2026-03", "张伟"); r.Appeals != 0 || r.Total != score.Pts(80) {
		t.Errorf("after reversal %+v", r)
	}
	_, err = tm.s.ScoreAppealResolve(tm.ctx, "陈静", a.ID, "uphold", "x")
	tm.refused(tm.eventCount(), err, "already decided")
	_, err = tm.s.ScoreAppealFile(tm.ctx, "张伟", got.ReversalID, "再申诉")
	tm.refused(tm.eventCount(), err, "is the reversal of entry")
}

func TestExamAppliesRules(t *testing.T) {
	tm := newScoreTeam(t)
	r, err := tm.s.ScoreExam(tm.ctx, "陈静", "张伟", "100", "", false)
	if err != nil || r.Applied != score.ExamFullCode || r.Points != score.Pts(5) {
		t.Fatalf("full marks: %+v %v", r, err)
	}
	r, err = tm.s.ScoreExam(tm.ctx, "陈静", "李娜", "59.5", "2026-02", false)
	if err != nil || r.Applied != score.ExamBelowPassCode {
		t.Fatalf("below 60: %+v %v", r, err)
	}
	if row := tm.row("2026-02", "李娜"); row.Total != score.Pts(70) || row.Exam == nil || *row.Exam != score.Points(595) {
		t.Errorf("February row %+v", row)
	}
	r, err = tm.s.ScoreExam(tm.ctx, "陈静", "赵敏", "60", "", false)
	if err != nil || r.Applied != "" {
		t.Errorf("exactly 60: %+v %v", r, err)
	}
	n := tm.eventCount()
	_, err = tm.s.ScoreExam(tm.ctx, "陈静", "张伟", "50", "", false)
	tm.refused(n, err, "already recorded (100)", "--amend")
	_, err = tm.s.ScoreExam(tm.ctx, "陈静", "张伟", "100.5", "", false)
	tm.refused(n, err, "from 0 to 100")
	_, err = tm.s.ScoreExam(tm.ctx, "陈静", "张伟", "90", "2026-04", false)
	tm.refused(n, err, "has not begun")
	r, err = tm.s.ScoreExam(tm.ctx, "陈静", "张伟", "50", "", true)
	if err != nil || r.Reverted == 0 || r.Applied != score.ExamBelowPassCode {
		t.Fatalf("amend: %+v %v", r, err)
	}
	if row := tm.row("2026-03", "张伟"); row.Total != score.Pts(70) {
		t.Errorf("after amending to 50: total %s, want 70.0", row.Total)
	}
}

// Two months of three agents: the sheet, last place with ties, the automatic −20, ranks, the
// explanation and the year view agree.
func TestSheetLastTwiceAndExplain(t *testing.T) {
	tm := newScoreTeam(t)
	// February: 张伟 and 李娜 tie last at 62 (one medium and three light violations: no −20); 赵敏 80.
	for _, name := range []string{"张伟", "李娜"} {
		tm.add("陈静", ScoreAddOptions{Staff: name, Rule: "games-videos", At: "2026-02-05"})
		tm.add("陈静", ScoreAddOptions{Staff: name, Rule: "away-unannounced", At: "2026-02-06"})
		tm.add("陈静", ScoreAddOptions{Staff: name, Rule: "chatter", Points: "-1.5", At: "2026-02-07"})
		tm.add("陈静", ScoreAddOptions{Staff: name, Rule: "chatter", Points: "-1.5", At: "2026-02-08"})
	}
	feb := tm.row("2026-02", "张伟")
	if feb.Total != score.Pts(62) || feb.Grade != "E" || !feb.LastBelow70 || *feb.Rank != 2 {
		t.Errorf("February 张伟 %+v", feb)
	}
	// March: 张伟 alone last at 68; the handover note missed on the 2nd is entered after the 3rd's.
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "handover-missing", At: "2026-03-03"})
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "handover-missing", At: "2026-03-02"})
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "noise", At: "2026-03-04"})
	tm.add("陈静", ScoreAddOptions{Staff: "李娜", Rule: "language", At: "2026-03-05"})
	mar := tm.row("2026-03", "张伟")
	if mar.Total != score.Pts(68) || mar.Grade != "D" || mar.PayFloat != -score.Yuan(120) || mar.Fines != score.Yuan(80) {
		t.Errorf("March 张伟 %+v", mar)
	}
	if !slices.Contains(mar.Flags, score.FlagLastTwice) {
		t.Errorf("March flags %v, want last-twice-below-70", mar.Flags)
	}
	if li := tm.row("2026-03", "李娜"); slices.Contains(li.Flags, score.FlagLastTwice) || *li.Rank != 2 {
		t.Errorf("李娜 was last only in February: %+v", li)
	}
	x, err := tm.s.ScoreExplain(tm.ctx, "张伟", "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	sum := x.Tally.Base + x.Tally.Extra
	var occ []int
	for _, ln := range x.Tally.Lines {
		sum += ln.Counted
		if ln.Rule == "handover-missing" {
			occ = append(occ, ln.Occurrence)
		}
	}
	if sum != x.Row.Total {
		t.Errorf("explanation adds up to %s, the sheet says %s", sum, x.Row.Total)
	}
	// Occurrence order is by time: the entry dated 03-02 (added second) is the 1st.
	if !slices.Equal(occ, []int{1, 2}) || x.Tally.Lines[0].At.In(tm.loc).Day() != 2 {
		t.Errorf("ladder occurrences %v, lines %+v", occ, x.Tally.Lines)
	}
	if i := slices.IndexFunc(x.Flags, func(f FlagReason) bool { return f.Flag == score.FlagLastTwice }); i < 0 || !strings.Contains(x.Flags[i].Why, "2026-02 and 2026-03") {
		t.Errorf("flag reasons %+v", x.Flags)
	}
	y, err := tm.s.ScoreYear(tm.ctx, 2026, "", false)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(y.Rows, func(r ScoreYearRow) bool { return r.Staff == "张伟" })
	// January precedes the database's first activity: no data, and out of the average.
	if i < 0 || len(y.Months) != 3 || y.Rows[i].Totals[0] != nil || *y.Rows[i].Totals[1] != score.Pts(62) || *y.Rows[i].Average != score.Points(650) {
		t.Errorf("year row %+v", y.Rows)
	}
}

// The top seller's bonus runs across a year boundary: December, January, February.
func TestTopSellerStreakAcrossYears(t *testing.T) {
	tm := newScoreTeam(t)
	sell := func(wall, who, amount string) {
		t.Helper()
		tm.at(wall)
		tk, _, err := tm.s.TicketOpen(tm.ctx, "王芳", TicketOpenOptions{Subject: "询单", Kind: "presale", Channel: "chat", Customer: "刘洋", Assignee: who})
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		if _, err := tm.s.TicketResolveWith(tm.ctx, who, tk.ID, ResolveOptions{Converted: &yes, Amount: amount}); err != nil {
			t.Fatal(err)
		}
	}
	sell("2025-12-10 10:00", "李娜", "1000")
	sell("2025-12-11 10:00", "张伟", "500")
	sell("2026-01-10 10:00", "李娜", "800")
	sell("2026-02-10 10:00", "李娜", "900")
	sell("2026-02-11 10:00", "张伟", "900") // a tie: both top
	tm.at("2026-03-20 10:00")
	for _, tc := range []struct {
		month, who string
		bonus      score.Fen
		streak     int
	}{
		{"2025-12", "李娜", score.Yuan(50), 1},
		{"2026-01", "李娜", score.Yuan(100), 2},
		{"2026-02", "李娜", score.Yuan(200), 3},
		{"2026-02", "张伟", score.Yuan(50), 1},
		{"2026-01", "张伟", 0, 0},
	} {
		r := tm.row(tc.month, tc.who)
		if r.TopBonus != tc.bonus || r.TopStreak != tc.streak {
			t.Errorf("%s %s: bonus %s streak %d, want %s and %d", tc.month, tc.who, r.TopBonus, r.TopStreak, tc.bonus, tc.streak)
		}
	}
	r := tm.row("2026-02", "李娜")
	if r.Commission != score.Fen(1350) || r.CommissionRate != 150 || r.PayChange != score.Fen(20000+1350) {
		t.Errorf("February pay %+v", r)
	}
}

func TestRuleCatalogChanges(t *testing.T) {
	tm := newScoreTeam(t)
	class, pts, ladder := "light", "-2..-4", "fine=20,warning"
	n := tm.eventCount()
	_, err := tm.s.ScoreRuleAdd(tm.ctx, "陈静", "late-return", ScoreRuleOptions{Class: &class, Points: &pts})
	tm.refused(n, err, "needs the manager role")
	bonusNeg := "bonus"
	_, err = tm.s.ScoreRuleAdd(tm.ctx, "王芳", "late-return", ScoreRuleOptions{Class: &bonusNeg, Points: &pts})
	tm.refused(n, err, "must be positive")
	r, err := tm.s.ScoreRuleAdd(tm.ctx, "王芳", "late-return", ScoreRuleOptions{Class: &class, Points: &pts, Ladder: &ladder})
	if err != nil || r.PointsSpec() != "-2.0..-4.0" {
		t.Fatalf("rule add: %+v %v", r, err)
	}
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "late-return", Points: "-3"})
	tm.add("陈静", ScoreAddOptions{Staff: "张伟", Rule: "late-return", Points: "-2"})
	if row := tm.row("2026-03", "张伟"); row.Fines != score.Yuan(20) || !slices.Contains(row.Flags, "warning") {
		t.Errorf("ladder row %+v", row)
	}
	if _, err := tm.s.ScoreRuleRetire(tm.ctx, "王芳", "late-return"); err != nil {
		t.Fatal(err)
	}
	n = tm.eventCount()
	_, err = tm.s.ScoreAdd(tm.ctx, "陈静", ScoreAddOptions{Staff: "张伟", Rule: "late-return", Points: "-3"})
	tm.refused(n, err, "retired")
	_, err = tm.s.ScoreRuleRetire(tm.ctx, "王芳", "discretion")
	tm.refused(n, err, "built in")
	// Retired rules still explain their entries.
	if row := tm.row("2026-03", "张伟"); row.Total != score.Pts(75) {
		t.Errorf("total with a retired rule's entries: %s", row.Total)
	}
}
