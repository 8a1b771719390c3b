package report

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// The KPI catalog: every headline figure of the monthly report, said once. The comparison
// table (table, CSV, Markdown), the JSON kpis object, the workbook's Summary, the deltas
// against the previous month and the targets all iterate over Catalog. Adding a KPI is one
// entry here, a field of KPIs and the query that fills it (core's monthly).

// Unit is what a KPI's number counts.
type Unit string

const (
	UnitCount   Unit = "count"   // tickets, complaints
	UnitPercent Unit = "percent" // 0–100; a change is in percentage points
	UnitPoints  Unit = "points"  // NPS, −100 to 100
	UnitSeconds Unit = "seconds" // a mean time
)

// Direction says which way a KPI improves; a target is a floor or a ceiling accordingly.
type Direction int

const (
	HigherIsBetter Direction = iota
	LowerIsBetter
)

// KPI describes one headline figure.
type KPI struct {
	Key        string // the key in kpis, deltas, targets and targets_missed
	Label      string // English, as in the table's first column
	LabelZH    string // Chinese
	Unit       Unit
	Direction  Direction
	Definition string
	// Target is the policy setting that holds its target ("" for none): a percentage for
	// UnitPercent, a duration for UnitSeconds (business units counted nominally).
	Target string
	// TargetDefault and TargetHelp are the setting's default ("" for none: the target is
	// optional) and its help line in policy show; policy registers its target.* keys from them.
	TargetDefault string
	TargetHelp    string
	// Compared puts it in the month-to-month table and in the deltas.
	Compared bool
	// Value reads it from a month's KPIs; nil is no data.
	Value func(KPIs) *float64
}

func count(n int) *float64 { v := float64(n); return &v }

// Catalog is every KPI, in the order targets are checked. The table lists the Compared ones in
// this order; the workbook's Summary lists the UnitPercent ones.
var Catalog = []KPI{
	{Key: "first_response_mean_seconds", Label: "mean first response", LabelZH: "平均响应时间", Unit: UnitSeconds,
		Direction: LowerIsBetter, Definition: DefFirstResponse, Target: "target.first_response_mean",
		TargetHelp: "monthly target: mean first-response time at most this (empty: none)",
		Value: func(k KPIs) *float64 {
			if k.FirstResponseMeanSeconds == nil {
				return nil
			}
			v := float64(*k.FirstResponseMeanSeconds)
			return &v
		}},
	{Key: "volume", Label: "tickets", LabelZH: "工单量", Unit: UnitCount, Compared: true,
		Definition: "tickets opened in the period",
		Value:      func(k KPIs) *float64 { return count(k.Volume) }},
	{Key: "complaints", Label: "complaints", LabelZH: "投诉量", Unit: UnitCount, Compared: true,
		Definition: "complaints opened in the period",
		Value:      func(k KPIs) *float64 { return count(k.Complaints) }},
	{Key: "first_response_pct", Label: "first response in time", LabelZH: "首次响应及时率", Unit: UnitPercent, Compared: true,
		Definition: DefSLA, Target: "target.first_response_pct",
		TargetDefault: "90", TargetHelp: "monthly target: first responses in time, %",
		Value: func(k KPIs) *float64 { return k.FirstResponsePct }},
	{Key: "resolution_pct", Label: "resolved in time", LabelZH: "按时解决率", Unit: UnitPercent, Compared: true,
		Definition: DefSLA, Target: "target.resolution_pct",
		TargetDefault: "90", TargetHelp: "monthly target: resolutions in time, %",
		Value: func(k KPIs) *float64 { return k.ResolutionPct }},
	{Key: "reply_pct", Label: "reply rate", LabelZH: "回复率", Unit: UnitPercent, Compared: true,
		Definition: DefReplyRate, Target: "target.reply_pct",
		TargetDefault: "98", TargetHelp: "monthly target: reply rate, %",
		Value: func(k KPIs) *float64 { return k.ReplyPct }},
	{Key: "csat_pct", Label: "CSAT", LabelZH: "客户满意度", Unit: UnitPercent, Compared: true,
		Definition: DefCSAT, Target: "target.csat_pct",
		TargetDefault: "90", TargetHelp: "monthly target: CSAT (ratings 4–5), %",
		Value: func(k KPIs) *float64 { return k.CSATPct }},
	{Key: "nps", Label: "NPS", LabelZH: "净推荐值", Unit: UnitPoints, Compared: true,
		Definition: DefNPS,
		Value:      func(k KPIs) *float64 { return k.NPS }},
	{Key: "accuracy_pct", Label: "answer accuracy", LabelZH: "解答准确率", Unit: UnitPercent, Compared: true,
		Definition: DefAccuracy, Target: "target.accuracy_pct",
		TargetDefault: "95", TargetHelp: "monthly target: answer accuracy in quality checks, %",
		Value: func(k KPIs) *float64 { return k.AccuracyPct }},
	{Key: "complaint_satisfied_pct", Label: "complaints satisfied", LabelZH: "投诉回访满意率", Unit: UnitPercent, Compared: true,
		Definition: DefSatisfied, Target: "target.complaint_satisfied_pct",
		TargetHelp: "monthly target: complaints followed up satisfied, % (empty: none)",
		Value:      func(k KPIs) *float64 { return k.ComplaintSatisfiedPct }},
	{Key: "complaint_reopened_pct", Label: "complaints reopened", LabelZH: "投诉重开率", Unit: UnitPercent, Compared: true,
		Direction: LowerIsBetter, Definition: DefReopened,
		Value: func(k KPIs) *float64 { return k.ComplaintReopenedPct }},
	{Key: "kb_answered_pct", Label: "kb answered", LabelZH: "知识库解答率", Unit: UnitPercent, Compared: true,
		Definition: DefKBAnswered,
		Value:      func(k KPIs) *float64 { return k.KBAnsweredPct }},
}

