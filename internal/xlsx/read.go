package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// ErrTooLarge is a workbook that unpacks to more than its reader allows (a zip bomb).
var ErrTooLarge = errors.New("the workbook unpacks to more than the size limit")

// File is a workbook opened for reading.
type File struct {
	zr      *zip.Reader
	limit   int64
	used    int64
	names   []string
	targets map[string]string // sheet name -> part name
	strings []string
	sstRead bool
	sstPart string
}

// Open reads the workbook in data; limit bounds the bytes its parts may unpack to in all.
func Open(data []byte, limit int64) (*File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	f := &File{zr: zr, limit: limit, targets: map[string]string{}}
	book := "xl/workbook.xml"
	if root, err := f.readRels("_rels/.rels", ""); err == nil {
		for _, r := range root {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				book = r.target
			}
		}
	}
	bookRels, err := f.readRels(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), path.Dir(book))
	if err != nil {
		return nil, fmt.Errorf("reading the workbook's relationships: %w", err)
	}
	byID := map[string]string{}
	for _, r := range bookRels {
		byID[r.id] = r.target
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			f.sstPart = r.target
		}
	}
	data, err = f.read(book)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", book, err)
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, fmt.Errorf("reading %s: %w", book, err)
	}
	for _, s := range wb.Sheets {
		target, ok := byID[s.ID]
		if !ok {
			continue
		}
		f.names = append(f.names, s.Name)
		f.targets[s.Name] = target
	}
	return f, nil
}

// SheetNames are the workbook's sheets in their order.
func (f *File) SheetNames() []string { return f.names }

type relation struct{ id, typ, target string }

// readRels reads a relationships part; targets are made part names relative to base.
func (f *File) readRels(name, base string) ([]relation, error) {
	data, err := f.read(name)
	if err != nil {
		return nil, err
	}
	var rs struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(data, &rs); err != nil {
		return nil, err
	}
	out := make([]relation, 0, len(rs.Rel))
	for _, r := range rs.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(base, t)
		}
		out = append(out, relation{r.ID, r.Type, t})
	}
	return out, nil
}

func (f *File) open(name string) (io.ReadCloser, error) {
	for _, zf := range f.zr.File {
		if strings.EqualFold(zf.Name, name) {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			return &limited{rc: rc, f: f}, nil
		}
	}
	return nil, fmt.Errorf("the workbook has no part %s", name)
}

