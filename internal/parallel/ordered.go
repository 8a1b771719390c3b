// Package parallel runs the per-row work of a long read (audit verify) on every core while
// the one goroutine that owns the database connection goes on reading.
package parallel

import (
	"runtime"
	"sync"
)

// Ordered works on batches on every core and hands each result to collect in the order the
// batches were added, on the goroutine that adds them (during Add and Wait): collect may use
// what only that goroutine may use, such as the database connection the batches come from,
// and findings come out in the same order as if each batch had been worked on in turn.
type Ordered[B, R any] struct {
	work    func(B) R
	collect func(R)
	jobs    chan *job[B, R]
	queue   []*job[B, R]
	workers sync.WaitGroup
	ahead   int
}

type job[B, R any] struct {
	in    B
	out   R
	ready chan struct{}
}

// NewOrdered starts a worker per core.
func NewOrdered[B, R any](work func(B) R, collect func(R)) *Ordered[B, R] {
	n := runtime.GOMAXPROCS(0)
	o := &Ordered[B, R]{work: work, collect: collect, jobs: make(chan *job[B, R], n), ahead: 2 * n}
	for range n {
		o.workers.Add(1)
		go func() {
			defer o.workers.Done()
			for j := range o.jobs {
				j.out = o.work(j.in)
				close(j.ready)
			}
		}()
	}
	return o
}

// Add queues a batch, and collects the results that are ready; it waits for the oldest when
// too many batches are under way, so memory stays a few batches.
func (o *Ordered[B, R]) Add(b B) {
	j := &job[B, R]{in: b, ready: make(chan struct{})}
	o.jobs <- j
	o.queue = append(o.queue, j)
	for len(o.queue) > 0 {
		select {
		case <-o.queue[0].ready:
		default:
			if len(o.queue) <= o.ahead {
				return
			}
			<-o.queue[0].ready
		}
		o.pop()
	}
}

func (o *Ordered[B, R]) pop() {
	j := o.queue[0]
	o.queue[0] = nil
	o.queue = o.queue[1:]
	o.collect(j.out)
}

// Wait collects every batch added and stops the workers.
func (o *Ordered[B, R]) Wait() {
	close(o.jobs)
	for len(o.queue) > 0 {
		<-o.queue[0].ready
		o.pop()
	}
	o.workers.Wait()
}
