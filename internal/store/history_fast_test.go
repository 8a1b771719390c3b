package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// checkRowsReference is CheckRows as it was first written: encoding/json for every payload
// and value, one row after the other. The fast, parallel CheckRows must find the same.
func checkRowsReference(t *Tx, key []byte) (RowCheck, error) {
	var r RowCheck
	cols := map[string][]column{}
	for _, tb := range tracked {
		c, err := t.columns(tb.Table)
		if err != nil {
			return r, err
		}
		cols[tb.Table] = c
	}
	state := map[string]map[string]rowState{}
	for _, tb := range tracked {
		state[tb.Table] = map[string]rowState{}
	}
	var evs []rowsEvent
	err := stream(t, "the history", `SELECT id, payload FROM events WHERE entity = ? AND action = ? ORDER BY id`, []any{HistoryEntity, HistoryRows},
		func(rows *sql.Rows) (rowsEvent, error) {
			var e rowsEvent
			return e, rows.Scan(&e.id, &e.payload)
		}, func(e rowsEvent) error { evs = append(evs, e); return nil })
	if err != nil {
		return r, err
	}
	for _, e := range evs {
		var p storedRows
		if err := json.Unmarshal(e.payload, &p); err != nil {
			return r, err
		}
		for _, tr := range p.Tables {
			m, ok := state[tr.T]
			if !ok {
				continue
			}
			at := indexOf(tr.Cols)
			for _, row := range tr.Rows {
				v, err := values(row[1])
				if err != nil {
					return r, err
				}
				if v == nil {
					m[string(row[0])] = rowState{event: e.id, removed: true}
					continue
				}
				m[string(row[0])] = rowState{event: e.id, sum: rowSum(cols[tr.T], at, v)}
			}
		}
	}
	unrecorded, err := t.State(rowsUnrecorded)
	if err != nil {
		return r, err
	}
	var old int
	var firstOld string
	for i := range tracked {
		tb := &tracked[i]
		m := state[tb.Table]
		var at map[string]int
		err := t.eachRecord(tb, key, func(names []string, rec rowRecord) error {
			if at == nil {
				at = indexOf(names)
			}
			r.Rows++
			k := rawKey(rec.K)
			st, ok := m[k]
			delete(m, k)
			raw := rawValues(rec.V)
			switch {
			case !ok || st.removed:
				if unrecorded != "" && !ok {
					if old == 0 {
						firstOld = name(tb, rec.K)
					}
					old++
					return nil
				}
				r.Add("%s: in the table but not in its history (added outside kefu)", name(tb, rec.K))
			case rowSum(cols[tb.Table], at, raw) != st.sum:
				return t.explainRow(&r, tb, cols[tb.Table], st.event, k, at, raw)
			}
			return nil
		})
		if err != nil {
			return r, err
		}
	}
	for i := range tracked {
		tb := &tracked[i]
		var gone []string
		for k, st := range state[tb.Table] {
			if !st.removed {
				gone = append(gone, k)
			}
		}
		slices.Sort(gone)
		for _, k := range gone {
			r.Add("%s: in its history but missing from the table (removed outside kefu)", name(tb, keyValue(k)))
		}
	}
	if old > 0 {
		r.Add("%d rows were written before kefu recorded rows in the history (first: %s): a manager records them once with kefu audit adopt", old, firstOld)
	}
	return r, nil
}

// awkward are values whose JSON is not their text: quotes, escapes, HTML, separators.
var awkward = []string{`a"b`, `back\slash`, "<b>&amp;", "tab\there", "line\u2028sep", "中文 全角", "", "x'00'", "\x01"}

