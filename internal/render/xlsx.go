package render

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/xlsx"
)

// Sheet is a table for a workbook: a header and rows of plain values (string, int, float64,
// time.Time, nil, or a Formatted value). Formats names a number format per column: "pct" (a
// 0–1 share), "dur" (a duration in days, shown [h]:mm:ss), "time" (a date and time), "int"
// (a whole number), "num" (a number with one decimal), or "".
type Sheet struct {
	Name    string
	Header  []string
	Formats []string
	Rows    [][]any
}

// Formatted is a cell whose number format differs from its column's: the Summary's value
// column holds counts, shares, NPS points and mean times side by side.
type Formatted struct {
	Value  any
	Format string // as Sheet.Formats
}

// Workbook writes the monthly report as an Excel workbook: Summary (KPIs with a native chart of
// daily volume and one of SLA compliance), Agents, Complaints and Tickets, each with a frozen
// header row and number formats. Text, Chinese included, is stored as is. Every sheet streams,
// so a long Tickets sheet is never held whole.
func Workbook(path string, r report.Monthly, sheets ...Sheet) error {
	// Write beside the target and rename, so a reader never sees half a workbook.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kefu-*.xlsx")
	if err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := writeWorkbook(bw, r, sheets); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return errs.Wrap(err, "writing %s", path)
	}
	if err := tmp.Close(); err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	return errs.Wrap(os.Rename(tmp.Name(), path), "writing %s", path)
}

func writeWorkbook(w io.Writer, r report.Monthly, sheets []Sheet) error {
	wb := xlsx.New(w)
	styles := newStyles(wb)
	zh := i18n.Current().Chinese()
	summary := summarySheet(r, zh)
	for i, sh := range append([]Sheet{summary}, sheets...) {
		// Sheet names and header rows in the reader's language, as a CSV's header (the
		// cells keep their codes, as in CSV).
		sh.Name = sheetName(sh.Name, zh)
		sh.Header = Labels(sh.Header)
		var charts []xlsx.Chart
		if i == 0 {
			charts = summaryCharts(r, sh.Name, zh)
		}
		if err := writeSheet(wb, sh, styles, charts); err != nil {
			return errs.Wrap(err, "writing sheet %s", sh.Name)
		}
	}
	return errs.Wrap(wb.Close(), "writing workbook")
}

type styleIDs struct{ header, pct, dur, time, integer, num int }

// style is the style of a number format name (Sheet.Formats).
func (s styleIDs) style(format string) int {
	switch format {
	case "pct":
		return s.pct
	case "dur":
		return s.dur
	case "time":
		return s.time
	case "int":
		return s.integer
	case "num":
		return s.num
	}
	return 0
}

func newStyles(wb *xlsx.Workbook) styleIDs {
	return styleIDs{
		header:  wb.AddStyle(xlsx.Style{Bold: true, Fill: "DDEBF7"}),
		pct:     wb.AddStyle(xlsx.Style{NumFmtID: 10}), // 0.00%
		dur:     wb.AddStyle(xlsx.Style{NumFmt: "[h]:mm:ss"}),
		time:    wb.AddStyle(xlsx.Style{NumFmt: "yyyy-mm-dd hh:mm"}),
		integer: wb.AddStyle(xlsx.Style{NumFmtID: 1}), // 0
		num:     wb.AddStyle(xlsx.Style{NumFmt: "0.0"}),
	}
}

// cellFormat is a cell's value and number format: its own when Formatted, else its column's.
func cellFormat(sh Sheet, col int, v any) (any, string) {
	if fv, ok := v.(Formatted); ok {
		return fv.Value, fv.Format
	}
	if col < len(sh.Formats) {
		return v, sh.Formats[col]
	}
	return v, ""
}

