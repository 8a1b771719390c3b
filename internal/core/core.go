// Package core is kefu's use cases: each method checks who acts, validates input with the
// domain packages, and reads or writes through one store transaction. It never sees SQL
// or cobra; commands and tests call it directly.
package core

import (
	"context"
	"sync"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/when"
)

// Service runs use cases against one database.
type Service struct {
	DB    persist.DB
	Clock clock.Clock
	// batch, when set, is the one transaction every use case of this service runs in
	// (see Batch); each use case still gets its own time from Clock.
	batch persist.Tx
	// loaded caches the policy and calendar within a batch; a policy change clears it.
	loaded *env
	// viewed caches the policy and calendar for read transactions: a command reads them once
	// per process however many reads it makes (a list, then its calendar warning). Writes
	// always read them in their own transaction; a policy change clears this too.
	viewed *viewCache
}

// viewCache is the policy and calendar the read transactions of one service share.
type viewCache struct {
	mu sync.Mutex
	e  *env
}

func (c *viewCache) get() *env {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.e
}

func (c *viewCache) set(e *env) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.e = e
}

// New returns a service over db with the given clock.
func New(db persist.DB, c clock.Clock) *Service {
	return &Service{DB: db, Clock: c, viewed: &viewCache{}}
}

// Now is the command's single notion of the current time.
func (s *Service) Now() time.Time { return s.Clock() }

// update runs fn in a write transaction: the service's batch, or a new one.
func (s *Service) update(ctx context.Context, fn func(persist.Tx) error) error {
	if s.batch != nil {
		s.batch.SetTime(s.Now())
		return s.batch.Savepoint(func() error { return fn(s.batch) })
	}
	return s.DB.Update(ctx, s.Now(), fn)
}

// view runs fn in a read transaction: the service's batch, or a new one.
func (s *Service) view(ctx context.Context, fn func(persist.Tx) error) error {
	if s.batch != nil {
		s.batch.SetTime(s.Now())
		return fn(s.batch)
	}
	return s.DB.View(ctx, s.Now(), fn)
}

// Batch runs fn with a service whose use cases all share one write transaction, committed
// when fn returns nil: a bulk job (demo generation, an import) is wholly present or wholly
// absent, and fast. A use case that fails inside the batch leaves nothing behind (it runs in
// a savepoint); the batch goes on unless fn returns the error.
func (s *Service) Batch(ctx context.Context, fn func(*Service) error) error {
	if s.batch != nil {
		return fn(s)
	}
	return s.DB.Update(ctx, s.Now(), func(tx persist.Tx) error {
		b := *s
		b.batch, b.loaded = tx, nil
		return fn(&b)
	})
}

// env is what a use case has in hand inside its transaction.
type env struct {
	svc    *Service
	tx     persist.Tx
	actor  access.Actor
	policy policy.Policy
	cal    *calendar.Calendar
	loc    *time.Location
	// team narrows a report to one team ("" for the department).
	team string
	// vals is the policy's typed values, parsed once per policy loaded (see values).
	vals *policy.Values
	// sales caches each month's pre-sale results within one use case (presaleSales).
	sales map[when.Month]map[int64]score.Sales
	// sheet keeps what computing one score sheet reads more than once (monthSheet).
	sheet *sheetReads
	// reads keeps the staff, leave, swaps and summaries read, for remind (see reads).
	reads *reads
}

// values is the policy as typed values, parsed on first use and kept until the policy changes.
func (e *env) values() (policy.Values, error) {
	if e.vals == nil {
		v, err := e.policy.Values()
		if err != nil {
			return v, err
		}
		e.vals = &v
	}
	return *e.vals, nil
}

// newEnv starts a use case in tx with the policy and calendar loaded (once per batch).
func (s *Service) newEnv(tx persist.Tx, actor access.Actor) (*env, error) {
	if s.loaded != nil {
		e := *s.loaded
		e.tx, e.actor, e.sales, e.sheet, e.reads = tx, actor, nil, nil, nil
		return &e, nil
	}
	e := &env{svc: s, tx: tx, actor: actor}
	if err := e.load(); err != nil {
		return nil, err
	}
	if s.batch != nil {
		s.loaded = e
	}
	return e, nil
}

// load reads the policy and builds the calendar.
func (e *env) load() error {
	p, err := e.tx.Policy()
	if err != nil {
		return err
	}
	if len(p.Kinds) == 0 {
		return ErrNotInitialized
	}
	cal, err := p.Calendar()
	if err != nil {
		return errs.Wrap(err, "building the business calendar from the stored policy")
	}
	e.policy, e.cal, e.loc, e.vals = p, cal, cal.Location(), nil
	return nil
}

// write runs fn in one write transaction as the acting user, after checking the action.
func (s *Service) write(ctx context.Context, as string, act access.Action, what string, fn func(*env) error) error {
	return s.update(ctx, func(tx persist.Tx) error {
		a, err := resolveActor(tx, as)
		if err != nil {
			return err
		}
		e, err := s.newEnv(tx, a)
		if err != nil {
			return err
		}
		if err := access.Check(a, act, what); err != nil {
			return err
		}
		return fn(e)
	})
}

// system runs fn in one write transaction as the automated actor.
func (s *Service) system(ctx context.Context, fn func(*env) error) error {
	return s.update(ctx, func(tx persist.Tx) error {
		e, err := s.newEnv(tx, access.SystemActor)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

// read runs fn in a read transaction; no acting user is needed.
func (s *Service) read(ctx context.Context, fn func(*env) error) error {
	return s.view(ctx, func(tx persist.Tx) error { return s.inEnv(tx, fn) })
}

// inEnv runs fn with the env of read transaction tx.
func (s *Service) inEnv(tx persist.Tx, fn func(*env) error) error {
	if c := s.viewed.get(); c != nil && s.batch == nil {
		e := *c
		e.tx, e.actor, e.sales, e.sheet, e.reads = tx, access.Actor{}, nil, nil, nil
		return fn(&e)
	}
	e, err := s.newEnv(tx, access.Actor{})
	if err != nil {
		return err
	}
	if s.batch == nil {
		c := *e
		s.viewed.set(&c)
	}
	return fn(e)
}

func resolveActor(tx persist.Tx, as string) (access.Actor, error) {
	if as == "" {
		return access.Actor{}, errs.Invalidf("this command changes data: say who you are with --as NAME (or KEFU_USER)")
	}
	st, err := tx.StaffByName(as)
	if errs.Is(err, errs.NotFound) {
		return access.Actor{}, errs.Invalidf("unknown staff %q given by --as or KEFU_USER", as).WithHint("kefu staff list")
	}
	if err != nil {
		return access.Actor{}, err
	}
	return st.Actor(), nil
}

// event appends a history row by the acting user at the transaction's time.
func (e *env) event(entity string, id int64, action string, payload any) error {
	return e.tx.AppendEvent(e.actor.Name, entity, id, action, payload)
}

// Policy returns the stored policy.
func (s *Service) Policy(ctx context.Context) (policy.Policy, error) {
	var p policy.Policy
	err := s.read(ctx, func(e *env) error { p = e.policy; return nil })
	return p, err
}

// Calendar returns the team's business calendar.
func (s *Service) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	var c *calendar.Calendar
	err := s.read(ctx, func(e *env) error { c = e.cal; return nil })
	return c, err
}
