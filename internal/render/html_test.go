package render_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

func htmlMonth() report.Monthly {
	r := sampleMonth()
	r.Complaints.Types = []report.Count{{Key: "<script>alert(1)</script>", N: 3}, {Key: "服务态度", N: 2}}
	total, grade := "92.5", "A"
	r.Previous.Deltas = report.Deltas(r.KPIs, r.Previous.KPIs)
	r.Agents = []report.Agent{{Name: "张伟", Team: "售后", ScoreTotal: &total, Grade: &grade}, {Name: `Emma "Wang" & co`}}
	return r
}

func writeHTML(t *testing.T, r report.Monthly, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := render.MonthlyHTML(&b, r, render.HTMLOptions{Lang: lang}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The monthly report's page stands alone: nothing to fetch, nothing to run, a print style
// for A4, its language declared, one chart per named figure and every KPI of the catalog.
func TestMonthlyHTML(t *testing.T) {
	figureRe := regexp.MustCompile(`(?s)<figure[^>]* data-chart="([^"]+)">\s*<figcaption>([^<]*)</figcaption>(.*?)</figure>`)
	for _, lang := range []string{"en", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			doc := writeHTML(t, htmlMonth(), lang)
			if !strings.HasPrefix(doc, "<!DOCTYPE html>\n<html lang=\""+lang+"\">") {
				t.Errorf("the document does not declare lang=%q: %.80q", lang, doc)
			}
			for _, banned := range []string{"http", "//", "<script", "src=", "href=", "url(", "@import", "<link", "<img", "<iframe"} {
				if strings.Contains(doc, banned) {
					i := strings.Index(doc, banned)
					t.Errorf("the document holds %q: …%s…", banned, doc[max(0, i-60):min(len(doc), i+60)])
				}
			}
			if !regexp.MustCompile(`@media print\s*\{[^}]*@page\s*\{[^}]*size:\s*A4`).MatchString(doc) {
				t.Error("no @media print rule with an A4 page")
			}
			if got := strings.Count(doc, "<svg"); got != len(render.HTMLCharts) {
				t.Errorf("%d <svg> elements, want %d, one per chart", got, len(render.HTMLCharts))
			}
			figures := map[string]string{}
			for _, m := range figureRe.FindAllStringSubmatch(doc, -1) {
				name, caption, body := m[1], m[2], m[3]
				if _, dup := figures[name]; dup {
					t.Errorf("chart %q drawn twice", name)
				}
				figures[name] = caption
				if strings.Count(body, "<svg") != 1 {
					t.Errorf("chart %q holds %d <svg>, want 1", name, strings.Count(body, "<svg"))
				}
				if !strings.Contains(body, "<title>"+caption+"</title>") || caption == "" {
					t.Errorf("chart %q: its <svg> has no <title>%s</title>", name, caption)
				}
				if lang == "en" && caption != name {
					t.Errorf("chart %q is captioned %q in English", name, caption)
				}
				if lang == "zh-CN" && caption == name {
					t.Errorf("chart %q is not translated", name)
				}
			}
			for _, name := range render.HTMLCharts {
				if _, ok := figures[name]; !ok {
					t.Errorf("no chart %q", name)
				}
			}
			for _, k := range report.Catalog {
				label := k.Label
				if lang == "zh-CN" {
					label = k.LabelZH
				}
				row := regexp.MustCompile(`<tr data-kpi="` + k.Key + `"><td>` + regexp.QuoteMeta(label) + `</td>`)
				if !row.MatchString(doc) {
					t.Errorf("KPI %s (%s) is missing", k.Key, label)
				}
			}
			// Text from the data is escaped, in tables and in the charts alike.
			if !strings.Contains(doc, "&lt;script&gt;") {
				t.Error("a complaint type with markup is not escaped")
			}
			if strings.Contains(doc, `Emma "Wang"`) || !strings.Contains(doc, "Emma &#34;Wang&#34; &amp; co") {
				t.Error("an agent's name is not escaped")
			}
		})
	}
}

// Figures in the chosen language: a missed target, a percentage, a chart without data.
func TestMonthlyHTMLFigures(t *testing.T) {
	r := htmlMonth()
	r.Complaints.Types = nil
	en, zh := writeHTML(t, r, "en"), writeHTML(t, r, "zh-CN")
	for _, c := range []struct{ doc, want string }{
		{en, "<title>Monthly report 2026-03</title>"},
		{zh, "<title>月度报告 2026-03</title>"},
		{en, `<td class="n missed">87.0%</td>`},
		{en, `<td class="n missed">90.0% · missed</td>`},
		{zh, `<td class="n missed">90.0% · 未达标</td>`},
		{en, "+37.0 pt"}, // 87 against 50 last month
		{zh, "暂无数据"},
		{zh, "<li>客户满意度：本期 4–5 分评价数 ÷ 全部 1–5 分评价数</li>"}, // definitions too
		{en, "<li>" + report.DefCSAT + "</li>"},
		{en, ">92.5 A</text>"}, // the grades chart
	} {
		if !strings.Contains(c.doc, c.want) {
			t.Errorf("the page lacks %q", c.want)
		}
	}
	// The complaint chart without data says so instead of drawing nothing.
	m := regexp.MustCompile(`(?s)data-chart="` + render.ChartComplaints + `">.*?</figure>`).FindString(en)
	if !strings.Contains(m, "no data") || strings.Contains(m, "<rect") {
		t.Errorf("the empty complaints chart: %s", m)
	}
}
