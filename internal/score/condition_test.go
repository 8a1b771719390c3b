package score

import (
	"strings"
	"testing"
	"time"
)

func TestTopOfMonth(t *testing.T) {
	for _, tc := range []struct {
		name string
		ps   []Performance
		want []int64
	}{
		{"most resolved", []Performance{{StaffID: 1, Resolved: 12}, {StaffID: 2, Resolved: 9, Correct: 10, Checked: 10}}, []int64{1}},
		{"tie broken by accuracy", []Performance{{StaffID: 1, Resolved: 9, Correct: 8, Checked: 10}, {StaffID: 2, Resolved: 9, Correct: 9, Checked: 10}}, []int64{2}},
		{"accuracy as a ratio", []Performance{{StaffID: 1, Resolved: 9, Correct: 3, Checked: 3}, {StaffID: 2, Resolved: 9, Correct: 9, Checked: 10}}, []int64{1}},
		{"then fewer deductions", []Performance{{StaffID: 1, Resolved: 9, Deductions: -100}, {StaffID: 2, Resolved: 9, Deductions: -20}}, []int64{2}},
		{"a true tie", []Performance{{StaffID: 1, Resolved: 9}, {StaffID: 2, Resolved: 9}, {StaffID: 3, Resolved: 2}}, []int64{1, 2}},
		{"nobody resolved anything", []Performance{{StaffID: 1}, {StaffID: 2}}, nil},
	} {
		got := TopOfMonthIDs(tc.ps)
		if len(got) != len(tc.want) {
			t.Errorf("%s: top %v, want %v", tc.name, got, tc.want)
		}
		for _, id := range tc.want {
			if !got[id] {
				t.Errorf("%s: top %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func TestConditions(t *testing.T) {
	hundred, ninety := Pts(100), Pts(90)
	for _, tc := range []struct {
		c    Condition
		st   Standing
		fail string
	}{
		{NoViolation, Standing{}, ""},
		{NoViolation, Standing{Violations: []string{"noise", "language"}}, "2 violation(s) this month (noise, language)"},
		{NoValidComplaint, Standing{Violations: []string{"noise"}}, ""},
		{NoValidComplaint, Standing{ValidComplaints: 1}, "1 valid complaint(s)"},
		{TopOfMonth, Standing{Top: true}, ""},
		{TopOfMonth, Standing{}, "not top of the department"},
		{TopOfMonth, Standing{Top: true, Violations: []string{"noise"}}, "1 violation(s)"},
		{Exam100, Standing{Exam: &hundred}, ""},
		{Exam100, Standing{Exam: &ninety}, "exam score 90, not 100"},
		{Exam100, Standing{}, "no skills exam recorded"},
	} {
		err := tc.c.Check("张伟", "2026-03", tc.st)
		switch {
		case tc.fail == "" && err != nil:
			t.Errorf("%s %+v: %v", tc.c, tc.st, err)
		case tc.fail != "" && (err == nil || !strings.Contains(err.Error(), tc.fail)):
			t.Errorf("%s %+v: %v, want %q", tc.c, tc.st, err, tc.fail)
		}
	}
	if _, err := ParseCondition("sometimes"); err == nil {
		t.Error("unknown condition accepted")
	}
	if c, err := ParseCondition(" Top-Of-Month "); err != nil || c != TopOfMonth {
		t.Errorf("ParseCondition = %q %v", c, err)
	}
}

func TestFineRulesAndFloor(t *testing.T) {
	for _, tc := range []struct {
		r    Rule
		fail string
	}{
		{Rule{Code: "phone", Class: Fine, Fine: Yuan(20)}, ""},
		{Rule{Code: "phone", Class: Fine, Ladder: mustLadder("fine=100,fine=200,dismissal-review")}, ""},
		{Rule{Code: "phone", Class: Fine}, "give it --fine"},
		{Rule{Code: "phone", Class: Fine, Fine: 100, Min: -20, Max: -20}, "carries money and no points"},
		{Rule{Code: "noise", Class: Light, Min: -20, Max: -20, Eligibility: NoViolation}, "only a bonus"},
		{Rule{Code: "star", Class: Bonus, Min: 50, Max: 50, OncePerMonth: true, Eligibility: TopOfMonth}, ""},
	} {
		err := tc.r.Validate()
		if (tc.fail == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.fail) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.r, err, tc.fail)
		}
	}
	s := DefaultSettings()
	rules := map[string]Rule{"absent": {Code: "absent", Class: Severe, Min: -200, Max: -200},
		"complaint-valid": {Code: "complaint-valid", Class: Fine, Ladder: mustLadder("fine=100,fine=200,dismissal-review")}}
	var es []Entry
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		es = append(es, Entry{ID: int64(i + 1), Rule: "absent", Points: -200, At: at.Add(time.Duration(i) * time.Hour)})
	}
	for i := 0; i < 3; i++ {
		es = append(es, Entry{ID: int64(i + 10), Rule: "complaint-valid", At: at.Add(time.Duration(i) * time.Hour)})
	}
	tl := TallyEntries(s, rules, es)
	if tl.Raw != Pts(-20) || tl.Total != 0 || tl.Fines != Yuan(300) {
		t.Errorf("raw %s total %s fines %s; want -20.0, floored at 0.0, 300.00", tl.Raw, tl.Total, tl.Fines)
	}
	if len(tl.Sanctions) != 1 || tl.Sanctions[0] != DismissalReview {
		t.Errorf("sanctions %v", tl.Sanctions)
	}
	s.Min = Pts(10)
	if tl := TallyEntries(s, rules, es); tl.Total != Pts(10) {
		t.Errorf("floor at score.min 10: total %s", tl.Total)
	}
}
