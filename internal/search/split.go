package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split lists the distinct two-character grams of a text, in order of first appearance: the
// words a suggestion looks for (a run of one character is too common to tell anything). They
// are Grams' two-character grams, read off the text in one pass (the monthly report splits
// every unanswered inquiry's subject).
func Split(text string) []string {
	var out []string
	var seen map[string]bool // past a few grams; before, out itself is searched
	var buf [2 * utf8.UTFMax]byte
	var prev rune
	inRun := false
	for _, r := range text {
		if !wordRune(r) {
			inRun = false
			continue
		}
		r = unicode.ToLower(r)
		if inRun {
			b := utf8.AppendRune(utf8.AppendRune(buf[:0], prev), r)
			if seen != nil {
				if !seen[string(b)] {
					g := string(b)
					seen[g] = true
					out = append(out, g)
				}
			} else if !slices.Contains(out, string(b)) {
				out = append(out, string(b))
				if len(out) == 32 {
					seen = make(map[string]bool, 64)
					for _, g := range out {
						seen[g] = true
					}
				}
			}
		}
		prev, inRun = r, true
	}
	return out
}

// Any builds the full-text query matching a text holding any of the grams (each a phrase).
func Any(grams []string) string {
	q := make([]string, len(grams))
	for i, g := range grams {
		q[i] = `"` + g + `"`
	}
	return strings.Join(q, " OR ")
}
