package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Every KPI is described in full: a report in either language, the JSON and the workbook
// print these words, so a missing one is a bug, not a blank.
func TestCatalogComplete(t *testing.T) {
	seen := map[string]bool{}
	for i, k := range Catalog {
		if k.Key == "" {
			t.Errorf("entry %d has no key", i)
		}
		if seen[k.Key] {
			t.Errorf("%s is in the catalog twice", k.Key)
		}
		seen[k.Key] = true
		if strings.TrimSpace(k.Label) == "" || strings.TrimSpace(k.LabelZH) == "" {
			t.Errorf("%s lacks a label (English %q, Chinese %q)", k.Key, k.Label, k.LabelZH)
		}
		if strings.TrimSpace(k.Definition) == "" {
			t.Errorf("%s lacks a definition", k.Key)
		}
		switch k.Unit {
		case UnitCount, UnitPercent, UnitPoints, UnitSeconds:
		default:
			t.Errorf("%s has unit %q", k.Key, k.Unit)
		}
		if k.Value == nil {
			t.Errorf("%s says nothing of how to read it", k.Key)
		}
		if k.Target != "" && !strings.HasPrefix(k.Target, "target.") {
			t.Errorf("%s's target setting %q is not a target.* key", k.Key, k.Target)
		}
		if (k.Target == "") != (k.TargetHelp == "") || (k.Target == "" && k.TargetDefault != "") {
			t.Errorf("%s: a target setting needs its help line, and only a target has a default (%q, %q, %q)", k.Key, k.Target, k.TargetHelp, k.TargetDefault)
		}
	}
}

// The catalog and the JSON shape agree: every key of kpis is a KPI of the catalog and back.
func TestCatalogCoversKPIs(t *testing.T) {
	typ := reflect.TypeOf(KPIs{})
	fields := map[string]bool{}
	for i := 0; i < typ.NumField(); i++ {
		key, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		fields[key] = true
		if _, ok := Lookup(key); !ok {
			t.Errorf("kpis.%s is not in the catalog", key)
		}
	}
	for _, k := range Catalog {
		if !fields[k.Key] {
			t.Errorf("catalog KPI %s is not a key of kpis", k.Key)
		}
	}
}

// Each entry reads its own field: a KPIs value with distinct numbers gives each key its own.
func TestCatalogValues(t *testing.T) {
	secs := int64(4500)
	k := KPIs{Volume: 1, Complaints: 2, FirstResponsePct: f(3), ResolutionPct: f(4), ReplyPct: f(5), CSATPct: f(6),
		NPS: f(7), AccuracyPct: f(8), ComplaintSatisfiedPct: f(9), ComplaintReopenedPct: f(10), FirstResponseMeanSeconds: &secs,
		KBAnsweredPct: f(11)}
	got := map[float64]string{}
	for _, kpi := range Catalog {
		v := kpi.Value(k)
		if v == nil {
			t.Fatalf("%s reads no value", kpi.Key)
		}
		if other, dup := got[*v]; dup {
			t.Errorf("%s and %s read the same field", kpi.Key, other)
		}
		got[*v] = kpi.Key
	}
	if got[4500] != "first_response_mean_seconds" || got[1] != "volume" || got[7] != "nps" {
		t.Errorf("values read = %v", got)
	}
	if v := Catalog[0].Value(KPIs{}); Catalog[0].Key == "first_response_mean_seconds" && v != nil {
		t.Errorf("no mean time reads %v, want no data", *v)
	}
}

func TestDeltasAndTargets(t *testing.T) {
	cur := KPIs{Volume: 12, ReplyPct: f(80), ComplaintReopenedPct: f(20)}
	prev := KPIs{Volume: 10, ReplyPct: f(90)}
	d := Deltas(cur, prev)
	if *d["volume"] != 2 || *d["reply_pct"] != -10 || d["complaint_reopened_pct"] != nil {
		t.Errorf("deltas = volume %v, reply %v, reopened %v", d["volume"], d["reply_pct"], d["complaint_reopened_pct"])
	}
	if _, ok := d["first_response_mean_seconds"]; ok {
		t.Error("the mean first-response time is not compared month to month")
	}
	secs := int64(5000)
	cur.FirstResponseMeanSeconds = &secs
	missed := CheckTargets(cur, map[string]float64{"reply_pct": 98, "csat_pct": 90, "first_response_mean_seconds": 3600, "volume": 5})
	var keys []string
	for _, m := range missed {
		keys = append(keys, m.KPI)
	}
	// A mean time above its ceiling misses; a rate below its floor misses; no data misses nothing.
	if strings.Join(keys, ",") != "first_response_mean_seconds,reply_pct" {
		t.Errorf("missed = %v", keys)
	}
	if missed[0].Actual != 5000 || missed[0].Target != 3600 {
		t.Errorf("mean time miss = %+v", missed[0])
	}
	fast := int64(60)
	cur.FirstResponseMeanSeconds = &fast
	if m := CheckTargets(cur, map[string]float64{"first_response_mean_seconds": 3600}); len(m) != 0 {
		t.Errorf("a mean under its ceiling misses: %+v", m)
	}
}

// JSON's kpis object is the catalog: its keys in catalog order, counts and seconds as
// integers, no data as null.
func TestKPIsJSONIteratesCatalog(t *testing.T) {
	pct, nps, mean := 61.5, -12.5, int64(95)
	k := KPIs{Volume: 14, Complaints: 2, FirstResponsePct: &pct, NPS: &nps, FirstResponseMeanSeconds: &mean}
	raw, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	got := map[string]any{}
	for dec.More() {
		key, _ := dec.Token()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key.(string))
		got[key.(string)] = v
	}
	var want []string
	for _, kpi := range Catalog {
		want = append(want, kpi.Key)
	}
	if strings.Join(keys, ",") != strings.Join(want, ",") {
		t.Errorf("kpis keys %v, want the catalog's %v", keys, want)
	}
	for key, v := range map[string]string{"volume": "14", "complaints": "2", "first_response_pct": "61.5", "nps": "-12.5", "first_response_mean_seconds": "95"} {
		if n, ok := got[key].(json.Number); !ok || n.String() != v {
			t.Errorf("kpis.%s = %v, want %s", key, got[key], v)
		}
	}
	if got["csat_pct"] != nil {
		t.Errorf("kpis.csat_pct = %v, want null (no data)", got["csat_pct"])
	}
}
