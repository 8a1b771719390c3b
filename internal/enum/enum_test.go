package enum

import (
	"testing"
	"unicode/utf8"
)

var channels = Table{
	{Code: "phone", ZH: "电话"},
	{Code: "chat", ZH: "在线", Aliases: []string{"在线咨询", "Live-Chat"}},
	{Code: "wechat", ZH: "微信"},
}

func TestCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"phone", "phone", true},
		{" PHONE ", "phone", true},
		{"ｐｈｏｎｅ", "phone", true}, // full-width letters from a Chinese input method
		{"电话", "phone", true},
		{"在线咨询", "chat", true},
		{"live-chat", "chat", true}, // aliases compare without case
		{"微信", "wechat", true},
		{"微博", "", false},
		{"", "", false},
		{"pho", "", false},
	} {
		got, ok := channels.Code(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Code(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestNormalizeKeepsUnknown(t *testing.T) {
	if got := channels.Normalize("fax"); got != "fax" {
		t.Errorf("Normalize(fax) = %q: unknown values must reach the caller's own check", got)
	}
	if got := channels.Normalize("微信"); got != "wechat" {
		t.Errorf("Normalize(微信) = %q", got)
	}
}

func TestLabel(t *testing.T) {
	for _, tc := range []struct{ code, lang, want string }{
		{"wechat", "zh-CN", "微信"},
		{"wechat", "zh", "微信"},
		{"wechat", "en", "wechat"},
		{"filing", "zh-CN", "filing"}, // a team's own value has no Chinese name
	} {
		if got := channels.Label(tc.code, tc.lang); got != tc.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tc.code, tc.lang, got, tc.want)
		}
	}
	if got := channels.Codes(); len(got) != 3 || got[2] != "wechat" {
		t.Errorf("Codes = %v", got)
	}
}

// Whatever a person types, Code either names a code of the table or refuses, and every
// label reads back as its code.
func FuzzCode(f *testing.F) {
	for _, s := range []string{"phone", "电话", "在线咨询", " WeChat ", "ｐｈｏｎｅ", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := channels.Code(s)
		if !ok {
			if code != "" {
				t.Fatalf("Code(%q) refused but returned %q", s, code)
			}
			if n := channels.Normalize(s); n != s {
				t.Fatalf("Normalize(%q) = %q for an unknown value", s, n)
			}
			return
		}
		if !utf8.ValidString(code) {
			t.Fatalf("Code(%q) = invalid UTF-8", s)
		}
		back, ok := channels.Code(channels.Label(code, "zh-CN"))
		if !ok || back != code {
			t.Fatalf("label of %q reads back as %q, %v", code, back, ok)
		}
	})
}
