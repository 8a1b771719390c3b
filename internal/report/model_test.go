package report

import (
	"encoding/json"
	"slices"
	"testing"
)

// keys are the keys of a JSON object.
func keys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not an object: %s", raw)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func wantKeys(t *testing.T, what string, raw json.RawMessage, want ...string) {
	t.Helper()
	got := keys(t, raw)
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("%s has no %q key; it has %v", what, k, got)
		}
	}
}

// The monthly report's JSON is an interface scripts parse: issue 7 names its top-level keys.
func TestMonthlyJSONKeys(t *testing.T) {
	b, err := json.Marshal(Monthly{Agents: []Agent{{Name: "张伟"}}})
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "the monthly report", b, "period", "volume", "first_response", "resolution", "complaints", "suggestions",
		"csat", "nps", "accuracy", "reply_rate", "agents", "previous", "targets_missed")
	wantKeys(t, "period", top["period"], "start", "end", "timezone")
	wantKeys(t, "volume", top["volume"], "total", "by_kind", "by_channel", "by_category")
	wantKeys(t, "previous", top["previous"], "kpis", "deltas")
	// Rates carry their definition, numerator, denominator and value side by side.
	wantKeys(t, "csat", top["csat"], "definition", "numerator", "denominator", "rate")
	wantKeys(t, "nps", top["nps"], "definition", "promoters", "passives", "detractors", "responses", "score")
	wantKeys(t, "reply_rate", top["reply_rate"], "definition", "numerator", "denominator", "rate")
	wantKeys(t, "accuracy", top["accuracy"], "definition", "numerator", "denominator", "rate")
	var fr map[string]json.RawMessage
	if err := json.Unmarshal(top["first_response"], &fr); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "first_response", top["first_response"], "definition", "by_channel", "compliance")
	wantKeys(t, "first_response.compliance", fr["compliance"], "target", "definition", "numerator", "denominator", "rate")
	if top["agents"][0] != '[' {
		t.Errorf("agents is %s, want an array", top["agents"])
	}
}

// A rate of nothing is null in JSON, never NaN (which encoding/json refuses) or 0.
func TestEmptyRateJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		Rate Rate `json:"r"`
		NPS  NPS  `json:"n"`
	}{NewRate(0, 0), NewNPS(0, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"r":{"numerator":0,"denominator":0,"rate":null},"n":{"promoters":0,"passives":0,"detractors":0,"responses":0,"score":null}}`
	if string(b) != want {
		t.Errorf("empty rate and NPS = %s\nwant %s", b, want)
	}
}
