package render_test

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

// sampleMonth is a March with 423 tickets, 31 days of volume and a few rates, one of them
// without data.
func sampleMonth() report.Monthly {
	pct := func(v float64) *float64 { return &v }
	meanSecs := int64(90)
	r := report.Monthly{
		Period: report.Period{Label: "2026-03", Start: "2026-03-01T00:00:00+08:00", End: "2026-04-01T00:00:00+08:00", Timezone: "Asia/Shanghai"},
		Volume: report.Volume{Total: 423,
			ByKind:     []report.Count{{Key: "inquiry", N: 300}, {Key: "complaint", N: 123}},
			ByCategory: []report.Count{{Key: "物流", N: 200}, {Key: "退款", N: 100}}},
		FirstResponse: report.FirstResponse{Compliance: report.SLA{Target: "first_response", Rate: report.NewRate(87, 100)}},
		Resolution:    report.Resolution{Compliance: report.SLA{Target: "resolution", Rate: report.NewRate(9, 10)}},
		Complaints: report.Complaints{Opened: 123,
			Escalation: report.SLA{Target: "escalation", Rate: report.NewRate(4, 5)},
			FollowUp:   report.SLA{Target: "followup", Rate: report.NewRate(0, 0)}},
		Suggestions: report.Suggestions{Forward: report.SLA{Target: "forward", Rate: report.NewRate(1, 2)}},
		CSAT:        report.Metric{Rate: report.NewRate(3, 5)},
		NPS:         report.NPSMetric{NPS: report.NewNPS(2, 1, 4)},
		KPIs: report.KPIs{Volume: 423, FirstResponsePct: pct(87), ResolutionPct: pct(90), ReplyPct: pct(83.5),
			CSATPct: pct(60), NPS: pct(25), AccuracyPct: nil, Complaints: 123, FirstResponseMeanSeconds: &meanSecs},
		Previous:      report.Previous{KPIs: report.KPIs{FirstResponsePct: pct(50)}},
		TargetsMissed: []report.TargetMiss{{KPI: "first_response_pct", Target: 90, Actual: 87}},
	}
	r.HotTopics = r.Volume.ByCategory
	for d := 1; d <= 31; d++ {
		r.Volume.Daily = append(r.Volume.Daily, report.Count{Key: fmt.Sprintf("2026-03-%02d", d), N: d % 7 * 3})
	}
	return r
}

func writeSample(t *testing.T) string {
	t.Helper()
	opened := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a wall clock, as the command writes it
	agents := render.Sheet{Name: "Agents", Header: []string{"Agent", "Team", "Resolved", "CSAT"}, Formats: []string{"", "", "", "pct"},
		Rows: [][]any{{"张伟", "售后", 41, 0.875}, {"Emma Wang", "售后", 12, nil}}}
	complaints := render.Sheet{Name: "Complaints", Header: []string{"ID", "Opened", "Category", "Subject", "Time to resolve"},
		Formats: []string{"", "time", "", "", "dur"},
		Rows:    [][]any{{9, opened, "服务态度", "客服回复敷衍，要求主管处理", 1.5}}}
	tickets := render.Sheet{Name: "Tickets", Header: []string{"ID", "Opened", "Kind", "Subject", "Customer", "Time to first response"},
		Formats: []string{"", "time", "", "", "", "dur"},
		Rows: [][]any{
			{1, opened, "inquiry", "快递三天未更新", "刘洋", 20.0 / 86400},
			{9, opened, "complaint", "客服回复敷衍，要求主管处理", "王磊", nil},
		}}
	path := filepath.Join(t.TempDir(), "2026-03.xlsx")
	if err := render.Workbook(path, sampleMonth(), agents, complaints, tickets); err != nil {
		t.Fatalf("Workbook: %v", err)
	}
	return path
}

func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("opening the workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t *testing.T, f *excelize.File, sheet, ref string, raw bool) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

// findRow is the row number of the first cell in column col of sheet holding text.
func findRow(t *testing.T, f *excelize.File, sheet, col, text string) int {
	t.Helper()
	for row := 1; row < 200; row++ {
		if cell(t, f, sheet, fmt.Sprintf("%s%d", col, row), true) == text {
			return row
		}
	}
	t.Fatalf("no %q in column %s of %s", text, col, sheet)
	return 0
}

func numFmt(t *testing.T, f *excelize.File, sheet, ref string) (int, string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	custom := ""
	if st.CustomNumFmt != nil {
		custom = *st.CustomNumFmt
	}
	return st.NumFmt, custom
}

// wantNumber checks that a cell holds a number (no formula, no text) with the raw value want.
func wantNumber(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	if formula, err := f.GetCellFormula(sheet, ref); err != nil || formula != "" {
		t.Errorf("%s!%s has the formula %q (%v); want a plain value", sheet, ref, formula, err)
	}
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s is of type %v; want a number", sheet, ref, typ)
	}
	if got := cell(t, f, sheet, ref, true); got != want {
		t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
	}
}

