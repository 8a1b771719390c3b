package cli

import (
	"strconv"
)

// limitNotice says on stderr that --limit cut a list: "showing 100 of 2,477 tickets". A list
// that silently stopped at 100 rows looked complete. Nothing is said when all rows were shown.
func limitNotice(streams IOStreams, shown, total int, what string) {
	if total <= shown {
		return
	}
	streams.Info("showing %s of %s %s; --limit N shows more, --limit 0 all", thousands(shown), thousands(total), what)
}

// thousands writes n with comma separators: 2477 → 2,477.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}
