package core

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// readRows reads every row of an import as key=value lines, for comparing.
func readRows(t *testing.T, data []byte, o ImportOptions) (string, error) {
	t.Helper()
	rows, err := newRowReader(bytes.NewReader(data), o)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for {
		row, rec, err := rows.next()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		b.WriteString(strings.Join([]string{itoa(row), rec("opened_at"), rec("kind"), rec("channel"), rec("subject"), rec("customer"), rec("order")}, "|") + "\n")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A GBK file as Excel on Chinese Windows saves it (testdata/gbk_tickets.csv) is detected and
// decoded; its Chinese headers name the keys; --map skips the notes.
func TestImportGBKChineseHeaders(t *testing.T) {
	data, err := os.ReadFile("testdata/gbk_tickets.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := "2|2026/11/10 9:15|咨询|电话|查询物流进度|刘洋|\n3|2026/11/10|投诉|微信|快递员态度差|陈红|\n"
	for _, enc := range []string{"", "gbk", "GB18030"} {
		got, err := readRows(t, data, ImportOptions{Format: ImportCSV, Encoding: enc, Map: map[string]string{"备注": SkipColumn}})
		if err != nil || got != want {
			t.Errorf("encoding %q: %q, %v; want %q", enc, got, err, want)
		}
	}
	// Without --map the notes column is unknown, and the error says how to skip it.
	if _, err := readRows(t, data, ImportOptions{Format: ImportCSV}); err == nil || !strings.Contains(err.Error(), `--map '备注=-'`) {
		t.Errorf("unmapped 备注: %v", err)
	}
	if _, err := readRows(t, data, ImportOptions{Format: ImportCSV, Sheet: "工单"}); err == nil || !strings.Contains(err.Error(), "--sheet is for .xlsx") {
		t.Errorf("--sheet with a CSV file: %v", err)
	}
	// Read as UTF-8, the header is not readable.
	if _, err := readRows(t, data, ImportOptions{Format: ImportCSV, Encoding: "utf-8", Map: map[string]string{"备注": SkipColumn}}); err == nil {
		t.Error("a GBK file read as UTF-8 was accepted")
	}
}

// Valid UTF-8, with or without a byte order mark, stays UTF-8, also when its first non-ASCII
// character straddles the detection window.
func TestDecodeTextDetects(t *testing.T) {
	for name, text := range map[string]string{
		"ascii":    "opened_at,kind,channel,subject\n",
		"utf8":     "受理时间,类型\n咨询,电话\n",
		"bom":      "\ufeff受理时间,类型\n",
		"straddle": strings.Repeat("a", detectWindow-1) + "受理",
	} {
		r, err := decodeText(strings.NewReader(text), "")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r)
		if string(got) != text {
			t.Errorf("%s: decoded differently (%d bytes, want %d)", name, len(got), len(text))
		}
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("主题,客户\n发票,刘洋\n")
	r, _ := decodeText(strings.NewReader(gbk), "")
	if got, _ := io.ReadAll(r); string(got) != "主题,客户\n发票,刘洋\n" {
		t.Errorf("GBK detected as %q", got)
	}
	if _, err := decodeText(strings.NewReader(""), "big5"); err == nil {
		t.Error("big5 accepted")
	}
}

// Headers: a key, a key in capitals, a Chinese name (full-width forms folded), --map, and
// the errors for a duplicate, a missing required column and a bad --map.
func TestHeaderColumns(t *testing.T) {
	cols, names, err := headerColumns([]string{"\ufeff受理时间", "KIND", "渠道 ", "标题", "来电号码", "ｏｒｄｅｒ"}, map[string]string{"来电号码": "customer"})
	if err != nil {
		t.Fatal(err)
	}
	for key, i := range map[string]int{"opened_at": 0, "kind": 1, "channel": 2, "subject": 3, "customer": 4, "order": 5} {
		if cols[key] != i {
			t.Errorf("%s is column %d, want %d (%v)", key, cols[key], i, cols)
		}
	}
	if names["opened_at"] != "受理时间" || names["channel"] != "渠道" || names["kind"] != "KIND" || names["order"] != "order" {
		t.Errorf("the header's own names: %v", names)
	}
	for _, tc := range []struct {
		header []string
		m      map[string]string
		want   string
	}{
		{[]string{"受理时间", "opened_at", "类型", "渠道", "主题"}, nil, `column "opened_at" appears twice`},
		{[]string{"受理时间", "类型", "渠道"}, nil, "the header has no column subject"},
		{[]string{"受理时间", "类型", "渠道", "主题", "?"}, nil, `unknown column "?"`},
	} {
		if _, _, err := headerColumns(tc.header, tc.m); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.header, err, tc.want)
		}
	}
	if _, _, err := headerColumns([]string{"受理时间", "类型", "渠道", "主题"}, map[string]string{"来电号码": "-"}); err == nil || !strings.Contains(err.Error(), `the header has no column "来电号码"`) {
		t.Errorf("--map of a column the file lacks: %v", err)
	}
	if err := CheckImportMap(map[string]string{"来电号码": "mobile"}); err == nil || !strings.Contains(err.Error(), `"mobile" is not an import column`) {
		t.Errorf("--map to an unknown key: %v", err)
	}
	if err := CheckImportMap(map[string]string{"": "order"}); err == nil {
		t.Error("--map with no column name accepted")
	}
}

// A workbook: its first sheet by default, another by name; dates as serial numbers, empty
// rows skipped but counted.
func TestXLSXRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("十二月"); err != nil {
		t.Fatal(err)
	}
	for sheet, rows := range map[string][][]any{
		"Sheet1": {{"受理时间", "类型", "渠道", "主题", "订单号"}, {46336.385416666664, "咨询", "微信", "发票", 20261110}, {}, {"2026/11/11 9:00", "投诉", "电话", "态度", nil}},
		"十二月":    {{"opened_at", "kind", "channel", "subject"}, {"2026-12-01 09:00", "inquiry", "email", "退款"}},
	} {
		for i, r := range rows {
			if err := f.SetSheetRow(sheet, "A"+itoa(i+1), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := readRows(t, buf.Bytes(), ImportOptions{Format: ImportXLSX})
	if want := "2|46336.3854166666|咨询|微信|发票||20261110\n4|2026/11/11 9:00|投诉|电话|态度||\n"; err != nil || got != want {
		t.Errorf("first sheet: %q, %v; want %q", got, err, want)
	}
	got, err = readRows(t, buf.Bytes(), ImportOptions{Format: ImportXLSX, Sheet: "十二月"})
	if want := "2|2026-12-01 09:00|inquiry|email|退款||\n"; err != nil || got != want {
		t.Errorf("sheet 十二月: %q, %v; want %q", got, err, want)
	}
	if _, err := readRows(t, buf.Bytes(), ImportOptions{Format: ImportXLSX, Sheet: "一月"}); err == nil || !strings.Contains(err.Error(), "its sheets are Sheet1, 十二月") {
		t.Errorf("missing sheet: %v", err)
	}
	if _, err := readRows(t, []byte("opened_at,kind\n"), ImportOptions{Format: ImportXLSX}); err == nil || !strings.Contains(err.Error(), "not an Excel workbook") {
		t.Errorf("a CSV read as a workbook: %v", err)
	}
}

// Whatever a header row holds, headerColumns either refuses it or maps each required key to a
// column of the row, no two keys to one column.
func FuzzHeaderColumns(f *testing.F) {
	f.Add("受理时间\x00类型\x00渠道\x00主题", "来电号码", "-")
	f.Add("opened_at\x00kind\x00channel\x00subject\x00ＯＲＤＥＲ", "", "")
	f.Add("\ufeff工单号\x00受理时间\x00类型\x00渠道\x00标题\x00x", "x", "order")
	f.Fuzz(func(t *testing.T, header, col, key string) {
		cells := strings.Split(header, "\x00")
		m := map[string]string{col: key}
		if CheckImportMap(m) != nil {
			m = nil
		}
		cols, _, err := headerColumns(cells, m)
		if err != nil {
			return
		}
		seen := map[int]string{}
		for k, i := range cols {
			if i < 0 || i >= len(cells) {
				t.Fatalf("%s is column %d of %d", k, i, len(cells))
			}
			if prev, dup := seen[i]; dup {
				t.Fatalf("column %d is both %s and %s", i, prev, k)
			}
			seen[i] = k
		}
		for _, k := range ImportRequired {
			if _, ok := cols[k]; !ok {
				t.Fatalf("accepted without %s: %q", k, cells)
			}
		}
	})
}
