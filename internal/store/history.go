package store

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
)

// Row history: the signed history covers the rows of the tracked tables (history_tables.go),
// not only what each command chose to write into its event. Every write transaction notes,
// through its connection's pre-update hook (PostgreSQL: the schema's triggers), which tracked
// rows it touched; before it commits, it appends "history rows" events recording each such
// row as it now stands (or that it is gone), signed like every event. audit verify folds these records and compares them
// with the tables: a row changed, added or removed outside kefu is named, field by field.

const (
	// HistoryEntity and HistoryRows name the events that record rows.
	HistoryEntity = "history"
	HistoryRows   = "rows"
	// rowsPerEvent bounds one event's payload.
	rowsPerEvent = 200
	// rowsUnrecorded is the state entry migration 0009 leaves in a database whose rows were
	// written before the history recorded them: audit adopt records them and removes it.
	rowsUnrecorded = "history.rows_unrecorded"
)

// rowRecord is one row as a history event records it: its key and its values in the order
// of the event's column list; V is nil for a removed row.
type rowRecord struct {
	K any
	V []any
}

// tableRows is one table's part of a history rows event: its columns once, then each row as
// [key, [values...]] or [key, null].
type tableRows struct {
	T    string   `json:"t"`
	Cols []string `json:"cols"`
	Rows [][2]any `json:"rows"`
}

// rowsPayload is a history rows event's payload (read back as storedRows).
type rowsPayload struct {
	Tables []tableRows `json:"tables"`
}

// ensureCapture makes this transaction note the tracked rows it writes. On SQLite the
// connection's pre-update hook does (capture.go); on PostgreSQL the schema's triggers write
// them into kefu_dirty, under this transaction's id, while the transaction's setting
// kefu.capture is on — which runTx's first statement, the writers' queue, turns on.
func (t *Tx) ensureCapture() error {
	if !t.pg && t.rows == nil {
		return errs.E(errs.Internal, "a write transaction without its row capture")
	}
	return nil
}

// noteRow adds a row to those this transaction records, as if it had written it.
func (t *Tx) noteRow(table string, key any) error {
	if !t.pg {
		t.rows.add(table, key)
		return nil
	}
	_, err := t.exec(`INSERT INTO kefu_dirty VALUES (txid_current(), ?, ?) ON CONFLICT DO NOTHING`, table, fmt.Sprint(key))
	return err
}

// forgetRows empties the rows noted, once they are recorded.
func (t *Tx) forgetRows() error {
	if !t.pg {
		t.rows.clear()
		return nil
	}
	_, err := t.exec(`DELETE FROM kefu_dirty WHERE xid = txid_current()`)
	return err
}

// flushRows records every tracked row this transaction touched, in events signed with the
// audit key. Without a key nothing is recorded (such writes are refused, see PrepareAudit).
func (t *Tx) flushRows() error {
	if t.key == nil {
		return t.forgetRows()
	}
	if t.redactRows {
		if err := t.redactOlderRecords(); err != nil {
			return err
		}
	}
	dirty, err := t.dirtyKeys()
	if err != nil {
		return err
	}
	// The rows are read here, on the transaction's connection, and turned into records and
	// encoded payloads by a second goroutine (digests, JSON), which hands the payloads back in
	// order to be signed and stored: after a million-row import, both cores work.
	enc := t.startRowsEncoder()
	defer enc.stop()
	size := 0
	for i := range tracked {
		tb := &tracked[i]
		keys := dirty[tb.Table]
		if t.pg && tb.Key == "id" {
			// PostgreSQL's capture notes keys as text; ids are numbers on both engines.
			var err error
			if keys, err = pgIntKeys(keys); err != nil {
				return err
			}
		}
		for len(keys) > 0 {
			chunk := keys[:min(len(keys), rowsPerEvent-size)]
			keys = keys[len(chunk):]
			selected, raw, err := t.readRaw(tb, chunk)
			if err != nil {
				return err
			}
			if err := enc.send(rowsJob{tb: tb, selected: selected, keys: chunk, raw: raw}); err != nil {
				return err
			}
			if size += len(chunk); size >= rowsPerEvent {
				if err := enc.send(rowsJob{flush: true}); err != nil {
					return err
				}
				size = 0
			}
		}
	}
	if size > 0 {
		if err := enc.send(rowsJob{flush: true}); err != nil {
			return err
		}
	}
	if err := enc.finish(); err != nil {
		return err
	}
	return t.forgetRows()
}

