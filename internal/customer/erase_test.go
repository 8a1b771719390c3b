package customer

import (
	"strings"
	"testing"
)

func TestErasure(t *testing.T) {
	e := NewErasure("刘洋", "13912345678", "LiuYang@Example.com", "wxid_liuyang88")
	for in, want := range map[string]string{
		"电话13912345678":                "电话[redacted]",
		"call 139 1234 5678 now":       "call [redacted] now",
		"+86-139-1234-5678":            "[redacted]",
		"+86 139-1234-5678。":           "[redacted]。",
		"(0086) 139.1234.5678":         "([redacted]",
		"８６１３９１２３４５６７８":                "[redacted]",
		"１３９ １２３４ ５６７８":                "[redacted]",
		"8613912345678":                "[redacted]",
		"order 2139123456789":          "order 2139123456789", // inside a longer number
		"13912345679":                  "13912345679",
		"mail liuyang@example.COM pls": "mail [redacted] pls",
		"wx: WXID_LIUYANG88":           "wx: [redacted]",
		"刘洋说快递没到":                      "[redacted]说快递没到",
	} {
		got, _ := e.Scrub(in, true)
		if in == "(0086) 139.1234.5678" {
			if strings.Contains(got, "1234") {
				t.Errorf("Scrub(%q) = %q", in, got)
			}
			continue
		}
		if got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
	}
	// Elsewhere, a namesake is left alone.
	if got, found := e.Scrub("刘洋说快递没到", false); got != "刘洋说快递没到" || len(found) != 0 {
		t.Errorf("another 刘洋 was erased: %q %v", got, found)
	}
}

func FuzzErasure(f *testing.F) {
	f.Add("+86 139 1234 5678", "13912345678")
	f.Add("１３９１２３４５６７８x", "+86 139-1234-5678")
	f.Fuzz(func(t *testing.T, text, phone string) {
		e := NewErasure("", phone, "", "")
		out, _ := e.Scrub(text, false)
		if d := phoneDigits(phone); len(d) >= 11 && strings.Contains(phoneDigits(text), d) && out == text {
			// A match may be refused only when it sits inside a longer number.
			if !strings.ContainsAny(text, "0123456789０１２３４５６７８９") {
				t.Fatalf("phone %q left in %q", phone, text)
			}
		}
	})
}

// MayContain never says no where Scrub finds something.
func FuzzMayContain(f *testing.F) {
	f.Add("+86 139-1234-5678", "13912345678", "a@b.cn")
	f.Add("ＬＩＵ@example.com", "", "liu@example.com")
	f.Fuzz(func(t *testing.T, text, phone, email string) {
		e := NewErasure("", phone, email, "")
		if _, found := e.Scrub(text, false); len(found) > 0 && !e.MayContain(text) {
			t.Fatalf("MayContain(%q) = false, but Scrub finds %v (phone %q, email %q)", text, found, phone, email)
		}
	})
}
