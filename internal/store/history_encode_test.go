package store

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/kefu/kefu/internal/audit"
)

// encodeRows must write what audit.EncodePayload (json.Marshal) writes, byte for byte: the
// MAC chain signs the payload as stored.
func TestEncodeRowsMatchesMarshal(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "退款未到账", "a<b & c>d", "\"quoted\" \\", "\xff bad", "line\nbreak", "\u2028", "#0123456789abcdef01234567"}
	value := func() any {
		switch rnd.IntN(7) {
		case 0:
			return nil
		case 1:
			return rnd.Int64() - rnd.Int64()
		case 2:
			return rnd.Float64() * 1e6
		case 3:
			return "x'" + "00ff" + "'"
		default:
			return texts[rnd.IntN(len(texts))]
		}
	}
	payloads := []rowsPayload{{}, {Tables: []tableRows{}}, {Tables: []tableRows{{T: "tickets"}}}}
	for range 200 {
		var p rowsPayload
		for range 1 + rnd.IntN(3) {
			tb := tableRows{T: texts[rnd.IntN(len(texts))], Cols: []string{"id", "name", "note"}}
			for range rnd.IntN(5) {
				var k any = rnd.Int64N(1000)
				if rnd.IntN(4) == 0 {
					k = texts[rnd.IntN(len(texts))]
				}
				if rnd.IntN(5) == 0 {
					tb.Rows = append(tb.Rows, [2]any{k, nil})
					continue
				}
				tb.Rows = append(tb.Rows, [2]any{k, []any{value(), value(), value()}})
			}
			p.Tables = append(p.Tables, tb)
		}
		payloads = append(payloads, p)
	}
	for _, p := range payloads {
		want, err := audit.EncodePayload(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeRows(p)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("encodeRows gives\n%s\njson.Marshal gives\n%s", got, want)
		}
		var back storedRows
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatal(err)
		}
	}
}