func (f *File) read(name string) ([]byte, error) {
	rc, err := f.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// limited counts what every part unpacks to against the workbook's limit.
type limited struct {
	rc io.ReadCloser
	f  *File
}

func (l *limited) Read(p []byte) (int, error) {
	n, err := l.rc.Read(p)
	l.f.used += int64(n)
	if l.f.limit > 0 && l.f.used > l.f.limit {
		return n, ErrTooLarge
	}
	return n, err
}

func (l *limited) Close() error { return l.rc.Close() }

// sharedStrings reads the shared string table once.
func (f *File) sharedStrings() error {
	if f.sstRead || f.sstPart == "" {
		f.sstRead = true
		return nil
	}
	f.sstRead = true
	rc, err := f.open(f.sstPart)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var cur strings.Builder
	depthPh := 0 // inside <rPh> (phonetic hints, not the text)
	inSI, inT := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				depthPh++
			case "t":
				inT = inSI && depthPh == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				f.strings = append(f.strings, unescapeBstr(cur.String()))
			case "rPh":
				depthPh--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
}

// Rows iterates over a sheet's rows from the first; a row the sheet leaves out is empty.
type Rows struct {
	f       *File
	rc      io.ReadCloser
	d       *xml.Decoder
	cur     int // the row number Next moved to
	pending []string
	pendRow int // the number of the row read ahead, 0 when none
	done    bool
	err     error
	cells   []string
}

// Rows opens the named sheet for reading.
func (f *File) Rows(sheet string) (*Rows, error) {
	target, ok := f.targets[sheet]
	if !ok {
		return nil, fmt.Errorf("the workbook has no sheet %q", sheet)
	}
	if err := f.sharedStrings(); err != nil {
		return nil, fmt.Errorf("reading the shared strings: %w", err)
	}
	rc, err := f.open(target)
	if err != nil {
		return nil, err
	}
	return &Rows{f: f, rc: rc, d: xml.NewDecoder(rc)}, nil
}

// Next moves to the next row; false at the end or on an error (see Err).
func (r *Rows) Next() bool {
	if r.err != nil {
		return false
	}
	if r.pendRow == 0 && !r.done {
		n, cells, err := r.readRow(r.cur + 1)
		if err != nil {
			r.err = err
			return false
		}
		if n == 0 {
			r.done = true
		} else {
			r.pendRow, r.pending = n, cells
		}
	}
	if r.pendRow == 0 {
		return false
	}
	r.cur++
	if r.cur < r.pendRow {
		r.cells = nil // a row the sheet left out
		return true
	}
	r.cells, r.pending, r.pendRow = r.pending, nil, 0
	return true
}

// Columns are the current row's cells as stored: text, or a number as written (a date is its
// serial number); a missing cell is "".
func (r *Rows) Columns() []string { return r.cells }

// Err is what stopped Next early.
func (r *Rows) Err() error { return r.err }

// Close releases the sheet.
func (r *Rows) Close() error { return r.rc.Close() }

// maxRows is the most rows a sheet has (Excel's limit).
const maxRows = 1 << 20

// readRow reads the next <row> element: its number (next when it gives none) and cells; 0 at
// the end of the sheet's data.
func (r *Rows) readRow(next int) (int, []string, error) {
	for {
		tok, err := r.d.Token()
		if err == io.EOF {
			return 0, nil, nil
		}
		if err != nil {
			return 0, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "row" {
				continue
			}
			n := next
			if v := attr(t, "r"); v != "" {
				if n, err = strconv.Atoi(v); err != nil || n < next || n > maxRows {
					return 0, nil, fmt.Errorf("row number %q out of order", v)
				}
			}
			cells, err := r.readCells()
			return n, cells, err
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return 0, nil, nil
			}
		}
	}
}

// readCells reads a row's <c> elements up to </row>.
func (r *Rows) readCells() ([]string, error) {
	var cells []string
	col := 0
	for {
		tok, err := r.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := r.d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			col++
			if ref := attr(t, "r"); ref != "" {
				c, err := columnOf(ref)
				if err != nil || c < col {
					return nil, fmt.Errorf("cell %q out of order", ref)
				}
				col = c
			}
			v, err := r.cellValue(attr(t, "t"))
			if err != nil {
				return nil, err
			}
			for len(cells) < col-1 {
				cells = append(cells, "")
			}
			cells = append(cells, v)
		case xml.EndElement:
			if t.Name.Local == "row" {
				return cells, nil
			}
		}
	}
}

// cellValue reads a <c> element's content up to </c>: its <v>, or its inline string.
func (r *Rows) cellValue(typ string) (string, error) {
	var v, is strings.Builder
	inV, inT, hasV := false, false, false
	depthPh := 0
	for {
		tok, err := r.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				inV, hasV = true, true
			case "t":
				inT = depthPh == 0
			case "rPh":
				depthPh++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "t":
				inT = false
			case "rPh":
				depthPh--
			case "c":
				switch typ {
				case "s":
					if !hasV {
						return "", nil
					}
					i, err := strconv.Atoi(strings.TrimSpace(v.String()))
					if err != nil || i < 0 || i >= len(r.f.strings) {
						return "", fmt.Errorf("shared string %q out of range", v.String())
					}
					return r.f.strings[i], nil
				case "inlineStr":
					return unescapeBstr(is.String()), nil
				}
				return v.String(), nil
			}
		case xml.CharData:
			if inV {
				v.Write(t)
			} else if inT {
				is.Write(t)
			}
		}
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnOf is the 1-based column of a cell reference (B7 is 2).
func columnOf(ref string) (int, error) {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		n = n*26 + int(c-'A'+1)
		if n > 16384 {
			return 0, fmt.Errorf("column of %q out of range", ref)
		}
	}
	if i == 0 {
		return 0, fmt.Errorf("%q is not a cell reference", ref)
	}
	return n, nil
}

// unescapeBstr decodes the _xHHHH_ escapes Excel writes for characters XML cannot carry
// (_x005F_ is a literal underscore).
func unescapeBstr(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
