package search

import (
	"strings"
	"testing"
)

func TestGrams(t *testing.T) {
	tests := []struct{ in, want string }{
		{"申请退款未到账", "申请 请退 退款 款未 未到 到账"},
		{"Refund!", "re ef fu un nd"},
		{"a 退", "a 退"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Grams(tt.in); got != tt.want {
			t.Errorf("Grams(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"退款", `"退款"`, true},
		{"退款未到", `"退款 款未 未到"`, true},
		{"refund 退款", `"re ef fu un nd" AND "退款"`, true},
		{"退", "", false},
		{`"; DROP`, `"dr ro op"`, true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Match(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Match(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Every gram phrase of a substring must occur in the text's grams.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"申请退款未到账", "refund", "a\"b", "退", "'; DROP TABLE tickets; --"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := Match(s)
		if !ok {
			return
		}
		if strings.Count(m, `"`)%2 != 0 {
			t.Fatalf("unbalanced quotes in %q", m)
		}
		text := " " + Grams(s) + " "
		for _, phrase := range strings.Split(m, " AND ") {
			if !strings.Contains(text, " "+strings.Trim(phrase, `"`)+" ") {
				t.Fatalf("phrase %s of %q not in its own grams %q", phrase, s, text)
			}
		}
	})
}

func TestExact(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"退款", true},
		{"ab", true},
		{"AB", true}, // lower-cased alike by every folding
		{"a1", true},
		{"退款金额", false}, // grams in a row may come from two runs: confirm
		{"退", false},
		{"退 款", false},
		{"退款 ", false},
		{"éa", false}, // the index tokenizer drops diacritics, instr does not
		{"ÄÖ", false},
		{"", false},
	} {
		if got := Exact(tt.q); got != tt.want {
			t.Errorf("Exact(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
