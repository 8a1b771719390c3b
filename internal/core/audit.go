package core

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/parallel"
	"github.com/kefu/kefu/internal/persist"
)

// dbIDKey is the state entry naming the database for its key file.
const dbIDKey = "db.id"

// Keys is where audit keys come from: a file per database under Dir (the user's config
// directory), or one fixed key for every database (KEFU_AUDIT_KEY, for servers whose secrets
// come from the environment, and for reproducible tests).
type Keys struct {
	Dir   string
	Fixed []byte
}

// Path is where the key file of database id lives.
func (k Keys) Path(id string) string { return audit.KeyPath(k.Dir, id) }

func (k Keys) load(id string) ([]byte, error) {
	if k.Fixed != nil {
		return k.Fixed, nil
	}
	return audit.LoadKey(k.Path(id))
}

func (k Keys) create(id string) ([]byte, error) {
	if k.Fixed != nil {
		return k.Fixed, nil
	}
	key := audit.NewKey()
	if err := audit.SaveKey(k.Path(id), key); err != nil {
		if existing, lerr := audit.LoadKey(k.Path(id)); lerr == nil {
			return existing, nil // another process made it a moment ago
		}
		return nil, err
	}
	return key, nil
}

// PrepareAudit gives an open database its audit key from keys: it loads the key, or, for a
// database without any history yet, makes one. It never signs anything: before any write, the
// key must sign the history's first and newest signed events, and a history holding unsigned
// events refuses writes (a hand-made insertion, or a database from before the signed history,
// which a manager adopts once with kefu audit adopt). Reads go on in every case.
func PrepareAudit(ctx context.Context, db persist.DB, keys Keys, now time.Time) error {
	var id string
	var firstUnsigned int64
	var ends signedEnds
	var triggers []string
	err := db.View(ctx, now, func(tx persist.Tx) error {
		var err error
		if id, err = tx.State(dbIDKey); err != nil {
			return err
		}
		if triggers, err = tx.CheckTriggers(); err != nil {
			return err
		}
		if firstUnsigned, err = tx.FirstUnsigned(); err != nil {
			return err
		}
		ends, err = readSignedEnds(tx)
		return err
	})
	if err != nil {
		return err
	}
	chained := ends.ok
	if len(triggers) > 0 {
		// A trigger added or changed outside kefu could rewrite what kefu writes, and the row
		// history would then sign the result: nothing is written until the file is sound.
		db.RefuseWrites(errs.E(errs.Internal, "%s, so nothing more is written", triggers[0]).WithHint("kefu db check"))
		return nil
	}
	if id != "" {
		key, err := keys.load(id)
		switch {
		case err == nil:
			db.SetAuditKey(key)
			if chained {
				if err := ends.check(key, id); err != nil {
					db.RefuseWrites(err)
					return nil
				}
			}
			if firstUnsigned != 0 {
				db.RefuseWrites(unsignedRefusal(chained, firstUnsigned))
			}
			return nil
		case !errors.Is(err, os.ErrNotExist):
			return errs.Wrap(err, "reading the audit key %s", keys.Path(id))
		case chained:
			db.RefuseWrites(errs.Invalidf("the audit key of this database (id %s) is not at %s, so nothing can be added to its signed history", id, keys.Path(id)).
				WithHint("kefu audit key import FILE (a copy made with kefu audit key export)"))
			return nil
		}
	}
	if firstUnsigned != 0 {
		db.RefuseWrites(unsignedRefusal(false, firstUnsigned))
		return nil
	}
	if db.ReadOnly() {
		return nil // a read-only file: nothing will be written, so no key is needed
	}
	// No history yet: this database gets a key now.
	return db.Update(ctx, now, func(tx persist.Tx) error {
		key, err := ensureKey(tx, keys, id)
		if err != nil {
			return err
		}
		db.SetAuditKey(key)
		return nil
	})
}

// Audited is db with PrepareAudit put off until the first write (or the first question whether
// writes are refused): the checks it makes — the history's ends signed by the key, no unsigned
// event, the schema's triggers kefu's own — concern writes alone, so a command that only reads
// never pays for them (on a server, five statements and their round trips). A write runs them
// first, exactly as an open did.
func Audited(ctx context.Context, db persist.DB, keys Keys, now time.Time) persist.DB {
	return &auditedDB{DB: db, prepare: func() error { return PrepareAudit(ctx, db, keys, now) }}
}

