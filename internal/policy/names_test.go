package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/access"
	names "github.com/kefu/kefu/internal/enum"
)

// Every table's Chinese names and aliases are distinct within the table and read back as their
// code; the channel table is product.md's list.
func TestNameTables(t *testing.T) {
	for what, tab := range map[string]names.Table{"kind": KindNames, "channel": ChannelNames, "priority": PriorityNames,
		"severity": SeverityNames, "target": TargetNames, "shift": ShiftNames} {
		seen := map[string]string{}
		for _, n := range tab {
			for _, s := range append([]string{n.Code, n.ZH}, n.Aliases...) {
				if prev, dup := seen[s]; dup && prev != n.Code {
					t.Errorf("%s: %q names both %s and %s", what, s, prev, n.Code)
				}
				seen[s] = n.Code
				if c, ok := tab.Code(s); !ok || c != n.Code {
					t.Errorf("%s: Code(%q) = %q, %v; want %s", what, s, c, ok, n.Code)
				}
			}
		}
	}
	if !slices.Equal(Channels, []string{"phone", "email", "chat", "wechat", "social", "app", "visit"}) {
		t.Errorf("Channels = %v", Channels)
	}
	for zh, code := range map[string]string{"咨询": "inquiry", "投诉": "complaint", "建议": "suggestion", "询单": "presale", "售前": "presale"} {
		if got := KindNames.Normalize(zh); got != code {
			t.Errorf("kind %s = %q, want %s", zh, got, code)
		}
	}
	for zh, code := range map[string]string{"电话": "phone", "邮件": "email", "在线": "chat", "微信": "wechat", "社交": "social", "应用": "app", "到访": "visit"} {
		if got := ChannelNames.Normalize(zh); got != code {
			t.Errorf("channel %s = %q, want %s", zh, got, code)
		}
	}
	for zh, code := range map[string]string{"紧急": "urgent", "高": "high", "普通": "normal", "低": "low", "简单": "simple", "复杂": "complex"} {
		if got := PriorityNames.Normalize(SeverityNames.Normalize(zh)); got != code {
			t.Errorf("%s = %q, want %s", zh, got, code)
		}
	}
	if r, err := access.ParseRole("主管"); err != nil || r != access.Supervisor {
		t.Errorf("ParseRole(主管) = %q, %v", r, err)
	}
}

// A policy file may name kinds, targets, channels, priorities and severities in Chinese.
func TestPolicyFileChineseNames(t *testing.T) {
	p := Default("Asia/Shanghai", "cn")
	data, err := p.MarshalYAML()
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "windows:\n", "windows:\n  - kind: 投诉\n    target: 首次响应\n    channel: 微信\n    priority: 高\n    severity: 复杂\n    within: 10m\n", 1)
	got, err := ParseYAML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w, ok := Match(got.Windows, Query{Kind: "complaint", Target: FirstResponse, Channel: "wechat", Priority: "high", Severity: "complex"})
	if !ok || w.Within.String() != "10m" {
		t.Errorf("the Chinese row did not apply: %s %v", w.Describe(), ok)
	}
}

// Whatever is typed, every table's Normalize is idempotent and yields a code of the table or
// the input unchanged.
func FuzzNormalizeNames(f *testing.F) {
	for _, s := range []string{"微信", " 紧急 ", "ＥＭＡＩＬ", "售前", "首次响应", "夜班", "fax", ""} {
		f.Add(s)
	}
	tables := []names.Table{KindNames, ChannelNames, PriorityNames, SeverityNames, TargetNames, ShiftNames}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tab := range tables {
			n := tab.Normalize(s)
			if n != s && !slices.Contains(tab.Codes(), n) {
				t.Fatalf("Normalize(%q) = %q, neither the input nor a code", s, n)
			}
			if again := tab.Normalize(n); again != n {
				t.Fatalf("Normalize is not idempotent: %q → %q → %q", s, n, again)
			}
		}
	})
}
