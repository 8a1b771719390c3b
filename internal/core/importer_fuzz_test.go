package core

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// Import files are hostile input: any bytes read as CSV or JSON lines end in rows, row
// errors or a clean refusal — never a panic or an endless loop.
func FuzzImportRows(f *testing.F) {
	f.Add([]byte("opened_at,kind,channel,subject\n2026-03-02T09:00:00+08:00,inquiry,chat,退款\n"), true)
	f.Add([]byte("opened_at,kind,channel,subject,customer\n\"2026-03-02 09:00\",complaint,phone,\"a,b\",\"王芳\"\n"), true)
	f.Add([]byte("opened_at,kind\n\"unterminated\n"), true)
	f.Add([]byte("fax,kind\n1,2\n"), true)
	f.Add([]byte(`{"opened_at":"2026-03-02T09:00:00+08:00","kind":"inquiry","channel":"chat","subject":"'; DROP TABLE tickets; --"}`+"\n"), false)
	f.Add([]byte("{\"subject\": [1,2]}\nnot json\n{}\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		format := ImportJSONL
		if csv {
			format = ImportCSV
		}
		rows, err := newRowReader(bytes.NewReader(data), ImportOptions{Format: format})
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			_, rec, err := rows.next()
			if errors.Is(err, io.EOF) {
				return
			}
			var re rowError
			if err != nil && !errors.As(err, &re) {
				return // the file as a whole is refused
			}
			if rec != nil {
				for _, c := range ImportRequired {
					_ = rec(c)
				}
			}
		}
		t.Fatalf("more than 10000 rows from %d bytes", len(data))
	})
}
