package store

import (
	"cmp"
	"slices"
)

// A bulk write (an import) inserts rows with ids it numbers itself, a million of them at a
// time. It notes them in the transaction's capture as ranges of ids, and the pre-update hook
// passes over the inserts it sees in those ranges: a map entry per row (and the collector
// scanning a million of them again and again) was a fifth of a million-row import's CPU.
// Every other write to the same tables, an update or a delete, or an insert outside the
// ranges, is noted by the hook as before.

// idRange is the ids lo to hi, both included.
type idRange struct{ lo, hi int64 }

// insertedMark is where a table's ranges stood at a savepoint: how many, and the last one's end.
type insertedMark struct {
	n  int
	hi int64
}

// captureMark is where the notes stood at a savepoint (mark, undo).
type captureMark struct {
	keys     int
	inserted map[string]insertedMark
}

// noteInserted notes that the row of table with this id is inserted (a table keyed by its id).
func (c *capture) noteInserted(table string, id int64) {
	if c.inserted == nil {
		c.inserted = map[string][]idRange{}
	}
	rs := c.inserted[table]
	if n := len(rs); n > 0 && rs[n-1].hi+1 == id {
		rs[n-1].hi = id
		return
	}
	c.inserted[table] = append(rs, idRange{id, id})
}

// bulkInserted reports whether the row of table with this id was noted by noteInserted.
func (c *capture) bulkInserted(table string, id int64) bool {
	rs := c.inserted[table]
	// Rows are inserted in the order they were noted: the last range first.
	for i := len(rs) - 1; i >= 0; i-- {
		if id >= rs[i].lo && id <= rs[i].hi {
			return true
		}
	}
	return false
}

func (c *capture) markInserted() map[string]insertedMark {
	if len(c.inserted) == 0 {
		return nil
	}
	m := make(map[string]insertedMark, len(c.inserted))
	for tb, rs := range c.inserted {
		m[tb] = insertedMark{n: len(rs), hi: rs[len(rs)-1].hi}
	}
	return m
}

func (c *capture) undoInserted(m map[string]insertedMark) {
	for tb, rs := range c.inserted {
		at, ok := m[tb]
		if !ok {
			delete(c.inserted, tb)
			continue
		}
		rs = rs[:at.n]
		rs[at.n-1].hi = at.hi
		c.inserted[tb] = rs
	}
}

// mergeInserted adds the inserted ids to keys (each table's keys in SQLite's order, as
// sortedKeys gives them), without repeating a key.
func (c *capture) mergeInserted(keys map[string][]any) {
	for tb, rs := range c.inserted {
		rs = slices.Clone(rs)
		slices.SortFunc(rs, func(a, b idRange) int { return cmp.Compare(a.lo, b.lo) })
		n := 0
		for _, r := range rs {
			n += int(r.hi - r.lo + 1)
		}
		old := keys[tb]
		out := make([]any, 0, n+len(old))
		i := 0 // into old
		last, seen := int64(0), false
		for _, r := range rs {
			for id := r.lo; id <= r.hi; id++ {
				for i < len(old) && keyBefore(old[i], id) {
					out = append(out, old[i])
					i++
				}
				if i < len(old) && old[i] == any(id) {
					i++ // noted by the hook too
				}
				if seen && id <= last {
					continue // ranges that overlap
				}
				out = append(out, id)
				last, seen = id, true
			}
		}
		keys[tb] = append(out, old[i:]...)
	}
}

// keyBefore reports whether k comes before the id in SQLite's order (numbers before text).
func keyBefore(k any, id int64) bool {
	n, ok := k.(int64)
	return ok && n < id
}
