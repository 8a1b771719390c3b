package render_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/render"
)

func TestWriteCSVBOM(t *testing.T) {
	g := render.Grid{Header: []string{"agent", "csat_pct"}, Rows: [][]string{{"张伟", "61.5"}}}
	for _, bom := range []bool{true, false} {
		var b bytes.Buffer
		if err := render.WriteCSV(&b, bom, g); err != nil {
			t.Fatal(err)
		}
		if got := strings.HasPrefix(b.String(), "\xef\xbb\xbf"); got != bom {
			t.Errorf("bom %v: the output starts with the BOM: %v (%q)", bom, got, b.String())
		}
		if body := strings.TrimPrefix(b.String(), render.BOM); body != "agent,csat_pct\n张伟,61.5\n" {
			t.Errorf("bom %v: body %q", bom, body)
		}
	}
}

func TestWriteCSVSections(t *testing.T) {
	var b bytes.Buffer
	err := render.WriteCSVSections(&b, false,
		render.Section{Name: "kpis", Grid: render.Grid{Header: []string{"kpi", "value"}, Rows: [][]string{{"csat_pct", "80.7"}, {"volume", "12"}}}},
		render.Section{Name: "complaint_types", Grid: render.Grid{Header: []string{"type", "count"}}},
		render.Section{Name: "hot_topics", Grid: render.Grid{Header: []string{"category", "count"}, Rows: [][]string{{"=cmd|' /C calc'!A0", "-3"}}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&b)
	r.FieldsPerRecord = -1 // sections differ in width
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"section", "kpi", "value"},
		{"kpis", "csat_pct", "80.7"},
		{"kpis", "volume", "12"},
		{"section", "type", "count"}, // an empty section keeps its header
		{"section", "category", "count"},
		{"hot_topics", "'=cmd|' /C calc'!A0", "-3"}, // text guarded, the number not
	}
	if len(records) != len(want) {
		t.Fatalf("records = %q\nwant %q", records, want)
	}
	for i := range want {
		if strings.Join(records[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d = %q, want %q", i, records[i], want[i])
		}
	}
}

func TestCSVNumbers(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	n := int64(90)
	for _, c := range []struct{ got, want string }{
		{render.CSVPct(f(61.54)), "61.5"},
		{render.CSVPct(f(90)), "90.0"},
		{render.CSVPct(f(-0.01)), "0.0"},
		{render.CSVPct(nil), ""},
		{render.CSVNum(25), "25"},
		{render.CSVNum(-2.46), "-2.5"},
		{render.CSVOptNum(nil), ""},
		{render.CSVInt(&n), "90"},
		{render.CSVInt(nil), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