type auditedDB struct {
	persist.DB
	prepare func() error
	once    sync.Once
	err     error
}

func (a *auditedDB) ready() error {
	a.once.Do(func() { a.err = a.prepare() })
	return a.err
}

func (a *auditedDB) Update(ctx context.Context, now time.Time, fn func(persist.Tx) error) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.DB.Update(ctx, now, fn)
}

func (a *auditedDB) UpdateRefused(ctx context.Context, now time.Time, fn func(persist.Tx) error) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.DB.UpdateRefused(ctx, now, fn)
}

// ViewPair passes the underlying database's two-connection read through (audit verify and
// export read on both cores with it); a read makes no checks. A database without one gives
// fn a single transaction, as readPair would.
func (a *auditedDB) ViewPair(ctx context.Context, now time.Time, fn func(first, second persist.Tx) error) error {
	if pv, ok := a.DB.(persist.PairViewer); ok {
		return pv.ViewPair(ctx, now, fn)
	}
	return a.DB.View(ctx, now, func(tx persist.Tx) error { return fn(tx, nil) })
}

var _ persist.PairViewer = (*auditedDB)(nil)

func (a *auditedDB) ReadOnly() bool {
	if a.ready() != nil {
		return true
	}
	return a.DB.ReadOnly()
}

// ensureKey gives the database in tx an id (if it has none) and a key file (if there is none).
func ensureKey(tx persist.Tx, keys Keys, id string) ([]byte, error) {
	cur, err := tx.State(dbIDKey)
	if err != nil {
		return nil, err
	}
	if cur != "" && cur != id {
		return nil, errs.Wrap(fmt.Errorf("database id changed to %s", cur), "preparing the audit key")
	}
	if id == "" {
		id = audit.NewDatabaseID()
		if err := tx.SetState(dbIDKey, id); err != nil {
			return nil, err
		}
	}
	if key, err := keys.load(id); err == nil {
		return key, nil
	}
	key, err := keys.create(id)
	if err != nil {
		return nil, errs.Wrap(err, "writing the audit key %s", keys.Path(id))
	}
	return key, nil
}

// unsignedRefusal is why writes are refused while the history holds an unsigned event.
func unsignedRefusal(chained bool, id int64) error {
	if chained {
		return errs.E(errs.Internal, "event %d of the history is not signed: it was written outside kefu, so nothing more is written", id).
			WithHint("kefu db check")
	}
	return errs.Invalidf("this database's history was written before kefu signed it: a manager adopts it once before anything is written").
		WithHint("kefu audit adopt --as NAME")
}

// signedEnds are the first and newest signed events with the MACs before them.
type signedEnds struct {
	first, last         audit.Stored
	firstPrev, lastPrev string
	ok                  bool
}

func readSignedEnds(tx persist.Tx) (signedEnds, error) {
	var e signedEnds
	var err error
	e.first, e.last, e.firstPrev, e.lastPrev, e.ok, err = tx.SignedEnds()
	return e, err
}

// signs reports whether key made e's MAC (or, for a redacted event, its redaction MAC).
func signs(key []byte, e audit.Stored, prev string) bool {
	if e.Redacted {
		return hmac.Equal([]byte(e.RedactionMAC), []byte(audit.RedactionMAC(key, e.MAC, e.Canonical())))
	}
	return hmac.Equal([]byte(e.MAC), []byte(audit.MAC(key, prev, e.Canonical())))
}

// check refuses a key that does not sign the newest event: a wrong key (it signs neither
// end) or a history changed since (it signs the first event only).
func (e signedEnds) check(key []byte, id string) error {
	if signs(key, e.last, e.lastPrev) {
		return nil
	}
	if signs(key, e.first, e.firstPrev) {
		return errs.E(errs.Internal, "the newest event of the history (%d) does not verify with this database's key: the history was changed outside kefu, so nothing more is written", e.last.ID).
			WithHint("kefu db check")
	}
	return errs.E(errs.Internal, "this key does not sign this database's history (id %s); nothing was written", id).
		WithHint("check KEFU_AUDIT_KEY, or kefu audit key import FILE (the key saved with kefu audit key export)")
}

