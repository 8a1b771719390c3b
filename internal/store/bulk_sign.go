package store

import (
	"encoding/hex"
	"hash"
	"time"

	"github.com/kefu/kefu/internal/audit"
)

// An import's events are linked into the MAC chain on a goroutine of their own: the writing
// goroutine queues a batch of events (their MACs left empty) and goes on inserting tickets
// while the signer computes the batch's MACs in order, each from the one before, and hands the
// batch back to be inserted. The same ids, payloads and MACs as signing each event as it is
// queued; the HMACs of a million events (and their canonical texts) no longer run on the
// goroutine that does SQLite's work.

// eventSigner signs batches of event rows (eventCols, 8 values a row) in the order sent.
type eventSigner struct {
	in  chan []any
	out chan []any
	// head is the last MAC signed, for the writer once out is closed.
	head string
}

func (b *Bulk) startSigner() {
	s := &eventSigner{in: make(chan []any, 2), out: make(chan []any, 2), head: b.headMAC}
	b.signer = s
	go s.run(b.mac, b.now)
}

func (s *eventSigner) run(mac hash.Hash, now int64) {
	defer close(s.out)
	var sum []byte
	at := time.UnixMilli(now)
	for batch := range s.in {
		for i := 0; i+8 <= len(batch); i += 8 {
			row := batch[i : i+8]
			var entityID int64
			if id, ok := row[4].(int64); ok {
				entityID = id
			}
			// audit.MAC, with one HMAC for the whole import instead of one an event.
			e := audit.Stored{ID: row[0].(int64), At: at, Actor: row[2].(string), Entity: row[3].(string), EntityID: entityID,
				Action: row[5].(string), Payload: row[6].(string)}
			mac.Reset()
			mac.Write([]byte(s.head))
			mac.Write([]byte{'\n'})
			mac.Write([]byte(e.Canonical()))
			sum = mac.Sum(sum[:0])
			s.head = hex.EncodeToString(sum)
			row[7] = s.head
		}
		s.out <- batch
	}
}

// queueSigned hands a batch of events to the signer, inserting the batches it has signed
// meanwhile; the caller gives up the batch.
func (b *Bulk) queueSigned(batch []any) error {
	if b.signer == nil {
		b.startSigner()
	}
	for {
		select {
		case b.signer.in <- batch:
			return nil
		case signed := <-b.signer.out:
			if err := b.insertEvents(signed); err != nil {
				return err
			}
			b.spare = signed[:0]
		}
	}
}

// drainSigner waits for the signer to sign what it was given and inserts it; with
// insert false (the bulk write failed) it only waits.
func (b *Bulk) drainSigner(insert bool) error {
	s := b.signer
	if s == nil {
		return nil
	}
	b.signer = nil
	close(s.in)
	var err error
	for signed := range s.out {
		if insert && err == nil {
			err = b.insertEvents(signed)
		}
	}
	b.headMAC = s.head
	return err
}

// insertEvents inserts rows of events, signed.
func (b *Bulk) insertEvents(rows []any) error {
	b.t.head = nil // AppendEvent reads the head these events make
	return b.insert(`INSERT INTO events (`+eventCols+`) VALUES `, 8, eventBatch, rows)
}
