package score

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/when"
)

func TestFlagReasons(t *testing.T) {
	m := when.Month{Year: 2026, Month: time.March}
	row := Row{Total: Pts(55), Flags: []string{FlagBelow60, FlagDismissalReview, FlagLastTwice, string(Warning), FlagProbation}}
	tally := Tally{Lines: []Line{
		{Entry: Entry{ID: 7, Rule: "D1"}, Class: Dismissal, Counts: true},
		{Entry: Entry{ID: 8, Rule: "D2"}, Class: Dismissal, Counts: false}, // reverted: no reason
		{Entry: Entry{ID: 9, Rule: "M3"}, Class: Medium, Counts: true, Occurrence: 2, Sanction: Warning},
	}}
	got := FlagReasons(row, tally, Settings{ProbationMonths: 3}, "2026-03-05", m)
	want := map[string][]string{
		FlagBelow60:         {"total 55.0 is below 60"},
		FlagDismissalReview: {"total 55.0 is below 60", "dismissal-class rule D1 (entry 7)"},
		FlagLastTwice:       {"team (no team) in 2026-02 and 2026-03"},
		string(Warning):     {"2nd M3 this month (entry 9)"},
		FlagProbation:       {"hired 2026-03-05", "the 3 month(s)"},
	}
	if len(got) != len(row.Flags) {
		t.Fatalf("got %d reasons for %d flags: %+v", len(got), len(row.Flags), got)
	}
	for i, r := range got {
		if r.Flag != row.Flags[i] {
			t.Errorf("reason %d is for %s, want %s", i, r.Flag, row.Flags[i])
		}
		for _, w := range want[r.Flag] {
			if !strings.Contains(r.Why, w) {
				t.Errorf("%s: %q lacks %q", r.Flag, r.Why, w)
			}
		}
		if r.Flag == FlagDismissalReview && strings.Contains(r.Why, "D2") {
			t.Errorf("a reverted entry is a reason: %q", r.Why)
		}
	}
	// Above 60 a dismissal review names only the rules.
	row = Row{Total: Pts(80), Flags: []string{FlagDismissalReview}}
	if got := FlagReasons(row, tally, Settings{}, "", m); got[0].Why != "dismissal-class rule D1 (entry 7)" {
		t.Errorf("dismissal review at 80: %q", got[0].Why)
	}
}

func TestYearAverage(t *testing.T) {
	p := func(v Points) *Points { return &v }
	if _, ok := YearAverage([]*Points{nil, nil}); ok {
		t.Error("no month on the sheet has an average")
	}
	// Months off the sheet stay out: (80 + 71) / 2 = 75.5.
	if got, ok := YearAverage([]*Points{p(Pts(80)), nil, p(Pts(71))}); !ok || got != 755 {
		t.Errorf("average = %v, %v; want 75.5", got, ok)
	}
	// Rounded half away from zero to the tenth: (0.1 + 0.2 + 0.2) / 3 = 0.167 → 0.2; −0.25 → −0.3.
	if got, _ := YearAverage([]*Points{p(1), p(2), p(2)}); got != 2 {
		t.Errorf("average of 0.1, 0.2, 0.2 = %v, want 0.2", got)
	}
	if got, _ := YearAverage([]*Points{p(-2), p(-3)}); got != -3 {
		t.Errorf("average of -0.2, -0.3 = %v, want -0.3", got)
	}
}
