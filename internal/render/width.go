package render

import "github.com/clipperhouse/displaywidth"

// narrow measures as the tables do (tablewriter uses displaywidth, and render pins its
// East-Asian-width setting off): ambiguous characters take one column. kefu's own colour
// sequences (a coloured table row) take none, as on the terminal.
var narrow = displaywidth.Options{EastAsianWidth: false, ControlSequences: true}

// Width is the number of terminal columns s takes: 汉字, full-width forms and emoji take two,
// combining marks and zero-width characters none. It is kefu's one display-width function, the
// same measure the tables use, so a hand-aligned column lines up with a table's.
func Width(s string) int {
	if w, ok := simpleWidthOf(s); ok {
		return w
	}
	return narrow.String(s)
}
