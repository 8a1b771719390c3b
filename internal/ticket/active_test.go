package ticket

import (
	"slices"
	"testing"
)

func TestActiveStatuses(t *testing.T) {
	got := ActiveStatuses()
	if !slices.Equal(got, []Status{Open, Pending, Reopened}) {
		t.Errorf("ActiveStatuses() = %v", got)
	}
	for _, s := range Statuses {
		if s.Active() != slices.Contains(got, s) {
			t.Errorf("%s: Active() = %v, in ActiveStatuses %v", s, s.Active(), slices.Contains(got, s))
		}
	}
}
