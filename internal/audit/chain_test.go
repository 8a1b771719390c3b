package audit

import (
	"strings"
	"testing"
	"time"
)

func chain(key []byte, n int) []Stored {
	var out []Stored
	prev := ""
	for i := 1; i <= n; i++ {
		e := Stored{ID: int64(i), At: time.UnixMilli(int64(1000 * i)), Actor: "张伟", Entity: "ticket", EntityID: 7, Action: "replied", Payload: `{"n":` + string(rune('0'+i%10)) + `}`}
		e.MAC = MAC(key, prev, e.Canonical())
		prev = e.MAC
		out = append(out, e)
	}
	return out
}

func verify(key []byte, evs []Stored, anchor *Anchor) *Verifier {
	v := NewVerifier(key, anchor)
	for _, e := range evs {
		v.Add(e)
	}
	return v
}

func TestVerifyIntact(t *testing.T) {
	key := NewKey()
	evs := chain(key, 5)
	v := verify(key, evs, &Anchor{Count: 3, MAC: ShortMAC(evs[2].MAC)})
	if v.Broken != nil || !v.AnchorFound || v.Count != 5 {
		t.Fatalf("intact chain: broken=%v anchor=%v count=%d", v.BrokenWhy, v.AnchorFound, v.Count)
	}
	if v.Head() != Head(5, evs[4].MAC) {
		t.Fatalf("head = %s", v.Head())
	}
}

func TestVerifyTamper(t *testing.T) {
	key := NewKey()
	tests := []struct {
		name   string
		mutate func([]Stored) []Stored
		broken int64 // id of the first broken event, 0 = none
	}{
		{"payload altered", func(e []Stored) []Stored { e[2].Payload = `{"n":9}`; return e }, 3},
		{"actor altered", func(e []Stored) []Stored { e[1].Actor = "李娜"; return e }, 2},
		{"time altered", func(e []Stored) []Stored { e[3].At = e[3].At.Add(time.Hour); return e }, 4},
		{"middle deleted", func(e []Stored) []Stored { return append(e[:2], e[3:]...) }, 4},
		{"inserted without key", func(e []Stored) []Stored {
			x := Stored{ID: 99, Actor: "x", Entity: "ticket", Action: "noted", Payload: "{}"}
			return append(e[:3], append([]Stored{x}, e[3:]...)...)
		}, 99},
		{"resigned with another key", func(e []Stored) []Stored {
			e[4].Payload = `{"n":0}`
			e[4].MAC = MAC(NewKey(), e[3].MAC, e[4].Canonical())
			return e
		}, 5},
		{"newest deleted: only the anchor tells", func(e []Stored) []Stored { return e[:4] }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := tt.mutate(chain(key, 5))
			v := verify(key, evs, nil)
			switch {
			case tt.broken == 0 && v.Broken != nil:
				t.Fatalf("unexpected break at %d: %s", v.Broken.ID, v.BrokenWhy)
			case tt.broken != 0 && (v.Broken == nil || v.Broken.ID != tt.broken):
				t.Fatalf("first broken = %v, want event %d", v.Broken, tt.broken)
			}
		})
	}
	// Deleting the newest events is caught by an anchor taken before.
	evs := chain(key, 5)
	anchor := &Anchor{Count: 5, MAC: ShortMAC(evs[4].MAC)}
	if v := verify(key, evs[:4], anchor); v.AnchorFound {
		t.Fatal("a truncated chain still holds the anchor")
	}
}

func TestRedactedEvents(t *testing.T) {
	key := NewKey()
	evs := chain(key, 4)
	evs[1].Payload = `{"name":"[redacted]"}`
	evs[1].Redacted = true
	evs[1].RedactionMAC = RedactionMAC(key, evs[1].MAC, evs[1].Canonical())
	v := verify(key, evs, nil)
	if v.Broken != nil || v.Redacted != 1 {
		t.Fatalf("a sanctioned redaction reads as tampering: %s", v.BrokenWhy)
	}
	evs[1].Payload = `{"name":"someone else"}`
	if v := verify(key, evs, nil); v.Broken == nil || !strings.Contains(v.BrokenWhy, "redact") {
		t.Fatal("a redacted event changed afterwards goes unnoticed")
	}
}

func TestParseAnchor(t *testing.T) {
	a, err := ParseAnchor("1234:3F9A1C2B7D0E")
	if err != nil || a.Count != 1234 || a.MAC != "3f9a1c2b7d0e" {
		t.Fatalf("ParseAnchor = %+v, %v", a, err)
	}
	for _, bad := range []string{"", "12", "x:3f9a1c2b", "0:3f9a1c2b", "5:3f9a", "5:zzzzzzzz"} {
		if _, err := ParseAnchor(bad); err == nil {
			t.Errorf("ParseAnchor(%q) accepted", bad)
		}
	}
}

func TestKeyFile(t *testing.T) {
	path := KeyPath(t.TempDir(), "abc")
	k := NewKey()
	if err := SaveKey(path, k); err != nil {
		t.Fatal(err)
	}
	if err := SaveKey(path, NewKey()); err == nil {
		t.Fatal("a key was overwritten")
	}
	got, err := LoadKey(path)
	if err != nil || EncodeKey(got) != EncodeKey(k) {
		t.Fatalf("LoadKey = %x, %v", got, err)
	}
}

func FuzzParseAnchor(f *testing.F) {
	for _, s := range []string{"1234:3f9a1c2b7d0e", "1:abcdef12", "", ":", "0:00000000", "9999999999999999999:ffffffff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAnchor(s)
		if err == nil && (a.Count <= 0 || len(a.MAC) < 8) {
			t.Fatalf("ParseAnchor(%q) accepted %+v", s, a)
		}
	})
}
