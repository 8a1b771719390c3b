// Package xlsx writes and reads Office Open XML workbooks (.xlsx) as kefu needs them: the monthly
// report's workbook (sheets streamed row by row, number formats, column widths, a frozen
// header row, native bar and column charts) and an import's sheet (cells as stored, shared or
// inline strings). It needs only archive/zip and encoding/xml, so a kefu process pays nothing
// for spreadsheets until a command writes or reads one.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxCellChars is the most characters a cell holds (Excel's limit); longer text is cut there.
const MaxCellChars = 32767

// Style is a cell format: a bold font, a solid fill (RRGGBB), and a number format, either
// built in (NumFmtID, e.g. 1 "0", 10 "0.00%", 22 "m/d/yy h:mm") or custom (NumFmt).
type Style struct {
	Bold     bool
	Fill     string
	NumFmtID int
	NumFmt   string
}

// Cell is a value and its style (an id from Workbook.AddStyle; 0 is the default). A value is
// a string, a bool, any integer or float (a number), a time.Time (a serial date-time, in the
// 1900 date system, of its wall clock in UTC), or nil (an empty cell); anything else is written
// as its fmt.Sprint text.
type Cell struct {
	Value any
	Style int
}

// Workbook writes an .xlsx archive to an io.Writer, one sheet at a time.
type Workbook struct {
	zw       *zip.Writer
	styles   []Style
	sheets   []string
	drawings []int // the sheet index of each drawing, in order
	charts   int
	open     *Sheet
}

// New starts a workbook written to w; Close finishes it.
func New(w io.Writer) *Workbook {
	return &Workbook{zw: zip.NewWriter(w)}
}

// AddStyle registers a cell format and returns its id for Cell.Style.
func (wb *Workbook) AddStyle(s Style) int {
	wb.styles = append(wb.styles, s)
	return len(wb.styles)
}

// Sheet is a worksheet being written: rows in order, then Close.
type Sheet struct {
	wb     *Workbook
	index  int // 1-based
	w      *bufio
	row    int
	charts []Chart
	closed bool
}

// bufio is the sheet's XML on its way into the archive.
type bufio struct {
	w   io.Writer
	buf bytes.Buffer
	err error
}

func (b *bufio) flush(force bool) {
	if b.err != nil || (!force && b.buf.Len() < 64<<10) {
		return
	}
	_, b.err = b.w.Write(b.buf.Bytes())
	b.buf.Reset()
}

// SheetOptions are a sheet's layout: each column's width in characters, and whether its first
// row stays in view while the rest scrolls.
type SheetOptions struct {
	Widths       []float64
	FreezeHeader bool
}

// ErrSheetName is a sheet name Excel would refuse.
var ErrSheetName = errors.New("a sheet name is 1 to 31 characters, none of : \\ / ? * [ ]")

