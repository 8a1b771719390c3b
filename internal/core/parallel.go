package core

import (
	"runtime"
	"sync"
)

// ordered runs work on batches on every core while the caller reads the next ones, and hands
// each result to collect in the order the batches were added, on one goroutine: audit verify
// reads the database on one core and checks what it read on the others, and its findings come
// out in the same order as if it had checked one batch after the other.
type ordered[B, R any] struct {
	jobs    chan *orderedJob[B, R]
	results chan *orderedJob[B, R]
	workers sync.WaitGroup
	done    chan struct{}
}

type orderedJob[B, R any] struct {
	in    B
	out   R
	ready chan struct{}
}

func newOrdered[B, R any](work func(B) R, collect func(R)) *ordered[B, R] {
	n := runtime.GOMAXPROCS(0)
	o := &ordered[B, R]{
		jobs:    make(chan *orderedJob[B, R], n),
		results: make(chan *orderedJob[B, R], 2*n+1),
		done:    make(chan struct{}),
	}
	for range n {
		o.workers.Add(1)
		go func() {
			defer o.workers.Done()
			for j := range o.jobs {
				j.out = work(j.in)
				close(j.ready)
			}
		}()
	}
	go func() {
		defer close(o.done)
		for j := range o.results {
			<-j.ready
			collect(j.out)
		}
	}()
	return o
}

// add queues a batch; it waits while the workers are busy with earlier ones.
func (o *ordered[B, R]) add(b B) {
	j := &orderedJob[B, R]{in: b, ready: make(chan struct{})}
	o.results <- j
	o.jobs <- j
}

// wait returns once every batch added has been worked on and collected.
func (o *ordered[B, R]) wait() {
	close(o.jobs)
	close(o.results)
	o.workers.Wait()
	<-o.done
}