// chainBatch is a run of events checked on one core: the first follows the event whose stored
// MAC is prev; whys is what Check found.
type chainBatch struct {
	events []audit.Stored
	prev   string
	whys   []string
}

// AuditReport is what audit verify found.
type AuditReport struct {
	Events   int64    `json:"events"`
	Head     string   `json:"head"`
	OK       bool     `json:"ok"`
	Problems []string `json:"problems"`
	Redacted int      `json:"redacted"`
	Tickets  int      `json:"tickets_replayed"`
	// Rows counts the rows of the tracked tables compared with their recorded history.
	Rows int `json:"rows_checked"`
}

// auditKey reads this database's key for verification.
func auditKey(tx persist.Tx, keys Keys) ([]byte, string, error) {
	id, err := tx.State(dbIDKey)
	if err != nil {
		return nil, "", err
	}
	if id == "" {
		return nil, "", errs.Invalidf("this database has no audit key yet: run any kefu command on it once")
	}
	key, err := keys.load(id)
	if errors.Is(err, os.ErrNotExist) {
		return nil, id, errs.Invalidf("the audit key of this database (id %s) is not at %s", id, keys.Path(id)).WithHint("kefu audit key import FILE")
	}
	if err != nil {
		return nil, id, errs.Wrap(err, "reading the audit key")
	}
	return key, id, nil
}

// AuditVerify checks the MAC chain link by link, that it still holds the anchor (COUNT:MAC,
// as remind prints the head) when given, and replays every ticket's events to confirm the
// ticket rows match them. The report lists the first broken link and every mismatch.
func (s *Service) AuditVerify(ctx context.Context, keys Keys, anchor string) (AuditReport, error) {
	r := AuditReport{Problems: []string{}}
	var an *audit.Anchor
	if anchor != "" {
		a, err := audit.ParseAnchor(anchor)
		if err != nil {
			return r, errs.Invalidf("--anchor: %v", err)
		}
		an = &a
	}
	defer collectLessOftenAt(verifyGCPercent)()
	err := s.readPair(ctx, func(e *env, second persist.Tx) error {
		tx := e.tx
		key, _, err := auditKey(tx, keys)
		if err != nil {
			return err
		}
		// The tickets are replayed on a second connection (same snapshot) while this one reads
		// the history and the tables: SQLite's work of both on a core each.
		replay := replayOn(second)
		defer replay.wait()
		v := audit.NewVerifier(key, an)
		// One pass over the history in id order: the store folds its row records while the
		// MACs are checked a batch at a time on every core, each batch from the stored MAC
		// before it, and the results taken in id order. A batch ends at batchEvents events or
		// batchBytes of payloads (the row records of an import are 100 kB each), and the chain
		// is done before the tables are read, so no event is held longer than its check.
		const batchEvents, batchBytes = 4096, 4 << 20
		var evs []audit.Stored
		prev, size := "", 0
		chain := parallel.NewOrdered(func(b chainBatch) chainBatch { b.whys = v.Check(b.events, b.prev); return b },
			func(b chainBatch) { v.Apply(b.events, b.whys) })
		chained := false
		endChain := func() error {
			if !chained {
				if len(evs) > 0 {
					chain.Add(chainBatch{events: evs, prev: prev})
				}
				evs = nil
				chain.Wait()
				chained = true
			}
			return nil
		}
		rows, err := tx.CheckHistory(key, func(e audit.Stored) error {
			evs, size = append(evs, e), size+len(e.Payload)
			if len(evs) == batchEvents || size >= batchBytes {
				chain.Add(chainBatch{events: evs, prev: prev})
				prev, evs, size = e.MAC, make([]audit.Stored, 0, batchEvents), 0
			}
			return nil
		}, endChain)
		endChain()
		if err != nil {
			return err
		}
		r.Events, r.Head, r.Redacted = v.Count, v.Head(), v.Redacted
		if v.Broken != nil {
			b := v.Broken
			r.Problems = append(r.Problems, i18n.Sprintf("event %d (%s %d %s by %s at %s): %s", b.ID, b.Entity, b.EntityID, b.Action, b.Actor, b.At.In(e.loc).Format(time.RFC3339), v.BrokenWhy))
		}
		if v.Unsigned > 1 {
			r.Problems = append(r.Problems, i18n.Sprintf("%d events are not signed", v.Unsigned))
		}
		if an != nil && !v.AnchorFound {
			if v.Count < an.Count {
				r.Problems = append(r.Problems, i18n.Sprintf("the history has %d events but the anchor %s names event %d: the newest events were removed", v.Count, anchor, an.Count))
			} else {
				r.Problems = append(r.Problems, i18n.Sprintf("event %d does not carry the anchor's MAC %s: the history was rewritten", an.Count, an.MAC))
			}
		}
		triggers, err := tx.CheckTriggers()
		if err != nil {
			return err
		}
		r.Problems = append(r.Problems, triggers...)
		n, mismatches, err := replay.result(tx)
		r.Tickets = n
		r.Problems = append(r.Problems, mismatches...)
		if err != nil {
			return err
		}
		r.Rows = rows.Rows
		r.Problems = append(r.Problems, rows.Problems...)
		if rows.More > 0 {
			r.Problems = append(r.Problems, i18n.Sprintf("and %d more rows differ from their history", rows.More))
		}
		return nil
	})
	r.OK = err == nil && len(r.Problems) == 0
	return r, err
}