// writeSheet streams a sheet: column widths, the frozen header row, the rows, then its charts.
func writeSheet(wb *xlsx.Workbook, sh Sheet, st styleIDs, charts []xlsx.Chart) error {
	sw, err := wb.NewSheet(sh.Name, xlsx.SheetOptions{Widths: columnWidths(sh), FreezeHeader: true})
	if err != nil {
		return err
	}
	header := make([]xlsx.Cell, len(sh.Header))
	for i, h := range sh.Header {
		header[i] = xlsx.Cell{Style: st.header, Value: h}
	}
	if err := sw.WriteRow(header); err != nil {
		return err
	}
	cells := []xlsx.Cell{}
	for _, row := range sh.Rows {
		cells = cells[:0]
		for c, v := range row {
			v, format := cellFormat(sh, c, v)
			cells = append(cells, xlsx.Cell{Style: st.style(format), Value: v})
		}
		if err := sw.WriteRow(cells); err != nil {
			return err
		}
	}
	for _, c := range charts {
		sw.AddChart(c)
	}
	return sw.Close()
}

// columnWidths fits each column to its widest cell as a spreadsheet shows it, counting 汉字
// as two (render.Width), within 6 and 60 characters: dates no longer print as ###.
func columnWidths(sh Sheet) []float64 {
	n := len(sh.Header)
	for _, row := range sh.Rows {
		n = max(n, len(row))
	}
	widths := make([]int, n)
	for c, h := range sh.Header {
		widths[c] = Width(h)
	}
	for _, row := range sh.Rows {
		for c, v := range row {
			v, format := cellFormat(sh, c, v)
			widths[c] = max(widths[c], shownWidth(v, format))
		}
	}
	out := make([]float64, n)
	for c, w := range widths {
		out[c] = float64(min(max(w+2, 6), 60))
	}
	return out
}

// shownWidth is how many characters a value takes in its number format.
func shownWidth(v any, format string) int {
	if v == nil {
		return 0
	}
	switch format {
	case "time":
		return len("2006-01-02 15:04")
	case "dur":
		return len("1000:00:00")
	case "pct":
		return len("100.00%")
	}
	switch x := v.(type) {
	case string:
		return Width(x)
	case float64:
		return len(fmt.Sprintf("%.2f", x))
	default:
		return len(fmt.Sprint(x))
	}
}

func share(r report.Rate) any {
	if r.Value == nil {
		return nil
	}
	return *r.Value
}

// kpiCell is a KPI's figure in the format of its unit: a percentage as a 0–1 share, a count
// as a whole number, NPS as points, a mean time as a duration; no data is an empty cell.
func kpiCell(kpi report.KPI, v *float64) any {
	if v == nil {
		return nil
	}
	switch kpi.Unit {
	case report.UnitPercent:
		return Formatted{*v / 100, "pct"}
	case report.UnitCount:
		return Formatted{int64(*v), "int"}
	case report.UnitSeconds:
		return Formatted{*v / 86400, "dur"}
	}
	return Formatted{*v, "num"}
}

// summarySheet lays out the KPIs of the catalog (A–E), the daily volume (G–H) and SLA
// compliance (J–K).
// sheetZH names the workbook's sheets in Chinese (as kefu report monthly's message says them:
// the catalog's "Tickets" is a column of counts, 工单数, not a sheet of tickets).
var sheetZH = map[string]string{"Summary": "汇总", "Agents": "坐席", "Complaints": "投诉", "Tickets": "工单"}

func sheetName(en string, zh bool) string {
	if n, ok := sheetZH[en]; ok && zh {
		return n
	}
	return en
}

// xlsxWord is a word the workbook prints itself, in Chinese when zh (the HTML report's words,
// then the message catalog), else as it is.
func xlsxWord(en string, zh bool) string {
	if !zh {
		return en
	}
	if w, ok := htmlZH[en]; ok {
		return w
	}
	return i18n.T(en)
}