// RedactRowHistory makes this transaction, when it records the rows it changed, also erase the
// free text and personal data digests of those rows from their earlier records (customer
// forget): the erased values leave no trace, not even a keyed digest a key holder could test
// guesses against. The rewritten events are marked redacted and authenticated by a redaction
// MAC, as forget's other rewritten events are.
func (t *Tx) RedactRowHistory() { t.redactRows = true }

// redactedDigest replaces a digest erased by RedactRowHistory.
const redactedDigest = "#redacted"

func (t *Tx) redactOlderRecords() error {
	dirty := map[string]map[string]bool{}
	var likes []string
	var args []any
	written, err := t.dirtyKeys()
	if err != nil {
		return err
	}
	for _, tb := range tracked {
		if len(tb.Digest) == 0 {
			continue
		}
		keys := written[tb.Table]
		if len(keys) == 0 {
			continue
		}
		dirty[tb.Table] = map[string]bool{}
		for _, k := range keys {
			dirty[tb.Table][rawKey(k)] = true
		}
		likes = append(likes, `payload LIKE ?`)
		args = append(args, `%"t":"`+tb.Table+`"%`)
	}
	if len(likes) == 0 {
		return nil
	}
	var evs []audit.Stored
	err = t.StreamEventsWhere(`entity = '`+HistoryEntity+`' AND action = '`+HistoryRows+`' AND (`+strings.Join(likes, " OR ")+`)`, args, func(e audit.Stored) error {
		evs = append(evs, e)
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range evs {
		var p storedRows
		if err := json.Unmarshal([]byte(e.Payload), &p); err != nil {
			return errs.Wrap(err, "reading history event %d", e.ID)
		}
		changed := false
		for ti := range p.Tables {
			tr := &p.Tables[ti]
			keys := dirty[tr.T]
			tb := trackedTable(tr.T)
			if keys == nil || tb == nil {
				continue
			}
			for ri, r := range tr.Rows {
				if !keys[string(r[0])] {
					continue
				}
				vals, err := values(r[1])
				if err != nil || vals == nil {
					continue
				}
				for ci, c := range tr.Cols {
					if ci < len(vals) && slices.Contains(tb.Digest, c) && string(vals[ci]) != "null" {
						vals[ci] = json.RawMessage(strconv.Quote(redactedDigest))
						changed = true
					}
				}
				b, _ := json.Marshal(vals)
				tr.Rows[ri][1] = b
			}
		}
		if !changed {
			continue
		}
		np, err := json.Marshal(p)
		if err != nil {
			return errs.Wrap(err, "redacting history event %d", e.ID)
		}
		e.Payload = string(np)
		var rmac any
		if e.MAC != "" {
			rmac = audit.RedactionMAC(t.key, e.MAC, e.Canonical())
		}
		if _, err := t.exec(`UPDATE events SET payload = ?, redacted = 1, redaction_mac = ? WHERE id = ?`, e.Payload, rmac, e.ID); err != nil {
			return err
		}
	}
	return nil
}

func trackedTable(name string) *Tracked {
	for i := range tracked {
		if tracked[i].Table == name {
			return &tracked[i]
		}
	}
	return nil
}

// dirtyKeys reads the keys of the rows this transaction changed, per table in key order, in
// one statement (not one per tracked table).
func (t *Tx) dirtyKeys() (map[string][]any, error) {
	if !t.pg {
		keys := make(map[string][]any, len(t.rows.keys))
		for tb, ks := range t.rows.keys {
			if len(ks) > 0 {
				keys[tb] = sortedKeys(ks)
			}
		}
		t.rows.mergeInserted(keys)
		return keys, nil
	}
	rows, err := t.query(`SELECT tbl, k FROM kefu_dirty WHERE xid = txid_current() ORDER BY tbl, k`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[string][]any{}
	for rows.Next() {
		var tbl string
		var k any
		if err := rows.Scan(&tbl, &k); err != nil {
			return nil, errs.Wrap(err, "reading the row history")
		}
		keys[tbl] = append(keys[tbl], k)
	}
	return keys, errs.Wrap(rows.Err(), "reading the row history")
}

// recordScanner reads rows of one tracked table, selected as the key (kefu_key) followed by
// every column, as history records.
type recordScanner struct {
	tb   *Tracked
	cols []string // the table's columns, without kefu_key
	at   []int    // per column: its index in the selected row
	// selected are the columns read: kefu_key, then the table's.
	selected []string
	digest   []bool // per column: kept as a digest
	mac      hash.Hash
	vals     []any
	ptrs     []any
	// buf and sum are digestOf's, reused.
	buf, sum []byte
	// emptyDigest is each column's digest of the empty text, once computed.
	emptyDigest []string
}

func (t *Tx) newScanner(tb *Tracked, selected []string) *recordScanner {
	var cols []string
	var at []int
	for i, c := range selected[1:] {
		// PostgreSQL's kinds and score_rules carry a rowid column for insertion order, which
		// SQLite keeps out of sight: it is not part of the row.
		if c == "rowid" && t.pg {
			continue
		}
		cols, at = append(cols, c), append(at, i+1)
	}
	sc := &recordScanner{tb: tb, selected: selected, cols: cols, at: at, digest: make([]bool, len(cols)), emptyDigest: make([]string, len(cols)), vals: make([]any, len(selected)), ptrs: make([]any, len(selected))}
	for i := range selected {
		sc.ptrs[i] = &sc.vals[i]
	}
	for i, c := range cols {
		sc.digest[i] = slices.Contains(tb.Digest, c)
	}
	if t.key != nil {
		sc.mac = hmac.New(sha256.New, t.key)
	}
	return sc
}

func (sc *recordScanner) scan(rows *sql.Rows) (rowRecord, error) {
	if err := rows.Scan(sc.ptrs...); err != nil {
		return rowRecord{}, errs.Wrap(err, "reading %s", sc.tb.Table)
	}
	return sc.record(sc.vals), nil
}

// record is the history record of a row read as kefu_key followed by every column.
func (sc *recordScanner) record(vals []any) rowRecord {
	r := rowRecord{K: plain(vals[0]), V: make([]any, len(sc.cols))}
	for i, c := range sc.cols {
		v := plain(vals[sc.at[i]])
		if v != nil && sc.digest[i] && sc.mac != nil {
			if v == "" {
				// Most free-text columns are empty: their digest is the column's, computed once.
				if sc.emptyDigest[i] == "" {
					sc.emptyDigest[i] = sc.digestOf(c, v)
				}
				v = sc.emptyDigest[i]
			} else {
				v = sc.digestOf(c, v)
			}
		}
		r.V[i] = v
	}
	return r
}

// digestOf is a keyed digest of a value: it shows a change without keeping the text.
func (sc *recordScanner) digestOf(col string, v any) string {
	b, _ := audit.AppendJSON(sc.buf[:0], v) // json.Marshal's encoding
	sc.buf = b
	sc.mac.Reset()
	sc.mac.Write([]byte(sc.tb.Table))
	sc.mac.Write([]byte{'.'})
	sc.mac.Write([]byte(col))
	sc.mac.Write([]byte{0})
	sc.mac.Write(b)
	sc.sum = sc.mac.Sum(sc.sum[:0])
	var d [25]byte
	d[0] = '#'
	hex.Encode(d[1:], sc.sum[:12])
	return string(d[:])
}

// plain turns a scanned value into one JSON keeps exactly.
func plain(v any) any {
	switch x := v.(type) {
	case []byte:
		return "x'" + hex.EncodeToString(x) + "'"
	case int:
		return int64(x)
	}
	return v
}

func rawKey(k any) string {
	b, _ := audit.AppendJSON(nil, k) // json.Marshal's encoding
	return string(b)
}

func pgIntKeys(keys []any) ([]any, error) {
	for i, k := range keys {
		s, _ := k.(string)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, errs.Wrap(err, "reading the row history")
		}
		keys[i] = n
	}
	slices.SortFunc(keys, func(a, b any) int { return cmp.Compare(a.(int64), b.(int64)) })
	return keys, nil
}
