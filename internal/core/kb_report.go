package core

import (
	"sort"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/search"
)

// knowledge builds the reports' knowledge-base section for a period: the most frequent
// categories and subject words of the inquiries no article answered, and the articles used.
func (e *env) knowledge(sp calendar.DaySpan) (report.Knowledge, error) {
	k := report.Knowledge{Definition: report.DefKnowledge, GapCategories: []report.Count{}, GapWords: []report.Count{}, ArticlesUsed: []report.ArticleUse{}}
	inquiries, err := e.tx.KBGapTickets(e.team, sp.Start, sp.End)
	if err != nil {
		return k, err
	}
	cats, words := map[string]int{}, map[string]int{}
	for _, t := range inquiries {
		k.Inquiries++
		if t.Linked {
			continue
		}
		k.Unanswered++
		cat := t.Category
		if cat == "" {
			cat = "(none)"
		}
		cats[cat]++
		for _, g := range search.Split(t.Subject) {
			words[g]++
		}
	}
	k.GapCategories = topCounts(cats, report.MaxGaps)
	for g, n := range words {
		if n < report.MinGapWord {
			delete(words, g) // a two-character run seen once is more often noise than a question
		}
	}
	k.GapWords = topCounts(words, report.MaxGaps)
	uses, err := e.tx.ArticleUses(e.team, sp.Start, sp.End)
	if err != nil {
		return k, err
	}
	for _, u := range uses {
		k.ArticlesUsed = append(k.ArticlesUsed, report.ArticleUse{ID: u.ID, Title: u.Title, Category: u.Category, Links: u.Links})
	}
	return k, nil
}

// topCounts is the n largest counts, largest first, then by key.
func topCounts(m map[string]int, n int) []report.Count {
	out := sortedCounts(m)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// sortedCounts are m's counts, largest first, then by key.
func sortedCounts(m map[string]int) []report.Count {
	out := make([]report.Count, 0, len(m))
	for key, c := range m {
		out = append(out, report.Count{Key: key, N: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}