func TestWorkbookSheetsAndHeaders(t *testing.T) {
	path := writeSample(t)
	// Nothing but the workbook is left in its directory (no temporary file).
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(path) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the directory holds %v, want only %s", names, filepath.Base(path))
	}
	f := openBook(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "Agents", "Complaints", "Tickets"}) {
		t.Fatalf("sheets = %v, want Summary, Agents, Complaints, Tickets", got)
	}
	for sheet, header := range map[string][]string{
		"Summary":    {"KPI", "Value", "Previous month", "Target", "Definition", "", "Day", "Tickets", "", "SLA target", "Compliance"},
		"Agents":     {"Agent", "Team", "Resolved", "CSAT"},
		"Complaints": {"ID", "Opened", "Category", "Subject", "Time to resolve"},
		"Tickets":    {"ID", "Opened", "Kind", "Subject", "Customer", "Time to first response"},
	} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Errorf("%s is empty", sheet)
			continue
		}
		got := rows[0]
		for len(got) < len(header) {
			got = append(got, "")
		}
		if !slices.Equal(got, header) {
			t.Errorf("%s header = %q, want %q", sheet, got, header)
		}
		// The header row is frozen: it stays in view while the rows scroll.
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("%s panes = %+v; want the first row frozen", sheet, panes)
		}
	}
}

func TestWorkbookValues(t *testing.T) {
	f := openBook(t, writeSample(t))

	// The month's ticket total, a whole number, not a formula, text or a percentage.
	row := findRow(t, f, "Summary", "A", "tickets")
	wantNumber(t, f, "Summary", fmt.Sprintf("B%d", row), "423")
	if got := cell(t, f, "Summary", fmt.Sprintf("B%d", row), false); got != "423" {
		t.Errorf("the ticket total shows %q, want 423", got)
	}

	// A share is stored as a number between 0 and 1 with a percent format.
	row = findRow(t, f, "Summary", "A", "first response in time")
	ref := fmt.Sprintf("B%d", row)
	wantNumber(t, f, "Summary", ref, "0.87")
	if id, custom := numFmt(t, f, "Summary", ref); id != 10 && id != 9 && !strings.Contains(custom, "%") {
		t.Errorf("Summary!%s number format = %d %q; want a percentage", ref, id, custom)
	}
	if got := cell(t, f, "Summary", ref, false); got != "87.00%" && got != "87%" {
		t.Errorf("Summary!%s shows %q, want 87.00%%", ref, got)
	}
	// Its target, missed, is beside it; the previous month too.
	wantNumber(t, f, "Summary", fmt.Sprintf("D%d", row), "0.9")
	wantNumber(t, f, "Summary", fmt.Sprintf("C%d", row), "0.5")
	// A KPI without data is not a zero.
	row = findRow(t, f, "Summary", "A", "answer accuracy")
	if got := cell(t, f, "Summary", fmt.Sprintf("B%d", row), true); got == "0" || got == "0.00%" {
		t.Errorf("accuracy without data is written as %q", got)
	}
	// NPS is a score, not a share.
	row = findRow(t, f, "Summary", "A", "NPS")
	wantNumber(t, f, "Summary", fmt.Sprintf("B%d", row), "25")
	if got := cell(t, f, "Summary", fmt.Sprintf("B%d", row), false); got != "25.0" {
		t.Errorf("NPS shows %q, want 25.0", got)
	}
	// The mean first response is a duration: 90 s of a day, shown 0:01:30.
	row = findRow(t, f, "Summary", "A", "mean first response")
	if got := cell(t, f, "Summary", fmt.Sprintf("B%d", row), false); got != "0:01:30" {
		t.Errorf("the mean first response shows %q, want 0:01:30", got)
	}
	// Every KPI of the catalog has its row.
	for _, kpi := range report.Catalog {
		findRow(t, f, "Summary", "A", kpi.Label)
	}

	// Daily volume (G–H) and SLA compliance (J–K), the charts' data.
	wantNumber(t, f, "Summary", "H2", "3")
	if got := cell(t, f, "Summary", "G32", true); got != "2026-03-31" {
		t.Errorf("Summary!G32 = %q, want the month's last day", got)
	}
	row = findRow(t, f, "Summary", "J", "escalation")
	wantNumber(t, f, "Summary", fmt.Sprintf("K%d", row), "0.8")
	if id, custom := numFmt(t, f, "Summary", fmt.Sprintf("K%d", row)); id != 10 && id != 9 && !strings.Contains(custom, "%") {
		t.Errorf("SLA compliance number format = %d %q; want a percentage", id, custom)
	}

	// Agents: Chinese and English names as written; a share with a percent format; a rate
	// without data left empty.
	if got := cell(t, f, "Agents", "A2", false); got != "张伟" {
		t.Errorf("Agents!A2 = %q, want 张伟", got)
	}
	if got := cell(t, f, "Agents", "A3", false); got != "Emma Wang" {
		t.Errorf("Agents!A3 = %q, want Emma Wang", got)
	}
	wantNumber(t, f, "Agents", "C2", "41")
	wantNumber(t, f, "Agents", "D2", "0.875")
	if id, custom := numFmt(t, f, "Agents", "D2"); id != 10 && id != 9 && !strings.Contains(custom, "%") {
		t.Errorf("Agents!D2 number format = %d %q; want a percentage", id, custom)
	}
	if got := cell(t, f, "Agents", "D3", true); got != "" {
		t.Errorf("Agents!D3 (no data) = %q, want empty", got)
	}

	// Complaints and tickets: Chinese text intact, times and durations as numbers with formats.
	for _, c := range []struct{ sheet, ref, want string }{
		{"Complaints", "C2", "服务态度"},
		{"Complaints", "D2", "客服回复敷衍，要求主管处理"},
		{"Tickets", "D2", "快递三天未更新"},
		{"Tickets", "E2", "刘洋"},
		{"Tickets", "E3", "王磊"},
	} {
		if got := cell(t, f, c.sheet, c.ref, false); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.ref, got, c.want)
		}
	}
	if got := cell(t, f, "Tickets", "B2", false); got != "2026-03-02 09:00" {
		t.Errorf("Tickets!B2 shows %q, want 2026-03-02 09:00", got)
	}
	if _, custom := numFmt(t, f, "Tickets", "F2"); custom != "[h]:mm:ss" {
		t.Errorf("Tickets!F2 format = %q, want [h]:mm:ss", custom)
	}
	if got := cell(t, f, "Tickets", "F2", false); got != "0:00:20" {
		t.Errorf("Tickets!F2 shows %q, want 0:00:20", got)
	}
	if got := cell(t, f, "Complaints", "E2", false); got != "36:00:00" {
		t.Errorf("Complaints!E2 shows %q, want 36:00:00", got)
	}
}

