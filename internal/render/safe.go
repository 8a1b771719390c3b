package render

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The one sanitizer of kefu's output (product.md: text output replaces control and bidi
// characters visibly; JSON escapes them as \u sequences). Stored text is kept as typed; it is
// made harmless only on its way out: a terminal escape in an appeal reason cannot recolour or
// clear the screen, and a right-to-left override cannot make "exe.txt" read as "txt.exe".

// isBidi reports the bidirectional embedding, override and isolate controls
// (U+202A–U+202E, U+2066–U+2069), and the marks that steer them.
func isBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// Unsafe reports a character that must never reach a terminal or a spreadsheet raw: a control
// character (C0, DEL, C1) or a bidi control. Newline and tab are layout, not commands, and
// are judged by each output (tables escape them, text keeps them).
func Unsafe(r rune) bool { return unicode.IsControl(r) || isBidi(r) }

// Escape replaces control characters (newlines and tabs included) and bidi controls with visible
// escapes, so a stored value shows as text on one line and never as a terminal command.
func Escape(s string) string { return sanitize(s, false) }

// EscapeText is Escape for multi-line text views: newlines and tabs stay as they are.
func EscapeText(s string) string { return sanitize(s, true) }

func sanitize(s string, keepLayout bool) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case Unsafe(r):
			b.WriteString(quoteRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plain reports that s is valid UTF-8 without a character Unsafe reports, in one pass: ASCII
// byte by byte, Chinese by its bytes, anything else decoded.
func plain(s string) bool { return plainBut(s, 0, 0) }

// plainBut is plain where the ASCII characters a and b fail too (0 for none): a CSV cell's
// comma and quote (every cell of an export goes through here).
func plainBut(s string, a, b byte) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == a || c == b {
				return false
			}
			i++
			continue
		}
		if wide3(s, i) {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 || r <= 0x9f || isBidi(r) { // size 1: not UTF-8; up to U+009F: C1 controls
			return false
		}
		i += size
	}
	return true
}

// printable8 reports that the eight bytes of w are all printable ASCII (0x20 to 0x7e), judged
// at once: no high bit, no byte below 0x20, none equal to 0x7f.
func printable8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	del := w ^ 0x7f*ones
	return w&highs == 0 && (w-0x20*ones)&^w&highs == 0 && (del-ones)&^del&highs == 0
}

// wide3 reports that s[i:] starts with a well-formed three-byte character from U+1000 to
// U+FFFF outside U+2000–U+2FFF and the surrogates: the Chinese text that fills a ticket, in
// which Unsafe reports nothing, judged by its bytes without decoding (the bidi controls are
// all below U+1000 or in U+2000–U+2FFF, lead byte 0xe2).
func wide3[T string | []byte](s T, i int) bool {
	c := s[i]
	return c >= 0xe1 && c <= 0xef && c != 0xe2 && c != 0xed && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80
}

func quoteRune(r rune) string {
	const hex = "0123456789abcdef"
	if r < 0x100 {
		return `\x` + string(hex[r>>4]) + string(hex[r&0xf])
	}
	return uEscape(r)
}

func uEscape(r rune) string {
	const hex = "0123456789abcdef"
	return `\u` + string(hex[r>>12&0xf]) + string(hex[r>>8&0xf]) + string(hex[r>>4&0xf]) + string(hex[r&0xf])
}

