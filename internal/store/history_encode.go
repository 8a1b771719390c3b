package store

import (
	"github.com/kefu/kefu/internal/audit"
)

// encodeRows is audit.EncodePayload(p) (json.Marshal) of a history rows payload, written
// directly: an import of a million tickets records each of them, and the reflection of
// json.Marshal over every value was most of the cost of recording them.
func encodeRows(p rowsPayload) (string, error) {
	b := make([]byte, 0, 64<<10)
	b = append(b, `{"tables":`...)
	if p.Tables == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, tb := range p.Tables {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendTableRows(b, tb); err != nil {
				return "", err
			}
		}
		b = append(b, ']')
	}
	return string(append(b, '}')), nil
}

func appendTableRows(b []byte, tb tableRows) ([]byte, error) {
	b = append(b, `{"t":`...)
	b = audit.AppendJSONString(b, tb.T)
	b = append(b, `,"cols":`...)
	if tb.Cols == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range tb.Cols {
			if i > 0 {
				b = append(b, ',')
			}
			b = audit.AppendJSONString(b, c)
		}
		b = append(b, ']')
	}
	b = append(b, `,"rows":`...)
	if tb.Rows == nil {
		return append(b, "null}"...), nil
	}
	b = append(b, '[')
	var err error
	for i, r := range tb.Rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		if b, err = audit.AppendJSON(b, r[0]); err != nil {
			return nil, err
		}
		b = append(b, ',')
		if vals, ok := r[1].([]any); ok && vals != nil {
			b = append(b, '[')
			for j, v := range vals {
				if j > 0 {
					b = append(b, ',')
				}
				if b, err = audit.AppendJSON(b, v); err != nil {
					return nil, err
				}
			}
			b = append(b, ']')
		} else if b, err = audit.AppendJSON(b, r[1]); err != nil {
			return nil, err
		}
		b = append(b, ']')
	}
	return append(b, "]}"...), nil
}
