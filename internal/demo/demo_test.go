package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/demo"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/when"
)

// february is the demo month of these tests: it holds the Spring Festival holiday and two
// working Saturdays, so quiet and busy days both occur.
var february = when.Month{Year: 2026, Month: time.February}

// demoDB is a new database initialised as kefu demo does it, with a clock Generate moves.
type demoDB struct {
	svc *core.Service
	now *time.Time
}

func newDemoDB(t *testing.T) demoDB {
	t.Helper()
	ctx := context.Background()
	db, _, err := store.OpenPersist(ctx, filepath.Join(t.TempDir(), "demo.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := february.Start(time.UTC).Add(-30 * 24 * time.Hour)
	d := demoDB{now: &now}
	d.svc = core.New(db, func() time.Time { return *d.now })
	if _, err := d.svc.Init(ctx, core.InitOptions{Manager: demo.Manager, TZ: "Asia/Shanghai", Region: "cn"}); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d demoDB) generate(ctx context.Context, seed uint64, setNow func(time.Time)) (demo.Result, error) {
	if setNow == nil {
		setNow = func(t time.Time) { *d.now = t }
	}
	return demo.Generate(ctx, d.svc, setNow, demo.Options{Month: february, Seed: seed, PerDay: 4})
}

// digest sums up what the demo made: every ticket (all its fields and times) and the monthly
// report computed from them.
func (d demoDB) digest(t *testing.T) (string, int) {
	t.Helper()
	ctx := context.Background()
	ts, err := d.svc.TicketList(ctx, core.TicketListOptions{Sort: "id", Limit: 0})
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.svc.ReportMonthly(ctx, february.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, v := range []any{ts, r} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), len(ts)
}

func TestGenerateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	a, b, c := newDemoDB(t), newDemoDB(t), newDemoDB(t)
	resA, err := a.generate(ctx, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	resB, err := b.generate(ctx, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.generate(ctx, 4, nil); err != nil {
		t.Fatal(err)
	}
	if resA.Tickets != resB.Tickets || resA.Actions != resB.Actions || !resA.Now.Equal(resB.Now) {
		t.Errorf("seed 3 made %+v, then %+v", resA, resB)
	}
	da, na := a.digest(t)
	db, nb := b.digest(t)
	dc, _ := c.digest(t)
	if na == 0 || na != resA.Tickets {
		t.Errorf("the database holds %d tickets; Generate reported %d", na, resA.Tickets)
	}
	if da != db || na != nb {
		t.Errorf("the same seed made different data: %d tickets (%s), then %d (%s)", na, da, nb, db)
	}
	if da == dc {
		t.Errorf("seeds 3 and 4 made the same data (%s)", da)
	}
}

// The demo department and month: a manager, two supervisors and eight agents; tickets of
// every kind, all opened within the month.
func TestGenerateTeamAndMonth(t *testing.T) {
	ctx := context.Background()
	d := newDemoDB(t)
	res, err := d.generate(ctx, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := d.svc.StaffList(ctx, store.StaffFilter{IncludeOff: true})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	for _, s := range staff {
		roles[string(s.Role)]++
	}
	if roles["manager"] != 1 || roles["supervisor"] != 2 || roles["agent"] != 8 || len(staff) != 11 {
		t.Errorf("staff by role = %v (%d in all); want 1 manager, 2 supervisors, 8 agents", roles, len(staff))
	}
	loc, err := d.svc.Location(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := d.svc.TicketList(ctx, core.TicketListOptions{Sort: "id"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	from, to := february.Start(loc), february.End(loc)
	for _, tk := range ts {
		kinds[tk.Kind]++
		if tk.OpenedAt.Before(from) || !tk.OpenedAt.Before(to) {
			t.Errorf("ticket %d opened %s, outside %s", tk.ID, tk.OpenedAt.In(loc), february)
		}
	}
	for _, k := range []string{"inquiry", "complaint", "suggestion", "presale"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among %d tickets: %v", k, len(ts), kinds)
		}
	}
	if want := res.Month.End(loc).Add(9 * time.Hour); !res.Now.Equal(want) {
		t.Errorf("the report is read at %s, want the next morning %s", res.Now, want)
	}
}

// The demo month is one transaction: when generation fails partway (here the command is
// interrupted), nothing of it remains — no tickets, no customers, no staff but the manager.
func TestGenerateIsAllOrNothing(t *testing.T) {
	d := newDemoDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	steps := 0
	_, err := d.generate(ctx, 3, func(t time.Time) {
		*d.now = t
		steps++
		if steps == 200 {
			cancel()
		}
	})
	if err == nil {
		t.Fatalf("Generate succeeded though interrupted after %d steps", steps)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Generate failed with %v, want the interruption (context canceled)", err)
	}
	if steps < 200 {
		t.Fatalf("Generate stopped after %d steps, before the interruption: %v", steps, err)
	}

	bg := context.Background()
	ts, err := d.svc.TicketList(bg, core.TicketListOptions{Limit: 0})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 0 {
		t.Errorf("%d tickets remain after a failed demo", len(ts))
	}
	cs, err := d.svc.CustomerList(bg, store.CustomerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 0 {
		t.Errorf("%d customers remain after a failed demo", len(cs))
	}
	staff, err := d.svc.StaffList(bg, store.StaffFilter{IncludeOff: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 1 || staff[0].Name != demo.Manager {
		t.Errorf("staff after a failed demo = %v, want only the manager", staff)
	}
	// The database is still usable: the demo can run again into it.
	if _, err := d.generate(bg, 3, nil); err != nil {
		t.Fatalf("generating after a failed attempt: %v", err)
	}
}
