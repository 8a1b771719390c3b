package store

import (
	"context"
	"time"

	"github.com/kefu/kefu/internal/persist"
)

// The store implements the interfaces internal/persist declares for the use cases.
var (
	_ persist.Tx    = (*Tx)(nil)
	_ persist.Bulk  = (*Bulk)(nil)
	_ persist.DB    = persistDB{}
	_ persist.Files = Files{}
)

// Time is the transaction's time: every row it writes carries it.
func (t *Tx) Time() time.Time { return t.Now }

// SetTime moves the transaction's time (a batch runs many use cases, each at its own time).
func (t *Tx) SetTime(now time.Time) { t.Now = now }

// Persist is db as the use cases see it (persist.DB).
func Persist(db *DB) persist.DB { return persistDB{db} }

// persistDB hands the use cases a persist.Tx where the store's own code gets a *Tx.
type persistDB struct{ *DB }

func (d persistDB) Path() string { return d.DB.Path }

func (d persistDB) Update(ctx context.Context, now time.Time, fn func(persist.Tx) error) error {
	return d.DB.Update(ctx, now, func(tx *Tx) error { return fn(tx) })
}

func (d persistDB) UpdateRefused(ctx context.Context, now time.Time, fn func(persist.Tx) error) error {
	return d.DB.UpdateRefused(ctx, now, func(tx *Tx) error { return fn(tx) })
}

func (d persistDB) View(ctx context.Context, now time.Time, fn func(persist.Tx) error) error {
	return d.DB.View(ctx, now, func(tx *Tx) error { return fn(tx) })
}

// Files checks and restores database files by path (persist.Files).
type Files struct{}

// Inspect is the function Inspect.
func (Files) Inspect(ctx context.Context, path string) (FileInfo, error) { return Inspect(ctx, path) }

// Restore is the function Restore, handing prepare the copy as a persist.DB.
func (Files) Restore(ctx context.Context, src, target string, prepare func(persist.DB) error) (string, error) {
	return Restore(ctx, src, target, func(db *DB) error { return prepare(Persist(db)) })
}

// OpenPersist opens the database at path as Open does and returns it as the use cases see it,
// with the notices of its upgrade. cmd/kefu hands it to the commands, which never import this
// package.
func OpenPersist(ctx context.Context, path string, create bool) (persist.DB, []string, error) {
	db, _, err := Open(ctx, path, create)
	if err != nil {
		return nil, nil, err
	}
	return Persist(db), db.Notices, nil
}

var _ persist.Copier = Files{}

// Copy is the function CopyDB (persist.Copier).
func (Files) Copy(ctx context.Context, from, to string) (persist.CopyInfo, error) {
	info, err := CopyDB(ctx, from, to)
	return persist.CopyInfo(info), err
}
