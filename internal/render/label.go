package render

import "github.com/kefu/kefu/internal/i18n"

// Labels translates a table's or CSV's header into the chosen language (the English header is
// the catalog key); JSON keys never pass here.
func Labels(header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = i18n.T(h)
	}
	return out
}

// CellLabel, when set, names a table cell's value for people by its column's English header:
// a kind, channel or status code becomes its name in the reader's language. Only tables and
// stacked records use it; JSON and CSV keep the codes.
var CellLabel func(column, value string) string

// cellLabels applies CellLabel to a grid's rows.
func cellLabels(header []string, rows [][]string) [][]string {
	if CellLabel == nil {
		return rows
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, c := range r {
			if j < len(header) {
				c = CellLabel(header[j], c)
			}
			out[i][j] = c
		}
	}
	return out
}
