package store

// The verifying half of the row history: fold the recorded rows, compare them with the
// tables, name each difference; and check the schema's triggers.

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	kefu "github.com/kefu/kefu"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/parallel"
)

// column is a tracked table's column and the JSON of its default value.
type column struct {
	name string
	dflt json.RawMessage
}

func (t *Tx) columns(table string) ([]column, error) {
	q := `SELECT name, coalesce(dflt_value, '') FROM pragma_table_info(?) ORDER BY cid`
	if t.pg {
		// Identity columns have no default; rowid is PostgreSQL's insertion order, not data.
		q = `SELECT a.attname, coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a
			LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'rowid' ORDER BY a.attnum`
	}
	rows, err := t.query(q, table)
	if err != nil {
		return nil, err
	}
	var cols []column
	var dflts []string
	for rows.Next() {
		var c column
		var d string
		if err := rows.Scan(&c.name, &d); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "reading the columns of %s", table)
		}
		cols = append(cols, c)
		dflts = append(dflts, d)
	}
	rows.Close()
	for i, d := range dflts {
		var v any
		if d != "" {
			// A default is an SQL expression: evaluate it as SQLite would for an older row.
			if err := t.queryRow(`SELECT ` + d).Scan(&v); err != nil {
				return nil, errs.Wrap(err, "reading the default of %s.%s", table, cols[i].name)
			}
		}
		cols[i].dflt, _ = json.Marshal(plain(v))
	}
	return cols, nil
}

type rowState struct {
	event   int64
	sum     [16]byte
	removed bool
}

// rowSum hashes a record's values over the table's current columns; a column the record does
// not have (added to the table after it was recorded) counts as its default.
func rowSum(cols []column, at map[string]int, vals []json.RawMessage) [16]byte {
	h := sha256.New()
	for _, c := range cols {
		raw := c.dflt
		if i, ok := at[c.name]; ok && i < len(vals) {
			raw = vals[i]
		}
		h.Write([]byte(c.name))
		h.Write([]byte{0})
		h.Write(raw)
		h.Write([]byte{0})
	}
	var s [16]byte
	copy(s[:], h.Sum(nil))
	return s
}

// storedTable is a tableRows as read back.
type storedTable struct {
	T    string               `json:"t"`
	Cols []string             `json:"cols"`
	Rows [][2]json.RawMessage `json:"rows"`
}

type storedRows struct {
	Tables []storedTable `json:"tables"`
}

func indexOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// values splits a recorded row's values; nil for a removed row.
func values(raw json.RawMessage) ([]json.RawMessage, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	var v []json.RawMessage
	err := json.Unmarshal(raw, &v)
	return v, err
}

// foldRows reads every row record of the history: per table and key, the last state. The
// events are read in id order on this goroutine; their payloads are decoded and the rows
// hashed on every core, and the states taken in event order. With each, it reads every event
// of the history and calls each with it (audit verify checks the chain on the same pass).
func (t *Tx) foldRows(cols map[string][]column, each func(audit.Stored) error) (map[string]map[string]rowState, error) {
	state := map[string]map[string]rowState{}
	for _, tb := range tracked {
		state[tb.Table] = map[string]rowState{}
	}
	const batch = 8 // events of up to rowsPerEvent rows each
	var failed error
	work := parallel.NewOrdered(func(evs []rowsEvent) foldedRows { return foldEvents(cols, evs) }, func(f foldedRows) {
		if failed != nil {
			return
		}
		for _, r := range f.rows {
			state[r.table][r.key] = r.state
		}
		failed = f.err
	})
	evs := make([]rowsEvent, 0, batch)
	fold := func(e rowsEvent) error {
		if evs = append(evs, e); len(evs) == batch {
			work.Add(evs)
			evs = make([]rowsEvent, 0, batch)
		}
		return failed
	}
	var err error
	if each != nil {
		err = t.StreamEvents(0, func(e audit.Stored) error {
			if err := each(e); err != nil {
				return err
			}
			if e.Entity != HistoryEntity || e.Action != HistoryRows {
				return failed
			}
			return fold(rowsEvent{id: e.ID, text: e.Payload})
		})
	} else {
		err = stream(t, "the history", `SELECT id, payload FROM events WHERE entity = ? AND action = ? ORDER BY id`, []any{HistoryEntity, HistoryRows},
			func(rows *sql.Rows) (rowsEvent, error) {
				var e rowsEvent
				err := rows.Scan(&e.id, &e.payload)
				return e, err
			}, fold)
	}
	if len(evs) > 0 && err == nil {
		work.Add(evs)
	}
	work.Wait()
	if err == nil {
		err = failed
	}
	if err != nil {
		return nil, err
	}
	return state, nil
}

