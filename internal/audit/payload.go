package audit

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The payload codec: an event's payload is written by EncodePayload, replayed by DecodeChanges,
// read back for display by DecodePayload and Describe, and redacted by RedactPayload. No other
// package decodes a payload's JSON.

// DecodePayload reads a stored payload's JSON (numbers as float64, as JSON has them).
func DecodePayload(payload string) (map[string]any, error) {
	var p map[string]any
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return nil, fmt.Errorf("payload is not an event's JSON: %w", err)
	}
	return p, nil
}

// Describe writes a decoded payload for people: its field changes in key order as
// "status: open → resolved", then its other fields (but the message id) as "key: value",
// each value written by show; values show writes as "-" or "" are left out.
func Describe(p map[string]any, show func(any) string) string {
	var parts []string
	if ch, ok := p["changes"].(map[string]any); ok {
		keys := make([]string, 0, len(ch))
		for k := range ch {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c, _ := ch[k].(map[string]any)
			parts = append(parts, fmt.Sprintf("%s: %s → %s", k, show(c["old"]), show(c["new"])))
		}
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		if k != "changes" && k != "message_id" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s := show(p[k]); s != "-" && s != "" {
			parts = append(parts, k+": "+s)
		}
	}
	return strings.Join(parts, "; ")
}

// RedactPayload rewrites every string inside a stored payload (keys kept) with scrub and
// returns the payload's canonical JSON again.
func RedactPayload(payload string, scrub func(string) string) (string, error) {
	var v any
	if err := json.Unmarshal([]byte(payload), &v); err != nil {
		return "", fmt.Errorf("payload is not an event's JSON: %w", err)
	}
	b, err := json.Marshal(redactValue(v, scrub))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// redactValue rewrites every string inside a decoded JSON value with scrub.
func redactValue(v any, scrub func(string) string) any {
	switch x := v.(type) {
	case string:
		return scrub(x)
	case map[string]any:
		for k, val := range x {
			x[k] = redactValue(val, scrub)
		}
		return x
	case []any:
		for i, val := range x {
			x[i] = redactValue(val, scrub)
		}
		return x
	}
	return v
}
