package core

import (
	"bufio"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/xlsx"
)

// What a team lead has: a workbook or a CSV that Excel on Chinese Windows saved (GBK), with
// Chinese column names.

// ImportXLSX is the format of an Excel workbook (its first sheet, or ImportOptions.Sheet).
const ImportXLSX = "xlsx"

// The text encodings of a CSV import (ImportOptions.Encoding); empty detects.
const (
	EncodingUTF8    = "utf-8"
	EncodingGBK     = "gbk"
	EncodingGB18030 = "gb18030"
)

// SkipColumn as the key of ImportOptions.Map drops a column from an import.
const SkipColumn = "-"

// chineseHeaders are the column names of Chinese spreadsheets, by key. A header is matched
// after NFKC folding and trimming, so full-width forms match too.
var chineseHeaders = map[string][]string{
	"id":                {"工单号", "工单编号", "编号", "序号"},
	"kind":              {"类型", "工单类型", "咨询类型"},
	"channel":           {"渠道", "来源", "来源渠道", "受理渠道"},
	"subject":           {"主题", "标题", "摘要"},
	"body":              {"内容", "描述", "问题描述", "详情", "正文"},
	"category":          {"分类", "类别", "问题分类", "业务类别"},
	"customer":          {"客户", "客户名称", "客户姓名", "客户名"},
	"phone":             {"电话", "联系电话", "手机", "手机号", "客户电话"},
	"opened_at":         {"受理时间", "创建时间", "开单时间", "来电时间", "登记时间"},
	"status":            {"状态", "工单状态", "处理状态"},
	"priority":          {"优先级", "紧急程度"},
	"severity":          {"复杂度", "严重程度", "投诉级别"},
	"assignee":          {"坐席", "负责人", "处理人", "受理人", "客服"},
	"team":              {"团队", "组别", "班组"},
	"order":             {"订单号", "订单编号"},
	"first_response_at": {"首次响应时间", "首次回复时间", "首响时间"},
	"resolved_at":       {"解决时间", "完成时间"},
	"closed_at":         {"关闭时间", "结案时间"},
	"resolution":        {"处理结果", "解决方案", "处理意见"},
	"csat":              {"满意度"},
	"nps":               {"推荐度", "净推荐值"},
	"rating_comment":    {"评价", "客户评价", "评价内容"},
	"converted":         {"是否成交", "成交"},
	"amount":            {"金额", "成交金额"},
}

// headerKeys is chineseHeaders turned round, on an import's first header.
var headerKeys = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for key, names := range chineseHeaders {
		for _, n := range names {
			m[n] = key
		}
	}
	return m
})

// ImportColumns are the keys a header may name: what an import reads and what it accepts.
func ImportColumns() []string {
	return slices.Concat(ImportRequired, ImportOptional, importDerived)
}

// CheckImportMap validates --map 列名=key pairs: each key an import column, or - to skip.
func CheckImportMap(m map[string]string) error {
	for col, key := range m {
		if strings.TrimSpace(col) == "" {
			return errs.Invalidf("--map %s: name the column before =", col+"="+key)
		}
		if key != SkipColumn && !knownColumn(key) {
			return errs.Invalidf("--map %s=%s: %q is not an import column; use - to skip the column, or one of %s", col, key, key,
				strings.Join(slices.Concat(ImportRequired, ImportOptional), ", "))
		}
	}
	return nil
}

// headerColumns reads a header row: each column's key by --map, then as a key, then by its
// Chinese name. A column mapped to - is left out. names are the header's own names, by key.
func headerColumns(header []string, m map[string]string) (cols map[string]int, names map[string]string, err error) {
	cols, names = map[string]int{}, map[string]string{}
	folded := make(map[string]string, len(m))
	for k, v := range m {
		folded[foldHeader(k)] = v
	}
	used := map[string]bool{}
	for i, raw := range header {
		h := foldHeader(raw)
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		key, mapped := folded[h]
		used[h] = mapped
		switch {
		case mapped && key == SkipColumn:
			continue
		case mapped:
		case knownColumn(h):
			key = h
		case knownColumn(strings.ToLower(h)):
			key = strings.ToLower(h)
		case headerKeys()[h] != "":
			key = headerKeys()[h]
		default:
			return nil, nil, errs.Invalidf("unknown column %q: the columns are %s (required) and %s, or their Chinese names (受理时间, 类型, 渠道, 主题 ...); use --map '%s=KEY' to name its key, or --map '%s=-' to skip it", raw,
				strings.Join(ImportRequired, ", "), strings.Join(ImportOptional, ", "), raw, raw)
		}
		if _, dup := cols[key]; dup {
			return nil, nil, errs.Invalidf("column %q appears twice in the header", key)
		}
		cols[key], names[key] = i, h
	}
	for col := range m {
		if !used[foldHeader(col)] {
			return nil, nil, errs.Invalidf("--map %s=%s: the header has no column %q", col, m[col], col)
		}
	}
	for _, col := range ImportRequired {
		if _, ok := cols[col]; !ok {
			return nil, nil, errs.Invalidf("the header has no column %s; every import needs %s", col, strings.Join(ImportRequired, ", "))
		}
	}
	return cols, names, nil
}

