package search

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitAndAny(t *testing.T) {
	got := Split("申请退款, 退款未到 a")
	if strings.Join(got, " ") != "申请 请退 退款 款未 未到" {
		t.Errorf("Split = %v", got)
	}
	if Any([]string{"退款", "到账"}) != `"退款" OR "到账"` {
		t.Errorf("Any = %s", Any([]string{"退款", "到账"}))
	}
	if len(Split("a 款")) != 0 {
		t.Error("single characters made grams")
	}
}

// splitByGrams is Split as it was first written: Grams' two-character grams, distinct.
func splitByGrams(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range strings.Fields(Grams(text)) {
		if len([]rune(g)) == 2 && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

func TestSplitIsGramsPairs(t *testing.T) {
	long := strings.Repeat("申请退款到账慢 Refund ÄÖÜ 123 ", 20) + "新的词语在这里出现了一次又一次"
	for _, s := range []string{"", "a", "ab", "a b", "申请退款, 退款未到 a", "退款退款退款", "ABC abc Abc", "É é\u0301x",
		"订单#12345已发货——物流：顺丰", "𠀀𠀁 emoji 👍👍 ok", "\t tabs\nand\r\nlines ", long} {
		if got, want := Split(s), splitByGrams(s); !slices.Equal(got, want) {
			t.Errorf("Split(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("申请退款, 退款未到 a")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Split(s), splitByGrams(s); !slices.Equal(got, want) {
			t.Errorf("Split(%q) = %q, want %q", s, got, want)
		}
	})
}