// EscapeJSON rewrites raw DEL, C1 and bidi controls in encoded JSON as \u escapes
// (encoding/json already escapes C0). They can only occur inside JSON strings, where a
// \u escape means the same character, so the document decodes to the same values.
func EscapeJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x7f && Unsafe(r) }) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r >= 0x7f && Unsafe(r) {
			out = append(out, uEscape(r)...)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// SafeWriter is the last guard on stdout and stderr: whatever a command prints, a raw control
// or bidi character (other than newline and tab) leaves as a visible \u escape, which is also
// valid inside a JSON string. Colour lets kefu's own colour sequences through on a terminal.
type SafeWriter struct {
	W io.Writer
	// Colour lets SGR sequences (ESC [ digits m) through, for the colours kefu prints on a terminal.
	Colour bool
	// Width, when set, fits every line to that many display columns (a table or text format on
	// a terminal, COLUMNS or 80; see fit.go): tables fit themselves, a longer line of text
	// wraps. Lines are then held until complete: Flush writes the last one.
	Width   int
	pending []byte // an incomplete UTF-8 sequence from the last Write
	line    []byte // an incomplete line, when Width is set
}

// FitWidth is the width output should fit (render.Fitter); 0 for any.
func (s *SafeWriter) FitWidth() int { return s.Width }

// Flush writes an incomplete last line held back for fitting.
func (s *SafeWriter) Flush() error {
	if len(s.line) == 0 {
		return nil
	}
	last := s.line
	s.line = nil
	_, err := s.W.Write([]byte(WrapText(string(last), s.Width)))
	return err
}

// emit writes escaped output, wrapping lines wider than Width.
func (s *SafeWriter) emit(out []byte) error {
	if s.Width <= 0 && len(s.line) == 0 {
		_, err := s.W.Write(out)
		return err
	}
	s.line = append(s.line, out...)
	end := bytes.LastIndexByte(s.line, '\n')
	if end < 0 {
		return nil
	}
	complete := string(s.line[:end])
	s.line = append([]byte(nil), s.line[end+1:]...)
	_, err := io.WriteString(s.W, WrapText(complete, s.Width)+"\n")
	return err
}

// Write escapes and writes p; it reports len(p) written on success.
func (s *SafeWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(s.pending) == 0 && clean(p) {
		// The common case (a large export): nothing to escape, written as it is.
		if err := s.emit(p); err != nil {
			return 0, err
		}
		return n, nil
	}
	if len(s.pending) > 0 {
		p = append(s.pending, p...)
		s.pending = nil
	}
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); {
		c := p[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			out = append(out, c)
			i++
			continue
		}
		if c == 0x1b && s.Colour {
			if j := sgrEnd(p[i:]); j > 0 {
				out = append(out, p[i:i+j]...)
				i += j
				continue
			}
		}
		if c >= 0x80 && !utf8.FullRune(p[i:]) {
			s.pending = append([]byte(nil), p[i:]...) // the rest of the character comes next
			break
		}
		r, size := utf8.DecodeRune(p[i:])
		if Unsafe(r) {
			out = append(out, uEscape(r)...)
		} else {
			out = append(out, p[i:i+size]...) // an invalid byte passes as it is: it is no command
		}
		i += size
	}
	if err := s.emit(out); err != nil {
		return 0, err
	}
	return n, nil
}

// clean reports that p holds no character Write would escape and ends on a character
// boundary: ASCII is judged byte by byte, anything else decoded.
func clean(p []byte) bool {
	for i := 0; i < len(p); {
		if i+8 <= len(p) && printable8(binary.LittleEndian.Uint64(p[i:])) {
			i += 8
			continue
		}
		b := p[i]
		if b < 0x80 {
			if (b < 0x20 && b != '\n' && b != '\t') || b == 0x7f {
				return false
			}
			i++
			continue
		}
		if wide3(p, i) {
			i += 3
			continue
		}
		if !utf8.FullRune(p[i:]) {
			return false
		}
		r, size := utf8.DecodeRune(p[i:])
		if r <= 0x9f || isBidi(r) { // from U+0080: Unsafe is C1 or bidi
			return false
		}
		i += size
	}
	return true
}

// sgrEnd returns the length of an SGR sequence (ESC [ digits and ; m) at the start of b, or 0.
func sgrEnd(b []byte) int {
	if len(b) < 3 || b[1] != '[' {
		return 0
	}
	for i := 2; i < len(b) && i < 16; i++ {
		switch c := b[i]; {
		case c == 'm':
			return i + 1
		case c >= '0' && c <= '9' || c == ';':
		default:
			return 0
		}
	}
	return 0
}

// CSV cells never run as formulas (OWASP "CSV injection"): a text cell beginning with =, +, -,
// @, tab or CR gets a leading ' ; so does a cell that already begins with ' and would need it
// without it, so that CSVUnguard gives back exactly what CSVCell was given. Plain numbers
// (-5.0, +5.0, 12.5%) are no formulas and are written as they are.

// needsGuard reports whether s would be read as a formula by a spreadsheet.
func needsGuard(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return !plainNumber(s)
	case '\'':
		return needsGuard(s[1:])
	}
	return false
}

// plainNumber reports what kefu computes and prints as a number: a signed decimal, optionally
// a percentage or with a unit word ("+19.2 pt"), or a lone "-" for "no change". None of these
// can call anything in a spreadsheet.
func plainNumber(s string) bool {
	if s == "-" {
		return true
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 && i < len(s)-1 && strings.Trim(s[i+1:], "abcdefghijklmnopqrstuvwxyz") == "" {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "%")
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// CSVCell is a text cell for any CSV kefu writes: controls and bidi characters escaped
// visibly (newlines and tabs inside the cell stay; CSV quotes them), and a formula guard.
func CSVCell(s string) string {
	s = EscapeText(s)
	if needsGuard(s) {
		return "'" + s
	}
	return s
}

// CSVUnguard undoes CSVCell's formula guard on import, so export → import → export is unchanged.
func CSVUnguard(s string) string {
	if strings.HasPrefix(s, "'") && needsGuard(s[1:]) {
		return s[1:]
	}
	return s
}
