package render

import (
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/errs"
)

// BOM is the UTF-8 byte order mark. Excel on Chinese Windows reads a CSV file without it as
// GBK and shows 汉字 as mojibake; with it, as UTF-8. kefu writes it first in CSV files written
// with --out, and on stdout only when the config asks (csv.bom: always).
const BOM = "\ufeff"

// Section is one table of a report's CSV, named by the value of its first column, section.
type Section struct {
	Name string
	Grid Grid
}

// WriteCSV writes one grid as CSV, the BOM first when bom is set, its header in the reader's
// language (Labels). Text cells are guarded
// against formulas (CSVCell); plain numbers are written as they are.
func WriteCSV(w io.Writer, bom bool, g Grid) error {
	if bom {
		if _, err := io.WriteString(w, BOM); err != nil {
			return errs.Wrap(err, "writing CSV")
		}
	}
	text := AppendCSV(nil, Labels(g.Header))
	for _, r := range g.Rows {
		text = AppendCSV(text, r)
	}
	_, err := w.Write(text)
	return errs.Wrap(err, "writing CSV")
}

// WriteCSVSections writes every section of a report into one CSV. Each section starts with
// its header row, whose first cell is "section"; each of its rows starts with the section's
// name. A spreadsheet filter on the first column shows one section; a script splits the file
// by it. A section without rows still has its header: it says the figure exists and was empty.
func WriteCSVSections(w io.Writer, bom bool, sections ...Section) error {
	var g Grid
	for i, s := range sections {
		header := append([]string{"section"}, s.Grid.Header...)
		if i == 0 {
			g.Header = header
		} else {
			g.Rows = append(g.Rows, Labels(header)) // the first header is labelled by WriteCSV
		}
		for _, r := range s.Grid.Rows {
			g.Rows = append(g.Rows, append([]string{s.Name}, r...))
		}
	}
	return WriteCSV(w, bom, g)
}

// Plain numbers for CSV cells: no unit, no %, no words; an unknown figure is an empty cell.

// CSVPct is a percentage (0–100) with one decimal, 61.5 or 90.0, for a column whose header
// ends in _pct.
func CSVPct(p *float64) string {
	if p == nil {
		return ""
	}
	v := math.Round(*p*10) / 10
	if v == 0 {
		v = 0 // no "-0.0"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// CSVNum is a number with at most one decimal: 61.5, 12, -3.5.
func CSVNum(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// CSVOptNum is CSVNum of a figure that may be unknown.
func CSVOptNum(p *float64) string {
	if p == nil {
		return ""
	}
	return CSVNum(*p)
}

// CSVInt is a whole number, or empty when unknown.
func CSVInt(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

// AppendCSV appends one CSV record of cells to dst, each guarded as CSVCell guards it and
// quoted as encoding/csv quotes it, ending in a newline: the same bytes as a csv.Writer given
// CSVCell of every cell. A cell of printable text that needs neither (most cells of an export
// of a million tickets) is judged in one pass and copied.
func AppendCSV(dst []byte, cells []string) []byte {
	for i, s := range cells {
		if i > 0 {
			dst = append(dst, ',')
		}
		if bareCSV(s) {
			dst = append(dst, s...)
			continue
		}
		dst = appendQuotedCSV(dst, CSVCell(s))
	}
	return append(dst, '\n')
}

// bareCSV reports that s is its own CSV cell: no character Escape would change, none that
// makes encoding/csv quote it (comma, quote, CR, LF; a leading space), no formula lead.
func bareCSV(s string) bool {
	if s == "" {
		return true
	}
	switch s[0] {
	case '=', '+', '-', '@', '\'', ' ':
		return false
	}
	if s[0] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
			return false
		}
	}
	return s != `\.` && plainBut(s, ',', '"')
}

// appendQuotedCSV appends field as encoding/csv's Writer writes it (LF line ends).
func appendQuotedCSV(dst []byte, field string) []byte {
	if !csvNeedsQuotes(field) {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, field[i])
	}
	return append(dst, '"')
}

// csvNeedsQuotes is encoding/csv's rule for a comma-separated field.
func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` || strings.ContainsAny(field, "\n\r\",") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}
