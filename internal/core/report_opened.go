package core

import (
	"sort"
	"time"

	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/report"
)

// opened holds the figures of the tickets opened in a report's period, counted in one pass
// (OpenedGroups): the volume, complaints, suggestions, reply rate and inquiries answered are
// sums over its groups.
type opened []persist.OpenedGroup

func (e *env) opened(from, to time.Time) (opened, error) {
	gs, err := e.tx.OpenedGroups(e.team, from, to)
	return opened(gs), err
}

// total counts every ticket opened.
func (o opened) total() int {
	n := 0
	for _, g := range o {
		n += g.N
	}
	return n
}

// by counts the tickets of the groups keep accepts by key, largest first, then by key.
func (o opened) by(key func(persist.OpenedGroup) string, keep func(persist.OpenedGroup) bool) []report.Count {
	n := map[string]int{}
	for _, g := range o {
		if keep(g) {
			n[key(g)] += g.N
		}
	}
	return sortedCounts(n)
}

func groupKind(g persist.OpenedGroup) string     { return g.Kind }
func groupChannel(g persist.OpenedGroup) string  { return g.Channel }
func groupCategory(g persist.OpenedGroup) string { return g.Category }
func anyGroup(persist.OpenedGroup) bool          { return true }
func categorized(g persist.OpenedGroup) bool     { return g.Category != "" }

// complaintTypes counts the complaints by category (those without one left out).
func (o opened) complaintTypes() []report.Count {
	return o.by(groupCategory, func(g persist.OpenedGroup) bool { return g.Kind == "complaint" && g.Category != "" })
}

// complaints counts the complaints opened (the follow-ups are the caller's).
func (o opened) complaints() persist.ComplaintStats {
	var s persist.ComplaintStats
	for _, g := range o {
		if g.Kind == "complaint" {
			s.Opened += g.N
			s.Simple += g.Simple
			s.Complex += g.Complex
			s.Escalated += g.Escalated
			s.Reopened += g.Reopened
		}
	}
	return s
}

// suggestions counts the suggestions opened, in all and by category (largest first, then by
// category).
func (o opened) suggestions() persist.SuggestionStats {
	var s persist.SuggestionStats
	byCat := map[string]*persist.CategoryCount{}
	for _, g := range o {
		if g.Kind != "suggestion" {
			continue
		}
		s.Opened += g.N
		s.Forwarded += g.Forwarded
		s.Adopted += g.Adopted
		s.Declined += g.Declined
		s.InProgress += g.InProgress
		c := byCat[g.Category]
		if c == nil {
			c = &persist.CategoryCount{Category: g.Category}
			byCat[g.Category] = c
		}
		c.N += g.N
		c.Forwarded += g.Forwarded
	}
	for _, c := range byCat {
		s.ByCategory = append(s.ByCategory, *c)
	}
	sort.Slice(s.ByCategory, func(i, j int) bool {
		a, b := s.ByCategory[i], s.ByCategory[j]
		if a.N != b.N {
			return a.N > b.N
		}
		return a.Category < b.Category
	})
	return s
}

// replyRate counts the tickets the reply rate counts and those replied to.
func (o opened) replyRate() (replied, n int) {
	for _, g := range o {
		if g.Written {
			replied += g.Replied
			n += g.N
		}
	}
	return replied, n
}

// kbAnswered counts the inquiries and those whose ticket links an article.
func (o opened) kbAnswered() (inquiries, answered int) {
	for _, g := range o {
		if g.Kind == "inquiry" {
			inquiries += g.N
			answered += g.KBLinked
		}
	}
	return inquiries, answered
}
