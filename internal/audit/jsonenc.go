package audit

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends v exactly as encoding/json encodes it. Strings, integers, booleans and
// nil take a direct way; everything else goes through json.Marshal. Payloads of a million
// rows (an import's history) are mostly such values, and the reflection of json.Marshal on
// each of them was a large part of writing them.
func AppendJSON(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return AppendJSONString(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	}
	j, err := json.Marshal(v)
	return append(b, j...), err
}

// AppendJSONString appends s as encoding/json encodes a string: quoted, with <, > and &
// escaped (HTML-safe), invalid UTF-8 replaced, U+2028 and U+2029 escaped. Text without any of
// these (and without control characters, quotes or backslashes) is copied as it is; other
// text goes through json.Marshal.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshaled(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return appendMarshaled(b, s)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	j, _ := json.Marshal(s) // a string always encodes
	return append(b, j...)
}