// rowsEvent is a history rows event as foldRows reads it: its payload as bytes, or as the
// text of the event read whole (turned into bytes by the worker that folds it).
type rowsEvent struct {
	id      int64
	payload []byte
	text    string
}

// foldedRows are the row states a batch of history rows events records, in order, or the
// first failure to read one.
type foldedRows struct {
	rows []foldedRow
	err  error
}

type foldedRow struct {
	table, key string
	state      rowState
}

// foldEvents decodes history rows events and hashes each row they record.
func foldEvents(cols map[string][]column, evs []rowsEvent) foldedRows {
	var out foldedRows
	h := newRowHasher()
	var vals []json.RawMessage
	for _, e := range evs {
		if e.payload == nil {
			e.payload = []byte(e.text)
		}
		p, ok := fastRows(e.payload)
		if !ok {
			p = storedRows{}
			if err := json.Unmarshal(e.payload, &p); err != nil {
				out.err = errs.Wrap(err, "reading history event %d", e.id)
				return out
			}
		}
		for _, tr := range p.Tables {
			c, ok := cols[tr.T]
			if !ok {
				continue // a table kefu no longer tracks
			}
			pos := positions(c, indexOf(tr.Cols))
			for _, r := range tr.Rows {
				v, ok := fastValues(r[1], vals)
				if !ok {
					var err error
					if v, err = values(r[1]); err != nil {
						out.err = errs.Wrap(err, "reading history event %d", e.id)
						return out
					}
				}
				if v == nil {
					out.rows = append(out.rows, foldedRow{tr.T, string(r[0]), rowState{event: e.id, removed: true}})
					continue
				}
				vals = v
				out.rows = append(out.rows, foldedRow{tr.T, string(r[0]), rowState{event: e.id, sum: h.sum(c, pos, v)}})
			}
		}
	}
	return out
}

// positions maps each of a table's columns to its index in a record's values (at), -1 when
// the record has no such column.
func positions(cols []column, at map[string]int) []int {
	pos := make([]int, len(cols))
	for i, c := range cols {
		pos[i] = -1
		if j, ok := at[c.name]; ok {
			pos[i] = j
		}
	}
	return pos
}

// rowHasher computes a row's sum, the hashed text built in one reused buffer. The sums of the
// history's records and of the tables' rows are made by it alike, in one process, and only
// compared with each other: equal sums are equal values, column by column, as rowSum's are.
type rowHasher struct {
	buf []byte
}

func newRowHasher() *rowHasher { return &rowHasher{} }

// sum is rowSum(cols, at, vals) for pos = positions(cols, at), without the column names
// (both sides follow cols): each value is written after its length, so no two rows of other
// values give the same text.
func (rh *rowHasher) sum(cols []column, pos []int, vals []json.RawMessage) [16]byte {
	b := rh.buf[:0]
	for i, c := range cols {
		raw := c.dflt
		if j := pos[i]; j >= 0 && j < len(vals) {
			raw = vals[j]
		}
		b = binary.AppendUvarint(b, uint64(len(raw)))
		b = append(b, raw...)
	}
	rh.buf = b
	full := sha256.Sum256(b)
	var s [16]byte
	copy(s[:], full[:])
	return s
}

// CheckRows compares every tracked table with the last state the history recorded for each
// row, in both directions, and names each difference.
func (t *Tx) CheckRows(key []byte) (RowCheck, error) { return t.CheckHistory(key, nil, nil) }