// On a database with thousands of rows (many batches), some of awkward text, tampered in
// every way the row check names, the row check finds exactly what the straightforward one
// finds, in the same order.
func TestCheckRowsFindsWhatTheStraightforwardCheckFinds(t *testing.T) {
	ctx := context.Background()
	db := openNew(t)
	key := []byte("0123456789abcdef0123456789abcdef")
	db.SetAuditKey(key)
	err := db.Update(ctx, now, func(tx *Tx) error {
		for i := range 1300 {
			s := awkward[i%len(awkward)]
			if _, err := tx.exec(`INSERT INTO customers (name, phone, notes, created_at) VALUES (?, ?, ?, ?)`,
				fmt.Sprintf("顾客%d", i), fmt.Sprintf("139%08d", i), s, 1_700_000_000_000+int64(i)); err != nil {
				return err
			}
		}
		for i, s := range awkward {
			if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, fmt.Sprintf("test.%d%s", i, s), s); err != nil {
				return err
			}
		}
		return tx.AppendEvent("王芳", "test", 0, "filled", nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	compare := func(stage string) {
		t.Helper()
		var got, want RowCheck
		err := db.View(ctx, now, func(tx *Tx) error {
			var err error
			if got, err = tx.CheckRows(key); err != nil {
				return err
			}
			want, err = checkRowsReference(tx, key)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the row check found\n%+v\nthe straightforward check\n%+v", stage, got, want)
		}
		if stage != "fresh" && len(got.Problems) == 0 {
			t.Fatalf("%s: nothing found", stage)
		}
	}
	compare("fresh")
	for _, q := range []string{
		`UPDATE customers SET phone = '13900000000' WHERE id % 97 = 5`,
		`UPDATE customers SET created_at = created_at + 1 WHERE id % 101 = 3`,
		`DELETE FROM customers WHERE id % 211 = 7`,
		`UPDATE customers SET email = 'x@example.cn' WHERE id % 89 = 1`,
		`UPDATE customers SET notes = '' WHERE id % 83 = 2 AND notes <> ''`,
		`INSERT INTO customers (name, created_at) VALUES ('冒名', 0)`,
		`UPDATE settings SET value = '<i>"changed"</i>' WHERE key LIKE 'test.1%'`,
		`DELETE FROM settings WHERE key = 'test.0a"b'`,
	} {
		if _, err := db.sql.Exec(db.dialect(q)); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		compare(q)
	}
	// A history rows event written by hand with white space and its keys in another order:
	// read as encoding/json reads it.
	payload := ` { "tables" : [ { "rows" : [ [ "test.x" , [ "test.x" , "写的" ] ] , [1, null] ] , "cols" : [ "key" , "value" ] , "t" : "settings" } ] } `
	if _, err := db.sql.Exec(db.dialect(`INSERT INTO events (id, at, actor, entity, entity_id, action, payload) VALUES ((SELECT max(id) + 1 FROM events), 0, 'x', 'history', 0, 'rows', ?)`), payload); err != nil {
		t.Fatal(err)
	}
	compare("a hand-written history event")
}

func (db *DB) dialect(q string) string {
	if db.pg != nil {
		return pgSQL(q)
	}
	return q
}

func TestFastRowsReadsAsEncodingJSON(t *testing.T) {
	for _, p := range []string{
		`{"tables":[{"t":"settings","cols":["key","value"],"rows":[["a",["a","b"]],["c",null]]}]}`,
		` { "tables" : [ ] } `,
		`{}`,
		`{"tables":[{"t":"staff","cols":[],"rows":[[1,[]],[2,[1,-2.5e3,true,false,null,"\u00e9\n",{"a":[1]}]]]}]}`,
		`{"tables":[{"rows":[],"t":"x","cols":["a"]}]}`,
		// Shapes left to encoding/json.
		`{"Tables":[]}`,
		`{"tables":[{"t":"x","T":"y"}]}`,
		`{"tables":[{"t":"x","rows":[[1]]}]}`,
		`{"tables":[{"t":"x","rows":[[1,2,3]]}]}`,
		`{"tables":[{"t":"x","t":"y"}]}`,
		`{"tables":null}`,
		`{"tables":[{"t":"x\u0041"}]}`,
		`{"tables":[{"t":"x","rows":[[01,null]]}]}`,
		`{"tables":[{"t":"x","rows":[[1,"\x"]]}]}`,
		`{"tables":[]} x`,
		`{"tables":[]`,
	} {
		checkFastRows(t, p)
	}
}

// checkFastRows fails when fastRows reads a payload otherwise than encoding/json.
func checkFastRows(t *testing.T, payload string) {
	t.Helper()
	fast, ok := fastRows([]byte(payload))
	if !ok {
		return
	}
	var slow storedRows
	if err := json.Unmarshal([]byte(payload), &slow); err != nil {
		t.Fatalf("fastRows read %q, which encoding/json refuses: %v", payload, err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("payload %q: fastRows read %#v, encoding/json %#v", payload, fast, slow)
	}
	for _, tb := range fast.Tables {
		for _, r := range tb.Rows {
			fv, fok := fastValues(r[1], nil)
			sv, err := values(r[1])
			if fok && (err != nil || !reflect.DeepEqual(fv, sv)) {
				t.Fatalf("values %s: fastValues read %q, values %q (%v)", r[1], fv, sv, err)
			}
		}
	}
}

func FuzzFastRows(f *testing.F) {
	f.Add(`{"tables":[{"t":"settings","cols":["key","value"],"rows":[["a",["a","b\"c"]],["c",null]]}]}`)
	f.Add(`{"tables":[{"t":"tickets","cols":["id","csat"],"rows":[[1,[1,5.5e-3]],[2,[2,{"x":[true,false,null]}]]]}]}`)
	f.Fuzz(func(t *testing.T, payload string) { checkFastRows(t, payload) })
}

func TestAppendJSONIsMarshal(t *testing.T) {
	vals := []any{nil, int64(0), int64(-42), int64(1) << 62, true, false, 3.25, 1e21, "x'00ff'"}
	for _, s := range append(awkward, "\xff\xfe", "a\u2029b", "\u00e9", strings.Repeat("长", 100)) {
		vals = append(vals, s)
	}
	for _, v := range vals {
		checkAppendJSON(t, v)
	}
}

func checkAppendJSON(t *testing.T, v any) {
	t.Helper()
	want, _ := json.Marshal(v)
	if got := appendJSON([]byte("prefix"), v); string(got) != "prefix"+string(want) {
		t.Fatalf("appendJSON(%#v) = %s, json.Marshal %s", v, got[len("prefix"):], want)
	}
}

func FuzzAppendJSON(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAppendJSON(t, s) })
}
