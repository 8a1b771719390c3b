// Package render prints plain values for people (tables) and for scripts (JSON, CSV).
package render

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/kefu/kefu/internal/errs"
)

// Formats every data-printing command supports.
const (
	Table = "table"
	JSON  = "json"
	CSV   = "csv"
	// Markdown is for pasting into chat; commands that print it say so in their help.
	Markdown = "md"
)

// Grid is tabular data: a header and rows of cells.
type Grid struct {
	Header []string
	Rows   [][]string
	// Colors optionally colours whole rows in a table (Red, Yellow or ""), when Color is set.
	Colors []string
	Color  bool
	// Free names the free-text columns (subject, reason, note ...) by header: on a terminal too
	// narrow for the table they shrink first, cut with "…".
	Free []string
	// Optional names the columns a too-narrow terminal may hide, least important first, when
	// shrinking free text is not enough; a line below the table names them. A table that does
	// not fit even then prints as "key: value" records.
	Optional []string
}

// Row colours: overdue red, at risk yellow.
const (
	Red    = "\x1b[31m"
	Yellow = "\x1b[33m"
	reset  = "\x1b[0m"
)

// Add appends a row.
func (g *Grid) Add(cells ...string) { g.Rows = append(g.Rows, cells) }

// Write prints v as JSON, or grid as a table or CSV.
func Write(w io.Writer, format string, v any, grid Grid) error {
	switch format {
	case JSON:
		return WriteJSON(w, v)
	case CSV:
		return WriteCSV(w, false, grid)
	default:
		return WriteTable(w, grid)
	}
}

// WriteJSON prints one JSON document, indented.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return errs.Wrap(err, "writing JSON")
	}
	_, err := w.Write(EscapeJSON(b.Bytes()))
	return errs.Wrap(err, "writing JSON")
}

// WriteTable prints a grid as a table that lines up CJK text. The width of East-Asian
// ambiguous characters is pinned so tables do not depend on the locale; wide characters (汉字)
// always count two columns. Cells are escaped so stored control characters cannot drive the terminal.
// When w has a width (WidthOf), the table fits it (fit.go).
func WriteTable(w io.Writer, g Grid) error {
	header, cells := escapeAll(Labels(g.Header)), make([][]string, len(g.Rows))
	for i, r := range cellLabels(g.Header, g.Rows) {
		cells[i] = escapeAll(r)
	}
	width := WidthOf(w)
	f := layout(g, header, cells, width)
	if f.stacked {
		return errs.Wrap(stack(w, header, cells, colorsOf(g), width), "writing table")
	}
	header, cells = f.apply(header, cells)
	// The table is drawn whole, then written at once: tablewriter writes a line at a time, each
	// a system call on a terminal or pipe (55 for a page of 50 tickets).
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf,
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRendition(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)}),
	)
	t.Header(header)
	rows := cells
	for i := range rows {
		if g.Color && i < len(g.Colors) && g.Colors[i] != "" {
			for j, c := range rows[i] {
				rows[i][j] = g.Colors[i] + c + reset
			}
		}
	}
	if err := t.Bulk(rows); err != nil {
		return errs.Wrap(err, "writing table")
	}
	if err := t.Render(); err != nil {
		return errs.Wrap(err, "writing table")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return errs.Wrap(err, "writing table")
	}
	return errs.Wrap(hiddenNote(w, f.hidden, width), "writing table")
}

// colorsOf is the grid's row colours when it is coloured, else none.
func colorsOf(g Grid) []string {
	if !g.Color {
		return nil
	}
	return g.Colors
}

func escapeAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Escape(c)
	}
	return out
}

// CheckFormat refuses a format the command does not print.
func CheckFormat(format, command string, supported ...string) error {
	if slices.Contains(supported, format) {
		return nil
	}
	return errs.Invalidf("%s does not print --format %s: use %s", command, format, strings.Join(supported, ", "))
}
