package store

import (
	"fmt"
	"testing"
)

func TestCaptureInsertedRanges(t *testing.T) {
	c := &capture{keys: map[string]map[any]bool{}}
	for id := int64(5); id <= 8; id++ {
		c.noteInserted("tickets", id)
	}
	c.noteInserted("tickets", 20)
	c.add("tickets", int64(7)) // also noted by the hook: once in the keys
	c.add("tickets", int64(2))
	c.add("tickets", int64(30))
	c.add("settings", "lang")
	for _, id := range []int64{5, 8, 20} {
		if !c.bulkInserted("tickets", id) {
			t.Errorf("ticket %d should be noted as inserted", id)
		}
	}
	for _, id := range []int64{4, 9, 19, 21} {
		if c.bulkInserted("tickets", id) {
			t.Errorf("ticket %d was not inserted in bulk", id)
		}
	}
	if c.bulkInserted("customers", 5) {
		t.Error("customer 5 was not inserted in bulk")
	}

	mark := c.mark()
	c.noteInserted("tickets", 21) // extends the last range
	c.noteInserted("customers", 1)
	c.undo(mark)
	if c.bulkInserted("tickets", 21) || c.bulkInserted("customers", 1) {
		t.Error("a rolled back savepoint's inserts should be forgotten")
	}

	keys := map[string][]any{"tickets": sortedKeys(c.keys["tickets"]), "settings": sortedKeys(c.keys["settings"])}
	c.mergeInserted(keys)
	if got, want := fmt.Sprint(keys["tickets"]), "[2 5 6 7 8 20 30]"; got != want {
		t.Errorf("ticket keys %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(keys["settings"]), "[lang]"; got != want {
		t.Errorf("setting keys %s, want %s", got, want)
	}
	c.clear()
	if c.bulkInserted("tickets", 5) {
		t.Error("clear should forget the inserted ranges")
	}
}

func TestConsecutiveIDs(t *testing.T) {
	for _, c := range []struct {
		keys   []any
		lo, hi int64
		ok     bool
	}{
		{[]any{int64(4), int64(5), int64(6)}, 4, 6, true},
		{[]any{int64(4), int64(6)}, 0, 0, false},
		{[]any{int64(4)}, 0, 0, false},
		{[]any{"a", "b"}, 0, 0, false},
		{[]any{int64(1), "2"}, 0, 0, false},
	} {
		lo, hi, ok := consecutiveIDs(c.keys)
		if lo != c.lo || hi != c.hi || ok != c.ok {
			t.Errorf("consecutiveIDs(%v) = %d, %d, %v; want %d, %d, %v", c.keys, lo, hi, ok, c.lo, c.hi, c.ok)
		}
	}
}
