package cli

import (
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// csv.bom: a BOM in files by default, on stdout only when always, never when never.
func TestCSVBOM(t *testing.T) {
	for _, c := range []struct {
		setting        string
		toFile, stdout bool
	}{
		{"", true, false},
		{"auto", true, false},
		{"Always", true, true},
		{"never", false, false},
		{"false", false, false},
		{"true", true, false},
	} {
		app := &App{Getenv: func(k string) string {
			if k == "KEFU_CSV_BOM" {
				return c.setting
			}
			return ""
		}}
		for _, toFile := range []bool{true, false} {
			got, err := app.csvBOM(toFile)
			want := c.stdout
			if toFile {
				want = c.toFile
			}
			if err != nil || got != want {
				t.Errorf("csv.bom %q, file %v: %v, %v; want %v", c.setting, toFile, got, err, want)
			}
		}
	}
	app := &App{Getenv: func(string) string { return "sometimes" }}
	if _, err := app.csvBOM(true); errs.ExitCode(err) != 2 {
		t.Errorf("csv.bom sometimes: %v, want invalid input", err)
	}
}
