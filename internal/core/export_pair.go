package core

import (
	"sync"

	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
)

// exportChunk is how many ticket ids each read of a paired export covers: a chunk's batches
// wait whole in its channel while the other reader's chunk before it is written.
const exportChunk = 4 * exportBatch

// exportPair reads the tickets f selects on two transactions that see the same state, SQLite's
// work on a core each: the id range is cut into chunks of exportChunk ids, read in turn by
// first (even chunks) and second (odd ones), and fn gets every batch in id order. A chunk is
// read once fn has got to the one two before it, so memory holds three chunks at most.
func exportPair(first, second persist.Tx, f persist.ExportFilter, fn func([]ticket.Ticket) error) error {
	lo, hi, err := first.ExportIDRange(f)
	if err != nil || hi == 0 {
		return err
	}
	type chunk struct {
		// open is closed when the chunk may be read: when fn gets to the chunk two before it.
		open    chan struct{}
		batches chan []ticket.Ticket
		err     error // set before batches is closed
	}
	chunks := make([]*chunk, (hi-lo)/exportChunk+1)
	for i := range chunks {
		chunks[i] = &chunk{open: make(chan struct{}), batches: make(chan []ticket.Ticket, exportChunk/exportBatch)}
		if i < 2 {
			close(chunks[i].open)
		}
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for r, tx := range []persist.Tx{first, second} {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for k := r; k < len(chunks); k += 2 {
				c := chunks[k]
				select {
				case <-c.open:
				case <-stop:
					return
				}
				cf := f
				cf.FromID = lo + int64(k)*exportChunk
				cf.ToID = cf.FromID + exportChunk - 1
				batch := make([]ticket.Ticket, 0, exportBatch)
				send := func(b []ticket.Ticket) error {
					select {
					case c.batches <- b:
						return nil
					case <-stop:
						return errStop
					}
				}
				c.err = tx.EachTicketExported(cf, func(tk ticket.Ticket) error {
					if batch = append(batch, tk); len(batch) < exportBatch {
						return nil
					}
					full := batch
					batch = make([]ticket.Ticket, 0, exportBatch)
					return send(full)
				})
				if c.err == nil && len(batch) > 0 {
					c.err = send(batch)
				}
				close(c.batches)
				if c.err != nil {
					return
				}
			}
		}()
	}
	defer readers.Wait()
	defer close(stop)
	for k, c := range chunks {
		if k+2 < len(chunks) {
			close(chunks[k+2].open)
		}
		for b := range c.batches {
			if err := fn(b); err != nil {
				return err
			}
		}
		if c.err != nil {
			return c.err
		}
	}
	return nil
}
