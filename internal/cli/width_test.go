package cli

import (
	"testing"

	"github.com/kefu/kefu/internal/render"
)

func TestOutputWidth(t *testing.T) {
	for _, tc := range []struct {
		name     string
		terminal int // 0: stdout is no terminal
		columns  string
		wide     bool
		want     int
	}{
		{"terminal wins", 132, "100", false, 132},
		{"COLUMNS when no terminal", 0, "100", false, 100},
		{"80 when neither", 0, "", false, 80},
		{"a terminal of unknown size falls back", -1, "90", false, 90},
		{"nonsense COLUMNS", 0, "wide", false, 80},
		{"too narrow to be useful", 0, "5", false, 20},
		{"--wide", 132, "100", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &App{IsTerminal: tc.terminal != 0, Wide: tc.wide,
				TermWidth: func() int { return max(tc.terminal, 0) },
				Getenv:    func(k string) string { return map[string]string{"COLUMNS": tc.columns}[k] }}
			if got := a.outputWidth(); got != tc.want {
				t.Errorf("outputWidth() = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestOnlyPeoplesFormatsFit(t *testing.T) {
	a := &App{Getenv: func(string) string { return "" }, safeOut: &render.SafeWriter{}}
	for format, want := range map[string]int{render.Table: 80, "text": 80, render.JSON: 0, render.CSV: 0, render.Markdown: 0, "xlsx": 0, "jsonl": 0} {
		a.fitFor(format)
		if got := a.safeOut.Width; got != want {
			t.Errorf("format %s: width %d, want %d", format, got, want)
		}
	}
}