// The Summary sheet carries two native Excel charts: daily volume (columns) and SLA
// compliance (bars), drawn from the sheet's own cells.
func TestWorkbookCharts(t *testing.T) {
	path := writeSample(t)
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the workbook is not a zip archive: %v", err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(b)
	}
	var charts []string
	for name := range parts {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts = append(charts, name)
		}
	}
	slices.Sort(charts)
	if !slices.Equal(charts, []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml"}) {
		t.Fatalf("chart parts = %v, want chart1.xml and chart2.xml", charts)
	}
	var volume, sla string
	for _, c := range charts {
		switch x := parts[c]; {
		case strings.Contains(x, "Summary!$H$2:$H$32"):
			volume = x
		case strings.Contains(x, "Summary!$K$2:$K$6"):
			sla = x
		}
	}
	if volume == "" || !strings.Contains(volume, `barDir val="col"`) || !strings.Contains(volume, "Summary!$G$2:$G$32") {
		t.Errorf("no column chart of daily volume over Summary!G2:H32:\n%.600s", parts[charts[0]])
	}
	if sla == "" || !strings.Contains(sla, `barDir val="bar"`) || !strings.Contains(sla, "Summary!$J$2:$J$6") {
		t.Errorf("no bar chart of SLA compliance over Summary!J2:K6:\n%.600s", parts[charts[1]])
	}
	// Both are drawn on the Summary sheet (the first worksheet).
	rels := parts["xl/worksheets/_rels/sheet1.xml.rels"]
	if !strings.Contains(rels, "drawing") {
		t.Errorf("the Summary sheet has no drawing: %q", rels)
	}
	drawingRels := parts["xl/drawings/_rels/drawing1.xml.rels"]
	if !strings.Contains(drawingRels, "chart1.xml") || !strings.Contains(drawingRels, "chart2.xml") {
		t.Errorf("the Summary drawing does not hold both charts: %q", drawingRels)
	}
	for name := range parts {
		if strings.HasPrefix(name, "xl/drawings/drawing") && name != "xl/drawings/drawing1.xml" {
			t.Errorf("a chart is drawn outside the Summary sheet: %s", name)
		}
	}
}

