package store

// Fast paths of the row check, for audit verify at a million tickets: a reader of the history
// rows payloads kefu writes, and a JSON encoder of the values a row scans to. Each does
// exactly what the encoding/json path it stands for does, or gives up and lets that path do it
// (differential and fuzz tests in history_fast_test.go hold them to it).

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fastRows reads a history rows payload ({"tables":[{"t":..,"cols":[..],"rows":[[k,v],..]}]})
// as json.Unmarshal into storedRows does, the raw values sharing payload's memory. It reports
// false for anything but that exact shape (keys in any order, each once, no others, names
// without escapes), leaving such a payload to json.Unmarshal.
func fastRows(payload []byte) (storedRows, bool) {
	s := rawScanner{s: payload}
	var p storedRows
	if !s.open('{') {
		return p, false
	}
	if s.close('}') {
		return p, s.end()
	}
	if k, ok := s.key(); !ok || string(k) != "tables" || !s.open('[') {
		return p, false
	}
	p.Tables = []storedTable{}
	if !s.close(']') {
		for {
			tb, ok := s.table()
			if !ok {
				return p, false
			}
			p.Tables = append(p.Tables, tb)
			if s.close(']') {
				break
			}
			if !s.take(',') {
				return p, false
			}
		}
	}
	return p, s.close('}') && s.end()
}

func (s *rawScanner) table() (storedTable, bool) {
	var tb storedTable
	if !s.open('{') {
		return tb, false
	}
	var seen [3]bool
	for !s.close('}') {
		if seen != [3]bool{} && !s.take(',') {
			return tb, false
		}
		k, ok := s.key()
		if !ok {
			return tb, false
		}
		switch string(k) {
		case "t":
			if seen[0] {
				return tb, false
			}
			seen[0] = true
			t, ok := s.name()
			if !ok {
				return tb, false
			}
			tb.T = string(t)
		case "cols":
			if seen[1] {
				return tb, false
			}
			seen[1] = true
			if !s.open('[') {
				return tb, false
			}
			tb.Cols = []string{}
			for !s.close(']') {
				if len(tb.Cols) > 0 && !s.take(',') {
					return tb, false
				}
				c, ok := s.name()
				if !ok {
					return tb, false
				}
				tb.Cols = append(tb.Cols, string(c))
			}
		case "rows":
			if seen[2] {
				return tb, false
			}
			seen[2] = true
			if !s.open('[') {
				return tb, false
			}
			tb.Rows = [][2]json.RawMessage{}
			for !s.close(']') {
				if len(tb.Rows) > 0 && !s.take(',') {
					return tb, false
				}
				var r [2]json.RawMessage
				if !s.open('[') {
					return tb, false
				}
				if r[0], ok = s.raw(); !ok || !s.take(',') {
					return tb, false
				}
				if r[1], ok = s.raw(); !ok || !s.close(']') {
					return tb, false
				}
				tb.Rows = append(tb.Rows, r)
			}
		default:
			return tb, false
		}
	}
	return tb, true
}

