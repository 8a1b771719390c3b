package store

import (
	"fmt"

	"github.com/kefu/kefu/internal/errs"
)

// rowsJob is one step of recording rows: a chunk of rows as read (raw), or the end of an
// event's worth (flush).
type rowsJob struct {
	tb       *Tracked
	selected []string // the columns read: kefu_key, then the table's
	keys     []any
	raw      [][]any
	flush    bool
}

// rowsEncoder turns read rows into records and events' payloads on a goroutine of its own;
// the goroutine that reads (and owns the transaction) stores the payloads in order.
type rowsEncoder struct {
	t        *Tx
	in       chan rowsJob
	out      chan string
	err      error // the encoder's, read once out is closed
	finished bool
}

func (t *Tx) startRowsEncoder() *rowsEncoder {
	e := &rowsEncoder{t: t, in: make(chan rowsJob, 4), out: make(chan string, 4)}
	go e.run()
	return e
}

func (e *rowsEncoder) run() {
	defer close(e.out)
	var batch []tableRows
	scanners := map[string]*recordScanner{} // by table: each keeps its digests of empty text
	for j := range e.in {
		if e.err != nil {
			continue // let the reader finish
		}
		if j.flush {
			p, err := encodeRows(rowsPayload{Tables: batch})
			if err != nil {
				e.err = errs.Wrap(err, "encoding %s event", HistoryRows)
				continue
			}
			batch = nil
			e.out <- p
			continue
		}
		sc := scanners[j.tb.Table]
		if sc == nil || !sameColumns(sc.selected, j.selected) {
			sc = e.t.newScanner(j.tb, j.selected)
			scanners[j.tb.Table] = sc
		}
		recs := sc.records(j.keys, j.raw)
		part := tableRows{T: j.tb.Table, Cols: sc.cols, Rows: make([][2]any, len(recs))}
		for i, r := range recs {
			if r.V == nil {
				part.Rows[i] = [2]any{r.K, nil}
			} else {
				part.Rows[i] = [2]any{r.K, r.V}
			}
		}
		batch = append(batch, part)
	}
}

// send hands the encoder a job, storing the payloads it has ready meanwhile.
func (e *rowsEncoder) send(j rowsJob) error {
	for {
		select {
		case e.in <- j:
			return nil
		case p := <-e.out:
			if err := e.store(p); err != nil {
				return err
			}
		}
	}
}

// finish stores the remaining payloads.
func (e *rowsEncoder) finish() error {
	e.finished = true
	close(e.in)
	for p := range e.out {
		if err := e.store(p); err != nil {
			for range e.out {
			}
			return err
		}
	}
	return e.err
}

// stop ends the encoder when the recording failed before finish.
func (e *rowsEncoder) stop() {
	if e.finished {
		return
	}
	close(e.in)
	for range e.out {
	}
}

func (e *rowsEncoder) store(payload string) error {
	actor := e.t.actor
	if actor == "" {
		actor = "system"
	}
	return e.t.appendEncoded(actor, HistoryEntity, 0, HistoryRows, payload)
}

func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// readRaw reads the rows with the given keys as they are stored, with the columns read.
func (t *Tx) readRaw(tb *Tracked, keys []any) ([]string, [][]any, error) {
	q := fmt.Sprintf(`SELECT %s AS kefu_key, * FROM main.%s WHERE %s IN (%s)`, tb.Key, tb.Table, tb.Key, placeholders(len(keys)))
	args := keys
	if lo, hi, ok := consecutiveIDs(keys); ok {
		// The rows a bulk write inserted: one range of the primary key instead of a lookup each.
		q = fmt.Sprintf(`SELECT %s AS kefu_key, * FROM main.%s WHERE %s BETWEEN ? AND ?`, tb.Key, tb.Table, tb.Key)
		args = []any{lo, hi}
	}
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	selected, err := rows.Columns()
	if err != nil {
		return nil, nil, errs.Wrap(err, "reading %s", tb.Table)
	}
	raw := make([][]any, 0, len(keys))
	ptrs := make([]any, len(selected))
	for rows.Next() {
		vals := make([]any, len(selected))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, errs.Wrap(err, "reading %s", tb.Table)
		}
		raw = append(raw, vals)
	}
	return selected, raw, errs.Wrap(rows.Err(), "reading %s", tb.Table)
}

// consecutiveIDs reports whether keys are the ids lo, lo+1, ... hi (more than one).
func consecutiveIDs(keys []any) (lo, hi int64, ok bool) {
	if len(keys) < 2 {
		return 0, 0, false
	}
	lo, ok = keys[0].(int64)
	for i, k := range keys {
		if n, isID := k.(int64); !ok || !isID || n != lo+int64(i) {
			return 0, 0, false
		}
	}
	return lo, lo + int64(len(keys)-1), true
}

// records are the history records of raw rows (readRaw) in the order of keys; a key without
// a row is recorded as removed.
func (sc *recordScanner) records(keys []any, raw [][]any) []rowRecord {
	found := make(map[string]rowRecord, len(raw))
	for _, vals := range raw {
		r := sc.record(vals)
		found[rawKey(r.K)] = r
	}
	out := make([]rowRecord, 0, len(keys))
	for _, k := range keys {
		if r, ok := found[rawKey(k)]; ok {
			out = append(out, r)
		} else {
			out = append(out, rowRecord{K: k})
		}
	}
	return out
}
