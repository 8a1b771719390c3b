package render

import (
	"testing"
	"unicode/utf8"
)

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{
		"abc": 3, "张伟": 4, "#1 催发货": 9, "ＡＢ": 4, "": 0,
		"e\u0301":  1, // a combining accent takes no column
		"a\u200Bb": 2, // nor does a zero-width space
		"👍":        2, // an emoji takes two, as in the tables
		"—…":       2, // East Asian ambiguous: narrow, as the tables are pinned
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

// Width's shortcut for printable ASCII gives what displaywidth gives.
func TestWidthASCIIShortcut(t *testing.T) {
	var all []byte
	for c := byte(0x20); c <= 0x7e; c++ {
		all = append(all, c)
		if got, want := Width(string(c)), narrow.String(string(c)); got != want {
			t.Errorf("Width(%q) = %d, displaywidth %d", c, got, want)
		}
	}
	if got, want := Width(string(all)), narrow.String(string(all)); got != want {
		t.Errorf("Width(printable ASCII) = %d, displaywidth %d", got, want)
	}
}

// Every simple character (simple.go) measures as the general measure says and is a grapheme
// of its own beside any simple neighbour, so texts of them measure and break as before.
func TestSimpleCharacters(t *testing.T) {
	var simple []rune
	for r := rune(0); r <= 0x10ffff; r++ {
		w := simpleWidth(r)
		if w == 0 {
			continue
		}
		simple = append(simple, r)
		if got := narrow.String(string(r)); got != w {
			t.Errorf("simpleWidth(%U) = %d, the general measure %d", r, w, got)
		}
	}
	if len(simple) < 20000 {
		t.Fatalf("only %d simple characters", len(simple))
	}
	graphemes := func(s string) int {
		n := 0
		for g := narrow.StringGraphemes(s); g.Next(); {
			n++
		}
		return n
	}
	for i, r := range simple {
		next := simple[(i*7919+1)%len(simple)]
		for _, s := range []string{string(r) + string(next), "a" + string(r) + "a", "张" + string(r) + "。", string(r) + string(r) + " "} {
			if n := graphemes(s); n != utf8.RuneCountInString(s) {
				t.Errorf("%q: %d graphemes, want one per character", s, n)
			}
		}
	}
	for _, s := range []string{"", " ", "abc", "张伟", "#998000  follow-up  overdue 4d10h   due 10-10 24:00  李娜  收到的商品是坏的 (confirm the customer's satisfaction)",
		"  退款两周仍未到账，客服回复：「已处理」  ＡＢ！", "a  b", "长长长长长长长长长长长长长长长长长长长长长长长长长长长", "e\u0301 no", "\x1b[31mred\x1b[0m 红", "👍 ok", "—…"} {
		want := graphemePieces(s)
		got := pieces(s)
		if len(got) != len(want) {
			t.Errorf("pieces(%q) = %v, want %v", s, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("pieces(%q) = %v, want %v", s, got, want)
				break
			}
		}
		if got, want := Width(s), narrow.String(s); got != want {
			t.Errorf("Width(%q) = %d, the general measure %d", s, got, want)
		}
	}
}
