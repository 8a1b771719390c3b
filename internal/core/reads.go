package core

import (
	"slices"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/rota"
	"github.com/kefu/kefu/internal/staff"
)

// reads keeps the staff lists, leave, swaps and weekly summaries a use case read, for a use
// case that asks for the same ones again and again and writes none of them: remind reads the
// staff for the supervisors, the handover workers, each shift's members, the roster of each
// week it looks at and the score reminders. nil (every other use case) reads through.
type reads struct {
	staff     map[persist.StaffFilter][]staff.Staff
	leaves    map[persist.LeaveFilter][]rota.Leave
	swaps     map[[2]calendar.Date][]rota.Swap
	summaries map[string][]persist.Summary
}

func newReads() *reads {
	return &reads{staff: map[persist.StaffFilter][]staff.Staff{}, leaves: map[persist.LeaveFilter][]rota.Leave{},
		swaps: map[[2]calendar.Date][]rota.Swap{}, summaries: map[string][]persist.Summary{}}
}

// kept returns m's value for k, else reads and keeps it; each caller gets its own copy.
func kept[K comparable, V any](m map[K][]V, k K, read func() ([]V, error)) ([]V, error) {
	if m == nil {
		return read()
	}
	v, ok := m[k]
	if !ok {
		var err error
		if v, err = read(); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return slices.Clone(v), nil
}

func (e *env) listStaff(f persist.StaffFilter) ([]staff.Staff, error) {
	var m map[persist.StaffFilter][]staff.Staff
	if e.reads != nil {
		m = e.reads.staff
	}
	return kept(m, f, func() ([]staff.Staff, error) { return e.tx.ListStaff(f) })
}

func (e *env) leaves(f persist.LeaveFilter) ([]rota.Leave, error) {
	var m map[persist.LeaveFilter][]rota.Leave
	if e.reads != nil {
		m = e.reads.leaves
	}
	return kept(m, f, func() ([]rota.Leave, error) { return e.tx.Leaves(f) })
}

func (e *env) swaps(from, to calendar.Date) ([]rota.Swap, error) {
	var m map[[2]calendar.Date][]rota.Swap
	if e.reads != nil {
		m = e.reads.swaps
	}
	return kept(m, [2]calendar.Date{from, to}, func() ([]rota.Swap, error) { return e.tx.Swaps(from, to) })
}

// summaries are the weekly summaries of one week.
func (e *env) summaries(week string) ([]persist.Summary, error) {
	var m map[string][]persist.Summary
	if e.reads != nil {
		m = e.reads.summaries
	}
	return kept(m, week, func() ([]persist.Summary, error) { return e.tx.Summaries(week) })
}
