package audit

import "encoding/json"

// PolicyKindAdded is policy kind_add's payload: the new kind and, beside it, one key per
// window target with its duration ("first_response": "2h"). Its keys depend on the targets,
// so it encodes as the sorted map it always was.
type PolicyKindAdded struct {
	Kind    string
	Windows map[string]string // target → duration as written
}

// MarshalJSON writes the kind and its windows as one object, keys sorted.
func (p PolicyKindAdded) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Windows)+1)
	for target, d := range p.Windows {
		m[target] = d
	}
	m["kind"] = p.Kind
	return json.Marshal(m)
}

// ScoreRuleChanged is score_rule rule_changed's payload: the rule and its changed fields.
type ScoreRuleChanged struct {
	Changes map[string]Change `json:"changes"`
	Code    string            `json:"code"`
}
