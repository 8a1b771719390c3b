package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"refund not received", 10, "refund no…"},
		{"refund", 6, "refund"},      // exactly at the width: nothing cut
		{"refund", 5, "refu…"},       // one short: cut, "…" takes the last column
		{"退款两周仍未到账", 16, "退款两周仍未到账"}, // 8 汉字 = 16 columns, fits exactly
		{"退款两周仍未到账", 15, "退款两周仍未到…"}, // 14 + "…"
		{"退款两周仍未到账", 14, "退款两周仍未…"},  // 13: a 汉字 is never split
		{"ab退款", 4, "ab…"},
		{"👍👍👍", 5, "👍👍…"},
		{"👨‍👩‍👧 family", 3, "👨‍👩‍👧…"},            // a ZWJ sequence is one character of two columns
		{"cafe\u0301 au lait", 5, "cafe\u0301…"}, // the accent stays with its letter
		{"", 3, ""},
		{"abc", 1, "…"},
		{"abc", 0, ""}, // no room at all
		{"abc", -1, ""},
	} {
		got := Truncate(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		if tc.width >= 0 && Width(got) > tc.width {
			t.Errorf("Truncate(%q, %d) = %q is %d columns wide", tc.in, tc.width, got, Width(got))
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in            string
		width, indent int
		want          []string
	}{
		{"short", 10, 2, []string{"short"}},
		{"exactly10!", 10, 0, []string{"exactly10!"}},
		{"the quick brown fox jumps", 10, 0, []string{"the quick", "brown fox", "jumps"}},
		{"the quick brown fox", 10, 2, []string{"the quick", "  brown", "  fox"}},
		{"  key: value that wraps", 14, 7, []string{"  key: value", "       that", "       wraps"}},
		// Chinese has no spaces: it breaks between characters, each two columns.
		{"今日咨询以物流为主两单退款", 10, 0, []string{"今日咨询以", "物流为主两", "单退款"}},
		{"今日咨询以物流为主两单退款", 9, 0, []string{"今日咨询", "以物流为", "主两单退", "款"}},
		// A word longer than a line is split.
		{"supercalifragilistic", 8, 0, []string{"supercal", "ifragili", "stic"}},
		{"note: 张伟迟到", 8, 0, []string{"note: 张", "伟迟到"}},
		{"anything", 0, 0, []string{"anything"}}, // no width: as it is
	} {
		got := Wrap(tc.in, tc.width, tc.indent)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Wrap(%q, %d, %d) = %q, want %q", tc.in, tc.width, tc.indent, got, tc.want)
		}
		for _, l := range got {
			if tc.width > 0 && Width(l) > tc.width {
				t.Errorf("Wrap(%q, %d): line %q is %d columns", tc.in, tc.width, l, Width(l))
			}
		}
	}
}

func TestHangIndent(t *testing.T) {
	for line, want := range map[string]int{
		"Subject:        退款":       16,
		"Acknowledged: not yet":    14,
		"  - #12 overdue":          4,
		"  2026-02-27 12:22  张伟 x": 20,
		"plain text":               0,
		"    indented text":        4,
	} {
		if got := hangIndent(line); got != want {
			t.Errorf("hangIndent(%q) = %d, want %d", line, got, want)
		}
	}
}

// fitted renders g to a writer of the given width.
func fitted(t *testing.T, g Grid, width int) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteTable(&SafeWriter{W: &b, Width: width}, g); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func maxWidth(s string) int {
	m := 0
	for _, l := range strings.Split(s, "\n") {
		m = max(m, Width(l))
	}
	return m
}

func ticketsGrid() Grid {
	g := Grid{Header: []string{"id", "kind", "channel", "priority", "status", "subject", "customer", "assignee"},
		Free: []string{"subject"}, Optional: []string{"priority", "channel"}}
	g.Add("1", "complaint", "phone", "urgent", "open", "退款两周仍未到账，客户要求今天之内给出明确答复", "张艳", "Emma Wang")
	g.Add("2", "inquiry", "chat", "normal", "resolved", "Where is my parcel? It was due last Monday", "Li Na", "张伟")
	return g
}

func TestTableFitsShrinkingFreeTextFirst(t *testing.T) {
	g := ticketsGrid()
	wide := fitted(t, g, 0)
	if !strings.Contains(wide, "退款两周仍未到账，客户要求今天之内给出明确答复") || strings.Contains(wide, "…") {
		t.Fatalf("without a width the table is whole:\n%s", wide)
	}
	natural := maxWidth(wide)
	// Exactly at its natural width: nothing is cut.
	if got := fitted(t, g, natural); got != wide {
		t.Errorf("at its own width %d the table changed:\n%s", natural, got)
	}
	// One column less: only the subject shrinks.
	got := fitted(t, g, natural-1)
	if maxWidth(got) > natural-1 || !strings.Contains(got, "…") || !strings.Contains(got, "priority") {
		t.Errorf("at %d the subject should shrink and every column stay:\n%s", natural-1, got)
	}
	for _, width := range []int{100, 90, 80, 72} {
		got := fitted(t, g, width)
		if w := maxWidth(got); w > width {
			t.Errorf("at %d columns a line is %d wide:\n%s", width, w, got)
		}
		if !strings.Contains(got, "Emma Wang") || !strings.Contains(got, "resolved") {
			t.Errorf("at %d a fixed column lost text:\n%s", width, got)
		}
	}
}

