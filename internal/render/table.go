package render

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
)

// Light box-drawing rules, as tablewriter's StyleLight draws them.
const (
	ruleH = "─"
	ruleV = "│"
)

var (
	ruleTop    = [3]string{"┌", "┬", "┐"}
	ruleMiddle = [3]string{"├", "┼", "┤"}
	ruleBottom = [3]string{"└", "┴", "┘"}
)

// drawTable prints a light-ruled table: the header (when there is one) over a rule, then the
// rows, each cell padded by a space on either side and left-aligned. It draws exactly what
// tablewriter v1 drew for kefu's settings (no wrapping, no header formatting, East-Asian
// ambiguous width off, cells trimmed of surrounding white space, a short row padded with empty
// cells, a long one adding columns, a row without cells left out), which TestDrawTableMatchesTablewriter holds it to; it
// costs a tenth of tablewriter's instructions and none of its package initialisation.
func drawTable(w io.Writer, header []string, rows [][]string) error {
	cols := len(header)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if len(header) == 0 && len(rows) == 0 {
		return nil
	}
	trimmed := func(cells []string) []string {
		out := make([]string, cols)
		for i := 0; i < len(cells) && i < cols; i++ {
			out[i] = strings.TrimSpace(cells[i])
		}
		return out
	}
	widths := make([]int, cols)
	lines := make([][]string, 0, len(rows)+1)
	cellWidths := make([][]int, 0, len(rows)+1)
	add := func(cells []string) {
		t := trimmed(cells)
		ws := make([]int, cols)
		for i, c := range t {
			ws[i] = cellWidth(c)
			widths[i] = max(widths[i], ws[i])
		}
		lines = append(lines, t)
		cellWidths = append(cellWidths, ws)
	}
	hasHeader := len(header) > 0
	if hasHeader {
		add(header)
	}
	for _, r := range rows {
		if len(r) > 0 { // tablewriter drew no line for a row without cells
			add(r)
		}
	}
	var b strings.Builder
	rule := func(ends [3]string) {
		b.WriteString(ends[0])
		for i, w := range widths {
			if i > 0 {
				b.WriteString(ends[1])
			}
			b.WriteString(strings.Repeat(ruleH, w+2))
		}
		b.WriteString(ends[2])
		b.WriteByte('\n')
	}
	row := func(cells []string, ws []int) {
		b.WriteString(ruleV)
		for i, c := range cells {
			b.WriteByte(' ')
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-ws[i]+1))
			b.WriteString(ruleV)
		}
		b.WriteByte('\n')
	}
	rule(ruleTop)
	for n, cells := range lines {
		row(cells, cellWidths[n])
		if n == 0 && hasHeader && len(rows) > 0 {
			rule(ruleMiddle)
		}
	}
	rule(ruleBottom)
	_, err := io.WriteString(w, b.String())
	return err
}

// cellRune measures one character as tablewriter did: ambiguous characters narrow.
var cellRune = displaywidth.Options{EastAsianWidth: false}

// cellWidth is a cell's width as tablewriter measured it: colour sequences (ESC [ ... final
// byte) take none, every other character its own width, summed rune by rune (an emoji with a
// skin-tone modifier counts both, where Width counts the cluster once: the rules are drawn as
// before).
func cellWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if end := csiEnd(s, i); end > 0 {
				i = end
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += cellRune.Rune(r)
		i += size
	}
	return n
}

// csiEnd is the end of the control sequence starting at s[i] (ESC [, parameter bytes
// 0x30-0x3f, intermediate bytes 0x20-0x2f, a final byte 0x40-0x7e), or 0 when none starts there.
func csiEnd(s string, i int) int {
	if i+1 >= len(s) || s[i+1] != '[' {
		return 0
	}
	j := i + 2
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		j++
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		return j + 1
	}
	return 0
}
