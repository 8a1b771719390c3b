package core

import (
	"testing"

	"github.com/kefu/kefu/internal/score"
)

// A result proposes the exam rule; after the proposal is confirmed, a second result in the
// month reverts the entry that counted and proposes anew, so one exam entry counts at a time.
func TestTrainingResultAfterConfirm(t *testing.T) {
	tm := newScoreTeam(t)
	sess, err := tm.s.TrainingAdd(tm.ctx, "陈静", "退款流程", "2026-03-10", "陈静", "售后")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.TrainingAttend(tm.ctx, "陈静", sess.ID, []string{"张伟"}); err != nil {
		t.Fatal(err)
	}
	r, err := tm.s.TrainingResult(tm.ctx, "陈静", sess.ID, "张伟", "100")
	if err != nil || r.Rule != score.ExamFullCode || r.PendingID == 0 || r.Amended {
		t.Fatalf("first result: %+v %v", r, err)
	}
	if row := tm.row("2026-03", "张伟"); row.Total != score.Pts(80) {
		t.Errorf("a proposal counts before it is confirmed: total %s", row.Total)
	}
	if _, err := tm.s.ScoreConfirm(tm.ctx, "陈静", r.PendingID, ""); err != nil {
		t.Fatal(err)
	}
	if row := tm.row("2026-03", "张伟"); row.Total != score.Pts(85) {
		t.Errorf("confirmed full marks: total %s, want 85.0", row.Total)
	}
	r2, err := tm.s.TrainingResult(tm.ctx, "陈静", sess.ID, "张伟", "50")
	if err != nil || !r2.Amended || r2.Old != score.Pts(100) || r2.Rule != score.ExamBelowPassCode || r2.PendingID == r.PendingID || r2.Reverted == 0 {
		t.Fatalf("second result: %+v %v", r2, err)
	}
	if row := tm.row("2026-03", "张伟"); row.Total != score.Pts(80) {
		t.Errorf("after the second result the confirmed +5 is reverted: total %s, want 80.0", row.Total)
	}
	pend, err := tm.s.ScorePendingList(tm.ctx, "张伟", "2026-03", false)
	if err != nil || len(pend) != 1 || pend[0].Rule != score.ExamBelowPassCode {
		t.Fatalf("pending after the second result: %+v %v", pend, err)
	}
	// A session still to come takes no attendance; nobody scores themselves.
	later, err := tm.s.TrainingAdd(tm.ctx, "陈静", "新品", "2026-03-25", "外部讲师", "all")
	if err != nil {
		t.Fatal(err)
	}
	n := tm.eventCount()
	_, err = tm.s.TrainingAttend(tm.ctx, "陈静", later.ID, []string{"张伟"})
	tm.refused(n, err, "not held yet")
	_, err = tm.s.TrainingResult(tm.ctx, "张伟", sess.ID, "张伟", "90")
	tm.refused(n, err, "supervisor")
}