func TestTableHidesOptionalColumnsThenStacks(t *testing.T) {
	g := ticketsGrid()
	// At 80 the subject keeps its 20 columns only without priority and channel.
	got := fitted(t, g, 80)
	if maxWidth(got) > 80 {
		t.Fatalf("wider than 80:\n%s", got)
	}
	if strings.Contains(got, "│ priority") || !strings.Contains(got, "hidden columns: channel, priority") {
		t.Errorf("at 80 the priority and channel columns should be hidden and named below:\n%s", got)
	}
	if !strings.Contains(got, "status") || !strings.Contains(got, "--wide") {
		t.Errorf("the footer should point at --wide and status stay:\n%s", got)
	}
	// Too narrow for any table: one "key: value" block per record, nothing hidden.
	got = fitted(t, g, 40)
	if maxWidth(got) > 40 {
		t.Fatalf("stacked records wider than 40:\n%s", got)
	}
	for _, want := range []string{"id:       1\n", "priority: urgent\n", "assignee: 张伟\n", "subject:  退款两周仍未到账", "\n\nid:       2\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("stacked layout lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "│") || strings.Contains(got, "hidden") {
		t.Errorf("stacked layout has no table and hides nothing:\n%s", got)
	}
}

func TestTableFitsEveryWidth(t *testing.T) {
	grids := []Grid{ticketsGrid(), staffGrid(), {Header: []string{"a"}}}
	emoji := Grid{Header: []string{"who", "note"}, Free: []string{"note"}}
	emoji.Add("王芳", "👍 good job 🎉 cafe\u0301 e\u0301e\u0301e\u0301 done")
	grids = append(grids, emoji)
	for gi, g := range grids {
		for width := 1; width <= 130; width++ {
			got := fitted(t, g, width)
			if w := maxWidth(got); w > width && width >= 3 { // two columns cannot hold "key:" and a 汉字
				t.Errorf("grid %d at %d columns: a line is %d wide:\n%s", gi, width, w, got)
			}
		}
	}
}

func TestColouredRowsFit(t *testing.T) {
	g := ticketsGrid()
	g.Color, g.Colors = true, []string{Red, ""}
	var b bytes.Buffer
	if err := WriteTable(&SafeWriter{W: &b, Width: 72, Colour: true}, g); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.Contains(got, Red) {
		t.Fatalf("the red row lost its colour:\n%q", got)
	}
	if w := maxWidth(got); w > 72 {
		t.Errorf("coloured table is %d wide at 72:\n%s", w, got)
	}
}

func TestSafeWriterWrapsLongLines(t *testing.T) {
	var b bytes.Buffer
	s := &SafeWriter{W: &b, Width: 20}
	fmt.Fprintf(s, "Subject:  %s\n", "退款两周仍未到账，客户要求今天")
	fmt.Fprint(s, "short\nno newline at the end of this")
	if b.Len() == 0 || strings.Contains(b.String(), "no newline") {
		t.Fatalf("complete lines go out at once, the last waits for Flush: %q", b.String())
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "Subject:  退款两周仍\n          未到账，客\n          户要求今天\nshort\nno newline at the\nend of this"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// Without a width nothing is held back or changed.
	b.Reset()
	s = &SafeWriter{W: &b}
	long := strings.Repeat("x", 200)
	fmt.Fprint(s, long)
	if b.String() != long {
		t.Errorf("a writer without width changed its output")
	}
}

// FuzzFit checks what fitting promises for any text: a cut is a prefix plus "…" and never
// wider than asked; wrapped lines are never wider than the width (each holds at least one
// character) and together keep every character but the spaces they broke at.
func FuzzFit(f *testing.F) {
	for _, s := range []string{"退款两周仍未到账", "the quick brown fox", "👨‍👩‍👧 cafe\u0301", "  key:  value 值", ""} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		s = Escape(s) // what reaches fitting is escaped first
		width = width%120 + 1
		if width < 0 {
			width = -width + 2
		}
		cut := Truncate(s, width)
		if Width(cut) > width {
			t.Errorf("Truncate(%q, %d) = %q, %d wide", s, width, cut, Width(cut))
		}
		if !strings.HasPrefix(s, strings.TrimSuffix(cut, "…")) {
			t.Errorf("Truncate(%q, %d) = %q is no prefix", s, width, cut)
		}
		if width < 3 {
			return
		}
		lines := Wrap(s, width, 4)
		for _, l := range lines {
			if Width(l) > width {
				t.Errorf("Wrap(%q, %d): %q is %d wide", s, width, l, Width(l))
			}
		}
		noSpace := func(x string) string { return strings.ReplaceAll(x, " ", "") }
		if got := noSpace(strings.Join(lines, "")); got != noSpace(s) {
			t.Errorf("Wrap(%q, %d) lost text: %q", s, width, lines)
		}
	})
}
