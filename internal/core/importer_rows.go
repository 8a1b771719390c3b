package core

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/render"
)

// Reading an import's rows: CSV with a header, or JSON Lines, each with its row number and
// a limit on how much one row may take.

// rowReader yields an import's rows with their numbers.
type rowReader interface {
	// next returns the next row; a rowError is a bad row the reader can go on after; io.EOF ends.
	next() (row int, rec record, err error)
	// columnNames are the file's names of its columns by key (nil: the keys themselves).
	columnNames() map[string]string
}

type rowError struct{ err error }

func (r rowError) Error() string { return r.err.Error() }

func newRowReader(r io.Reader, o ImportOptions) (rowReader, error) {
	if err := CheckImportMap(o.Map); err != nil {
		return nil, err
	}
	if o.Sheet != "" && o.Format != ImportXLSX {
		return nil, errs.Invalidf("--sheet is for .xlsx workbooks; this file is %s", o.Format)
	}
	if o.Encoding != "" && o.Format != ImportCSV {
		return nil, errs.Invalidf("--encoding is for CSV files; this file is %s (a workbook and JSON lines are always Unicode)", o.Format)
	}
	switch o.Format {
	case ImportCSV:
		text, err := decodeText(r, o.Encoding)
		if err != nil {
			return nil, err
		}
		return newCSVRows(text, o.Map)
	case ImportJSONL:
		return &jsonlRows{sc: newLineScanner(r)}, nil
	case ImportXLSX:
		return newXLSXRows(r, o.Sheet, o.Map)
	}
	return nil, errs.Invalidf("unknown import format %q: use csv, xlsx or jsonl", o.Format)
}

// knownColumn reports whether a column is read or accepted by an import.
func knownColumn(c string) bool {
	return slices.Contains(ImportRequired, c) || slices.Contains(ImportOptional, c) || slices.Contains(importDerived, c)
}

func unknownColumn(c string) error {
	return errs.Invalidf("unknown column %q: the columns are %s (required) and %s", c,
		strings.Join(ImportRequired, ", "), strings.Join(ImportOptional, ", "))
}

type csvRows struct {
	r     *csv.Reader
	cols  map[string]int
	names map[string]string
	width int // the header's cells (a skipped column is not in cols)
	row   int
	start *int64 // where the record being read began, for rowLimiter
}

func newCSVRows(r io.Reader, m map[string]string) (*csvRows, error) {
	lim := &rowLimiter{r: r}
	br := bufio.NewReaderSize(lim, 256<<10)
	// A spreadsheet's "CSV UTF-8" starts with a byte order mark.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	recordStart := new(int64)
	lim.start = func() int64 { return *recordStart }
	header, err := cr.Read()
	*recordStart = cr.InputOffset()
	if err == io.EOF {
		return nil, errs.Invalidf("the file is empty: a CSV import starts with a header row naming the columns (%s ...)", strings.Join(ImportRequired, ", "))
	}
	if err != nil {
		return nil, errs.Invalidf("row 1 (the header): %v", err)
	}
	c := &csvRows{r: cr, row: 1, start: recordStart, width: len(header)}
	if c.cols, c.names, err = headerColumns(header, m); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *csvRows) columnNames() map[string]string { return c.names }

func (c *csvRows) next() (int, record, error) {
	rec, err := c.r.Read()
	*c.start = c.r.InputOffset()
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	c.row++
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return c.row, nil, rowError{errs.Invalidf("not valid CSV: %v", pe.Err)}
	}
	if err != nil {
		return c.row, nil, err
	}
	if len(rec) != c.width {
		return c.row, nil, rowError{errs.Invalidf("%d cells, but the header names %d columns", len(rec), c.width)}
	}
	// The record's slice is reused by the next Read (its strings are not).
	cells := slices.Clone(rec)
	cols := c.cols
	return c.row, func(col string) string {
		i, ok := cols[col]
		if !ok {
			return ""
		}
		// A spreadsheet guard kefu's export put in front of a formula-like text is taken off again.
		if col == "body" {
			return render.CSVUnguard(cells[i])
		}
		return strings.TrimSpace(render.CSVUnguard(cells[i]))
	}, nil
}

// rowLimiter bounds one CSV record while it is read: the reader fails once more than maxLine
// bytes (plus what the buffers may hold) were read since the current record began, so a file
// without line ends (/dev/zero) ends in one line and exit 2 instead of filling memory.
type rowLimiter struct {
	r     io.Reader
	read  int64
	start func() int64 // where the current record began
}

const readAhead = 256<<10 + 4096 // the bufio buffer and csv.Reader's own

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.start != nil && l.read-l.start() > maxLine+readAhead {
		return 0, errs.Invalidf("a row longer than %d bytes (1 MiB): is this a CSV file?", maxLine)
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// maxLine bounds a JSON line: a ticket's body is at most 64 KiB.
const maxLine = 1 << 20

func newLineScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256<<10), maxLine)
	return sc
}

type jsonlRows struct {
	sc  *bufio.Scanner
	row int
}

func (j *jsonlRows) columnNames() map[string]string { return nil }

func (j *jsonlRows) next() (int, record, error) {
	for {
		if !j.sc.Scan() {
			err := j.sc.Err()
			if errors.Is(err, bufio.ErrTooLong) {
				j.row++
				return j.row, nil, errs.Invalidf("row %d: a line longer than %d bytes", j.row, maxLine)
			}
			if err == nil {
				err = io.EOF
			}
			return 0, nil, err
		}
		j.row++
		line := bytes.TrimSpace(j.sc.Bytes())
		if len(line) == 0 {
			continue // blank lines are not rows, but count as lines
		}
		if j.row == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		rec, err := jsonRecord(line)
		if err != nil {
			return j.row, nil, rowError{err}
		}
		return j.row, rec, nil
	}
}

// jsonRecord reads one JSON object into cells: strings as they are, numbers as written,
// true/false, null as empty.
func jsonRecord(line []byte) (record, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return nil, errs.Invalidf("not a JSON object: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	cells := make(map[string]string, len(obj))
	for k, raw := range obj {
		if !knownColumn(k) {
			return nil, unknownColumn(k)
		}
		if slices.Contains(importDerived, k) {
			continue
		}
		raw = bytes.TrimSpace(raw)
		switch {
		case bytes.Equal(raw, []byte("null")):
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, errs.Invalidf("%s: %v", k, err)
			}
			cells[k] = s
		case len(raw) > 0 && (raw[0] == '{' || raw[0] == '['):
			return nil, errs.Invalidf("%s is a JSON %s; use a string or a number", k, map[byte]string{'{': "object", '[': "array"}[raw[0]])
		default:
			cells[k] = string(raw) // a number, true or false
		}
	}
	return func(col string) string {
		if col == "body" {
			return cells[col]
		}
		return strings.TrimSpace(cells[col])
	}, nil
}