// slaTargets are the Summary's SLA rows: the code kept in English, the word shown in Chinese.
var slaTargets = []struct{ code, word string }{
	{"first_response", "first response"}, {"resolution", "resolution"}, {"escalation", "escalation"},
	{"followup", "follow-up"}, {"forward", "forward"},
}

func summarySheet(r report.Monthly, zh bool) Sheet {
	s := Sheet{Name: "Summary", Header: []string{"KPI", "Value", "Previous month", "Target", "Definition", "", "Day", "Tickets", "", "SLA target", "Compliance"},
		Formats: []string{"", "", "", "", "", "", "", "int", "", "", "pct"}}
	targets := map[string]float64{}
	for k, v := range r.Targets {
		targets[k] = v
	}
	for _, t := range r.TargetsMissed {
		targets[t.KPI] = t.Target
	}
	var kpis [][]any
	for _, kpi := range report.Catalog {
		var target any
		if v, ok := targets[kpi.Key]; ok {
			target = kpiCell(kpi, &v)
		}
		label := kpi.Label
		if zh && kpi.LabelZH != "" {
			label = kpi.LabelZH
		}
		kpis = append(kpis, []any{label, kpiCell(kpi, kpi.Value(r.KPIs)), kpiCell(kpi, kpi.Value(r.Previous.KPIs)), target, xlsxWord(kpi.Definition, zh)})
	}
	rates := []report.Rate{r.FirstResponse.Compliance.Rate, r.Resolution.Compliance.Rate, r.Complaints.Escalation.Rate,
		r.Complaints.FollowUp.Rate, r.Suggestions.Forward.Rate}
	var sla [][]any
	for i, t := range slaTargets {
		name := t.code
		if zh {
			name = xlsxWord(t.word, zh)
		}
		sla = append(sla, []any{name, share(rates[i])})
	}
	n := max(len(kpis)+1, len(r.Volume.Daily), len(sla))
	for i := 0; i < n; i++ {
		row := make([]any, 11)
		switch {
		case i < len(kpis):
			copy(row, kpis[i])
		case i == len(kpis):
			row[0], row[4] = xlsxWord("period", zh), fmt.Sprintf("%s (%s, %s)", r.Period.Label, r.Period.Dates, r.Period.Timezone)
		}
		if i < len(r.Volume.Daily) {
			row[6], row[7] = r.Volume.Daily[i].Key, r.Volume.Daily[i].N
		}
		if i < len(sla) {
			row[9], row[10] = sla[i][0], sla[i][1]
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

// summaryCharts are the Summary's charts: daily volume (columns, from G–H) beside the data at
// M2, SLA compliance (bars, from J–K) below it at M20.
func summaryCharts(r report.Monthly, sheet string, zh bool) []xlsx.Chart {
	zero, whole := 0.0, 1.0 // compliance runs from 0 to 100%
	// A sheet name in a reference is quoted unless it is plain ASCII letters and digits.
	name := sheet
	if strings.IndexFunc(sheet, func(c rune) bool { return !(c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c))) }) >= 0 {
		name = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	ref := func(cells string, args ...any) string { return name + "!" + fmt.Sprintf(cells, args...) }
	var charts []xlsx.Chart
	if days := len(r.Volume.Daily); days > 0 {
		charts = append(charts, xlsx.Chart{
			Title: xlsxWord(ChartDailyVolume, zh) + " " + r.Period.Label, Name: ref("$H$1"),
			Categories: ref("$G$2:$G$%d", days+1), Values: ref("$H$2:$H$%d", days+1),
			TickLabelSkip: 7, // a label a week keeps the dates legible
			Col:           12, Row: 1,
		})
	}
	return append(charts, xlsx.Chart{
		Horizontal: true, Title: xlsxWord("SLA compliance", zh), Name: ref("$K$1"),
		Categories: ref("$J$2:$J$6"), Values: ref("$K$2:$K$6"),
		ValueFormat: "0%", Min: &zero, Max: &whole,
		Col: 12, Row: 19,
	})
}
