package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kefu/kefu/internal/errs"
)

// displayWidth is an oracle independent of the renderer's own measuring: terminal columns
// for the characters these tests use. Han ideographs and full-width forms take two columns;
// ASCII and box drawing one. Any other character fails the test rather than guessing.
func displayWidth(t *testing.T, s string) int {
	t.Helper()
	w := 0
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f, r >= 0x2500 && r <= 0x257f: // ASCII, box drawing
			w++
		case unicode.Is(unicode.Han, r), r >= 0xff01 && r <= 0xff60, r >= 0x3000 && r <= 0x303f:
			w += 2
		default:
			t.Fatalf("displayWidth: no width known for %U in %q", r, s)
		}
	}
	return w
}

// columnsOf returns the display columns at which the box-drawing verticals of a line stand.
func columnsOf(t *testing.T, line string) []int {
	var cols []int
	col := 0
	for _, r := range line {
		if strings.ContainsRune("│┌┐└┘├┤┬┴┼", r) {
			cols = append(cols, col)
		}
		col += displayWidth(t, string(r))
	}
	return cols
}

func staffGrid() Grid {
	g := Grid{Header: []string{"id", "name", "role", "team", "active"}}
	g.Add("1", "王芳", "manager", "", "yes")
	g.Add("2", "张伟", "agent", "售后", "yes")
	g.Add("3", "欧阳娜娜", "supervisor", "售后", "yes")
	g.Add("4", "Li Na", "agent", "presale", "no")
	g.Add("5", "Wang Fang 王", "agent", "（夜班）", "yes")
	return g
}

func render(t *testing.T, g Grid) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteTable(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTableLinesUpCJK(t *testing.T) {
	out := render(t, staffGrid())
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 9 { // top, header, rule, 5 rows, bottom
		t.Fatalf("%d lines, want 9:\n%s", len(lines), out)
	}
	want := displayWidth(t, lines[0])
	wantCols := columnsOf(t, lines[0])
	for i, l := range lines {
		if got := displayWidth(t, l); got != want {
			t.Errorf("line %d is %d columns wide, line 1 is %d:\n%s", i+1, got, want, out)
		}
		if got := columnsOf(t, l); !slices.Equal(got, wantCols) {
			t.Errorf("line %d has its borders at columns %v, line 1 at %v:\n%s", i+1, got, wantCols, out)
		}
	}
}

func TestTableExact(t *testing.T) {
	g := Grid{Header: []string{"id", "name", "team"}}
	g.Add("1", "张伟", "售后")
	g.Add("2", "欧阳娜娜", "售后")
	g.Add("3", "Li Na", "presale")
	want := `┌────┬──────────┬─────────┐
│ id │ name     │ team    │
├────┼──────────┼─────────┤
│ 1  │ 张伟     │ 售后    │
│ 2  │ 欧阳娜娜 │ 售后    │
│ 3  │ Li Na    │ presale │
└────┴──────────┴─────────┘
`
	if got := render(t, g); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestTableDoesNotDependOnLocale(t *testing.T) {
	want := render(t, staffGrid())
	// A CJK locale makes some width libraries count ambiguous characters (the box
	// drawing) as two columns; the renderer pins the setting so output stays the same.
	for _, env := range [][2]string{
		{"LC_ALL", "zh_CN.UTF-8"},
		{"LANG", "zh_CN.UTF-8"},
		{"RUNEWIDTH_EASTASIAN", "1"},
	} {
		t.Setenv(env[0], env[1])
	}
	if got := render(t, staffGrid()); got != want {
		t.Errorf("table under a CJK locale:\n%s\nwant:\n%s", got, want)
	}
}

func TestTableHeaderKeepsCase(t *testing.T) {
	out := render(t, Grid{Header: []string{"first_response", "due"}})
	if !strings.Contains(out, "first_response") || strings.Contains(out, "FIRST") {
		t.Errorf("header was reformatted:\n%s", out)
	}
}

func TestTableEscapesControlCharacters(t *testing.T) {
	g := Grid{Header: []string{"id", "note"}}
	g.Add("1", "红色\x1b[31m警告\x1b[0m")
	g.Add("2", "two\nlines")
	g.Add("3", "tab\there")
	out := render(t, g)
	if strings.ContainsAny(out, "\x1b\t") {
		t.Errorf("table passes control characters through:\n%q", out)
	}
	for _, want := range []string{`红色\x1b[31m警告\x1b[0m`, `two\nlines`, `tab\there`} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 7 {
		t.Errorf("a newline in a cell changed the number of lines to %d:\n%s", len(lines), out)
	}
	for i, l := range lines {
		if displayWidth(t, l) != displayWidth(t, lines[0]) {
			t.Errorf("line %d does not line up:\n%s", i+1, out)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"张伟":                 "张伟",
		"plain text, 100%":   "plain text, 100%",
		"two\nlines":         `two\nlines`,
		"tab\there":          `tab\there`,
		"\x1b[2J\x1b[H":      `\x1b[2J\x1b[H`,
		"bell\a":             `bell\x07`,
		"nul\x00":            `nul\x00`,
		"cr\r":               `cr\x0d`,
		"del\x7f":            `del\x7f`,
		"c1 csi \u009b31m":   `c1 csi \x9b31m`,
		"next line \u0085":   `next line \x85`,
		"欧阳\r\n娜娜":           `欧阳\x0d\n娜娜`,
		`already \n escaped`: `already \n escaped`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"张伟", "\x1b[31m", "a\nb", "\u009b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if strings.ContainsFunc(out, unicode.IsControl) {
			t.Fatalf("Escape(%q) = %q still holds a control character", s, out)
		}
	})
}

func TestWriteJSON(t *testing.T) {
	type row struct {
		StaffName string `json:"staff_name"`
		Note      string `json:"note"`
	}
	var b bytes.Buffer
	if err := Write(&b, JSON, []row{{"张伟", "<b>&</b>"}}, Grid{}); err != nil {
		t.Fatal(err)
	}
	want := "[\n  {\n    \"staff_name\": \"张伟\",\n    \"note\": \"<b>&</b>\"\n  }\n]\n"
	if b.String() != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", b.String(), want)
	}
	var back []row
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back[0].StaffName != "张伟" {
		t.Errorf("JSON does not read back: %v, %+v", err, back)
	}
}

