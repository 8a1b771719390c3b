package audit

import (
	"strings"
	"unicode/utf8"
)

// A fast reader of the changes a payload records, for audit verify's replay of a million
// tickets: it decodes only the "new" values of the fields asked for and allocates nothing. It
// reads the flat payloads kefu writes; anything it is not sure to read exactly as DecodeChanges
// would (escapes, numbers, nested values, keys differing only in case, invalid text) makes it
// give up, and the caller decodes that payload with DecodeChanges instead.

// NewValues calls set(i, v, null) for every change of the payload to a field of fields (i its
// index there), in payload order, with the change's new value: a string, or null (a JSON null,
// or a change without a new value: DecodeChanges's map then holds nil); as in DecodeChanges's
// map, a later change of the same field wins. It reports false, having perhaps called set
// already, when the payload is not one it reads exactly as DecodeChanges does: the caller then
// forgets what set was given and decodes the payload with DecodeChanges.
func NewValues(payload string, fields []string, set func(i int, v string, null bool)) bool {
	s := scanner{s: payload}
	s.space()
	if !s.take('{') {
		return false
	}
	s.space()
	if s.take('}') {
		return s.end()
	}
	for {
		key, ok := s.key()
		if !ok {
			return false
		}
		if key == "changes" {
			if !s.changes(fields, set) {
				return false
			}
		} else {
			if strings.EqualFold(key, "changes") || !ascii(key) {
				return false // DecodeChanges matches field names without regard to case
			}
			if !s.skip(0) {
				return false
			}
		}
		s.space()
		if s.take('}') {
			return s.end()
		}
		if !s.take(',') {
			return false
		}
	}
}

// changes reads the value of "changes": an object of field → {"old": ..., "new": ...}.
func (s *scanner) changes(fields []string, set func(int, string, bool)) bool {
	s.space()
	if !s.take('{') {
		return false // null or another type: DecodeChanges decides
	}
	s.space()
	if s.take('}') {
		return true
	}
	for {
		field, ok := s.key()
		if !ok {
			return false
		}
		want := -1
		for i, f := range fields {
			if f == field {
				want = i
				break
			}
		}
		v, null, ok := s.change(want >= 0)
		if !ok {
			return false
		}
		if want >= 0 {
			set(want, v, null)
		}
		s.space()
		if s.take('}') {
			return true
		}
		if !s.take(',') {
			return false
		}
	}
}

// change reads {"old": ..., "new": ...} and returns its new value (null when null or
// absent), when wanted: only a string or null then.
func (s *scanner) change(wanted bool) (v string, null, ok bool) {
	s.space()
	if !s.take('{') {
		return "", false, false
	}
	null = true
	s.space()
	if s.take('}') {
		return "", true, true
	}
	for {
		key, ok := s.key()
		if !ok || (key != "old" && key != "new") {
			return "", false, false
		}
		s.space()
		switch {
		case key == "old" || !wanted:
			if !s.skipFlat() {
				return "", false, false
			}
		case s.literal("null"):
			v, null = "", true
		default:
			str, ok := s.str()
			if !ok {
				return "", false, false
			}
			v, null = str, false
		}
		s.space()
		if s.take('}') {
			return v, null, true
		}
		if !s.take(',') {
			return "", false, false
		}
	}
}

type scanner struct {
	s string
	i int
}

func (s *scanner) space() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) take(c byte) bool {
	if s.i < len(s.s) && s.s[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) end() bool {
	s.space()
	return s.i == len(s.s)
}

func (s *scanner) literal(lit string) bool {
	if strings.HasPrefix(s.s[s.i:], lit) {
		s.i += len(lit)
		return true
	}
	return false
}

// key reads an object key and the colon after it.
func (s *scanner) key() (string, bool) {
	s.space()
	k, ok := s.str()
	if !ok {
		return "", false
	}
	s.space()
	return k, s.take(':')
}

// str reads a string without escapes or control characters whose text is valid UTF-8 (so
// that it decodes to exactly its bytes).
func (s *scanner) str() (string, bool) {
	if !s.take('"') {
		return "", false
	}
	start := s.i
	for s.i < len(s.s) {
		c := s.s[s.i]
		switch {
		case c == '"':
			v := s.s[start:s.i]
			s.i++
			return v, utf8.ValidString(v)
		case c == '\\' || c < 0x20:
			return "", false
		}
		s.i++
	}
	return "", false
}

// skipFlat skips a value that DecodeChanges decodes without fail into an interface: a string,
// a literal, or a short plain integer (one float64 holds exactly).
func (s *scanner) skipFlat() bool {
	switch {
	case s.literal("null"), s.literal("true"), s.literal("false"):
		return true
	case s.i < len(s.s) && s.s[s.i] == '"':
		_, ok := s.str()
		return ok
	}
	return s.integer()
}

func (s *scanner) integer() bool {
	s.take('-')
	start := s.i
	for s.i < len(s.s) && s.s[s.i] >= '0' && s.s[s.i] <= '9' {
		s.i++
	}
	n := s.i - start
	if n == 0 || n > 15 || (n > 1 && s.s[start] == '0') {
		return false
	}
	// A fraction or an exponent is valid JSON, but not read here.
	return s.i == len(s.s) || !strings.ContainsRune(".eE", rune(s.s[s.i]))
}

// skip skips any value outside "changes" (where DecodeChanges only checks the syntax), up to
// a small depth of nesting.
func (s *scanner) skip(depth int) bool {
	s.space()
	if depth > 8 || s.i == len(s.s) {
		return false
	}
	switch s.s[s.i] {
	case '{', '[':
		closing := byte('}')
		if s.s[s.i] == '[' {
			closing = ']'
		}
		s.i++
		s.space()
		if s.take(closing) {
			return true
		}
		for {
			if closing == '}' {
				if _, ok := s.key(); !ok {
					return false
				}
			}
			if !s.skip(depth + 1) {
				return false
			}
			s.space()
			if s.take(closing) {
				return true
			}
			if !s.take(',') {
				return false
			}
		}
	}
	return s.skipFlat()
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
