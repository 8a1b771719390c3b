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
