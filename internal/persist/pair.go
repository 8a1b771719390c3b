package persist

import (
	"context"
	"time"
)

// PairViewer is a DB that can read on two connections at once, both seeing the same state of
// the database: a long read (audit verify) works on two cores of SQLite's own work.
type PairViewer interface {
	// ViewPair runs fn with two read transactions that see the same committed state; second
	// is nil when the database cannot give one (PostgreSQL, a file another process is writing
	// that this one may not lock), and fn then reads everything on first. fn must be done
	// with second when it returns.
	ViewPair(ctx context.Context, now time.Time, fn func(first, second Tx) error) error
}