func foldHeader(s string) string { return strings.TrimSpace(norm.NFKC.String(s)) }

// detectWindow is how much of a CSV file decides its encoding when none is given.
const detectWindow = 1 << 20

// decodeText returns r as UTF-8: as it is for utf-8, through a decoder for gbk or gb18030, and
// for "" as detected: a byte order mark or valid UTF-8 in the first MiB is UTF-8, anything
// else GB18030 (which GBK files are too, and what Excel on Chinese Windows saves).
func decodeText(r io.Reader, encoding string) (io.Reader, error) {
	switch strings.ToLower(strings.ReplaceAll(encoding, "_", "-")) {
	case EncodingUTF8, "utf8":
		return r, nil
	case EncodingGBK, "cp936":
		return transform.NewReader(r, simplifiedchinese.GBK.NewDecoder()), nil
	case EncodingGB18030:
		return transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder()), nil
	case "":
	default:
		return nil, errs.Invalidf("unknown encoding %q: use utf-8, gbk or gb18030", encoding)
	}
	br := bufio.NewReaderSize(r, detectWindow)
	head, err := br.Peek(detectWindow)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, errs.Wrap(err, "reading the file")
	}
	if len(head) == detectWindow {
		// A character may straddle the window's end.
		for i := 0; i < utf8.UTFMax-1 && len(head) > 0 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	if utf8.Valid(head) {
		return br, nil
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), nil
}

// maxWorkbook bounds what a workbook may unpack to (a million rows of tickets take well under
// a GiB), so a zip bomb ends in exit 2 instead of filling the disk.
const maxWorkbook = 2 << 30

// xlsxRows reads a workbook's sheet: the first row names the columns; empty rows are skipped
// (but counted, so row numbers are the sheet's). Cells are read raw, so a date is its Excel
// serial number, which ParseSheetTime reads.
type xlsxRows struct {
	rows  *xlsx.Rows
	cols  map[string]int
	names map[string]string
	row   int
}

func (x *xlsxRows) columnNames() map[string]string { return x.names }

func newXLSXRows(r io.Reader, sheet string, m map[string]string) (*xlsxRows, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxWorkbook+1))
	if err != nil {
		return nil, errs.Wrap(err, "reading the file")
	}
	if len(data) > maxWorkbook {
		return nil, errs.Invalidf("not an Excel workbook (.xlsx): %v", xlsx.ErrTooLarge)
	}
	f, err := xlsx.Open(data, maxWorkbook)
	if err != nil {
		return nil, errs.Invalidf("not an Excel workbook (.xlsx): %v", err)
	}
	sheets := f.SheetNames()
	switch {
	case len(sheets) == 0:
		return nil, errs.Invalidf("the workbook has no sheets")
	case sheet == "":
		sheet = sheets[0]
	case !slices.Contains(sheets, sheet):
		return nil, errs.Invalidf("the workbook has no sheet %q: its sheets are %s", sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, errs.Invalidf("reading sheet %s: %v", sheet, err)
	}
	x := &xlsxRows{rows: rows}
	if !rows.Next() {
		err := rows.Err()
		x.close()
		if err != nil {
			return nil, errs.Invalidf("sheet %s, row 1 (the header): %v", sheet, err)
		}
		return nil, errs.Invalidf("sheet %s is empty: an import starts with a header row naming the columns (%s ...)", sheet, strings.Join(ImportRequired, ", "))
	}
	x.row = 1
	if x.cols, x.names, err = headerColumns(rows.Columns(), m); err != nil {
		x.close()
		return nil, err
	}
	return x, nil
}

// close releases the sheet; a second call does nothing.
func (x *xlsxRows) close() {
	if x.rows == nil {
		return
	}
	x.rows.Close()
	x.rows = nil
}

func (x *xlsxRows) next() (int, record, error) {
	if x.rows == nil {
		return 0, nil, io.EOF
	}
	for x.rows.Next() {
		x.row++
		cells := x.rows.Columns()
		if !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" }) {
			continue
		}
		cols := x.cols
		return x.row, func(col string) string {
			i, ok := cols[col]
			if !ok || i >= len(cells) {
				return ""
			}
			if col == "body" {
				return cells[i]
			}
			return strings.TrimSpace(cells[i])
		}, nil
	}
	err := x.rows.Err()
	x.close()
	if err != nil {
		return x.row, nil, errs.Invalidf("reading the workbook: %v", err)
	}
	return 0, nil, io.EOF
}
