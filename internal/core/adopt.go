package core

import (
	"context"
	"errors"
	"github.com/kefu/kefu/internal/audit"
	"os"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
)

// AdoptResult is what audit adopt signed and recorded.
type AdoptResult struct {
	Database     string `json:"database"`
	EventsSigned int    `json:"events_signed"`
	RowsRecorded int    `json:"rows_recorded"`
}

// AuditAdopt takes a database from before the signed history into it, once, on a manager's
// word: it signs the events written before the chain existed and records the rows written
// before the history recorded rows, and records that it did so. Nothing else ever signs an
// event that kefu did not write itself. A history that is signed but holds an unsigned event
// was changed outside kefu and is refused.
func AuditAdopt(ctx context.Context, db persist.DB, keys Keys, as string, now time.Time) (AdoptResult, error) {
	var r AdoptResult
	var actor string
	var firstUnsigned int64
	var unrecorded bool
	var ends signedEnds
	err := db.View(ctx, now, func(tx persist.Tx) error {
		a, err := resolveActor(tx, as)
		if err != nil {
			return err
		}
		if err := access.Check(a, access.ManagePolicy, "audit adopt"); err != nil {
			return err
		}
		actor = a.Name
		if r.Database, err = tx.State(dbIDKey); err != nil {
			return err
		}
		if firstUnsigned, err = tx.FirstUnsigned(); err != nil {
			return err
		}
		if unrecorded, err = tx.RowsUnrecorded(); err != nil {
			return err
		}
		ends, err = readSignedEnds(tx)
		return err
	})
	if err != nil {
		return r, err
	}
	switch {
	case ends.ok && firstUnsigned != 0:
		return r, errs.Conflictf("event %d is not signed but the history around it is: it was written outside kefu, and adopt does not take it in", firstUnsigned).
			WithHint("kefu db check, then kefu db restore FILE (a sound backup)")
	case firstUnsigned == 0 && !unrecorded:
		return r, errs.Conflictf("nothing to adopt: every event is signed and every row is recorded in the history")
	}
	if r.Database != "" && ends.ok {
		key, err := keys.load(r.Database)
		if errors.Is(err, os.ErrNotExist) {
			return r, errs.Invalidf("the audit key of this database (id %s) is not at %s", r.Database, keys.Path(r.Database)).WithHint("kefu audit key import FILE")
		}
		if err != nil {
			return r, errs.Wrap(err, "reading the audit key")
		}
		if err := ends.check(key, r.Database); err != nil {
			return r, err
		}
	}
	err = db.UpdateRefused(ctx, now, func(tx persist.Tx) error {
		key, err := ensureKey(tx, keys, r.Database)
		if err != nil {
			return err
		}
		if r.Database, err = tx.State(dbIDKey); err != nil {
			return err
		}
		db.SetAuditKey(key)
		tx.SetKey(key)
		if r.EventsSigned, err = tx.SignUnsigned(); err != nil {
			return err
		}
		if r.RowsRecorded, err = tx.RecordUnrecordedRows(); err != nil {
			return err
		}
		return tx.AppendEvent(actor, "audit", 0, "adopted", audit.AuditAdopted{
			Database: r.Database, EventsSigned: r.EventsSigned, RowsRecorded: r.RowsRecorded})
	})
	if err != nil {
		return r, err
	}
	db.RefuseWrites(nil)
	return r, nil
}
