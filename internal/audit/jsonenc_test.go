package audit

import (
	"encoding/json"
	"math"
	"testing"
)

func TestAppendJSONMatchesMarshal(t *testing.T) {
	values := []any{nil, "", "退款未到账", "plain text", `quote " and \ backslash`, "<b>&amp;</b>", "tab\there",
		"line\nbreak", "\x00\x1f", "bad utf-8 \xff\xfe", "cut \xe9\x80", "\u2028 and \u2029", "emoji 😀", "\u007f del",
		int64(0), int64(-42), int64(math.MaxInt64), int64(math.MinInt64), 7, true, false,
		1.5, 1e21, 1e-7, 100.0, math.Copysign(0, -1), []any{"a", int64(1)}, map[string]any{"k": "v"}}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendJSON([]byte("x"), v)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		if string(got) != "x"+string(want) {
			t.Errorf("%#v: got %s, json.Marshal gives %s", v, got[1:], want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "退款", "<&>", "\xff", "\u2028", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, json.Marshal gives %s", s, got, want)
		}
	})
}
