package search

import "strings"

// Split lists the distinct two-character grams of a text, in order of first appearance: the
// words a suggestion looks for (a run of one character is too common to tell anything).
func Split(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range strings.Fields(Grams(text)) {
		if len([]rune(g)) == 2 && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
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
