package core

import (
	"context"
	"runtime/debug"

	"github.com/kefu/kefu/internal/persist"
)

// readPair is read with, when the database can give one, a second read transaction that sees
// the same state (persist.PairViewer); second is nil otherwise (and in a batch).
func (s *Service) readPair(ctx context.Context, fn func(e *env, second persist.Tx) error) error {
	pv, ok := s.DB.(persist.PairViewer)
	if !ok || s.batch != nil {
		return s.read(ctx, func(e *env) error { return fn(e, nil) })
	}
	return pv.ViewPair(ctx, s.Now(), func(first, second persist.Tx) error {
		return s.inEnv(first, func(e *env) error { return fn(e, second) })
	})
}

// replayRun is replayTickets under way on a transaction of its own, or to be run later.
type replayRun struct {
	done       chan struct{}
	n          int
	mismatches []string
	err        error
}

// replayOn starts replayTickets on tx in the background; with tx nil, result runs it.
func replayOn(tx persist.Tx) *replayRun {
	if tx == nil {
		return &replayRun{}
	}
	r := &replayRun{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.n, r.mismatches, r.err = replayTickets(tx)
	}()
	return r
}

// result is what the replay found: the background run's, or replayTickets on tx now.
func (r *replayRun) result(tx persist.Tx) (int, []string, error) {
	if r.done == nil {
		return replayTickets(tx)
	}
	<-r.done
	return r.n, r.mismatches, r.err
}

// wait returns once the background run is over (its transaction is no longer used).
func (r *replayRun) wait() {
	if r.done != nil {
		<-r.done
	}
}

// The garbage collector's heap growth during audit verify and export tickets, which allocate
// gigabytes of short-lived rows and payloads over a small live heap. Verify's live heap is the
// last state of every recorded row (150 MB at a million tickets): at 200% it collects half as
// often (5% less CPU) for some 150 MB more at the peak. An export's is a few batches: at 400%
// it spends 15% less CPU, peaking at about 330 MB instead of 150 MB at a million tickets.
const (
	verifyGCPercent = 200
	exportGCPercent = 400
)

// collectLessOftenAt sets the collector's heap growth to percent until restore; a GOGC that
// collects less often (or off) stays.
func collectLessOftenAt(percent int) (restore func()) {
	prev := debug.SetGCPercent(percent)
	if prev < 0 || prev > percent {
		debug.SetGCPercent(prev)
	}
	return func() { debug.SetGCPercent(prev) }
}
