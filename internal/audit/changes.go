package audit

import (
	"encoding/json"
	"fmt"
)

// DecodeChanges reads the field changes an event's payload records
// ({"changes": {"status": {"old": "open", "new": "pending"}}}): the one decoder of that shape,
// for replaying a ticket from its history. A payload without changes has none; one that is
// not JSON is an error (a history altered outside kefu).
func DecodeChanges(payload string) (map[string]Change, error) {
	var p struct {
		Changes map[string]Change `json:"changes"`
	}
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return nil, fmt.Errorf("payload is not an event's JSON: %w", err)
	}
	return p.Changes, nil
}

// ChangeOf is the change a decoded payload records for one field, if it records one.
func ChangeOf(p map[string]any, field string) (Change, bool) {
	ch, _ := p["changes"].(map[string]any)
	c, ok := ch[field].(map[string]any)
	if !ok {
		return Change{}, false
	}
	return Change{Old: c["old"], New: c["new"]}, true
}
