package render

import (
	"encoding/csv"
	"strings"
	"testing"
)

func csvCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = CSVCell(c)
	}
	return out
}

// csvWriterRecord is what AppendCSV must equal: encoding/csv's record of CSVCell of each cell.
func csvWriterRecord(t testing.TB, cells []string) string {
	var b strings.Builder
	cw := csv.NewWriter(&b)
	if err := cw.Write(csvCells(cells)); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	return b.String()
}

// AppendCSV writes what encoding/csv writes after CSVCell, cell for cell: formula leads,
// quotes, commas, line breaks, leading spaces (ASCII and wide), controls, bidi, broken UTF-8.
func TestAppendCSVMatchesEncodingCSV(t *testing.T) {
	cells := []string{"", "plain", "申请退款未到账", "您好，我的订单 20161017-221 有问题", "2026-10-15T10:00:00+08:00", "310.16",
		"-12.50", "-", "=1+1", "+86 138", "@sum", "'=1", "'", " lead", "\u3000全角空格", "\u00a0nbsp", "a,b", `say "hi"`, "two\nlines",
		"cr\rhere", "tab\there", `\.`, `\.x`, hostile, "\xff", "abc\xe4\xb8", "\xe2\x80\xae", "trail ", "x\u2028y"}
	for r := rune(0); r < 0x3100; r++ {
		cells = append(cells, string(r), "a"+string(r), string(r)+"b")
	}
	for i := 0; i < len(cells); i += 7 {
		row := cells[i:min(i+7, len(cells))]
		if got, want := string(AppendCSV(nil, row)), csvWriterRecord(t, row); got != want {
			t.Fatalf("AppendCSV(%q) = %q, want %q", row, got, want)
		}
	}
}

func FuzzAppendCSV(f *testing.F) {
	f.Add("=1+1", "a,b", hostile)
	f.Add("申请退款", " x", "\u3000y")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		row := []string{a, b, c}
		if got, want := string(AppendCSV(nil, row)), csvWriterRecord(t, row); got != want {
			t.Fatalf("AppendCSV(%q) = %q, want %q", row, got, want)
		}
	})
}