// Head is the chain head remind and notifications print: event count and short MAC.
func (s *Service) AuditHead(ctx context.Context) (string, error) {
	var h string
	err := s.view(ctx, func(tx persist.Tx) error {
		n, mac, err := tx.ChainHead()
		h = audit.Head(n, mac)
		return err
	})
	return h, err
}

// AuditLogOptions filter audit log.
type AuditLogOptions struct {
	Ticket int64
	Staff  string
	Since  time.Time
	Limit  int
}

// AuditLog lists who did what when.
func (s *Service) AuditLog(ctx context.Context, o AuditLogOptions) ([]audit.Event, error) {
	out, _, err := s.AuditLogPage(ctx, o)
	return out, err
}

// AuditLogPage is AuditLog with the number of all matching events.
func (s *Service) AuditLogPage(ctx context.Context, o AuditLogOptions) ([]audit.Event, int, error) {
	var out []audit.Event
	total := 0
	err := s.read(ctx, func(e *env) error {
		f := persist.EventFilter{Since: o.Since, Limit: o.Limit}
		if o.Ticket != 0 {
			f.Entity, f.EntityID = "ticket", o.Ticket
		}
		if o.Staff != "" {
			st, err := e.tx.StaffByName(o.Staff)
			if err != nil {
				return err
			}
			f.Actor = st.Name
		}
		var err error
		if out, err = e.tx.Events(f); err != nil {
			return err
		}
		total, err = countPage(len(out), f.Limit, func() (int, error) { return e.tx.CountEvents(f) })
		return err
	})
	return out, total, err
}

// AuditKeyExport returns the database id and its key, for safekeeping (manager).
func (s *Service) AuditKeyExport(ctx context.Context, as string, keys Keys) (id, key string, err error) {
	err = s.write(ctx, as, access.ManagePolicy, "audit key export", func(e *env) error {
		k, dbID, err := auditKey(e.tx, keys)
		if err != nil {
			return err
		}
		id, key = dbID, audit.EncodeKey(k)
		return e.event("audit", 0, "key_exported", audit.AuditKeyExported{Database: dbID})
	})
	return id, key, err
}

// AuditKeyImport installs a saved key for this database after checking it signs its history.
// It needs no acting user: without the key, nothing can be written.
func AuditKeyImport(ctx context.Context, db persist.DB, keys Keys, text string, now time.Time) (string, error) {
	key, err := audit.DecodeKey(text)
	if err != nil {
		return "", errs.Invalidf("%v", err)
	}
	var id string
	err = db.View(ctx, now, func(tx persist.Tx) error {
		if id, err = tx.State(dbIDKey); err != nil {
			return err
		}
		if id == "" {
			return errs.Invalidf("this database has no signed history to import a key for")
		}
		ends, err := readSignedEnds(tx)
		if err != nil {
			return err
		}
		if ends.ok {
			if err := ends.check(key, id); err != nil {
				return errs.Invalidf("%s", strings.TrimSuffix(err.Error(), "; nothing was written"))
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	path := keys.Path(id)
	if err := audit.SaveKey(path, key); err != nil {
		if errors.Is(err, os.ErrExist) {
			return "", errs.Conflictf("a key for this database is already at %s", path)
		}
		return "", errs.Wrap(err, "writing %s", path)
	}
	return path, nil
}
