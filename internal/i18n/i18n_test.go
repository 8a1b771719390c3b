package i18n

import (
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]string{
		"zh-CN": ZH, "zh": ZH, "zh_CN.UTF-8": ZH, "ZH-hans": ZH, "zh_TW.UTF-8": ZH,
		"en": EN, "en-US": EN, "en_GB.UTF-8": EN, "C": EN, "POSIX": EN, "C.UTF-8": EN,
	} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"fr", "", "zhx", "english"} {
		if got, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %q, want refused", in, got)
		}
	}
}

func TestFromLocale(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, EN},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, EN},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, ZH},
		{map[string]string{"LC_ALL": "zh_SG.UTF-8", "LANG": "en_US"}, ZH},
	}
	for _, c := range cases {
		if got := FromLocale(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("FromLocale(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestVerbs(t *testing.T) {
	for in, want := range map[string][]string{
		"ticket %d not found": {"1:d"},
		"%s: %v (100%%)":      {"1:s", "2:v"},
		"%[2]s 的 %[1]d":       {"1:d", "2:s"},
		"%-10s|%5.1f|%*d":     {"1:s", "2:f", "3:*", "4:d"},
		"no verbs":            nil,
		"%d of %d":            {"1:d", "2:d"},
	} {
		if got := Verbs(in); !slices.Equal(got, want) {
			t.Errorf("Verbs(%q) = %v, want %v", in, got, want)
		}
	}
	if slices.Equal(Verbs("%s has %d"), Verbs("%d 有 %s")) {
		t.Error("swapped verbs without indexes must differ")
	}
}

func TestCatalogsLoadAndKeepVerbs(t *testing.T) {
	msgs, err := Messages(ZH)
	if err != nil {
		t.Fatal(err)
	}
	for k, m := range msgs {
		if m.Text == "" {
			t.Errorf("%s: %q has an empty translation", m.File, k)
		}
		if !slices.Equal(Verbs(k), Verbs(m.Text)) {
			t.Errorf("%s: %q → %q: verbs %v differ from %v", m.File, k, m.Text, Verbs(m.Text), Verbs(k))
		}
	}
}

func TestPrinter(t *testing.T) {
	zh, err := New(ZH)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := Messages(ZH)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Fatal("the zh-CN catalog is empty")
	}
	for k, m := range msgs {
		if got := zh.T(k); got != m.Text {
			t.Errorf("zh.T(%q) = %q, want %q", k, got, m.Text)
		}
		if got := English.T(k); got != k {
			t.Errorf("English.T(%q) = %q", k, got)
		}
	}
	if got := zh.Sprintf("help for %s", "open"); got != "显示 open 的帮助" {
		t.Errorf("zh.Sprintf = %q", got)
	}
	if got := English.Sprintf("help for %s", "open"); got != "help for open" {
		t.Errorf("English.Sprintf = %q", got)
	}
	if got := zh.T("no such key in any catalog"); got != "no such key in any catalog" {
		t.Errorf("a missing key must print itself, got %q", got)
	}
}

// TestGeneratedCatalog fails when zh_catalog.go no longer says what catalog/zh-CN/*.json says:
// run go generate ./internal/i18n after changing a JSON file.
func TestGeneratedCatalog(t *testing.T) {
	msgs, err := Messages(ZH)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(zhKeys[:]) {
		t.Fatal("zh_catalog.go: zhKeys are not sorted; run go generate ./internal/i18n")
	}
	stale := 0
	for i, k := range zhKeys {
		if m, ok := msgs[k]; !ok || m.Text != zhTexts[i] {
			stale++
			if stale <= 5 {
				t.Errorf("zh_catalog.go translates %q as %q; the JSON says %q", k, zhTexts[i], m.Text)
			}
		}
	}
	if len(msgs) != len(zhKeys) {
		t.Errorf("the JSON files have %d messages, zh_catalog.go %d", len(msgs), len(zhKeys))
	}
	if stale > 0 || len(msgs) != len(zhKeys) {
		t.Error("zh_catalog.go is stale: run go generate ./internal/i18n")
	}
	p, _ := New(ZH)
	for k, m := range msgs {
		if got := p.T(k); got != m.Text {
			t.Errorf("T(%q) = %q, want %q", k, got, m.Text)
		}
	}
	if got := p.T("no such message, surely"); got != "no such message, surely" {
		t.Errorf("an unknown key translates to %q", got)
	}
}
