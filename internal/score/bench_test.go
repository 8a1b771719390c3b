package score

import (
	"strconv"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/when"
)

// benchSheetInput is a large department's month: 60 staff in four teams, each with 25 entries
// spread over the month's rules (light, medium, bonus, a laddered rule, reversals) and pre-sale
// figures for half of them.
func benchSheetInput() SheetInput {
	rules := map[string]Rule{}
	var codes []string
	for _, r := range DefaultRules() {
		rules[r.Code] = r
		if r.Class != Discretion {
			codes = append(codes, r.Code)
		}
	}
	in := SheetInput{Month: when.Month{Year: 2026, Month: time.March}, Settings: DefaultSettings(), Rules: rules,
		Entries: map[int64][]Entry{}, Sales: map[int64]Sales{}, PrevLastBelow70: map[int64]bool{}, PrevTopStreak: map[int64]int{}}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	id := int64(0)
	for m := int64(1); m <= 60; m++ {
		in.Members = append(in.Members, Member{ID: m, Name: "agent" + strconv.FormatInt(m, 10), Team: "team" + strconv.FormatInt(m%4, 10),
			Agent: m%10 != 0, Role: "agent", Hired: "2025-06-01"})
		for e := 0; e < 25; e++ {
			id++
			r := rules[codes[(int(m)*7+e*3)%len(codes)]]
			pts := r.Min
			ent := Entry{ID: id, StaffID: m, Rule: r.Code, Points: pts, At: start.Add(time.Duration(e*29+int(m)) * time.Hour)}
			if e%9 == 8 { // every ninth entry is reversed by the next
				ent.RevertedBy = id + 1
				in.Entries[m] = append(in.Entries[m], ent)
				id++
				ent = Entry{ID: id, StaffID: m, Rule: r.Code, Points: -pts, At: ent.At, Reverts: id - 1}
			}
			in.Entries[m] = append(in.Entries[m], ent)
		}
		if m%2 == 0 {
			in.Sales[m] = Sales{Resolved: 100 + int(m), Converted: 60 + int(m)%30, Amount: Yuan(10000 + m*100)}
		}
		in.PrevLastBelow70[m] = m%13 == 0
		in.PrevTopStreak[m] = int(m % 3)
	}
	return in
}

// BenchmarkSheet computes a month's sheet for 60 staff with 25 entries each: tallies, grades,
// pay, flags, ranks, commission and the top seller's streak.
func BenchmarkSheet(b *testing.B) {
	in := benchSheetInput()
	b.ReportAllocs()
	for b.Loop() {
		if rows := Sheet(in); len(rows) != 60 {
			b.Fatal(len(rows))
		}
	}
}

// BenchmarkTallyEntries adds up one staff member's month of 25 entries.
func BenchmarkTallyEntries(b *testing.B) {
	in := benchSheetInput()
	entries := in.Entries[7]
	b.ReportAllocs()
	for b.Loop() {
		_ = TallyEntries(in.Settings, in.Rules, entries)
	}
}
