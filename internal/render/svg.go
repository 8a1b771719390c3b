package render

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/report"
)

// Inline SVG charts for the HTML report: plain shapes and text, sized by a viewBox so they
// scale to the page and print sharp.

type svgChart struct {
	width, height int
	body          string
}

const (
	barColour  = "#2b6cb0"
	prevColour = "#9aa5b1"
	badColour  = "#b42318"
)

type svgBuf struct{ strings.Builder }

func (b *svgBuf) f(format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = html.EscapeString(s)
		}
	}
	fmt.Fprintf(b, format, args...)
}

func noDataChart(msg string) svgChart {
	var b svgBuf
	b.f("<text x=\"240\" y=\"40\" text-anchor=\"middle\">%s</text>\n", msg)
	return svgChart{width: 480, height: 70, body: b.String()}
}

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten, for the axis.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// dailyLabels labels days by their day of the month.
func dailyLabels(cs []report.Count) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key[max(0, len(c.Key)-2):]
	}
	return out
}

// columnChart draws counts as columns, labelled below.
func columnChart(labels []string, cs []report.Count, noData string) svgChart {
	if len(cs) == 0 {
		return noDataChart(noData)
	}
	const width, height, left, right, top, bottom = 900, 240, 44, 10, 16, 28
	top1 := 0
	for _, c := range cs {
		top1 = max(top1, c.N)
	}
	scale := niceMax(float64(top1))
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	var b svgBuf
	ticks := 5 // 1, 5, 10, 50 …: steps of a fifth; 2, 20 …: of a quarter
	if scale == 1 {
		ticks = 1
	} else if s := strconv.FormatFloat(scale, 'f', -1, 64); s[0] == '2' {
		ticks = 4
	}
	for i := 0; i <= ticks; i++ {
		v := scale * float64(i) / float64(ticks)
		y := float64(top) + plotH - plotH*float64(i)/float64(ticks)
		b.f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e7eb\"/>", left, y, width-right, y)
		b.f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left-6, y+4, num(v))
	}
	slot := plotW / float64(len(cs))
	for i, c := range cs {
		h := plotH * float64(c.N) / scale
		x := float64(left) + slot*float64(i) + slot*0.15
		b.f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d</title></rect>",
			x, float64(top)+plotH-h, slot*0.7, h, barColour, cs[i].Key, c.N)
		b.f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x+slot*0.35, height-bottom+16, labels[i])
	}
	return svgChart{width: width, height: height, body: b.String()}
}

// hbar is one horizontal bar: a label, a value on the chart's scale (nil: no data) and the
// text printed after the bar.
type hbar struct {
	label  string
	value  *float64
	text   string
	colour string
}

// hbars draws horizontal bars from lo to hi (a zero line when lo < 0).
func hbars(bars []hbar, lo, hi float64, noData string) svgChart {
	if len(bars) == 0 {
		return noDataChart(noData)
	}
	const width, labelW, textW, row = 480, 150, 110, 28
	height := len(bars)*row + 12
	plotW := float64(width - labelW - textW)
	x := func(v float64) float64 { return float64(labelW) + plotW*(v-lo)/(hi-lo) }
	var b svgBuf
	zero := x(math.Max(lo, 0))
	b.f("<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#9aa5b1\"/>\n", zero, zero, height-4)
	for i, br := range bars {
		y := 6 + i*row
		b.f("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelW-6, y+17, truncateWidth(br.label, 19))
		end := zero
		if br.value != nil {
			v := math.Max(lo, math.Min(hi, *br.value))
			x0, x1 := math.Min(zero, x(v)), math.Max(zero, x(v))
			colour := br.colour
			if colour == "" {
				colour = barColour
			}
			b.f("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>", x0, y+2, math.Max(x1-x0, 1), colour)
			end = math.Max(zero, x(v))
		}
		b.f("<text x=\"%.1f\" y=\"%d\">%s</text>\n", end+5, y+17, br.text)
	}
	return svgChart{width: width, height: height, body: b.String()}
}

// truncateWidth shortens a label to n columns (汉字 count two) with an ellipsis.
func truncateWidth(s string, n int) string {
	if Width(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := Width(string(r))
		if w+rw > n-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}

// barChart draws counts as horizontal bars.
func barChart(cs []report.Count, noData string) svgChart {
	top := 0
	for _, c := range cs {
		top = max(top, c.N)
	}
	var bars []hbar
	for _, c := range cs {
		v := float64(c.N)
		bars = append(bars, hbar{label: c.Key, value: &v, text: strconv.Itoa(c.N)})
	}
	return hbars(bars, 0, niceMax(float64(top)), noData)
}

func slaChart(d *htmlDoc, r report.Monthly) svgChart {
	c := r.Complaints
	var bars []hbar
	for _, s := range []struct {
		name string
		sla  report.SLA
	}{
		{"first response", r.FirstResponse.Compliance}, {"resolution", r.Resolution.Compliance},
		{"escalation", c.Escalation}, {"follow-up", c.FollowUp}, {"forward", r.Suggestions.Forward},
		{"simple complaints", c.ResolvedSimple}, {"complex complaints", c.ResolvedComplex},
	} {
		p := s.sla.Pct()
		text := d.t("no data")
		if p != nil {
			text = fmt.Sprintf("%.1f%% (%d/%d)", *p, s.sla.N, s.sla.D)
		}
		bars = append(bars, hbar{label: d.t(s.name), value: p, text: text})
	}
	return hbars(bars, 0, 100, d.t("no data"))
}

func ratingsChart(d *htmlDoc, r report.Monthly) svgChart {
	csat, _ := report.Lookup("csat_pct")
	nps, _ := report.Lookup("nps")
	var bars []hbar
	for _, k := range []report.KPI{csat, nps} {
		for _, m := range []struct {
			month  string
			kpis   report.KPIs
			colour string
		}{{r.Previous.Period.Label, r.Previous.KPIs, prevColour}, {r.Period.Label, r.KPIs, barColour}} {
			v := k.Value(m.kpis)
			bars = append(bars, hbar{label: d.label(k) + " " + m.month, value: v, text: d.kpiFigure(k, v), colour: m.colour})
		}
	}
	return hbars(bars, -100, 100, d.t("no data"))
}

// gradeColours tell grades apart: A and B blue, C grey, below red.
var gradeColours = map[string]string{"A": "#1a7f37", "B": barColour, "C": "#7b8794", "D": "#d97706", "E": badColour, "F": badColour}

func gradesChart(agents []report.Agent, noData string) svgChart {
	var bars []hbar
	top := 100.0
	for _, a := range agents {
		if a.ScoreTotal == nil {
			continue
		}
		v, err := strconv.ParseFloat(*a.ScoreTotal, 64)
		if err != nil {
			continue
		}
		top = math.Max(top, v)
		grade := ""
		if a.Grade != nil {
			grade = *a.Grade
		}
		bars = append(bars, hbar{label: a.Name, value: &v, text: strings.TrimSpace(*a.ScoreTotal + " " + grade), colour: gradeColours[grade]})
	}
	return hbars(bars, 0, niceMax(top), noData)
}
