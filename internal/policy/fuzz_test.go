package policy

import (
	"slices"
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

// FuzzSet feeds every policy key (kefu policy set KEY VALUE) arbitrary values: a refusal is a
// usage error that leaves the policy as it was; an accepted value is stored normalized, sets
// again to itself, and leaves a policy that validates and builds its calendar.
func FuzzSet(f *testing.F) {
	keys := Keys()
	seeds := []string{"", "0", "-1", "1.5", "30m", "2bd", "4bh", "off", "none", "08:30-24:00", "24:00-08:30", "mon-fri",
		"fri-mon", "Asia/Shanghai", "UTC", "Local", "../../etc/passwd", "cn", "round-robin", "least-open", "sat 17:00",
		"first_response=slow-reply", "90%", "110", "1e9", "99999999999999999999", "a,b,,c", "\x1b[31m", "是"}
	for i := range keys {
		for _, s := range seeds {
			f.Add(uint(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, k uint, value string) {
		key := keys[int(k%uint(len(keys)))]
		p := Default("Asia/Shanghai", "cn")
		before := p.Get(key)
		if err := p.Set(key, value); err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("Set(%s, %q): %v is not a usage error", key, value, err)
			}
			if p.Get(key) != before {
				t.Fatalf("a refused Set(%s, %q) changed it from %q to %q", key, value, before, p.Get(key))
			}
			return
		}
		got := p.Get(key)
		if err := p.Validate(); err != nil {
			t.Fatalf("after Set(%s, %q) = %q the policy does not validate: %v", key, value, got, err)
		}
		if _, err := p.Calendar(); err != nil {
			t.Fatalf("after Set(%s, %q) = %q the calendar cannot be built: %v", key, value, got, err)
		}
		q := Default("Asia/Shanghai", "cn")
		if err := q.Set(key, got); err != nil || q.Get(key) != got {
			t.Fatalf("Set(%s, %q) stored %q, which sets again as %q, %v", key, value, got, q.Get(key), err)
		}
	})
}

// FuzzParseProposals: remind.propose maps known targets to rule codes, or is a usage error.
func FuzzParseProposals(f *testing.F) {
	for _, s := range []string{"none", "", "first_response=slow-reply", "first_response=slow-reply,resolution=slow-reply",
		"handover=handover-missing, summary=x", "first_response=a,first_response=b", "nope=x", "=x", "first_response=", "first_response=Slow Reply", ",,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseProposals(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseProposals(%q): %v is not a usage error", s, err)
			}
			return
		}
		for target, rule := range m {
			if !slices.Contains(ProposeTargets, target) || rule == "" {
				t.Fatalf("ParseProposals(%q) maps %q to %q", s, target, rule)
			}
		}
		norm, err := normProposals(s)
		if err != nil {
			t.Fatalf("normProposals(%q): %v", s, err)
		}
		again, err := ParseProposals(norm)
		if err != nil || len(again) != len(m) {
			t.Fatalf("ParseProposals(%q) = %v, normalized %q reads back as %v, %v", s, m, norm, again, err)
		}
	})
}

// FuzzValidKindName: a kind name accepted for kefu policy kind add is safe to show and store.
func FuzzValidKindName(f *testing.F) {
	for _, s := range []string{"inquiry", "doc-handoff", "文件交接", "", " x", "a b", "x\x1b[2J", "*", strings64()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidKindName(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ValidKindName(%q): %v is not a usage error", s, err)
			}
			return
		}
		if s == "" || s == "*" {
			t.Fatalf("ValidKindName accepts %q", s)
		}
		for _, r := range s {
			if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("ValidKindName accepts %q, which holds the control character %U", s, r)
			}
		}
	})
}

func strings64() string {
	b := make([]byte, 65)
	for i := range b {
		b[i] = 'k'
	}
	return string(b)
}
