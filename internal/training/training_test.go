package training

import (
	"testing"

	"github.com/kefu/kefu/internal/score"
)

func TestMissingFrom(t *testing.T) {
	people := []Person{
		{ID: 1, Name: "张伟", Team: "售后"},
		{ID: 2, Name: "李娜", Team: "售后"},
		{ID: 3, Name: "赵敏", Team: "售前"},
		{ID: 4, Name: "孙丽", Team: "售后", Hired: "2026-03-01"},
	}
	sessions := []Session{
		{ID: 2, Topic: "新品", Day: "2026-03-09", RequiredFor: All},
		{ID: 1, Topic: "退款", Day: "2026-02-26", RequiredFor: "售后", Attended: []string{"张伟"}},
		{ID: 3, Topic: "话术", Day: "2026-03-02", RequiredFor: All, Attended: []string{"张伟", "赵敏"}},
	}
	got := MissingFrom(sessions, people, "2026-03-02")
	want := []struct {
		session int64
		name    string
	}{{1, "李娜"}, {3, "孙丽"}, {3, "李娜"}}
	if len(got) != len(want) {
		t.Fatalf("missing: %+v", got)
	}
	for i, w := range want {
		if got[i].Session.ID != w.session || got[i].Person.Name != w.name {
			t.Errorf("missing[%d] = %d %s, want %d %s", i, got[i].Session.ID, got[i].Person.Name, w.session, w.name)
		}
	}
	if n := sessions[2].Required(people); n != 4 {
		t.Errorf("required for all on 2026-03-02: %d, want 4", n)
	}
	if n := sessions[1].Required(people); n != 2 {
		t.Errorf("required for 售后 on 2026-02-26 (孙丽 not hired yet): %d, want 2", n)
	}
}

func TestExamRuleAndAverage(t *testing.T) {
	pass := score.Pts(60)
	for v, want := range map[score.Points]string{
		score.Pts(100): score.ExamFullCode, score.Points(999): "", score.Pts(60): "",
		score.Points(599): score.ExamBelowPassCode, 0: score.ExamBelowPassCode,
	} {
		if got := ExamRule(v, pass); got != want {
			t.Errorf("ExamRule(%s) = %q, want %q", v, got, want)
		}
	}
	if _, ok := Average(nil); ok {
		t.Error("an average of no results")
	}
	avg, _ := Average([]Result{{Score: score.Pts(100)}, {Score: score.Points(555)}})
	if avg != score.Points(778) {
		t.Errorf("average of 100 and 55.5 = %s, want 77.8", avg)
	}
}

func TestCheckText(t *testing.T) {
	for _, s := range []string{"", "  ", "两行\n文字", "a\x00b", "\xff"} {
		if CheckText("topic", s, 20) == nil {
			t.Errorf("CheckText(%q) accepted", s)
		}
	}
	if err := CheckText("topic", "退款流程", 20); err != nil {
		t.Error(err)
	}
}
