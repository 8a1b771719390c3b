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
