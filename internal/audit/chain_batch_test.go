package audit

import (
	"fmt"
	"testing"
	"time"
)

// Checking a chain in parallel batches finds what checking it event by event finds.
func TestAddBatchMatchesAdd(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	var chain []Stored
	prev := ""
	for i := range 3000 {
		e := Stored{ID: int64(i + 1), At: time.UnixMilli(int64(i) * 1000).UTC(), Actor: "张伟", Entity: "ticket", EntityID: int64(i), Action: "noted", Payload: fmt.Sprintf(`{"n":%d}`, i)}
		e.MAC = MAC(key, prev, e.Canonical())
		prev = e.MAC
		chain = append(chain, e)
	}
	damaged := func(at ...int) []Stored {
		c := append([]Stored(nil), chain...)
		for _, i := range at {
			c[i].Payload = `{"n":-1}`
		}
		return c
	}
	for _, c := range [][]Stored{chain, damaged(2500), damaged(1700, 40), damaged(0), damaged(2999)} {
		one := NewVerifier(key, &Anchor{Count: 2000, MAC: chain[1999].MAC[:12]})
		for _, e := range c {
			one.Add(e)
		}
		par := NewVerifier(key, &Anchor{Count: 2000, MAC: chain[1999].MAC[:12]})
		for lo := 0; lo < len(c); lo += 1100 {
			par.AddBatch(c[lo:min(lo+1100, len(c))])
		}
		// Batches checked apart (Check, each from the stored MAC before it), applied in order.
		sep := NewVerifier(key, &Anchor{Count: 2000, MAC: chain[1999].MAC[:12]})
		prev := ""
		for lo := 0; lo < len(c); lo += 700 {
			b := c[lo:min(lo+700, len(c))]
			sep.Apply(b, sep.Check(b, prev))
			prev = b[len(b)-1].MAC
		}
		for _, par := range []*Verifier{par, sep} {
			if one.Count != par.Count || one.Head() != par.Head() || one.AnchorFound != par.AnchorFound || (one.Broken == nil) != (par.Broken == nil) {
				t.Fatalf("one by one %+v, in batches %+v", one, par)
			}
			if one.Broken != nil && (one.Broken.ID != par.Broken.ID || one.BrokenWhy != par.BrokenWhy) {
				t.Errorf("first broken: %d %q, in batches %d %q", one.Broken.ID, one.BrokenWhy, par.Broken.ID, par.BrokenWhy)
			}
		}
	}
	if v := NewVerifier(key, nil); func() bool { v.AddBatch(damaged(1234)); return v.Broken == nil || v.Broken.ID != 1235 }() {
		t.Errorf("a damaged event was not found")
	}
}

func TestAppendCanonicalIsCanonical(t *testing.T) {
	for _, e := range []Stored{
		{ID: 1, At: time.UnixMilli(1792029600123).UTC(), Actor: `张"伟`, Entity: "ticket", EntityID: 7, Action: "noted", Payload: `{"a":"\n"}`},
		{ID: 99, At: time.UnixMilli(-5), Actor: "", Entity: "history", Action: "rows", Payload: "{}"},
	} {
		if got := string(appendCanonical([]byte("x"), e)); got != "x"+e.Canonical() {
			t.Errorf("appendCanonical %q, Canonical %q", got, e.Canonical())
		}
	}
}
