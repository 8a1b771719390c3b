package render

import "testing"

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