// Lookup finds a KPI by key.
func Lookup(key string) (KPI, bool) {
	for _, k := range Catalog {
		if k.Key == key {
			return k, true
		}
	}
	return KPI{}, false
}

// Missed reports whether an actual value falls short of a target in the KPI's direction: below
// a floor, above a ceiling. An unknown value misses nothing.
func (k KPI) Missed(actual *float64, target float64) bool {
	if k.Direction == LowerIsBetter {
		return actual != nil && *actual > target
	}
	return Missed(actual, target)
}

// Deltas is the change of every compared KPI against the previous month.
func Deltas(cur, prev KPIs) map[string]*float64 {
	out := map[string]*float64{}
	for _, k := range Catalog {
		if k.Compared {
			out[k.Key] = Delta(k.Value(cur), k.Value(prev))
		}
	}
	return out
}

// CheckTargets returns the KPIs that miss their targets, in catalog order; targets holds the
// parsed target, by KPI key, of every KPI whose setting is set.
func CheckTargets(k KPIs, targets map[string]float64) []TargetMiss {
	out := []TargetMiss{}
	for _, kpi := range Catalog {
		target, ok := targets[kpi.Key]
		if !ok {
			continue
		}
		if v := kpi.Value(k); kpi.Missed(v, target) {
			out = append(out, TargetMiss{KPI: kpi.Key, Target: target, Actual: *v})
		}
	}
	return out
}

// MarshalJSON writes kpis by iterating the catalog: each KPI's key with its value (null for no
// data), counts and seconds as integers, in catalog order. The struct's fields hold the values;
// the catalog alone decides what JSON shows and how.
func (k KPIs) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kpi := range Catalog {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := json.Marshal(kpi.Key)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		v := kpi.Value(k)
		switch {
		case v == nil:
			b.WriteString("null")
		case kpi.Unit == UnitCount || kpi.Unit == UnitSeconds:
			b.WriteString(strconv.FormatInt(int64(*v), 10))
		default:
			num, err := json.Marshal(*v)
			if err != nil {
				return nil, err
			}
			b.Write(num)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
