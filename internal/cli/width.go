package cli

import (
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/render"
)

// defaultWidth is the width output fits when neither the terminal nor COLUMNS tells one;
// minWidth the narrowest it fits at all (a COLUMNS=5 would only shred the output).
const (
	defaultWidth = 80
	minWidth     = 20
)

// outputWidth is how many columns tables and text fit (product.md: the terminal's width, or
// COLUMNS, or 80), or 0 with --wide.
func (a *App) outputWidth() int {
	if a.Wide {
		return 0
	}
	if a.IsTerminal && a.TermWidth != nil {
		if w := a.TermWidth(); w > 0 {
			return max(w, minWidth)
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(a.Getenv("COLUMNS"))); err == nil && n > 0 {
		return max(n, minWidth)
	}
	return defaultWidth
}

// fitFor sets stdout to fit the width when the command prints format for people (a table or
// text); JSON, CSV, Markdown and files are never cut.
func (a *App) fitFor(format string) {
	if a.safeOut == nil {
		return
	}
	switch format {
	case render.Table, "text":
		a.safeOut.Width = a.outputWidth()
	default:
		a.safeOut.Width = 0
	}
}
