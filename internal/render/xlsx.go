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
// time.Time, nil). Formats names a number format per column: "pct" (a 0–1 share), "dur"
// (a duration in days, shown [h]:mm:ss), "time" (a date and time), or "".
type Sheet struct {
	Name    string
	Header  []string
	Formats []string
	Rows    [][]any
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
		if err := writeSheet(f, sh, styles); err != nil {
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

type styleIDs struct{ header, pct, dur, time int }

func newStyles(f *excelize.File) (styleIDs, error) {
	var s styleIDs
	var err error
	dur, tm := "[h]:mm:ss", "yyyy-mm-dd hh:mm"
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
	return s, nil
}

func writeSheet(f *excelize.File, sh Sheet, st styleIDs) error {
	sw, err := f.NewStreamWriter(sh.Name)
	if err != nil {
		return err
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
			style := 0
			if c < len(sh.Formats) {
				switch sh.Formats[c] {
				case "pct":
					style = st.pct
				case "dur":
					style = st.dur
				case "time":
					style = st.time
				}
			}
			cells[c] = excelize.Cell{StyleID: style, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func share(r report.Rate) any {
	if r.Value == nil {
		return "no data"
	}
	return *r.Value
}

func pctShare(p *float64) any {
	if p == nil {
		return "no data"
	}
	return *p / 100
}

// summarySheet lays out the KPIs (A–E), the daily volume (G–H) and SLA compliance (J–K).
func summarySheet(r report.Monthly) Sheet {
	s := Sheet{Name: "Summary", Header: []string{"KPI", "Value", "Previous month", "Target", "Definition", "", "Day", "Tickets", "", "SLA target", "Compliance"},
		Formats: []string{"", "pct", "pct", "pct", "", "", "", "", "", "", "pct"}}
	targets := map[string]float64{}
	for k, v := range r.Targets {
		targets[k] = v
	}
	for _, t := range r.TargetsMissed {
		targets[t.KPI] = t.Target
	}
	target := func(k string) any {
		if v, ok := targets[k]; ok {
			return v / 100
		}
		return nil
	}
	var kpis [][]any
	for _, kpi := range report.Catalog {
		if kpi.Unit == report.UnitPercent {
			kpis = append(kpis, []any{kpi.Label, pctShare(kpi.Value(r.KPIs)), pctShare(kpi.Value(r.Previous.KPIs)), target(kpi.Key), kpi.Definition})
		}
	}
	sla := [][]any{
		{"first_response", share(r.FirstResponse.Compliance.Rate)},
		{"resolution", share(r.Resolution.Compliance.Rate)},
		{"escalation", share(r.Complaints.Escalation.Rate)},
		{"followup", share(r.Complaints.FollowUp.Rate)},
		{"forward", share(r.Suggestions.Forward.Rate)},
	}
	n := max(len(kpis)+3, len(r.Volume.Daily), len(sla))
	for i := 0; i < n; i++ {
		row := make([]any, 11)
		switch {
		case i < len(kpis):
			copy(row, kpis[i])
		case i == len(kpis):
			row[0], row[1] = "tickets", r.Volume.Total
		case i == len(kpis)+1:
			row[0], row[1] = "NPS", npsValue(r.NPS.Score)
		case i == len(kpis)+2:
			row[0], row[1] = "period", fmt.Sprintf("%s (%s, %s)", r.Period.Label, r.Period.Dates, r.Period.Timezone)
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

func npsValue(p *float64) any {
	if p == nil {
		return "no data"
	}
	return *p
}

func summaryCharts(f *excelize.File, r report.Monthly) error {
	days := len(r.Volume.Daily)
	if days > 0 {
		if err := f.AddChart("Summary", "M2", &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: "Summary!$H$1",
				Categories: fmt.Sprintf("Summary!$G$2:$G$%d", days+1), Values: fmt.Sprintf("Summary!$H$2:$H$%d", days+1)}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Daily volume " + r.Period.Label}}},
			Legend: excelize.ChartLegend{Position: "none"},
		}); err != nil {
			return err
		}
	}
	return f.AddChart("Summary", "M20", &excelize.Chart{
		Type:   excelize.Bar,
		Series: []excelize.ChartSeries{{Name: "Summary!$K$1", Categories: "Summary!$J$2:$J$6", Values: "Summary!$K$2:$K$6"}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "SLA compliance"}}},
		Legend: excelize.ChartLegend{Position: "none"},
		XAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		YAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
}
