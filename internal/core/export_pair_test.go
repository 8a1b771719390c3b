package core

import (
	"errors"
	"testing"

	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
)

// idTx serves the tickets ids (ascending) to exportPair; only the two methods it calls.
type idTx struct {
	persist.Tx
	ids  []int64
	fail int64 // a read of the chunk holding this id fails
}

func (t idTx) ExportIDRange(f persist.ExportFilter) (int64, int64, error) {
	if len(t.ids) == 0 {
		return 0, 0, nil
	}
	return t.ids[0], t.ids[len(t.ids)-1], nil
}

func (t idTx) EachTicketExported(f persist.ExportFilter, fn func(ticket.Ticket) error) error {
	if t.fail != 0 && f.FromID <= t.fail && t.fail <= f.ToID {
		return errors.New("broken page")
	}
	for _, id := range t.ids {
		if id >= f.FromID && id <= f.ToID {
			if err := fn(ticket.Ticket{ID: id}); err != nil {
				return err
			}
		}
	}
	return nil
}

func TestExportPairKeepsIDOrder(t *testing.T) {
	var ids []int64
	for id := int64(3); id < 20*exportChunk; id += 1 + id%7 {
		ids = append(ids, id)
	}
	tx := idTx{ids: ids}
	var got []int64
	err := exportPair(tx, tx, persist.ExportFilter{}, func(b []ticket.Ticket) error {
		if len(b) == 0 || len(b) > exportBatch {
			t.Fatalf("batch of %d", len(b))
		}
		for _, tk := range b {
			got = append(got, tk.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("got %d tickets, want %d", len(got), len(ids))
	}
	for i := range ids {
		if got[i] != ids[i] {
			t.Fatalf("ticket %d is %d, want %d", i, got[i], ids[i])
		}
	}
}

func TestExportPairStops(t *testing.T) {
	var ids []int64
	for id := int64(1); id <= 10*exportChunk; id++ {
		ids = append(ids, id)
	}
	// A failed read ends the export with its error after the tickets before its chunk.
	tx := idTx{ids: ids, fail: 5*exportChunk + 7}
	n := 0
	err := exportPair(tx, tx, persist.ExportFilter{}, func(b []ticket.Ticket) error { n += len(b); return nil })
	if err == nil || err.Error() != "broken page" || n != 5*exportChunk {
		t.Fatalf("err %v after %d tickets", err, n)
	}
	// An error of fn ends it at once, the readers stopped.
	stop := errors.New("disk full")
	n = 0
	err = exportPair(idTx{ids: ids}, idTx{ids: ids}, persist.ExportFilter{}, func(b []ticket.Ticket) error {
		if n += len(b); n >= 3*exportBatch {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3*exportBatch {
		t.Fatalf("err %v after %d tickets", err, n)
	}
	// No tickets: fn is never called.
	err = exportPair(idTx{}, idTx{}, persist.ExportFilter{}, func([]ticket.Ticket) error { t.Fatal("called"); return nil })
	if err != nil {
		t.Fatal(err)
	}
}