func TestWriteCSV(t *testing.T) {
	g := Grid{Header: []string{"id", "name", "note"}}
	g.Add("1", "张伟", "says \"hi\", twice")
	g.Add("2", "Li Na", "")
	var b bytes.Buffer
	if err := Write(&b, CSV, nil, g); err != nil {
		t.Fatal(err)
	}
	want := "id,name,note\n1,张伟,\"says \"\"hi\"\", twice\"\n2,Li Na,\n"
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteDefaultsToTable(t *testing.T) {
	g := Grid{Header: []string{"id"}}
	g.Add("1")
	var b bytes.Buffer
	if err := Write(&b, Table, nil, g); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "┌") {
		t.Errorf("table format printed:\n%s", b.String())
	}
}

func TestEmptyTableHasHeader(t *testing.T) {
	out := render(t, Grid{Header: []string{"id", "name"}})
	if !strings.Contains(out, "│ id │ name │") {
		t.Errorf("empty table:\n%s", out)
	}
}

func TestCheckFormat(t *testing.T) {
	if err := CheckFormat("json", "kefu staff list", Table, JSON, CSV); err != nil {
		t.Errorf("CheckFormat(json) = %v", err)
	}
	err := CheckFormat("xml", "kefu staff list", Table, JSON, CSV)
	if err == nil {
		t.Fatal("CheckFormat(xml) accepted")
	}
	if errs.ExitCode(err) != errs.ExitInvalid {
		t.Errorf("CheckFormat(xml) exits %d, want %d", errs.ExitCode(err), errs.ExitInvalid)
	}
	if want := "kefu staff list does not print --format xml: use table, json, csv"; err.Error() != want {
		t.Errorf("CheckFormat(xml) = %q, want %q", err, want)
	}
}
