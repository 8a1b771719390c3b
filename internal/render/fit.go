package render

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/kefu/kefu/internal/i18n"
)

// Tables and text for people fit the terminal (product.md, "Command-line contract"): the
// terminal's width, or COLUMNS, or 80. Free text (a subject, a reason, a note) shrinks first and
// ends in "…"; a table whose fixed columns alone are too wide hides its least important columns
// and says so below the table; a table that still does not fit prints one record per block of
// "key: value" lines. JSON, CSV and Markdown never pass through here.

// hiddenNoteFormat is the line below a table whose columns were hidden to fit the terminal.
const hiddenNoteFormat = "hidden columns: %s (--wide shows all)"

// Fitter is a writer that knows how wide its lines may be (0: any width). kefu's stdout is one
// (SafeWriter) once a command chose a table or text format; a plain buffer in a test is not.
type Fitter interface{ FitWidth() int }

// WidthOf is the number of columns output to w should fit in, or 0 for no limit.
func WidthOf(w io.Writer) int {
	if f, ok := w.(Fitter); ok {
		return f.FitWidth()
	}
	return 0
}

// Truncate cuts s to at most width display columns at a character (grapheme) boundary, ending
// in "…" when anything was cut. A 汉字 or emoji is never split: the cut falls before it.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return narrow.TruncateString(s, width, "…")
}

// Wrap breaks one line of text into lines of at most width display columns: at spaces where
// there are any, between characters where there are none (Chinese), and inside a word only
// when the word alone is wider than a line. The first line keeps s's leading spaces; the
// others start with indent spaces. A width of 0 or less leaves s as it is.
func Wrap(s string, width, indent int) []string {
	if width <= 0 || Width(s) <= width {
		return []string{s}
	}
	if indent > width/2 {
		indent = width / 2
	}
	trimmed := strings.TrimLeft(s, " ")
	lead := s[:len(s)-len(trimmed)]
	if Width(lead) > width/2 {
		lead = strings.Repeat(" ", width/2)
	}
	var out []string
	var line strings.Builder
	line.WriteString(lead)
	lw, empty, space := Width(lead), true, ""
	newLine := func() {
		out = append(out, strings.TrimRight(line.String(), " "))
		line.Reset()
		line.WriteString(strings.Repeat(" ", indent))
		lw, empty, space = indent, true, ""
	}
	for _, p := range pieces(trimmed) {
		if p.space {
			if !empty {
				space += p.s
			}
			continue
		}
		if need := Width(space) + p.w; lw+need <= width {
			line.WriteString(space)
			line.WriteString(p.s)
			lw, empty, space = lw+need, false, ""
			continue
		}
		if !empty {
			newLine()
		}
		if lw+p.w <= width {
			line.WriteString(p.s)
			lw, empty = lw+p.w, false
			continue
		}
		// A word wider than a line: split it between characters.
		g := narrow.StringGraphemes(p.s)
		for g.Next() {
			if gw := g.Width(); lw+gw > width && !empty {
				newLine()
			}
			line.WriteString(g.Value())
			lw, empty = lw+g.Width(), false
		}
	}
	if !empty {
		out = append(out, strings.TrimRight(line.String(), " "))
	}
	return out
}

// piece is a unit Wrap keeps together: a word of narrow characters, one wide character (a line
// may break on either side of a 汉字), or a space.
type piece struct {
	s     string
	w     int
	space bool
}

func pieces(s string) []piece {
	if out, ok := simplePieces(s); ok {
		return out
	}
	return graphemePieces(s)
}

// graphemePieces is pieces for any text, by grapheme.
func graphemePieces(s string) []piece {
	var out []piece
	var word strings.Builder
	ww := 0
	flush := func() {
		if word.Len() > 0 {
			out = append(out, piece{s: word.String(), w: ww})
			word.Reset()
			ww = 0
		}
	}
	g := narrow.StringGraphemes(s)
	for g.Next() {
		v, w := g.Value(), g.Width()
		switch {
		case v == " ":
			flush()
			out = append(out, piece{s: v, w: 1, space: true})
		case w >= 2:
			flush()
			out = append(out, piece{s: v, w: w})
		default:
			word.WriteString(v)
			ww += w
		}
	}
	flush()
	return out
}

// hangIndent is where a wrapped text line's continuation starts: under the value of a
// "label:   value" line, after a list marker, else at the line's own indentation.
func hangIndent(line string) int {
	trimmed := strings.TrimLeft(line, " ")
	lead := len(line) - len(trimmed)
	for _, marker := range []string{"- ", "* ", "• ", "· "} {
		if strings.HasPrefix(trimmed, marker) {
			return lead + Width(marker)
		}
	}
	// A label and its value: "Acknowledged: not yet ...", "subject:       退款".
	if i := strings.Index(trimmed, ": "); i > 0 && !strings.Contains(trimmed[:i], "  ") && Width(trimmed[:i]) <= 20 {
		rest := strings.TrimLeft(trimmed[i+1:], " ")
		if rest != "" {
			return Width(line[:len(line)-len(rest)])
		}
	}
	// Columns set apart by two or more spaces: continue under the second.
	if i := strings.Index(trimmed, "  "); i > 0 {
		rest := strings.TrimLeft(trimmed[i:], " ")
		if rest != "" {
			return Width(line[:len(line)-len(rest)])
		}
	}
	return lead
}

