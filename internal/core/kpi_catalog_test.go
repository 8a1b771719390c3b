package core

import (
	"testing"

	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/report"
)

// A KPI's target names a policy setting that exists, so `kefu policy set` can set it.
func TestCatalogTargetsArePolicySettings(t *testing.T) {
	for _, k := range report.Catalog {
		if k.Target == "" {
			continue
		}
		if _, ok := policy.Lookup(k.Target); !ok {
			t.Errorf("KPI %s's target %s is not a policy setting", k.Key, k.Target)
		}
	}
}
