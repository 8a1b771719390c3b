package render

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/report"
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
// header row and number formats. Text, Chinese included, is stored as is.
func Workbook(path string, r report.Monthly, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	summary := summarySheet(r)
	all := append([]Sheet{summary}, sheets...)
	for i, sh := range all {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return errs.Wrap(err, "writing workbook")
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return errs.Wrap(err, "writing workbook")
		}
		write := writeSheet
		if i == 0 {
			// The Summary is small and carries the charts: it is written cell by cell, so that
			// excelize writes the sheet's <drawing r:id> element when the charts are added. A
			// stream writer's sheet lacks it (excelize issue 1766) and LibreOffice and Excel
			// then show no chart. The other sheets, which may be long, stream.
			write = writeSheetCells
		}
		if err := write(f, sh, styles); err != nil {
			return errs.Wrap(err, "writing sheet %s", sh.Name)
		}
	}
	if err := summaryCharts(f, r); err != nil {
		return errs.Wrap(err, "drawing charts")
	}
	// Write beside the target and rename, so a reader never sees half a workbook.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kefu-*.xlsx")
	if err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	defer os.Remove(tmp.Name())
	if _, err := f.WriteTo(tmp); err != nil {
		tmp.Close()
		return errs.Wrap(err, "writing %s", path)
	}
	if err := tmp.Close(); err != nil {
		return errs.Wrap(err, "writing %s", path)
	}
	return errs.Wrap(os.Rename(tmp.Name(), path), "writing %s", path)
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

func newStyles(f *excelize.File) (styleIDs, error) {
	var s styleIDs
	var err error
	dur, tm, oneDecimal := "[h]:mm:ss", "yyyy-mm-dd hh:mm", "0.0"
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}); err != nil {
		return s, errs.Wrap(err, "workbook style")
	}
	if s.pct, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil { // 0.00%
		return s, errs.Wrap(err, "workbook style")
	}
	if s.dur, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dur}); err != nil {
		return s, errs.Wrap(err, "workbook style")
	}
	if s.time, err = f.NewStyle(&excelize.Style{CustomNumFmt: &tm}); err != nil {
		return s, errs.Wrap(err, "workbook style")
	}
	if s.integer, err = f.NewStyle(&excelize.Style{NumFmt: 1}); err != nil { // 0
		return s, errs.Wrap(err, "workbook style")
	}
	if s.num, err = f.NewStyle(&excelize.Style{CustomNumFmt: &oneDecimal}); err != nil {
		return s, errs.Wrap(err, "workbook style")
	}
	return s, nil
}

// writeSheetCells writes a sheet cell by cell; see Workbook.
func writeSheetCells(f *excelize.File, sh Sheet, st styleIDs) error {
	for c, w := range columnWidths(sh) {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sh.Name, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	set := func(col, row int, v any, style int) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if v != nil {
			if err := f.SetCellValue(sh.Name, ref, v); err != nil {
				return err
			}
		}
		if style == 0 {
			return nil
		}
		return f.SetCellStyle(sh.Name, ref, ref, style)
	}
	for c, h := range sh.Header {
		if err := set(c+1, 1, h, st.header); err != nil {
			return err
		}
	}
	for r, row := range sh.Rows {
		for c, v := range row {
			v, format := cellFormat(sh, c, v)
			if err := set(c+1, r+2, v, st.style(format)); err != nil {
				return err
			}
		}
	}
	return nil
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

// writeSheet streams a sheet: column widths, the frozen header row, then the rows.
func writeSheet(f *excelize.File, sh Sheet, st styleIDs) error {
	sw, err := f.NewStreamWriter(sh.Name)
	if err != nil {
		return err
	}
	// Column widths go before the first row: the stream writes <cols> ahead of the data.
	for c, w := range columnWidths(sh) {
		if err := sw.SetColWidth(c+1, c+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(sh.Header))
	for i, h := range sh.Header {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for r, row := range sh.Rows {
		cells := make([]any, len(row))
		for c, v := range row {
			v, format := cellFormat(sh, c, v)
			cells[c] = excelize.Cell{StyleID: st.style(format), Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
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
func summarySheet(r report.Monthly) Sheet {
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
		kpis = append(kpis, []any{kpi.Label, kpiCell(kpi, kpi.Value(r.KPIs)), kpiCell(kpi, kpi.Value(r.Previous.KPIs)), target, kpi.Definition})
	}
	sla := [][]any{
		{"first_response", share(r.FirstResponse.Compliance.Rate)},
		{"resolution", share(r.Resolution.Compliance.Rate)},
		{"escalation", share(r.Complaints.Escalation.Rate)},
		{"followup", share(r.Complaints.FollowUp.Rate)},
		{"forward", share(r.Suggestions.Forward.Rate)},
	}
	n := max(len(kpis)+1, len(r.Volume.Daily), len(sla))
	for i := 0; i < n; i++ {
		row := make([]any, 11)
		switch {
		case i < len(kpis):
			copy(row, kpis[i])
		case i == len(kpis):
			row[0], row[4] = "period", fmt.Sprintf("%s (%s, %s)", r.Period.Label, r.Period.Dates, r.Period.Timezone)
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

func summaryCharts(f *excelize.File, r report.Monthly) error {
	oneColour := false      // one series, one colour: a rainbow of days says nothing
	zero, whole := 0.0, 1.0 // compliance runs from 0 to 100%
	days := len(r.Volume.Daily)
	if days > 0 {
		if err := f.AddChart("Summary", "M2", &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: "Summary!$H$1",
				Categories: fmt.Sprintf("Summary!$G$2:$G$%d", days+1), Values: fmt.Sprintf("Summary!$H$2:$H$%d", days+1)}},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Daily volume " + r.Period.Label}}},
			Legend:     excelize.ChartLegend{Position: "none"},
			VaryColors: &oneColour,
			XAxis:      excelize.ChartAxis{TickLabelSkip: 7}, // a label a week keeps the dates legible
		}); err != nil {
			return err
		}
	}
	return f.AddChart("Summary", "M20", &excelize.Chart{
		Type:       excelize.Bar,
		Series:     []excelize.ChartSeries{{Name: "Summary!$K$1", Categories: "Summary!$J$2:$J$6", Values: "Summary!$K$2:$K$6"}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "SLA compliance"}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &oneColour,
		XAxis:      excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		YAxis:      excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Minimum: &zero, Maximum: &whole},
	})
}