// A chart shows in LibreOffice and Excel only when its sheet's XML holds a <drawing r:id>
// element whose relationship leads to the drawing that anchors the chart (excelize issue 1766:
// a stream writer flushed before the chart was added left it out, and no chart was shown).
func TestWorkbookChartsAreAnchored(t *testing.T) {
	parts := zipParts(t, writeSample(t))
	relRe := regexp.MustCompile(`<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"|<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"`)
	drawingRe := regexp.MustCompile(`<drawing r:id="([^"]+)"\s*/?>`)
	anchored := 0
	for name, rels := range parts {
		sheet, ok := strings.CutPrefix(name, "xl/worksheets/_rels/")
		if !ok {
			continue
		}
		sheet = "xl/worksheets/" + strings.TrimSuffix(sheet, ".rels")
		for _, m := range relRe.FindAllStringSubmatch(rels, -1) {
			id, target := m[1]+m[4], m[2]+m[3]
			if !strings.Contains(target, "drawings/drawing") {
				continue
			}
			drawing := path.Clean(path.Join("xl/worksheets", target))
			if _, ok := parts[drawing]; !ok {
				t.Errorf("%s: relationship %s leads to %s, which the archive lacks", name, id, drawing)
			}
			el := drawingRe.FindStringSubmatch(parts[sheet])
			if el == nil || el[1] != id {
				t.Errorf("%s has no <drawing r:id=%q> element (found %v): its charts would not show", sheet, id, el)
				continue
			}
			if !strings.Contains(parts[drawing], "<c:chart ") {
				t.Errorf("%s anchors no chart", drawing)
			}
			anchored++
		}
	}
	if anchored != 1 {
		t.Errorf("%d sheets draw charts, want 1 (Summary)", anchored)
	}
}

// Columns are as wide as their content, 汉字 counted double: a date and time is not ###.
func TestWorkbookColumnWidths(t *testing.T) {
	f := openBook(t, writeSample(t))
	for _, c := range []struct {
		sheet, col string
		min        float64
	}{
		{"Tickets", "B", 16}, // 2026-03-02 09:00
		{"Tickets", "D", 26}, // 客服回复敷衍，要求主管处理: 13 汉字
		{"Summary", "A", 22}, // first response in time
		{"Summary", "G", 10}, // 2026-03-01
	} {
		w, err := f.GetColWidth(c.sheet, c.col)
		if err != nil {
			t.Fatal(err)
		}
		if w < c.min || w > 62 {
			t.Errorf("%s column %s is %.1f wide, want at least %.0f", c.sheet, c.col, w, c.min)
		}
	}
}

func zipParts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the workbook is not a zip archive: %v", err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(b)
	}
	return parts
}

// A workbook that cannot be written is an error, and leaves no file behind.
func TestWorkbookUnwritable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "2026-03.xlsx")
	if err := render.Workbook(path, sampleMonth()); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("something was created: %v", err)
	}
}

// In Chinese (--lang zh-CN, or the locale) the workbook speaks Chinese as the CSV and the
// HTML report do: sheet names as the command's message says them (汇总、坐席、投诉、工单),
// header rows, KPI labels and definitions, the SLA targets; the charts read the Chinese
// Summary sheet (a quoted name in their references). Cells keep their codes, as in CSV.
func TestWorkbookInChinese(t *testing.T) {
	zh, err := i18n.New(i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	prev := i18n.Current()
	i18n.Use(zh)
	t.Cleanup(func() { i18n.Use(prev) })
	path := writeSample(t)
	f := openBook(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"汇总", "坐席", "投诉", "工单"}) {
		t.Fatalf("sheets = %q, want 汇总 坐席 投诉 工单", got)
	}
	for ref, want := range map[string]string{"A1": "指标", "B1": "数值", "C1": "上月", "E1": "定义", "G1": "日期", "J1": "时限目标", "K1": "达标率"} {
		if got := cell(t, f, "汇总", ref, true); got != want {
			t.Errorf("汇总!%s = %q, want %q", ref, got, want)
		}
	}
	kpi := report.Catalog[0]
	row := findRow(t, f, "汇总", "A", kpi.LabelZH)
	if def := cell(t, f, "汇总", fmt.Sprintf("E%d", row), true); def == kpi.Definition || !strings.ContainsRune(def, '：') {
		t.Errorf("the definition of %s = %q, want it in Chinese", kpi.Key, def)
	}
	findRow(t, f, "汇总", "J", "首次响应")
	findRow(t, f, "汇总", "A", "统计期间")
	if got := cell(t, f, "坐席", "A1", true); got != "坐席" {
		t.Errorf("坐席!A1 = %q, want 坐席", got)
	}
	if got := cell(t, f, "工单", "C2", true); got != "inquiry" {
		t.Errorf("工单!C2 = %q, want the code inquiry, as CSV keeps it", got)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var charts []string
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			charts = append(charts, string(b))
		}
	}
	all := strings.Join(charts, "\n")
	for _, want := range []string{"&#39;汇总&#39;!$H$2:$H$32", "&#39;汇总&#39;!$K$2:$K$6", "每日工单量 2026-03", "时限达标率"} {
		if !strings.Contains(all, want) {
			t.Errorf("the charts do not hold %q", want)
		}
	}
}
