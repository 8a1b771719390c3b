package access

import (
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// FuzzParseRole: --role is one of the three roles (any case, spaces around) or a usage error.
func FuzzParseRole(f *testing.F) {
	for _, s := range []string{"agent", "Supervisor", " MANAGER ", "admin", "", "agent\x00", "ａｇｅｎｔ", "system"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRole(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseRole(%q): %v is not a usage error", s, err)
			}
			return
		}
		if r.rank() == 0 {
			t.Fatalf("ParseRole(%q) = %q, not a role", s, r)
		}
		if back, err := ParseRole(string(r)); err != nil || back != r {
			t.Fatalf("ParseRole(%q) = %q, which reads back as %q, %v", s, r, back, err)
		}
	})
}
