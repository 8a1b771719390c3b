package score

import (
	"sort"

	"github.com/kefu/kefu/internal/when"
)

// Commission is a pre-sale agent's commission on the month's sales: conversion (converted ÷
// resolved chats) below the threshold pays the low rate, at or above it the high rate.
// The comparison is exact: converted × 10000 ≥ threshold × resolved.
func (s Settings) Commission(sl Sales) (Percent, Fen) {
	if sl.Resolved == 0 {
		return 0, 0
	}
	rate := s.RateLow
	if int64(sl.Converted)*10000 >= int64(s.Threshold)*int64(sl.Resolved) {
		rate = s.RateHigh
	}
	return rate, Fen(mulDiv(int64(sl.Amount), int64(rate), 10000))
}

// StreakBonus is the top seller's bonus in their nth month running (50, 100, then 200 by
// default): the last amount repeats.
func (s Settings) StreakBonus(n int) Fen {
	if n < 1 || len(s.TopBonus) == 0 {
		return 0
	}
	return s.TopBonus[min(n, len(s.TopBonus))-1]
}

// TopSellers returns each team's top agent by sales (ties all top; nobody without sales), by id.
func TopSellers(members []Member, sales map[int64]Sales) map[int64]bool {
	out := map[int64]bool{}
	for _, id := range topSellers(members, sales) {
		out[id] = true
	}
	return out
}

func topSellers(members []Member, sales map[int64]Sales) []int64 {
	best := map[string]Fen{}
	for _, m := range members {
		if a := sales[m.ID].Amount; m.Agent && a > best[m.Team] {
			best[m.Team] = a
		}
	}
	var out []int64
	for _, m := range members {
		if a := sales[m.ID].Amount; m.Agent && a > 0 && a == best[m.Team] {
			out = append(out, m.ID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// StreakBefore counts the months running before m in which top(month) held, looking back at
// most limit months: across a year boundary as anywhere else (January follows December).
func StreakBefore(m when.Month, limit int, top func(when.Month) bool) int {
	n := 0
	for p := m.Prev(); n < limit && top(p); p = p.Prev() {
		n++
	}
	return n
}
