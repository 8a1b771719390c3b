package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stored is an event as the history table holds it, with its MAC.
type Stored struct {
	ID           int64
	At           time.Time
	Actor        string
	Entity       string
	EntityID     int64
	Action       string
	Payload      string
	MAC          string // "" when not chained
	Redacted     bool
	RedactionMAC string
}

// Canonical is the stored event's stable encoding.
func (s Stored) Canonical() string {
	return Canonical(s.ID, s.At, s.Actor, s.Entity, s.EntityID, s.Action, s.Payload)
}

// MAC links an event to the chain: HMAC-SHA256 under key of the previous event's MAC and the
// event's canonical encoding, in hex. The first event's previous MAC is "".
func MAC(key []byte, prevMAC, canonical string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(prevMAC))
	h.Write([]byte{'\n'})
	h.Write([]byte(canonical))
	return hex.EncodeToString(h.Sum(nil))
}

// RedactionMAC authenticates a redacted event's new content, bound to its original MAC.
func RedactionMAC(key []byte, mac, canonical string) string {
	return MAC(key, "redacted:"+mac, canonical)
}

// ShortMAC is the prefix of a MAC people quote.
func ShortMAC(mac string) string {
	if len(mac) > 12 {
		return mac[:12]
	}
	return mac
}

// Head names the end of a chain: the event count and the last MAC's prefix, e.g. "1234:3f9a1c2b7d0e".
// Kept somewhere else (a reminder mail, a chat message), it shows later whether events were removed.
func Head(count int64, lastMAC string) string {
	return fmt.Sprintf("%d:%s", count, ShortMAC(lastMAC))
}

// Anchor is a head quoted back to verify against.
type Anchor struct {
	Count int64
	MAC   string
}

// ParseAnchor reads COUNT:MAC (a MAC prefix of at least 8 hex digits).
func ParseAnchor(s string) (Anchor, error) {
	c, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(c, 10, 64)
	if !ok || err != nil || n <= 0 || len(m) < 8 {
		return Anchor{}, fmt.Errorf("invalid anchor %q: use COUNT:MAC as remind prints it, e.g. 1234:3f9a1c2b7d0e", s)
	}
	if _, err := hex.DecodeString(m[:len(m)/2*2]); err != nil {
		return Anchor{}, fmt.Errorf("invalid anchor %q: the MAC is hexadecimal", s)
	}
	return Anchor{Count: n, MAC: strings.ToLower(m)}, nil
}

// Verifier walks a chain in id order and records what is wrong with it.
type Verifier struct {
	key      []byte
	prev     string
	Count    int64
	Redacted int
	Unsigned int
	// Broken is the first broken link, if any.
	Broken      *Stored
	BrokenWhy   string
	anchor      *Anchor
	AnchorFound bool
}

// NewVerifier starts a walk; anchor may be nil.
func NewVerifier(key []byte, anchor *Anchor) *Verifier { return &Verifier{key: key, anchor: anchor} }

// Add checks the next event of the chain.
func (v *Verifier) Add(e Stored) {
	v.apply(e, v.check(e, v.prev))
}

// AddBatch checks the next events of the chain as Add checks them one by one, computing their
// MACs on every core: each event's MAC is checked against the stored MAC before it, so the
// batch splits into segments checked in parallel; the results are then taken in id order.
func (v *Verifier) AddBatch(es []Stored) {
	whys := make([]string, len(es))
	workers := min(runtime.GOMAXPROCS(0), max(len(es)/256, 1))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(es)*w/workers, len(es)*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := v.prev
			if lo > 0 {
				prev = es[lo-1].MAC
			}
			for i := lo; i < hi; i++ {
				whys[i] = v.check(es[i], prev)
				prev = es[i].MAC
			}
		}()
	}
	wg.Wait()
	for i, e := range es {
		v.apply(e, whys[i])
	}
}

// Check is what is wrong with each event of es, the first of which follows an event with MAC
// prev ("" when nothing), as Add finds it: segments of the chain are checked this way on
// several goroutines (it changes nothing in v), then given to Apply in id order.
func (v *Verifier) Check(es []Stored, prev string) []string {
	whys := make([]string, len(es))
	m := newMacer(v.key)
	for i, e := range es {
		if e.MAC != "" && !e.Redacted {
			// The common case, with one HMAC reused instead of one made per event.
			if !m.equal(e.MAC, prev, e) {
				whys[i] = "MAC mismatch: the event was altered, or an event before it was removed or inserted"
			}
		} else {
			whys[i] = v.check(e, prev)
		}
		prev = e.MAC
	}
	return whys
}

// macer computes MAC with one HMAC and buffers reused.
type macer struct {
	h        hash.Hash
	buf, sum []byte
	hex      []byte
}

func newMacer(key []byte) *macer { return &macer{h: hmac.New(sha256.New, key)} }

// equal reports whether mac is MAC(key, prev, e.Canonical()), as check compares them.
func (m *macer) equal(mac, prev string, e Stored) bool {
	b := append(m.buf[:0], prev...)
	b = append(b, '\n')
	b = appendCanonical(b, e)
	m.buf = b
	m.h.Reset()
	m.h.Write(b)
	m.sum = m.h.Sum(m.sum[:0])
	m.hex = hex.AppendEncode(m.hex[:0], m.sum)
	return hmac.Equal([]byte(mac), m.hex)
}

// Apply counts the events of es, which Check found whys wrong with, as the next of the chain.
func (v *Verifier) Apply(es []Stored, whys []string) {
	for i, e := range es {
		v.apply(e, whys[i])
	}
}

// check is what is wrong with event e that follows an event with MAC prev ("" when nothing).
func (v *Verifier) check(e Stored, prev string) string {
	switch {
	case e.MAC == "":
		return "not signed: written without the audit key, or inserted by hand"
	case e.Redacted:
		if !hmac.Equal([]byte(e.RedactionMAC), []byte(RedactionMAC(v.key, e.MAC, e.Canonical()))) {
			return "redacted content does not match its redaction MAC: altered after redaction"
		}
	case !hmac.Equal([]byte(e.MAC), []byte(MAC(v.key, prev, e.Canonical()))):
		return "MAC mismatch: the event was altered, or an event before it was removed or inserted"
	}
	return ""
}

// apply counts event e, checked with the result why, as the next of the chain.
func (v *Verifier) apply(e Stored, why string) {
	v.Count++
	switch {
	case e.MAC == "":
		v.Unsigned++
	case e.Redacted:
		v.Redacted++
	}
	if why != "" && v.Broken == nil {
		ev := e
		v.Broken, v.BrokenWhy = &ev, why
	}
	if v.anchor != nil && v.Count == v.anchor.Count && strings.HasPrefix(e.MAC, v.anchor.MAC) {
		v.AnchorFound = true
	}
	v.prev = e.MAC
}

// Head is the chain's head after the walk.
func (v *Verifier) Head() string { return Head(v.Count, v.prev) }
