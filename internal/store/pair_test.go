package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// While another connection commits write after write, the two transactions of ViewPair see
// the same state each time: the same events, however long they read.
func TestViewPairSeesOneState(t *testing.T) {
	ctx := context.Background()
	db := openNew(t)
	if db.Postgres() {
		t.Skip("PostgreSQL reads on one transaction")
	}
	var writers sync.WaitGroup
	stop := make(chan struct{})
	committed := make(chan struct{}, 1) // a write committed since the last pair
	quit := make(chan struct{})         // the writer stopped
	writers.Add(1)
	go func() {
		defer writers.Done()
		defer close(quit)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			err := db.Update(ctx, now, func(tx *Tx) error { return tx.AppendEvent("王芳", "test", int64(i), "written", nil) })
			if err != nil {
				t.Error(err)
				return
			}
			select {
			case committed <- struct{}{}:
			default:
			}
		}
	}()
	count := func(tx *Tx) (n int64) {
		if err := tx.queryRow(`SELECT count(*) FROM events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	paired, seen := 0, map[int64]bool{}
	for range 40 {
		err := db.ViewPair(ctx, now, func(a, b *Tx) error {
			if b == nil {
				return nil // the writer held the lock too long: one transaction, nothing to compare
			}
			paired++
			na := count(a)
			nb := count(b)
			if na != nb || count(a) != na {
				return fmt.Errorf("the first transaction sees %d events, the second %d", na, nb)
			}
			seen[na] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		select { // the next pair reads another state, however the goroutines are scheduled
		case <-committed:
		case <-quit:
		}
	}
	close(stop)
	writers.Wait()
	if paired < 20 || len(seen) < 2 {
		t.Fatalf("%d paired reads over %d states: the test saw too little", paired, len(seen))
	}
}
