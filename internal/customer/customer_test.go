package customer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/errs"
)

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812341234":    "138****1234",
		"+8613812341234": "+86****1234",
		"01012345678":    "010****5678",
		"12345678":       "123****5678",
		"1234567":        "***4567",
		"12345":          "*2345",
		"1234":           "****",
		"1":              "*",
		"":               "",
	} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	for in, want := range map[string]string{
		"zhang@example.com":     "z***@example.com",
		"z@example.com":         "z***@example.com",
		"ops@acme.example.com":  "o***@acme.example.com",
		"张伟@example.cn":         "张***@example.cn",
		"a@b@example.com":       "a***@example.com",
		"no-at-sign":            "n***",
		"@example.com":          "@***",
		"":                      "",
		"Zhang.Lei@example.com": "Z***@example.com",
	} {
		if got := MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskIM(t *testing.T) {
	for in, want := range map[string]string{
		"wxid_liuyang": "w***",
		"刘洋的微信":        "刘***",
		"q":            "q***",
		"":             "",
	} {
		if got := MaskIM(in); got != want {
			t.Errorf("MaskIM(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMasked(t *testing.T) {
	c := Customer{ID: 7, Name: "刘洋", Phone: "13812341234", Email: "zhang@example.com", IM: "wxid_liuyang", Notes: "VIP"}
	m := c.Masked()
	want := Customer{ID: 7, Name: "刘洋", Phone: "138****1234", Email: "z***@example.com", IM: "w***", Notes: "VIP"}
	if m != want {
		t.Errorf("Masked() = %+v, want %+v", m, want)
	}
	if c.Phone != "13812341234" {
		t.Error("Masked changed the original")
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812341234":          "13812341234",
		"138-1234-1234":        "13812341234",
		" 138 1234 1234 ":      "13812341234",
		"(010) 1234-5678":      "01012345678",
		"+86 138 1234 1234":    "+8613812341234",
		"12345":                "12345",
		"":                     "",
		"   ":                  "",
		"12345678901234567890": "12345678901234567890",
	} {
		got, err := NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"abc", "1234", "138.1234.1234", "1+3812341234", "++8613812341234", "123456789012345678901", "１３８１２３４１２３４", "+"} {
		got, err := NormalizePhone(bad)
		if err == nil {
			t.Errorf("NormalizePhone(%q) = %q, want an error", bad, got)
			continue
		}
		if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "invalid phone") {
			t.Errorf("NormalizePhone(%q) error = %v, want an invalid-phone error", bad, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"zhang@example.com":       "zhang@example.com",
		"Zhang.Lei@Example.COM":   "zhang.lei@example.com",
		"  ops@acme.example.com ": "ops@acme.example.com",
		"a+tag@example.cn":        "a+tag@example.cn",
		"":                        "",
	} {
		got, err := NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"nope", "a@b", "@example.com", "zhang@", "Zhang <zhang@example.com>", "a b@example.com", "zhang@@example.com"} {
		got, err := NormalizeEmail(bad)
		if err == nil {
			t.Errorf("NormalizeEmail(%q) = %q, want an error", bad, got)
			continue
		}
		if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "invalid email") {
			t.Errorf("NormalizeEmail(%q) error = %v, want an invalid-email error", bad, err)
		}
	}
}

// FuzzNormalizePhone checks the phone parser never panics, is idempotent, and that a masked
// phone never shows the digits it hides.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13812341234", "+86 138-1234-1234", "(010) 1234 5678", "", "+", "１３８", "\x00", "138\n1234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := NormalizePhone(in)
		if err != nil || p == "" {
			return
		}
		again, err := NormalizePhone(p)
		if err != nil || again != p {
			t.Fatalf("NormalizePhone(%q) = %q, but normalizing that gives %q, %v", in, p, again, err)
		}
		m := MaskPhone(p)
		if p != "" && m == p {
			t.Fatalf("MaskPhone(%q) shows it whole", p)
		}
		// At most seven digits show, and never more than the number less four.
		shown := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				shown++
			}
		}
		if digits := len(strings.TrimPrefix(p, "+")); shown > 7 || shown > digits-1 {
			t.Fatalf("MaskPhone(%q) = %q shows %d of %d digits", p, m, shown, digits)
		}
	})
}

// FuzzNormalizeEmail checks the email parser never panics and is idempotent, and that a
// masked address keeps only its first character before the domain.
func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"zhang@example.com", "Zhang.Lei@Example.COM", "a@b", "\"a b\"@example.com", "张伟@例子.中国", "", "@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := NormalizeEmail(in)
		if err != nil || e == "" {
			return
		}
		again, err := NormalizeEmail(e)
		if err != nil || again != e {
			t.Fatalf("NormalizeEmail(%q) = %q, but normalizing that gives %q, %v", in, e, again, err)
		}
		m := MaskEmail(e)
		at := strings.LastIndex(e, "@")
		first, _ := utf8.DecodeRuneInString(e)
		if want := string(first) + "***" + e[at:]; m != want {
			t.Fatalf("MaskEmail(%q) = %q, want %q", e, m, want)
		}
	})
}
