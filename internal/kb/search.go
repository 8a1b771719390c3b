package kb

import (
	"sort"
	"strings"
	"unicode"
)

// Words splits a search into its words (runs between spaces), lower-cased.
func Words(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		out = append(out, strings.ToLower(w))
	}
	return out
}

// Candidate is an article the index proposes for a search, with its latest title and body.
type Candidate struct {
	Article Article
	Title   string
	Body    string
}

// Hit is an article that matches every word of a search.
type Hit struct {
	Article Article
	// InTitle counts the search words found in the title; title hits rank above body hits.
	InTitle int
	// Line is the first line holding the most words (the title when it holds them all), with
	// each word marked 【like this】.
	Line string
}

// Rank keeps the candidates holding every word in their title or body and orders them: more
// words in the title first, then more occurrences in the body, then newest id first.
func Rank(words []string, cands []Candidate) []Hit {
	type scored struct {
		hit   Hit
		count int
	}
	var out []scored
	for _, c := range cands {
		title, body := strings.ToLower(c.Title), strings.ToLower(c.Body)
		all, inTitle, count := true, 0, 0
		for _, w := range words {
			t, b := strings.Contains(title, w), strings.Contains(body, w)
			if !t && !b {
				all = false
				break
			}
			if t {
				inTitle++
			}
			count += strings.Count(body, w)
		}
		if !all || len(words) == 0 {
			continue
		}
		out = append(out, scored{Hit{Article: c.Article, InTitle: inTitle, Line: MatchLine(c.Title, c.Body, words)}, count})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.hit.InTitle != b.hit.InTitle {
			return a.hit.InTitle > b.hit.InTitle
		}
		if a.count != b.count {
			return a.count > b.count
		}
		return a.hit.Article.ID > b.hit.Article.ID
	})
	hits := make([]Hit, len(out))
	for i, s := range out {
		hits[i] = s.hit
	}
	return hits
}

// MatchLine picks the line of title and body holding the most search words (title first on a
// tie) and marks the words in it.
func MatchLine(title, body string, words []string) string {
	best, bestN := title, countWords(title, words)
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if n := countWords(line, words); n > bestN {
			best, bestN = line, n
		}
	}
	return Mark(snippet(best, words), words)
}

// snippetLead is how many characters a long line keeps before its first match.
const snippetLead = 8

// snippet cuts a long line to start shortly before its first match, so a narrow column still
// shows the marked word.
func snippet(line string, words []string) string {
	runes := []rune(line)
	low := []rune(strings.ToLower(line))
	if len(low) != len(runes) {
		return line
	}
	first := -1
	for _, w := range words {
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(low) && len(wr) > 0; i++ {
			if string(low[i:i+len(wr)]) == w {
				if first < 0 || i < first {
					first = i
				}
				break
			}
		}
	}
	if first <= snippetLead {
		return line
	}
	return "…" + string(runes[first-snippetLead:])
}

func countWords(line string, words []string) int {
	low, n := strings.ToLower(line), 0
	for _, w := range words {
		if strings.Contains(low, w) {
			n++
		}
	}
	return n
}

// Mark wraps each occurrence of the words in line in 【】, matching without regard to case.
// Overlapping occurrences are merged into one mark.
func Mark(line string, words []string) string {
	runes := []rune(line)
	lower := []rune(strings.ToLower(line))
	if len(lower) != len(runes) {
		// A letter whose lower case has another length: fold rune by rune instead.
		lower = make([]rune, len(runes))
		for i, r := range runes {
			lower[i] = unicode.ToLower(r)
		}
	}
	marked := make([]bool, len(runes))
	for _, w := range words {
		wr := []rune(w)
		if len(wr) == 0 {
			continue
		}
		for i := 0; i+len(wr) <= len(lower); i++ {
			if string(lower[i:i+len(wr)]) == w {
				for k := i; k < i+len(wr); k++ {
					marked[k] = true
				}
			}
		}
	}
	var b strings.Builder
	for i, r := range runes {
		if marked[i] && (i == 0 || !marked[i-1]) {
			b.WriteString("【")
		}
		b.WriteRune(r)
		if marked[i] && (i == len(runes)-1 || !marked[i+1]) {
			b.WriteString("】")
		}
	}
	return b.String()
}

// Suggest picks up to n candidates sharing the most grams (two-character words) with a
// ticket's subject: a gram in the title counts 2, in the body 1; on a tie an article in the
// ticket's category comes first, then the lower id. Candidates sharing nothing are dropped.
func Suggest(grams []string, category string, cands []Candidate, n int) []Article {
	type scored struct {
		a     Article
		score int
	}
	var all []scored
	for _, c := range cands {
		title, body := strings.ToLower(c.Title), strings.ToLower(c.Body)
		score := 0
		for _, g := range grams {
			switch {
			case strings.Contains(title, g):
				score += 2
			case strings.Contains(body, g):
				score++
			}
		}
		if score > 0 {
			all = append(all, scored{c.Article, score})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if (a.a.Category == category) != (b.a.Category == category) {
			return a.a.Category == category
		}
		return a.a.ID < b.a.ID
	})
	var out []Article
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].a)
	}
	return out
}