// NewSheet starts the next worksheet; the sheet before it must be closed.
func (wb *Workbook) NewSheet(name string, o SheetOptions) (*Sheet, error) {
	if wb.open != nil && !wb.open.closed {
		return nil, errors.New("xlsx: the previous sheet is still open")
	}
	if n := utf8.RuneCountInString(name); n == 0 || n > 31 || strings.ContainsAny(name, ":\\/?*[]") {
		return nil, fmt.Errorf("sheet %q: %w", name, ErrSheetName)
	}
	for _, s := range wb.sheets {
		if strings.EqualFold(s, name) {
			return nil, fmt.Errorf("xlsx: two sheets are named %q", name)
		}
	}
	wb.sheets = append(wb.sheets, name)
	index := len(wb.sheets)
	w, err := wb.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", index))
	if err != nil {
		return nil, err
	}
	s := &Sheet{wb: wb, index: index, w: &bufio{w: w}}
	wb.open = s
	b := &s.w.buf
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"`)
	if index == 1 {
		b.WriteString(` tabSelected="1"`)
	}
	if o.FreezeHeader {
		b.WriteString(`><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
			`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`)
	} else {
		b.WriteString(`/>`)
	}
	b.WriteString(`</sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(o.Widths) > 0 {
		b.WriteString(`<cols>`)
		for i, w := range o.Widths {
			fmt.Fprintf(b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, number(w))
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	return s, nil
}

// WriteRow writes the sheet's next row; a nil value leaves its cell out.
func (s *Sheet) WriteRow(cells []Cell) error {
	if s.closed {
		return errors.New("xlsx: write to a closed sheet")
	}
	s.row++
	b := &s.w.buf
	fmt.Fprintf(b, `<row r="%d">`, s.row)
	for i, c := range cells {
		writeCell(b, ColumnName(i+1)+strconv.Itoa(s.row), c)
	}
	b.WriteString(`</row>`)
	s.w.flush(false)
	return s.w.err
}

func writeCell(b *bytes.Buffer, ref string, c Cell) {
	v := c.Value
	if v == nil {
		if c.Style != 0 {
			fmt.Fprintf(b, `<c r="%s" s="%d"/>`, ref, c.Style)
		}
		return
	}
	b.WriteString(`<c r="` + ref + `"`)
	if c.Style != 0 {
		b.WriteString(` s="` + strconv.Itoa(c.Style) + `"`)
	}
	switch x := v.(type) {
	case string:
		writeText(b, x)
		return
	case bool:
		if x {
			b.WriteString(` t="b"><v>1</v></c>`)
		} else {
			b.WriteString(` t="b"><v>0</v></c>`)
		}
		return
	case time.Time:
		b.WriteString(`><v>` + number(SerialTime(x)) + `</v></c>`)
		return
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			writeText(b, strconv.FormatFloat(x, 'f', -1, 64))
			return
		}
		b.WriteString(`><v>` + number(x) + `</v></c>`)
		return
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(`><v>` + strconv.FormatInt(rv.Int(), 10) + `</v></c>`)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		b.WriteString(`><v>` + strconv.FormatUint(rv.Uint(), 10) + `</v></c>`)
	case reflect.Float32, reflect.Float64:
		b.WriteString(`><v>` + number(rv.Float()) + `</v></c>`)
	case reflect.String:
		writeText(b, rv.String())
	default:
		writeText(b, fmt.Sprint(v))
	}
}

// writeText finishes a cell holding text, as an inline string (no shared table to build).
func writeText(b *bytes.Buffer, s string) {
	if utf8.RuneCountInString(s) > MaxCellChars {
		s = string([]rune(s)[:MaxCellChars])
	}
	b.WriteString(` t="inlineStr"><is><t`)
	if s != strings.TrimSpace(s) {
		b.WriteString(` xml:space="preserve"`)
	}
	b.WriteString(`>`)
	escape(b, s)
	b.WriteString(`</t></is></c>`)
}

// escape writes s as XML text; characters XML cannot carry become U+FFFD, as encoding/xml does.
func escape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// excelEpoch is day 0 of the 1900 date system, counting the 29 February 1900 that Excel
// believes in (dates from March 1900 on are right).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// SerialTime is t's wall clock as an Excel serial date-time (days since 1899-12-30).
func SerialTime(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	d := wall.Sub(excelEpoch)
	days := d / (24 * time.Hour)
	rem := d % (24 * time.Hour)
	return float64(days) + float64(rem)/float64(24*time.Hour)
}

// ColumnName is the letters of column n (1 is A, 27 is AA).
func ColumnName(n int) string {
	var b [8]byte
	i := len(b)
	for n > 0 {
		n--
		i--
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b[i:])
}

// Chart is a bar chart of one series drawn on a sheet from cell ranges (Sheet!$G$2:$G$32).
// Horizontal bars when Horizontal, else columns. Its top-left corner is at the zero-based
// cell (Col, Row); it is 480 by 290 pixels, as Excel's default chart.
type Chart struct {
	Horizontal bool
	Title      string
	// Name is the cell holding the series' name; Categories and Values its ranges.
	Name, Categories, Values string
	// TickLabelSkip labels every n-th category (0: as the reader decides).
	TickLabelSkip int
	// ValueFormat is the value axis' number format ("0%"), Min and Max its bounds.
	ValueFormat string
	Min, Max    *float64
	Col, Row    int
}

// AddChart draws c on the sheet; call it before Close.
func (s *Sheet) AddChart(c Chart) { s.charts = append(s.charts, c) }

// Close ends the sheet's data and writes its charts.
func (s *Sheet) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	b := &s.w.buf
	b.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	if len(s.charts) > 0 {
		b.WriteString(`<drawing r:id="rId1"/>`)
	}
	b.WriteString(`</worksheet>`)
	s.w.flush(true)
	if s.w.err != nil {
		return s.w.err
	}
	if len(s.charts) == 0 {
		return nil
	}
	wb := s.wb
	wb.drawings = append(wb.drawings, s.index)
	drawing := len(wb.drawings)
	if err := wb.part(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", s.index),
		rels(rel{"rId1", relDrawing, fmt.Sprintf("../drawings/drawing%d.xml", drawing)})); err != nil {
		return err
	}
	var d, dr bytes.Buffer
	d.WriteString(xml.Header + `<xdr:wsDr xmlns:xdr="` + nsDrawing + `" xmlns:a="` + nsA + `">`)
	var drRels []rel
	for i, c := range s.charts {
		wb.charts++
		id := fmt.Sprintf("rId%d", i+1)
		drRels = append(drRels, rel{id, relChart, fmt.Sprintf("../charts/chart%d.xml", wb.charts)})
		fmt.Fprintf(&d, `<xdr:oneCellAnchor><xdr:from><xdr:col>%d</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%d</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`+
			`<xdr:ext cx="%d" cy="%d"/><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="%d" name="Chart %d"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`+
			`<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="`+nsChart+`">`+
			`<c:chart xmlns:c="`+nsChart+`" xmlns:r="`+nsRel+`" r:id="%s"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`,
			c.Col, c.Row, 480*emuPerPixel, 290*emuPerPixel, i+2, i+2, id)
		if err := wb.part(fmt.Sprintf("xl/charts/chart%d.xml", wb.charts), chartXML(c)); err != nil {
			return err
		}
	}
	d.WriteString(`</xdr:wsDr>`)
	dr.Write(rels(drRels...))
	if err := wb.part(fmt.Sprintf("xl/drawings/drawing%d.xml", drawing), d.Bytes()); err != nil {
		return err
	}
	return wb.part(fmt.Sprintf("xl/drawings/_rels/drawing%d.xml.rels", drawing), dr.Bytes())
}

const emuPerPixel = 9525

func (wb *Workbook) part(name string, data []byte) error {
	w, err := wb.zw.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Close writes the workbook's parts that name its sheets and styles, and ends the archive.
func (wb *Workbook) Close() error {
	if wb.open != nil && !wb.open.closed {
		if err := wb.open.Close(); err != nil {
			return err
		}
	}
	if len(wb.sheets) == 0 {
		return errors.New("xlsx: a workbook needs a sheet")
	}
	var ct bytes.Buffer
	ct.WriteString(xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := range wb.sheets {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	for i := range wb.drawings {
		fmt.Fprintf(&ct, `<Override PartName="/xl/drawings/drawing%d.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`, i+1)
	}
	for i := 0; i < wb.charts; i++ {
		fmt.Fprintf(&ct, `<Override PartName="/xl/charts/chart%d.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`, i+1)
	}
	ct.WriteString(`</Types>`)
	if err := wb.part("[Content_Types].xml", ct.Bytes()); err != nil {
		return err
	}
	if err := wb.part("_rels/.rels", rels(rel{"rId1", relOfficeDocument, "xl/workbook.xml"})); err != nil {
		return err
	}
	var w bytes.Buffer
	w.WriteString(xml.Header + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView/></bookViews><sheets>`)
	var wbRels []rel
	for i, name := range wb.sheets {
		w.WriteString(`<sheet name="`)
		escape(&w, name)
		fmt.Fprintf(&w, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
		wbRels = append(wbRels, rel{fmt.Sprintf("rId%d", i+1), relWorksheet, fmt.Sprintf("worksheets/sheet%d.xml", i+1)})
	}
	w.WriteString(`</sheets></workbook>`)
	wbRels = append(wbRels, rel{fmt.Sprintf("rId%d", len(wb.sheets)+1), relStyles, "styles.xml"})
	if err := wb.part("xl/workbook.xml", w.Bytes()); err != nil {
		return err
	}
	if err := wb.part("xl/_rels/workbook.xml.rels", rels(wbRels...)); err != nil {
		return err
	}
	if err := wb.part("xl/styles.xml", wb.stylesXML()); err != nil {
		return err
	}
	return wb.zw.Close()
}

// stylesXML is the style sheet: fonts, fills and number formats of the registered styles.
// The first two fills are the ones Excel reserves (none, gray125).
func (wb *Workbook) stylesXML() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header + `<styleSheet xmlns="` + nsMain + `">`)
	custom := map[string]int{}
	var customs []string
	for _, s := range wb.styles {
		if s.NumFmt != "" {
			if _, ok := custom[s.NumFmt]; !ok {
				custom[s.NumFmt] = 164 + len(customs)
				customs = append(customs, s.NumFmt)
			}
		}
	}
	if len(customs) > 0 {
		fmt.Fprintf(&b, `<numFmts count="%d">`, len(customs))
		for _, f := range customs {
			fmt.Fprintf(&b, `<numFmt numFmtId="%d" formatCode="`, custom[f])
			escapeAttr(&b, f)
			b.WriteString(`"/>`)
		}
		b.WriteString(`</numFmts>`)
	}
	b.WriteString(`<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/></font></fonts>`)
	fills := []string{}
	fillID := map[string]int{}
	for _, s := range wb.styles {
		if s.Fill != "" {
			if _, ok := fillID[s.Fill]; !ok {
				fillID[s.Fill] = 2 + len(fills)
				fills = append(fills, s.Fill)
			}
		}
	}
	fmt.Fprintf(&b, `<fills count="%d"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`, 2+len(fills))
	for _, f := range fills {
		b.WriteString(`<fill><patternFill patternType="solid"><fgColor rgb="FF`)
		escapeAttr(&b, strings.ToUpper(f))
		b.WriteString(`"/><bgColor indexed="64"/></patternFill></fill>`)
	}
	b.WriteString(`</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, 1+len(wb.styles))
	for _, s := range wb.styles {
		numFmt, font, fill := s.NumFmtID, 0, 0
		if s.NumFmt != "" {
			numFmt = custom[s.NumFmt]
		}
		if s.Bold {
			font = 1
		}
		if s.Fill != "" {
			fill = fillID[s.Fill]
		}
		fmt.Fprintf(&b, `<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="0" xfId="0"`, numFmt, font, fill)
		if numFmt != 0 {
			b.WriteString(` applyNumberFormat="1"`)
		}
		if font != 0 {
			b.WriteString(` applyFont="1"`)
		}
		if fill != 0 {
			b.WriteString(` applyFill="1"`)
		}
		b.WriteString(`/>`)
	}
	b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return b.Bytes()
}

func escapeAttr(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // escapes quotes too
}

// chartXML is a bar chart's part. Colours are given, not taken from a theme (the workbook has
// none): Office's blue for the bars, light grey axes, dark grey title.
func chartXML(c Chart) []byte {
	var b bytes.Buffer
	dir := "col"
	catPos, valPos := "b", "l"
	if c.Horizontal {
		dir, catPos, valPos = "bar", "l", "b"
	}
	axis := `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
		`<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>` +
		`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:solidFill><a:srgbClr val="595959"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`
	b.WriteString(xml.Header + `<c:chartSpace xmlns:c="` + nsChart + `" xmlns:a="` + nsA + `" xmlns:r="` + nsRel + `">` +
		`<c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="0"/></a:pPr>` +
		`<a:r><a:rPr lang="en-US" sz="1400" b="0"><a:solidFill><a:srgbClr val="595959"/></a:solidFill></a:rPr><a:t>`)
	escape(&b, c.Title)
	b.WriteString(`</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>`)
	b.WriteString(`<c:barChart><c:barDir val="` + dir + `"/><c:grouping val="clustered"/><c:varyColors val="0"/>`)
	b.WriteString(`<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>`)
	escape(&b, c.Name)
	b.WriteString(`</c:f></c:strRef></c:tx><c:spPr><a:solidFill><a:srgbClr val="5B9BD5"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/><c:cat><c:strRef><c:f>`)
	escape(&b, c.Categories)
	b.WriteString(`</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>`)
	escape(&b, c.Values)
	b.WriteString(`</c:f></c:numRef></c:val></c:ser><c:gapWidth val="150"/><c:axId val="100000000"/><c:axId val="100000001"/></c:barChart>`)
	b.WriteString(`<c:catAx><c:axId val="100000000"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="` + catPos + `"/>` +
		`<c:numFmt formatCode="General" sourceLinked="0"/>` + axis + `<c:crossAx val="100000001"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>`)
	if c.TickLabelSkip > 0 {
		fmt.Fprintf(&b, `<c:tickLblSkip val="%d"/>`, c.TickLabelSkip)
	}
	b.WriteString(`<c:noMultiLvlLbl val="0"/></c:catAx>`)
	b.WriteString(`<c:valAx><c:axId val="100000001"/><c:scaling><c:orientation val="minMax"/>`)
	if c.Max != nil {
		b.WriteString(`<c:max val="` + number(*c.Max) + `"/>`)
	}
	if c.Min != nil {
		b.WriteString(`<c:min val="` + number(*c.Min) + `"/>`)
	}
	format := c.ValueFormat
	if format == "" {
		format = "General"
	}
	b.WriteString(`</c:scaling><c:delete val="0"/><c:axPos val="` + valPos + `"/><c:numFmt formatCode="`)
	escapeAttr(&b, format)
	b.WriteString(`" sourceLinked="0"/>` + axis + `<c:crossAx val="100000000"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`)
	b.WriteString(`</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
		`<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:chartSpace>`)
	return b.Bytes()
}

type rel struct{ id, typ, target string }

func rels(rs ...rel) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, r := range rs {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="`, r.id, r.typ)
		escapeAttr(&b, r.target)
		b.WriteString(`"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

const (
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsDrawing = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
	nsA       = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsChart   = "http://schemas.openxmlformats.org/drawingml/2006/chart"

	relOfficeDocument = nsRel + "/officeDocument"
	relWorksheet      = nsRel + "/worksheet"
	relStyles         = nsRel + "/styles"
	relDrawing        = nsRel + "/drawing"
	relChart          = nsRel + "/chart"
)