// WrapText fits each line of a text view to width (Wrap with a hanging indent).
func WrapText(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	var out []string
	for _, l := range lines {
		out = append(out, Wrap(l, width, hangIndent(l))...)
	}
	return strings.Join(out, "\n")
}

// tableWidth is the width of a light-ruled table with columns of these widths:
// "│ a │ bb │" is one rule, then each column's text and three columns of padding and rule.
func tableWidth(widths []int) int {
	w := 1
	for _, c := range widths {
		w += c + 3
	}
	return w
}

// minFree is the narrowest a free-text column shrinks to before columns are hidden instead:
// the first of a table's free columns (its main text: a list's subject) keeps 20 columns, the
// others 10; narrower, a cut text says nothing.
const (
	minMainFree = 20
	minFree     = 10
)

// fit is a table laid out for a width: the columns kept (indexes into the grid) and how wide
// each may be, or stacked when no table fits.
type fit struct {
	keep    []int
	widths  []int
	hidden  []string
	stacked bool
}

// layout decides how grid (header and rows already escaped) fits width.
func layout(g Grid, header []string, rows [][]string, width int) fit {
	natural := make([]int, len(header))
	for i, h := range header {
		natural[i] = Width(h)
	}
	for _, r := range rows {
		for i := 0; i < len(r) && i < len(natural); i++ {
			natural[i] = max(natural[i], Width(r[i]))
		}
	}
	all := make([]int, len(header))
	for i := range all {
		all[i] = i
	}
	if width <= 0 || tableWidth(natural) <= width {
		return fit{keep: all, widths: natural}
	}
	floor := func(i int) int {
		switch slices.Index(g.Free, g.Header[i]) {
		case -1:
			return 0 // not free: keeps its width
		case 0:
			return max(minMainFree, Width(header[i]))
		default:
			return max(minFree, Width(header[i]))
		}
	}
	var dropped []string
	for k := 0; k <= len(g.Optional); k++ {
		dropped = g.Optional[:k]
		var keep []int
		for _, i := range all {
			if !slices.Contains(dropped, g.Header[i]) {
				keep = append(keep, i)
			}
		}
		if widths, ok := shrink(keep, natural, floor, width); ok {
			var hidden []string
			for _, i := range all {
				if !slices.Contains(keep, i) {
					hidden = append(hidden, header[i])
				}
			}
			return fit{keep: keep, widths: widths, hidden: hidden}
		}
	}
	return fit{stacked: true}
}

// shrink gives the free-text columns among keep (those with a floor) what the others leave of
// width: each at least its floor (or its own width when narrower), the rest shared out so that
// narrow columns keep their full width and the widest give up the most.
func shrink(keep, natural []int, floor func(int) int, width int) ([]int, bool) {
	widths := make([]int, len(keep))
	var flex []int // positions in keep of the free columns
	fixed := make([]int, 0, len(keep))
	for p, i := range keep {
		widths[p] = natural[i]
		if floor(i) > 0 {
			flex = append(flex, p)
			continue
		}
		fixed = append(fixed, natural[i])
	}
	if tableWidth(widths) <= width {
		return widths, true
	}
	room := width - tableWidth(fixed) - 3*len(flex)
	least := make([]int, len(keep))
	for _, p := range flex {
		least[p] = min(natural[keep[p]], floor(keep[p]))
		room -= least[p]
	}
	if room < 0 {
		return nil, false
	}
	// Share the room out: the column wanting least first, each taking at most an equal share.
	sort.SliceStable(flex, func(a, b int) bool {
		return natural[keep[flex[a]]]-least[flex[a]] < natural[keep[flex[b]]]-least[flex[b]]
	})
	for n, p := range flex {
		want := natural[keep[p]] - least[p]
		give := min(want, room/(len(flex)-n))
		widths[p] = least[p] + give
		room -= give
	}
	return widths, true
}

// stack prints each record as "key: value" lines, values wrapped under themselves, records
// apart by a blank line: the layout of a table too wide for the terminal.
func stack(w io.Writer, header []string, rows [][]string, colors []string, width int) error {
	kw := 0
	for _, h := range header {
		kw = max(kw, Width(h))
	}
	kw = min(kw, width/3)
	var b strings.Builder
	for n, r := range rows {
		if n > 0 {
			b.WriteString("\n")
		}
		for i, h := range header {
			if i >= len(r) || r[i] == "" {
				continue
			}
			key := Truncate(h, kw)
			line := key + ":" + strings.Repeat(" ", kw-Width(key)+1) + r[i]
			for _, l := range Wrap(line, width, kw+2) {
				if n < len(colors) && colors[n] != "" {
					l = colors[n] + l + reset
				}
				b.WriteString(l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// apply applies a layout to the rows: the kept columns, free text cut to its width.
func (f fit) apply(header []string, rows [][]string) ([]string, [][]string) {
	pick := func(cells []string) []string {
		out := make([]string, len(f.keep))
		for p, i := range f.keep {
			if i < len(cells) {
				out[p] = Truncate(cells[i], f.widths[p])
			}
		}
		return out
	}
	out := make([][]string, len(rows))
	for n, r := range rows {
		out[n] = pick(r)
	}
	return pick(header), out
}

// hiddenNote is the footer line naming hidden columns, itself fitted to width.
func hiddenNote(w io.Writer, hidden []string, width int) error {
	if len(hidden) == 0 {
		return nil
	}
	_, err := fmt.Fprintln(w, WrapText(i18n.Sprintf(hiddenNoteFormat, strings.Join(Labels(hidden), i18n.T(", "))), width))
	return err
}
