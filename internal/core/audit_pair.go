package core

import (
	"context"

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
