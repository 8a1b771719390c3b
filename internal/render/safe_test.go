package render

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile holds every kind of character the sanitizer exists for.
const hostile = "A\x1b[31mred\x1b]0;title\x07\x08\r\x7f\u0085\u009b2J\u202Eexe.txt\u2066iso\u2069\u200F"

func rawUnsafe(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && Unsafe(r) })
}

func TestEscapeBidi(t *testing.T) {
	for in, want := range map[string]string{
		"plain 张伟":         "plain 张伟",
		"a\nb\tc":          `a\nb\tc`,
		"\x1b[31m":         `\x1b[31m`,
		"del\x7f":          `del\x7f`,
		"c1\u009b":         `c1\x9b`,
		"rlo\u202Etxt":     `rlo\u202etxt`,
		"iso\u2066x\u2069": `iso\u2066x\u2069`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := EscapeText("a\nb\tc\x1b"); got != "a\nb\tc\\x1b" {
		t.Errorf("EscapeText keeps layout only: %q", got)
	}
}

func TestSafeWriter(t *testing.T) {
	var b bytes.Buffer
	w := &SafeWriter{W: &b}
	// Written a byte at a time, so multi-byte characters arrive split.
	for i := 0; i < len(hostile); i++ {
		if _, err := w.Write([]byte{hostile[i]}); err != nil {
			t.Fatal(err)
		}
	}
	got := b.String()
	if rawUnsafe(got) {
		t.Fatalf("raw unsafe character left: %q", got)
	}
	if !strings.Contains(got, `\u001b[31mred`) || !strings.Contains(got, `\u202eexe.txt`) {
		t.Errorf("escapes not visible: %q", got)
	}
	// Colour lets SGR through, nothing else.
	b.Reset()
	w = &SafeWriter{W: &b, Colour: true}
	w.Write([]byte("\x1b[31mred\x1b[0m \x1b]0;title\x07"))
	if got := b.String(); got != "\x1b[31mred\x1b[0m \\u001b]0;title\\u0007" {
		t.Errorf("colour writer: %q", got)
	}
}

// JSON stays valid and decodes to the very string: the escapes are JSON's own.
func TestSafeJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&SafeWriter{W: &b}, map[string]string{"reason": hostile}); err != nil {
		t.Fatal(err)
	}
	if rawUnsafe(b.String()) {
		t.Fatalf("raw unsafe character in JSON: %q", b.String())
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, b.String())
	}
	if back["reason"] != hostile {
		t.Errorf("decoded %q, want %q", back["reason"], hostile)
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\",\"y\")": "'=HYPERLINK(\"http://x\",\"y\")",
		"+86 139":                        "'+86 139",
		"-cmd":                           "'-cmd",
		"@SUM(A1)":                       "'@SUM(A1)",
		"\t=1":                           "'\t=1",
		"-5.0":                           "-5.0",
		"+5.0":                           "+5.0",
		"-50.00":                         "-50.00",
		"12.5%":                          "12.5%",
		"-5+3":                           "'-5+3",
		"'=x":                            "''=x",
		"'plain":                         "'plain",
		"张伟":                             "张伟",
		"a\nb":                           "a\nb",
		"\u202Eevil":                     `\u202eevil`,
	} {
		got := CSVCell(in)
		if got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// roundTrip writes s as a CSV cell and reads it back as an import does.
func roundTrip(t *testing.T, s string) string {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{CSVCell(s), "end"}) // a lone empty cell would be a blank line, which CSV skips
	cw.Flush()
	rec, err := csv.NewReader(&b).Read()
	if err != nil {
		t.Fatalf("CSV of %q does not read back: %v", s, err)
	}
	return CSVUnguard(rec[0])
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{hostile, "张伟", "a\nb", "\xff\xfe", "\u202E", "\x1b[0m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Escape(s), EscapeText(s)} {
			if rawUnsafe(out) {
				t.Fatalf("unsafe character survives: %q → %q", s, out)
			}
		}
		if strings.ContainsAny(Escape(s), "\n\t") {
			t.Fatalf("Escape left layout: %q", Escape(s))
		}
		var b bytes.Buffer
		w := &SafeWriter{W: &b}
		half := len(s) / 2
		w.Write([]byte(s[:half]))
		w.Write([]byte(s[half:]))
		if rawUnsafe(b.String()) {
			t.Fatalf("SafeWriter leaks: %q → %q", s, b.String())
		}
		if !utf8.ValidString(s) {
			return
		}
		b.Reset()
		if err := WriteJSON(&SafeWriter{W: &b}, s); err != nil {
			t.Fatal(err)
		}
		var back string
		if err := json.Unmarshal(b.Bytes(), &back); err != nil || back != s {
			t.Fatalf("JSON of %q reads back %q, %v", s, back, err)
		}
	})
}

