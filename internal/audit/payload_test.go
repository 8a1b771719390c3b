package audit

import (
	"fmt"
	"strings"
	"testing"
)

// samples are payloads as the use cases write them.
var samples = []map[string]any{
	{"changes": map[string]any{"status": Change{Old: "open", New: "pending"}, "assignee": Change{Old: nil, New: "李娜"}}, "rule": "assign.mode round-robin"},
	{"customer": "张三", "opened_at": "2026-03-02T01:30:00Z", "changes": map[string]any{"subject": Change{New: "退款未到账 <b>&</b>"}}},
	{"fields": []string{"phone", "email"}, "n": 1.5, "id": int64(42), "ok": true},
	{},
}

func TestRedactPayloadKeepsCanonicalBytes(t *testing.T) {
	same := func(s string) string { return s }
	for _, p := range samples[2:] {
		enc, err := EncodePayload(p)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := RedactPayload(enc, same); err != nil || got != enc {
			t.Errorf("an unchanged payload re-encoded differently (%v):\n got %s\nwant %s", err, got, enc)
		}
	}
	// A Change encodes "old" before "new" (its field order); a redacted payload is re-encoded
	// from decoded JSON, whose keys sort: "new" before "old". Redaction has always written it
	// so (the redaction's own MAC signs the new bytes).
	enc, _ := EncodePayload(samples[0])
	if want := `{"changes":{"assignee":{"old":null,"new":"李娜"},"status":{"old":"open","new":"pending"}},"rule":"assign.mode round-robin"}`; enc != want {
		t.Errorf("encoded:\n got %s\nwant %s", enc, want)
	}
	if got, want := mustRedact(t, enc, same), `{"changes":{"assignee":{"new":"李娜","old":null},"status":{"new":"pending","old":"open"}},"rule":"assign.mode round-robin"}`; got != want {
		t.Errorf("redacted:\n got %s\nwant %s", got, want)
	}
	enc, _ = EncodePayload(samples[1])
	got, err := RedactPayload(enc, func(s string) string { return strings.ReplaceAll(s, "张三", "[redacted]") })
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"changes":{"subject":{"new":"退款未到账 \u003cb\u003e\u0026\u003c/b\u003e","old":null}},"customer":"[redacted]","opened_at":"2026-03-02T01:30:00Z"}`; got != want {
		t.Errorf("redacted:\n got %s\nwant %s", got, want)
	}
	if _, err := RedactPayload("not json", func(s string) string { return s }); err == nil {
		t.Error("RedactPayload accepted a payload that is not JSON")
	}
}

func TestDescribe(t *testing.T) {
	enc, _ := EncodePayload(samples[0])
	p, err := DecodePayload(enc)
	if err != nil {
		t.Fatal(err)
	}
	show := func(v any) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprint(v)
	}
	if got, want := Describe(p, show), "assignee: - → 李娜; status: open → pending; rule: assign.mode round-robin"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	p["message_id"], p["note"] = 7.0, nil
	if got, want := Describe(p, show), "assignee: - → 李娜; status: open → pending; rule: assign.mode round-robin"; got != want {
		t.Errorf("Describe hides the message id and empty values: %q, want %q", got, want)
	}
	if _, err := DecodePayload("{"); err == nil {
		t.Error("DecodePayload accepted broken JSON")
	}
}

func mustRedact(t *testing.T, payload string, scrub func(string) string) string {
	t.Helper()
	got, err := RedactPayload(payload, scrub)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
