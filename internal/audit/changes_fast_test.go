package audit

import (
	"reflect"
	"testing"
)

var fastFields = []string{"status", "assignee", "closed_at"}

// checkNewValues fails when NewValues reads a payload differently from DecodeChanges. It
// reports whether the fast reader accepted the payload.
func checkNewValues(t *testing.T, payload string) bool {
	t.Helper()
	fast := make([]any, len(fastFields))
	ok := NewValues(payload, fastFields, func(i int, v string, null bool) {
		if null {
			fast[i] = nil
		} else {
			fast[i] = v
		}
	})
	if !ok {
		return false
	}
	changes, err := DecodeChanges(payload)
	if err != nil {
		t.Fatalf("NewValues read %q, which DecodeChanges refuses: %v", payload, err)
	}
	slow := make([]any, len(fastFields))
	for i, f := range fastFields {
		slow[i] = changes[f].New
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("payload %q: NewValues read %#v, DecodeChanges %#v", payload, fast, slow)
	}
	return true
}

func TestNewValuesReadsAsDecodeChanges(t *testing.T) {
	for _, tc := range []struct {
		payload string
		fast    bool
	}{
		{`{}`, true},
		{` {"changes":{}} `, true},
		{`{"changes":{"status":{"old":null,"new":"open"},"csat":{"old":null,"new":5},"converted":{"old":null,"new":true}},"customer":"徐秀英","row":2}`, true},
		{`{"changes":{"status":{"old":"open","new":"closed"},"status":{"old":"closed"}}}`, true},
		{`{"changes":{"assignee":{"new":"张伟","old":null}},"changes":{"closed_at":{"new":null}}}`, true},
		{`{"changes":{"status":{}}}`, true},
		{`{"note":{"a":[1,2,{"b":null}]},"changes":{"status":{"new":"x"}}}`, true},
		// Given up: DecodeChanges decides.
		{`{"Changes":{"status":{"new":"open"}}}`, false},
		{`{"changes":{"status":{"New":"open"}}}`, false},
		{`{"changes":{"status":{"new":5}}}`, false},
		{`{"changes":{"status":{"new":"a\"b"}}}`, false},
		{`{"changes":{"status":{"old":1e400,"new":"x"}}}`, false},
		{`{"changes":{"csat":{"old":null,"new":1.5}}}`, false},
		{`{"changes":null}`, false},
		{`{"changes":{"status":"open"}}`, false},
		{`{"changes":{"status":{"new":"open"}}`, false},
		{`{"changes":{"status":{"new":"open"}}} x`, false},
		{"{\"changes\":{\"status\":{\"new\":\"\xff\"}}}", false},
		{`[]`, false},
		{`null`, false},
		{``, false},
	} {
		if got := checkNewValues(t, tc.payload); got != tc.fast {
			t.Errorf("NewValues(%q) accepted: %v, want %v", tc.payload, got, tc.fast)
		}
	}
}

func FuzzNewValues(f *testing.F) {
	f.Add(`{"changes":{"status":{"old":null,"new":"open"},"csat":{"old":null,"new":5}},"customer":"徐秀英","row":2}`)
	f.Add(`{"changes":{"assignee":{"new":"张伟","old":null},"closed_at":{"old":"2025-10-15T12:00:10Z","new":null}}}`)
	f.Fuzz(func(t *testing.T, payload string) { checkNewValues(t, payload) })
}