func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"=1+1", "'=1", "''=1", "-5.0", "-5+3", "@x", "\t=x", "\r=x", "+", "'", "'-", "张伟"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && Unsafe(r) }) {
			return // only text that survives sanitising unchanged round-trips exactly
		}
		cell := CSVCell(s)
		if needsGuard(strings.TrimPrefix(cell, "'")) && !strings.HasPrefix(cell, "'") {
			t.Fatalf("formula-like cell without guard: %q", cell)
		}
		if c := cell; c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !plainNumber(c) {
			t.Fatalf("cell %q starts a formula", c)
		}
		if got := roundTrip(t, s); got != strings.ReplaceAll(s, "\r\n", "\n") && got != s {
			t.Fatalf("export → import changed %q into %q", s, got)
		}
		if again := CSVCell(roundTrip(t, s)); again != cell {
			t.Fatalf("export → import → export changed %q into %q", cell, again)
		}
	})
}

// The fast path agrees with the careful one: clean never passes what Write would escape.
func FuzzSafeWriterClean(f *testing.F) {
	f.Add([]byte(hostile))
	f.Add([]byte("张伟\n\t ok"))
	f.Add([]byte{0xE2, 0x80})
	f.Add([]byte{0xE2, 0x41})
	f.Fuzz(func(t *testing.T, p []byte) {
		if !clean(p) {
			return
		}
		for _, r := range string(p) {
			if r != '\n' && r != '\t' && Unsafe(r) {
				t.Fatalf("clean(%q) passed %U", p, r)
			}
		}
		var b bytes.Buffer
		(&SafeWriter{W: &b}).Write(p)
		if !bytes.Equal(b.Bytes(), p) {
			t.Fatalf("clean input changed: %q → %q", p, b.Bytes())
		}
	})
}

// A clean export chunk costs one scan: the guard on stdout must not slow a million-ticket export.
func BenchmarkSafeWriterClean(b *testing.B) {
	chunk := []byte(strings.Repeat("12345,2026-03-02T09:00:00+08:00,inquiry,chat,申请退款未到账,客户很着急\n", 1000))
	w := &SafeWriter{W: io.Discard}
	b.SetBytes(int64(len(chunk)))
	for i := 0; i < b.N; i++ {
		w.Write(chunk)
	}
}

// plain is the one-pass form of "no Unsafe character and valid UTF-8": the two agree on every
// character up to U+10FFFF, on invalid bytes, and on mixed strings.
func TestPlainAgreesWithUnsafe(t *testing.T) {
	slow := func(s string) bool { return !strings.ContainsFunc(s, Unsafe) && utf8.ValidString(s) }
	var cases []string
	for r := rune(0); r <= utf8.MaxRune; r++ {
		cases = append(cases, string(r), "a"+string(r)+"退款")
	}
	// Three-byte leads with a missing, short or wrong continuation, overlong forms, surrogates.
	for c := 0xe0; c <= 0xef; c++ {
		lead := "a" + string([]byte{byte(c)})
		cases = append(cases, lead, lead+"\x80", lead+"\xbf", lead+"\x80a", lead+"a\x80", lead+"\x80\xc0", lead+"\xc0\x80", lead+"\x9f\xbf", lead+"\xa0\x80")
	}
	cases = append(cases, "", "\xff", "abc\xc2", "\xe2\x80", "申请退款未到账", "'=1+1", "\xed\xa0\x80", "\xe0\x80\x80", "退款\xe4\xb8")
	// clean is plain for a stream: newline and tab pass, an invalid byte passes (Write keeps
	// it), an incomplete character at the end does not (the rest comes with the next Write).
	cleanSlow := func(p []byte) bool {
		for i := 0; i < len(p); {
			if !utf8.FullRune(p[i:]) {
				return false
			}
			r, size := utf8.DecodeRune(p[i:])
			if size > 1 || r != utf8.RuneError {
				if r != '\n' && r != '\t' && Unsafe(r) {
					return false
				}
			}
			i += size
		}
		return true
	}
	for _, s := range cases {
		if got, want := plain(s), slow(s); got != want {
			t.Fatalf("plain(%q) = %v, want %v", s, got, want)
		}
		for _, p := range [][]byte{[]byte(s), []byte(s + "\n\t退")} {
			if got, want := clean(p), cleanSlow(p); got != want {
				t.Fatalf("clean(%q) = %v, want %v", p, got, want)
			}
		}
	}
}

// printable8 agrees with a byte-by-byte look at every byte value in every position.
func TestPrintable8(t *testing.T) {
	base := []byte("abcdefgh")
	for pos := 0; pos < 8; pos++ {
		for v := 0; v < 256; v++ {
			b := append([]byte(nil), base...)
			b[pos] = byte(v)
			want := v >= 0x20 && v < 0x7f
			if got := printable8(binary.LittleEndian.Uint64(b)); got != want {
				t.Fatalf("printable8(%q) = %v, want %v", b, got, want)
			}
		}
	}
}
