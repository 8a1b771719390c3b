package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// A workbook written here reads back cell for cell: text (Chinese, spaces, newlines, markup),
// numbers as written, dates as serial numbers, gaps as empty cells.
func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	wb := New(&buf)
	bold := wb.AddStyle(Style{Bold: true, Fill: "DDEBF7"})
	pct := wb.AddStyle(Style{NumFmtID: 10})
	s, err := wb.NewSheet("工单", SheetOptions{Widths: []float64{10, 20}, FreezeHeader: true})
	if err != nil {
		t.Fatal(err)
	}
	type kind string
	rows := [][]Cell{
		{{Value: "受理时间", Style: bold}, {Value: "主题", Style: bold}, {Value: "x<&>\"", Style: bold}},
		{{Value: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, {Value: " 两行\n文字 "}, {Value: 0.875, Style: pct}},
		{{Value: int64(42)}, {Value: nil}, {Value: kind("inquiry")}},
		{{Value: true}, {Value: uint8(7)}, {Value: -1.5}},
	}
	for _, r := range rows {
		if err := s.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.NewSheet("工单", SheetOptions{}); err == nil {
		t.Error("a second sheet of the same name was accepted")
	}
	if _, err := wb.NewSheet("a/b", SheetOptions{}); !errors.Is(err, ErrSheetName) {
		t.Errorf("sheet a/b: %v", err)
	}
	if _, err := wb.NewSheet("Empty", SheetOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := Open(buf.Bytes(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.SheetNames(); !slices.Equal(got, []string{"工单", "Empty"}) {
		t.Fatalf("sheets = %q", got)
	}
	r, err := f.Rows("工单")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := [][]string{
		{"受理时间", "主题", "x<&>\""},
		{"46083.375", " 两行\n文字 ", "0.875"},
		{"42", "", "inquiry"},
		{"1", "7", "-1.5"},
	}
	var got [][]string
	for r.Next() {
		got = append(got, slices.Clone(r.Columns()))
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i+1, got[i], want[i])
		}
	}
	if _, err := f.Rows("一月"); err == nil {
		t.Error("a missing sheet opened")
	}
}

// A workbook from elsewhere: shared strings (rich text and phonetic hints), rows and cells the
// sheet leaves out, _xHHHH_ escapes, absolute relationship targets.
func TestReadForeign(t *testing.T) {
	parts := map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="十一月" sheetId="1" r:id="rId7"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/s.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>主题</t></si>` +
			`<si><r><t>快递</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 未到</t></r><rPh><t>カナ</t></rPh></si><si><t>a_x000D_b_x005F_x</t></si></sst>`,
		"xl/worksheets/s.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="B1" t="s"><v>0</v></c></row>` +
			`<row r="3"><c r="A3"><v>46336.385416666664</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="s"><v>2</v></c><c r="E3" t="str"><v>公式</v></c></row>` +
			`</sheetData></worksheet>`,
	}
	f, err := Open(zipOf(t, parts), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.Rows("十一月")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for r.Next() {
		got = append(got, strings.Join(r.Columns(), "|"))
	}
	want := []string{"|主题", "", "46336.385416666664||快递 未到|a\rb_x|公式"}
	if r.Err() != nil || !slices.Equal(got, want) {
		t.Errorf("rows = %q, %v; want %q", got, r.Err(), want)
	}

	// Past the size limit a workbook is refused, not unpacked.
	f, err = Open(zipOf(t, parts), 100)
	if err == nil {
		_, err = f.Rows("十一月")
	}
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("a workbook over the limit: %v", err)
	}
	if _, err := Open([]byte("opened_at,kind\n"), 1<<20); err == nil {
		t.Error("a CSV file opened as a workbook")
	}
}

func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestColumnName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 703: "AAA", 16384: "XFD"} {
		if got := ColumnName(n); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", n, got, want)
		}
		if got, err := columnOf(want + "12"); err != nil || got != n {
			t.Errorf("columnOf(%s12) = %d, %v", want, got, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")
	f.Add("<row><c><v>1</v></c><c r=\"ZZZZ1\"/></row>")
	f.Fuzz(func(t *testing.T, rows string) {
		parts := map[string]string{
			"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   `<worksheet><sheetData>` + rows + `</sheetData></worksheet>`,
		}
		file, err := Open(zipOf(t, parts), 1<<20)
		if err != nil {
			return
		}
		r, err := file.Rows("S")
		if err != nil {
			return
		}
		for n := 0; r.Next() && n < 1000; n++ {
			_ = r.Columns()
		}
	})
}