// fastValues splits a recorded row's values as values does: nil for a removed row (null). It
// reports false for anything but an array or null.
func fastValues(raw json.RawMessage, into []json.RawMessage) ([]json.RawMessage, bool) {
	if string(raw) == "null" {
		return nil, true
	}
	s := rawScanner{s: raw}
	if !s.open('[') {
		return nil, false
	}
	out := into[:0]
	for !s.close(']') {
		if len(out) > 0 && !s.take(',') {
			return nil, false
		}
		v, ok := s.raw()
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	if out == nil {
		out = []json.RawMessage{}
	}
	return out, s.end()
}

// rawScanner reads JSON text, checking it as strictly as encoding/json does.
type rawScanner struct {
	s []byte
	i int
}

func (s *rawScanner) space() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// take consumes c after white space.
func (s *rawScanner) take(c byte) bool {
	s.space()
	if s.i < len(s.s) && s.s[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *rawScanner) open(c byte) bool  { return s.take(c) }
func (s *rawScanner) close(c byte) bool { return s.take(c) }

func (s *rawScanner) end() bool {
	s.space()
	return s.i == len(s.s)
}

// key reads an object key (a name) and its colon.
func (s *rawScanner) key() ([]byte, bool) {
	k, ok := s.name()
	return k, ok && s.take(':')
}

// name reads a string of plain ASCII without escapes: a table or column name.
func (s *rawScanner) name() ([]byte, bool) {
	if !s.take('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.s) {
		c := s.s[s.i]
		switch {
		case c == '"':
			s.i++
			return s.s[start : s.i-1], true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// raw reads any value and returns its text, as a json.RawMessage holds it.
func (s *rawScanner) raw() (json.RawMessage, bool) {
	s.space()
	start := s.i
	if !s.value(0) {
		return nil, false
	}
	return json.RawMessage(s.s[start:s.i:s.i]), true
}

func (s *rawScanner) value(depth int) bool {
	if s.i == len(s.s) || depth > 32 {
		return false
	}
	switch c := s.s[s.i]; {
	case c == '"':
		return s.str()
	case c == '{' || c == '[':
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		s.i++
		first := true
		for !s.close(closing) {
			if !first && !s.take(',') {
				return false
			}
			first = false
			if closing == '}' {
				s.space()
				if !s.str() || !s.take(':') {
					return false
				}
			}
			s.space()
			if !s.value(depth + 1) {
				return false
			}
		}
		return true
	case c == 'n':
		return s.lit("null")
	case c == 't':
		return s.lit("true")
	case c == 'f':
		return s.lit("false")
	}
	return s.number()
}

func (s *rawScanner) lit(l string) bool {
	if bytes.HasPrefix(s.s[s.i:], []byte(l)) {
		s.i += len(l)
		return true
	}
	return false
}

// str checks a string: escapes as JSON has them, no control characters (any other bytes,
// as encoding/json keeps them in a raw value).
func (s *rawScanner) str() bool {
	if s.i == len(s.s) || s.s[s.i] != '"' {
		return false
	}
	s.i++
	for s.i < len(s.s) {
		c := s.s[s.i]
		s.i++
		switch {
		case c == '"':
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if s.i == len(s.s) {
				return false
			}
			e := s.s[s.i]
			s.i++
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if s.i+4 > len(s.s) {
					return false
				}
				for _, h := range s.s[s.i : s.i+4] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				s.i += 4
			default:
				return false
			}
		}
	}
	return false
}

func (s *rawScanner) number() bool {
	digits := func() int {
		n := 0
		for s.i < len(s.s) && s.s[s.i] >= '0' && s.s[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.i < len(s.s) && s.s[s.i] == '-' {
		s.i++
	}
	start := s.i
	if n := digits(); n == 0 || (n > 1 && s.s[start] == '0') {
		return false
	}
	if s.i < len(s.s) && s.s[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return false
		}
	}
	if s.i < len(s.s) && (s.s[s.i] == 'e' || s.s[s.i] == 'E') {
		s.i++
		if s.i < len(s.s) && (s.s[s.i] == '+' || s.s[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// appendJSON appends json.Marshal(v) of a value a row scans to (after plain): int64, string
// and nil directly, anything else through json.Marshal.
func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case bool:
		return strconv.AppendBool(b, x)
	case string:
		if plainString(x) {
			b = append(b, '"')
			b = append(b, x...)
			return append(b, '"')
		}
	}
	m, _ := json.Marshal(v)
	return append(b, m...)
}

// plainString reports whether json.Marshal writes s as it is between quotes: valid UTF-8
// without control characters, quotes, backslashes, <, >, & or line and paragraph separators.
func plainString(s string) bool {
	wide := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c >= utf8.RuneSelf:
			wide = true
		}
	}
	return !wide || (utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029"))
}