// CheckHistory is CheckRows reading the history once for audit verify: it calls each with
// every event of the history in id order, then done (when not nil) once the last event is
// read, before the tables are compared. An error of each or done ends the check.
func (t *Tx) CheckHistory(key []byte, each func(audit.Stored) error, done func() error) (RowCheck, error) {
	var r RowCheck
	cols := map[string][]column{}
	for _, tb := range tracked {
		c, err := t.columns(tb.Table)
		if err != nil {
			return r, err
		}
		cols[tb.Table] = c
	}
	state, err := t.foldRows(cols, each)
	if err != nil {
		return r, err
	}
	if done != nil {
		if err := done(); err != nil {
			return r, err
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
		err := t.eachChecked(tb, key, cols[tb.Table], func(at map[string]int, rec *checkedRecord) error {
			r.Rows++
			st, ok := m[rec.key]
			delete(m, rec.key)
			switch {
			case !ok || st.removed:
				if unrecorded != "" && !ok {
					if old == 0 {
						firstOld = name(tb, rec.k)
					}
					old++
					return nil
				}
				r.Add("%s: in the table but not in its history (added outside kefu)", name(tb, rec.k))
			case rec.sum != st.sum:
				return t.explainRow(&r, tb, cols[tb.Table], st.event, rec.key, at, rec.raw)
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

func rawValues(v []any) []json.RawMessage {
	out := make([]json.RawMessage, len(v))
	for i, x := range v {
		out[i], _ = json.Marshal(x)
	}
	return out
}

// eachRecord calls fn with every row of a tracked table as a history record (digests made
// with key), in key order, with the columns its values follow.
func (t *Tx) eachRecord(tb *Tracked, key []byte, fn func([]string, rowRecord) error) error {
	var sc *recordScanner
	var cols []string
	return stream(t, tb.Table, fmt.Sprintf(`SELECT %s AS kefu_key, * FROM main.%s ORDER BY %s`, tb.Key, tb.Table, tb.Key), nil,
		func(rows *sql.Rows) (rowRecord, error) {
			if sc == nil {
				selected, err := rows.Columns()
				if err != nil {
					return rowRecord{}, err
				}
				saved := t.key
				t.key = key
				sc = t.newScanner(tb, selected)
				t.key = saved
				cols = sc.cols
			}
			return sc.scan(rows)
		}, func(rec rowRecord) error { return fn(cols, rec) })
}

// checkedRecord is a row of a tracked table as the row check compares it with the history:
// its key (as scanned, and as the history writes it), its values as the history would record
// them and their rowSum over the table's columns.
type checkedRecord struct {
	k   any
	key string
	raw []json.RawMessage
	sum [16]byte
}

// eachChecked calls fn with every row of a tracked table as a checkedRecord (digests made with
// key), in key order, with the index of its values by column name. The rows are read on this
// goroutine and encoded, digested and hashed on every core; fn runs on this goroutine, so it
// may query. Its first error ends the walk.
func (t *Tx) eachChecked(tb *Tracked, key []byte, cols []column, fn func(map[string]int, *checkedRecord) error) error {
	const batch = 512
	var (
		enc     *recordEncoder
		at      map[string]int
		scratch []any
		ptrs    []any
		failed  error
		rows    = make([][]any, 0, batch)
	)
	var work *parallel.Ordered[[][]any, []checkedRecord]
	err := stream(t, tb.Table, fmt.Sprintf(`SELECT %s AS kefu_key, * FROM main.%s ORDER BY %s`, tb.Key, tb.Table, tb.Key), nil,
		func(r *sql.Rows) ([]any, error) {
			if enc == nil {
				selected, err := r.Columns()
				if err != nil {
					return nil, err
				}
				saved := t.key
				t.key = key
				sc := t.newScanner(tb, selected)
				t.key = saved
				at = indexOf(sc.cols)
				enc = newRecordEncoder(tb, sc, key, cols, at)
				work = parallel.NewOrdered(enc.encode, func(recs []checkedRecord) {
					for i := range recs {
						if failed == nil {
							failed = fn(at, &recs[i])
						}
					}
				})
				scratch, ptrs = make([]any, len(selected)), make([]any, len(selected))
				for i := range scratch {
					ptrs[i] = &scratch[i]
				}
			}
			if err := r.Scan(ptrs...); err != nil {
				return nil, errs.Wrap(err, "reading %s", tb.Table)
			}
			return slices.Clone(scratch), nil
		}, func(row []any) error {
			if rows = append(rows, row); len(rows) == batch {
				work.Add(rows)
				rows = make([][]any, 0, batch)
			}
			return failed
		})
	if work == nil {
		return err
	}
	if len(rows) > 0 && err == nil {
		work.Add(rows)
	}
	work.Wait()
	if err == nil {
		err = failed
	}
	return err
}

// recordEncoder turns scanned rows into checkedRecords as recordScanner, rawKey, rawValues
// and rowSum would, without going through encoding/json for plain values.
type recordEncoder struct {
	tb     *Tracked
	sc     *recordScanner
	key    []byte
	cols   []column
	pos    []int    // per table column: its index among sc.cols
	prefix [][]byte // per digested column: what its digest's MAC starts with
}

func newRecordEncoder(tb *Tracked, sc *recordScanner, key []byte, cols []column, at map[string]int) *recordEncoder {
	e := &recordEncoder{tb: tb, sc: sc, key: key, cols: cols, pos: positions(cols, at), prefix: make([][]byte, len(sc.cols))}
	for i, c := range sc.cols {
		e.prefix[i] = []byte(tb.Table + "." + c + "\x00")
	}
	return e
}

func (e *recordEncoder) encode(rows [][]any) []checkedRecord {
	out := make([]checkedRecord, len(rows))
	h := newRowHasher()
	var mac hash.Hash
	if e.key != nil {
		mac = hmac.New(sha256.New, e.key)
	}
	var tmp, sum []byte
	ends := make([]int, len(e.sc.cols))
	// empty[i] is the digest of column i's empty text, written once: most of a ticket's
	// digested columns (plan, outcome, ...) are empty in most rows.
	empty := make([][]byte, len(e.sc.cols))
	for ri, row := range rows {
		rec := &out[ri]
		rec.k = plain(row[0])
		rec.key = string(appendJSON(tmp[:0], rec.k))
		var buf []byte
		for i := range e.sc.cols {
			v := plain(row[e.sc.at[i]])
			if v != nil && e.sc.digest[i] && mac != nil {
				if s, ok := v.(string); ok && s == "" && empty[i] != nil {
					buf = append(buf, empty[i]...)
					ends[i] = len(buf)
					continue
				}
				// digestOf, written straight as its JSON string.
				tmp = appendJSON(tmp[:0], v)
				mac.Reset()
				mac.Write(e.prefix[i])
				mac.Write(tmp)
				sum = mac.Sum(sum[:0])
				start := len(buf)
				buf = append(buf, `"#`...)
				buf = hex.AppendEncode(buf, sum[:12])
				buf = append(buf, '"')
				if s, ok := v.(string); ok && s == "" {
					empty[i] = slices.Clone(buf[start:])
				}
			} else {
				buf = appendJSON(buf, v)
			}
			ends[i] = len(buf)
		}
		rec.raw = make([]json.RawMessage, len(ends))
		start := 0
		for i, end := range ends {
			rec.raw[i] = buf[start:end:end]
			start = end
		}
		rec.sum = h.sum(e.cols, e.pos, rec.raw)
	}
	return out
}

// explainRow names the fields where a row differs from its recorded state in event id.
func (t *Tx) explainRow(r *RowCheck, tb *Tracked, cols []column, id int64, k string, at map[string]int, cur []json.RawMessage) error {
	var payload string
	if err := t.queryRow(`SELECT payload FROM events WHERE id = ?`, id).Scan(&payload); err != nil {
		return errs.Wrap(err, "reading history event %d", id)
	}
	var p storedRows
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return errs.Wrap(err, "reading history event %d", id)
	}
	kv := keyValue(k)
	for _, tr := range p.Tables {
		if tr.T != tb.Table {
			continue
		}
		was := indexOf(tr.Cols)
		for _, rec := range tr.Rows {
			if string(rec[0]) != k {
				continue
			}
			vals, err := values(rec[1])
			if err != nil {
				return errs.Wrap(err, "reading history event %d", id)
			}
			for _, c := range cols {
				then := c.dflt
				if i, ok := was[c.name]; ok && i < len(vals) {
					then = vals[i]
				}
				var now json.RawMessage
				if i, ok := at[c.name]; ok {
					now = cur[i]
				}
				if string(then) == string(now) {
					continue
				}
				if slices.Contains(tb.Digest, c.name) {
					r.Add("%s: %s differs from its history", name(tb, kv), c.name)
					continue
				}
				tenths := slices.Contains(tb.Tenths, c.name)
				r.Add("%s: %s %s in history, %s in table", name(tb, kv), c.name, showRaw(then, tenths), showRaw(now, tenths))
			}
		}
	}
	return nil
}

// name is how a finding names a row: "score entry 17", "setting score.base".
func name(tb *Tracked, k any) string {
	return fmt.Sprintf("%s %v", tb.Label, k)
}

func showRaw(raw json.RawMessage, tenths bool) string {
	var v any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case nil:
		return "none"
	case string:
		if x == "" {
			return `""`
		}
		return strconv.Quote(x)
	case json.Number:
		if n, err := x.Int64(); err == nil && tenths {
			s := strconv.FormatInt(n/10, 10)
			if n < 0 && n > -10 {
				s = "-0"
			}
			if n%10 != 0 {
				s += "." + strconv.FormatInt(abs(n%10), 10)
			}
			return s
		}
		return x.String()
	}
	return string(raw)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// RecordUnrecordedRows records, in this transaction, every tracked row the history has no
// record of yet (audit adopt of a database from before the row history). It reports how many.
func (t *Tx) RecordUnrecordedRows() (int, error) {
	cols := map[string][]column{}
	for _, tb := range tracked {
		c, err := t.columns(tb.Table)
		if err != nil {
			return 0, err
		}
		cols[tb.Table] = c
	}
	state, err := t.foldRows(cols, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range tracked {
		tb := &tracked[i]
		var keys []any
		err := t.eachRecord(tb, t.key, func(_ []string, rec rowRecord) error {
			if _, ok := state[tb.Table][rawKey(rec.K)]; !ok {
				keys = append(keys, rec.K)
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		for _, k := range keys {
			if err := t.noteRow(tb.Table, k); err != nil {
				return n, err
			}
		}
		n += len(keys)
	}
	if _, err := t.exec(`DELETE FROM state WHERE key = ?`, rowsUnrecorded); err != nil {
		return n, err
	}
	return n, nil
}

// RowsUnrecorded reports whether the database holds rows from before the row history that
// audit adopt has not recorded yet.
func (t *Tx) RowsUnrecorded() (bool, error) {
	v, err := t.State(rowsUnrecorded)
	return v != "", err
}

var triggerStart = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?`)
})

// shippedTriggers are the triggers of schema.sql by name, comments dropped and white space
// normalised. A trigger's statement runs from its CREATE TRIGGER line to the first line
// ending in END; (schema.sql's convention).
var shippedTriggers = sync.OnceValue(readShippedTriggers)

func readShippedTriggers() map[string]string {
	out := map[string]string{}
	name := ""
	var cur []string
	for _, line := range strings.Split(kefu.Schema, "\n") {
		code := stripComment(line)
		if name == "" {
			if !startsCreate(code) {
				continue // most lines: the regular expression would cost more than the whole rest
			}
			m := triggerStart().FindStringSubmatch(code)
			if m == nil {
				continue
			}
			name, cur = m[1], nil
		}
		cur = append(cur, code)
		if t := strings.ToUpper(strings.TrimSpace(code)); t == "END;" || strings.HasSuffix(t, " END;") || strings.HasSuffix(t, ";END;") {
			out[name] = normalSQL(strings.Join(cur, "\n"))
			name = ""
		}
	}
	return out
}

// startsCreate reports whether s, after white space, starts with the word CREATE in any case,
// as every line that triggerStart matches does.
func startsCreate(s string) bool {
	s = strings.TrimLeft(s, "\t\n\f\r ")
	return len(s) >= len("create") && strings.EqualFold(s[:len("create")], "create")
}

func stripComment(line string) string {
	if i := strings.Index(line, "--"); i >= 0 {
		return line[:i]
	}
	return line
}

// normalSQL is a statement without comments, white space runs or a final semicolon.
func normalSQL(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = stripComment(l)
	}
	return strings.TrimSuffix(strings.Join(strings.Fields(strings.Join(lines, "\n")), " "), ";")
}

// CheckTriggers compares the database's triggers with the ones kefu ships: a trigger that is
// missing, changed or added is a finding (the history's append-only rule lives in them).
func (t *Tx) CheckTriggers() ([]string, error) {
	if t.pg {
		return t.checkTriggersPG()
	}
	want := shippedTriggers()
	rows, err := t.query(`SELECT name, coalesce(sql, '') FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	seen := map[string]bool{}
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			return nil, errs.Wrap(err, "reading the schema")
		}
		seen[n] = true
		w, ok := want[n]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("trigger %s is not kefu's (added outside kefu)", n))
		case normalSQL(s) != w:
			problems = append(problems, fmt.Sprintf("trigger %s differs from the one kefu ships (changed outside kefu)", n))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "reading the schema")
	}
	return append(problems, missingTriggers(want, seen)...), nil
}

// keyValue is a row key as the history records it (JSON: a number or a string); a key that is
// not JSON is shown as it is.
func keyValue(k string) any {
	var kv any
	if err := json.Unmarshal([]byte(k), &kv); err != nil {
		return k
	}
	return kv
}

// missingTriggers names, in order, the triggers kefu ships (want) that the schema lacks (seen
// holds those found): one problem line each, on either engine.
func missingTriggers[V any](want map[string]V, seen map[string]bool) []string {
	var missing []string
	for n := range want {
		if !seen[n] {
			missing = append(missing, n)
		}
	}
	slices.Sort(missing)
	problems := make([]string, 0, len(missing))
	for _, n := range missing {
		problems = append(problems, fmt.Sprintf("trigger %s is missing (dropped outside kefu)", n))
	}
	return problems
}
