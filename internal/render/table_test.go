package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// tablewriterTable is the table tablewriter v1 draws with the settings kefu used before
// drawTable replaced it.
func tablewriterTable(t *testing.T, header []string, rows [][]string) string {
	t.Helper()
	var b bytes.Buffer
	tbl := tablewriter.NewTable(&b,
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRendition(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)}),
	)
	tbl.Header(header)
	if err := tbl.Bulk(rows); err != nil {
		t.Fatal(err)
	}
	if err := tbl.Render(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestDrawTableMatchesTablewriter draws random grids (CJK, emoji, ambiguous-width and
// combining characters, colour sequences, white space to trim, empty cells, ragged rows) both
// ways: every table kefu prints must come out byte for byte as before.
func TestDrawTableMatchesTablewriter(t *testing.T) {
	pieces := []string{"a", "id", "Z", "7", "12.50", "-", " ", "  ", "\u3000", "汉", "退款", "ｱ", "é", "e\u0301",
		"±", "→", "😀", "👍🏽", "─", "│", "x y", "\x1b[31m", "\x1b[0m", "overdue 2h", "\\n", ""}
	r := rand.New(rand.NewPCG(1, 2))
	cell := func() string {
		var b strings.Builder
		for range r.IntN(4) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if r.IntN(5) == 0 { // a coloured cell, as WriteTable colours a row
			return Red + b.String() + reset
		}
		return b.String()
	}
	cells := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = cell()
		}
		return out
	}
	fixed := []struct {
		header []string
		rows   [][]string
	}{
		{[]string{"id", "name"}, nil},
		{nil, [][]string{{"1", "2"}}},
		{[]string{}, [][]string{{"1"}}},
		{[]string{"", ""}, [][]string{{"1", "2"}}},
		{[]string{"id", ""}, [][]string{{"", ""}}},
		{[]string{"id", "name"}, [][]string{{"1"}, {"1", "2", "3"}}},
		{nil, nil},
	}
	for _, c := range fixed {
		var got bytes.Buffer
		if err := drawTable(&got, c.header, c.rows); err != nil {
			t.Fatal(err)
		}
		if want := tablewriterTable(t, c.header, c.rows); got.String() != want {
			t.Errorf("header %q rows %q:\n%s\nwant (tablewriter):\n%s", c.header, c.rows, got.String(), want)
		}
	}
	for n := 0; n < 3000; n++ {
		cols := r.IntN(6)
		var header []string
		if r.IntN(8) != 0 {
			header = cells(cols)
		}
		rows := make([][]string, r.IntN(5))
		for i := range rows {
			width := cols
			if r.IntN(6) == 0 {
				width = r.IntN(7)
			}
			rows[i] = cells(width)
		}
		var got bytes.Buffer
		if err := drawTable(&got, header, rows); err != nil {
			t.Fatal(err)
		}
		if want := tablewriterTable(t, header, rows); got.String() != want {
			t.Fatalf("header %q rows %q:\n%s\nwant (tablewriter):\n%s", header, rows, got.String(), want)
		}
	}
}
