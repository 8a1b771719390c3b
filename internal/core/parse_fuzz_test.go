package core_test

import (
	"testing"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
)

// FuzzParseOncePer: remind --once-per is a positive calendar duration, or a usage error.
func FuzzParseOncePer(f *testing.F) {
	for _, s := range []string{"1h", "24h", "1d", "30m", "0h", "2bd", "4bh", "-1h", "9999999999d", "1w", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := core.ParseOncePer(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseOncePer(%q): %v is not a usage error", s, err)
			}
			return
		}
		if d <= 0 {
			t.Fatalf("ParseOncePer(%q) = %v, want a positive duration", s, d)
		}
	})
}
