// Package search turns text into overlapping two-character grams, so an index of grams finds
// substrings of any length from two characters, Chinese included (退款 in 申请退款未到账),
// which a word tokenizer cannot and a trigram index cannot below three characters.
package search

import (
	"strings"
	"unicode"
)

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// runs splits text into lower-cased runs of letters and digits.
func runs(s string) [][]rune {
	var out [][]rune
	var cur []rune
	for _, r := range s {
		if wordRune(r) {
			cur = append(cur, unicode.ToLower(r))
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Grams is the indexed form of a text: its grams separated by spaces. A run of one character
// is kept as itself so single characters still index.
func Grams(text string) string {
	var b strings.Builder
	for _, run := range runs(text) {
		if len(run) == 1 {
			b.WriteString(string(run))
			b.WriteByte(' ')
			continue
		}
		for i := 0; i+1 < len(run); i++ {
			b.WriteString(string(run[i : i+2]))
			b.WriteByte(' ')
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// Match builds the full-text query for a search: each run of the search text must appear as a
// phrase of consecutive grams. ok is false when the text has no run of two or more characters;
// the caller then scans instead. Matches are candidates: confirm them with a substring test.
func Match(q string) (match string, ok bool) {
	var phrases []string
	for _, run := range runs(q) {
		if len(run) < 2 {
			continue
		}
		grams := make([]string, 0, len(run)-1)
		for i := 0; i+1 < len(run); i++ {
			grams = append(grams, string(run[i:i+2]))
		}
		// Grams hold only letters and digits, so quoting them is safe.
		phrases = append(phrases, `"`+strings.Join(grams, " ")+`"`)
	}
	if len(phrases) == 0 {
		return "", false
	}
	return strings.Join(phrases, " AND "), true
}

// Fold lower-cases ASCII letters, as SQLite's lower() does, for the confirming substring test.
func Fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// Exact reports whether the gram index alone answers a search for q, without the confirming
// substring test: q is one gram (two characters) of Han characters or ASCII letters and digits,
// which every folding (Go's, SQLite's lower(), the index tokenizer's) leaves as they are or
// lower-cases alike, so a ticket holds the gram exactly when its text holds q.
func Exact(q string) bool {
	rs := runs(q)
	if len(rs) != 1 || len(rs[0]) != 2 || string(rs[0]) != Fold(q) {
		return false
	}
	for _, r := range rs[0] {
		if !unicode.Is(unicode.Han, r) && !(r < 0x80 && wordRune(r)) {
			return false
		}
	}
	return true
}
