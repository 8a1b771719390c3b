package policy

import (
	"testing"

	"github.com/kefu/kefu/internal/report"
)

// The target.* settings come from the KPI catalog with the keys, defaults and validation they
// always had: percentages seeded by init, the optional ones empty.
func TestTargetSettingsFromCatalog(t *testing.T) {
	want := map[string]string{
		"target.first_response_pct": "90", "target.resolution_pct": "90", "target.reply_pct": "98",
		"target.csat_pct": "90", "target.accuracy_pct": "95",
		"target.first_response_mean": "", "target.complaint_satisfied_pct": "",
	}
	for _, k := range report.Catalog {
		if k.Target == "" {
			continue
		}
		s, ok := Lookup(k.Target)
		if !ok {
			t.Errorf("%s is not registered", k.Target)
			continue
		}
		if d, ok := want[k.Target]; !ok || s.Default != d || s.Help != k.TargetHelp {
			t.Errorf("%s: default %q help %q, want %q, %q", k.Target, s.Default, s.Help, d, k.TargetHelp)
		}
		delete(want, k.Target)
	}
	for k := range want {
		t.Errorf("%s is no longer a catalog target", k)
	}
	if _, err := normalizeSetting("target.first_response_mean", "2bh"); err != nil {
		t.Errorf("a mean-time target takes a duration: %v", err)
	}
	if _, err := normalizeSetting("target.first_response_mean", "90"); err == nil {
		t.Error("a mean-time target took a bare number")
	}
	if v, err := normalizeSetting("target.complaint_satisfied_pct", "none"); err != nil || v != "" {
		t.Errorf("an optional target's none: %q, %v", v, err)
	}
	if _, err := normalizeSetting("target.reply_pct", "120"); err == nil {
		t.Error("a percentage target took 120")
	}
}

func normalizeSetting(key, v string) (string, error) {
	s, _ := Lookup(key)
	return s.Normalize(v)
}
