// Package audit is the append-only history: events and their canonical encoding.
package audit

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Event is one entry of the history: who did what to which thing, when, with old and new values.
type Event struct {
	ID       int64          `json:"id"`
	At       time.Time      `json:"at"`
	Actor    string         `json:"actor"`
	Entity   string         `json:"entity"` // ticket, staff, customer, policy, ...
	EntityID int64          `json:"entity_id"`
	Action   string         `json:"action"`
	Payload  map[string]any `json:"payload"`
}

// Change is an old and a new value of one field.
type Change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// EncodePayload is the canonical JSON of a payload: keys sorted, no insignificant space. p is
// a map or one of the typed payloads (events.go), which declare their fields in key order.
func EncodePayload(p any) (string, error) {
	if p == nil {
		return "{}", nil
	}
	if m, ok := p.(map[string]any); ok && m == nil {
		return "{}", nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Canonical is the stable encoding of an event that a MAC chain signs: fields in a fixed order,
// separated by newlines, the payload in canonical JSON, the time in Unix milliseconds.
func Canonical(id int64, at time.Time, actor, entity string, entityID int64, action, payload string) string {
	return strings.Join([]string{
		strconv.FormatInt(id, 10),
		strconv.FormatInt(at.UnixMilli(), 10),
		strconv.Quote(actor),
		entity,
		strconv.FormatInt(entityID, 10),
		action,
		payload,
	}, "\n")
}

// appendCanonical appends Canonical of a stored event.
func appendCanonical(b []byte, e Stored) []byte {
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, '\n')
	b = strconv.AppendInt(b, e.At.UnixMilli(), 10)
	b = append(b, '\n')
	b = strconv.AppendQuote(b, e.Actor)
	b = append(b, '\n')
	b = append(b, e.Entity...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, e.EntityID, 10)
	b = append(b, '\n')
	b = append(b, e.Action...)
	b = append(b, '\n')
	return append(b, e.Payload...)
}
