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
