package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/storetest"
)

// now is the injected clock of every transaction in these tests.
var now = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// openNew creates a fresh database: a file in a temporary directory, or a database on the
// test server when the tests run on PostgreSQL (storetest).
func openNew(t *testing.T) *DB {
	t.Helper()
	path := storetest.Address(t)
	db, created, err := Open(context.Background(), path, true)
	if err != nil {
		t.Fatalf("Open(%s, create): %v", path, err)
	}
	if !created {
		t.Fatalf("Open(%s, create) on a missing file: created = false", path)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawSQL opens a file with plain database/sql, bypassing kefu's checks, to build the
// files kefu must refuse or upgrade.
func rawSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func pragmaInt(t *testing.T, db *sql.DB, name string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("PRAGMA " + name).Scan(&n); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return n
}

// wantRefused checks an Open error: exit status 1 (a database failure, not bad input) and a
// message a person can act on.
func wantRefused(t *testing.T, err error, wantMsg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Open succeeded; want an error mentioning %q", wantMsg)
	}
	if got := errs.ExitCode(err); got != errs.ExitInternal {
		t.Errorf("exit code %d, want %d (error: %v)", got, errs.ExitInternal, err)
	}
	if !strings.Contains(err.Error(), wantMsg) {
		t.Errorf("error %q does not mention %q", err, wantMsg)
	}
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not", "yet")
	path := filepath.Join(dir, "kefu.db")
	db, created, err := Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !created {
		t.Error("created = false for a new file")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// The file holds customers' personal data: only its owner may read it.
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("database mode %#o, want 0600", mode)
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := di.Mode().Perm(); mode&0o077 != 0 {
		t.Errorf("created directory mode %#o, want no access for group and others", mode)
	}
	raw := rawSQL(t, path)
	if got := pragmaInt(t, raw, "application_id"); got != ApplicationID {
		t.Errorf("application_id %#x, want %#x", got, ApplicationID)
	}
	if got := pragmaInt(t, raw, "user_version"); got != Version() {
		t.Errorf("user_version %d, want %d", got, Version())
	}
}

func TestOpenMissingWithoutCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kefu.db")
	_, _, err := Open(context.Background(), path, false)
	if err == nil {
		t.Fatal("Open of a missing file without create succeeded")
	}
	if got := errs.ExitCode(err); got != errs.ExitInvalid {
		t.Errorf("exit code %d, want %d: a missing database is a usage error", got, errs.ExitInvalid)
	}
	var e *errs.Error
	if !errors.As(err, &e) || !strings.Contains(e.Hint, "kefu init") {
		t.Errorf("error %v has no 'kefu init' hint", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open without create left a file behind: %v", err)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kefu.db")
	db, _, err := Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, now, func(tx *Tx) error {
		_, err := tx.InsertStaff(staff.Staff{Name: "王芳", Role: access.Manager, Shift: "day"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := db.SchemaDump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, create := range []bool{false, true} {
		db, created, err := Open(ctx, path, create)
		if err != nil {
			t.Fatalf("reopen (create=%v): %v", create, err)
		}
		if created {
			t.Errorf("reopen (create=%v): created = true for an existing file", create)
		}
		got, err := db.SchemaDump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("schema changed on reopen:\n%s\nwant:\n%s", got, want)
		}
		err = db.View(ctx, now, func(tx *Tx) error {
			s, err := tx.StaffByName("王芳")
			if err != nil {
				return err
			}
			if s.Role != access.Manager || !s.Active || !s.CreatedAt.Equal(now) {
				t.Errorf("staff after reopen = %+v", s)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	if storetest.OnPG() {
		t.Skip("SQLite's pragmas: PostgreSQL has none")
	}
	db := openNew(t)
	ctx := context.Background()
	// Hold several connections at once so the pool must open more than one.
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var mode string
		var fk, sync, busy int
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || fk != 1 || sync != 1 || busy <= 0 {
			t.Errorf("connection %d: journal_mode=%s foreign_keys=%d synchronous=%d busy_timeout=%d; want wal, 1, 1 (NORMAL), >0",
				i, mode, fk, sync, busy)
		}
		c.Close()
	}
}

func TestRefuseNewerVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kefu.db")
	db, _, err := Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw := rawSQL(t, path)
	exec(t, raw, fmt.Sprintf("PRAGMA user_version = %d", Version()+1))
	raw.Close()

	_, _, err = Open(ctx, path, false)
	wantRefused(t, err, "newer kefu")
	// Refusing must not downgrade the marker.
	if got := pragmaInt(t, rawSQL(t, path), "user_version"); got != Version()+1 {
		t.Errorf("user_version after a refused open = %d, want %d", got, Version()+1)
	}
}

func TestRefuseForeignSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "other.db")
	raw := rawSQL(t, path)
	exec(t, raw, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
	exec(t, raw, "INSERT INTO notes (body) VALUES ('not kefu')")
	raw.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	for _, create := range []bool{false, true} {
		_, created, err := Open(ctx, path, create)
		wantRefused(t, err, "not kefu's")
		if created {
			t.Errorf("create=%v: created = true for a foreign file", create)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("a refused open changed the foreign SQLite file")
	}
	if got := pragmaInt(t, rawSQL(t, path), "application_id"); got != 0 {
		t.Errorf("application_id of the foreign file became %#x", got)
	}
}

func TestRefuseForeignSQLiteWithUserVersion(t *testing.T) {
	// Another program's database may use user_version for its own schema.
	path := filepath.Join(t.TempDir(), "other.db")
	raw := rawSQL(t, path)
	exec(t, raw, "CREATE TABLE things (id INTEGER PRIMARY KEY)")
	exec(t, raw, "PRAGMA user_version = 1")
	raw.Close()
	_, _, err := Open(context.Background(), path, false)
	wantRefused(t, err, "not kefu's")
}

func TestRefuseGarbage(t *testing.T) {
	for name, content := range map[string][]byte{
		"text":       []byte(strings.Repeat("this is not a database\n", 200)),
		"fake_magic": append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4096)...),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "garbage.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, err := Open(context.Background(), path, false)
			wantRefused(t, err, "not a kefu database")
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(content, after) {
				t.Error("a refused open changed the file")
			}
		})
	}
}

func TestRefuseEmptyFile(t *testing.T) {
	// An empty file is a valid, empty SQLite database, but kefu did not make it.
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Open(context.Background(), path, false)
	wantRefused(t, err, "not a kefu database")
}

func TestUpdateErrorWritesNothing(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	boom := errs.Invalidf("refused halfway")
	err := db.Update(ctx, now, func(tx *Tx) error {
		if _, err := tx.InsertStaff(staff.Staff{Name: "张伟", Role: access.Agent, Shift: "day"}); err != nil {
			return err
		}
		if err := tx.AppendEvent("system", "staff", 1, "added", map[string]any{"name": "张伟"}); err != nil {
			return err
		}
		if err := tx.SavePolicy(policy.Default("Asia/Shanghai", "cn")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want the function's own error", err)
	}
	err = db.View(ctx, now, func(tx *Tx) error {
		n, err := tx.StaffCount()
		if err != nil {
			return err
		}
		evs, err := tx.Events(EventFilter{})
		if err != nil {
			return err
		}
		done, err := tx.PolicyInitialized()
		if err != nil {
			return err
		}
		if n != 0 || len(evs) != 0 || done {
			t.Errorf("after a failed Update: %d staff, %d events, policy initialized %v; want nothing written", n, len(evs), done)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestViewDoesNotWrite(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	// A View never commits: even a stray write inside it is rolled back.
	db.View(ctx, now, func(tx *Tx) error {
		_, err := tx.InsertStaff(staff.Staff{Name: "张伟", Role: access.Agent, Shift: "day"})
		return err
	})
	db.View(ctx, now, func(tx *Tx) error {
		if n, _ := tx.StaffCount(); n != 0 {
			t.Errorf("View wrote %d staff", n)
		}
		return nil
	})
}

// TestConcurrentUpdates runs writers from several goroutines, over one handle and over
// separate handles (as separate kefu processes would); every one must commit. Run with -race.
func TestConcurrentUpdates(t *testing.T) {
	ctx := context.Background()
	db := openNew(t)
	other, _, err := Open(ctx, db.Path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	handles := []*DB{db, other}

	const writers, each = 8, 5
	var wg sync.WaitGroup
	errc := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			h := handles[w%len(handles)]
			for i := 0; i < each; i++ {
				err := h.Update(ctx, now, func(tx *Tx) error {
					// Read then write in one transaction: BEGIN IMMEDIATE must serialize these.
					n, err := tx.StaffCount()
					if err != nil {
						return err
					}
					if _, err := tx.InsertStaff(staff.Staff{Name: fmt.Sprintf("坐席%d-%d", w, i), Role: access.Agent, Shift: "day"}); err != nil {
						return err
					}
					return tx.AppendEvent("system", "staff", int64(n+1), "added", nil)
				})
				if err != nil {
					errc <- fmt.Errorf("writer %d, update %d: %w", w, i, err)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	err = db.View(ctx, now, func(tx *Tx) error {
		n, err := tx.StaffCount()
		if err != nil {
			return err
		}
		evs, err := tx.Events(EventFilter{})
		if err != nil {
			return err
		}
		if n != writers*each || len(evs) != writers*each {
			t.Errorf("%d staff and %d events committed, want %d of each", n, len(evs), writers*each)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentCreate opens one new path from several goroutines at once, as two leads
// running kefu init together would: exactly one creates it, the others open the database it
// made ("already initialized"), and none sees a half-made file.
func TestConcurrentCreate(t *testing.T) {
	for round := 0; round < 5; round++ {
		path := filepath.Join(t.TempDir(), "kefu.db")
		const openers = 6
		var wg sync.WaitGroup
		var mu sync.Mutex
		creators := 0
		start := make(chan struct{})
		for i := 0; i < openers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				db, created, err := Open(context.Background(), path, true)
				if err != nil {
					t.Errorf("round %d: concurrent Open(create): %v", round, err)
					return
				}
				defer db.Close()
				mu.Lock()
				if created {
					creators++
				}
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		if creators > 1 {
			t.Errorf("round %d: %d openers report creating the database, want one", round, creators)
		}
		if t.Failed() {
			return
		}
	}
}

func TestDuplicateStaffIsConflict(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	add := func() error {
		return db.Update(ctx, now, func(tx *Tx) error {
			_, err := tx.InsertStaff(staff.Staff{Name: "张伟", Role: access.Agent, Shift: "day"})
			return err
		})
	}
	if err := add(); err != nil {
		t.Fatal(err)
	}
	err := add()
	if !errs.Is(err, errs.Conflict) {
		t.Fatalf("duplicate staff: %v, want a conflict", err)
	}
	if want := "staff 张伟 already exists"; err.Error() != want {
		t.Errorf("duplicate staff: %q, want %q", err, want)
	}
	if errs.ExitCode(err) != errs.ExitInvalid {
		t.Errorf("duplicate staff exits %d, want %d", errs.ExitCode(err), errs.ExitInvalid)
	}
}

func TestStaffLookupAndList(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	err := db.Update(ctx, now, func(tx *Tx) error {
		for _, s := range []staff.Staff{
			{Name: "王芳", Role: access.Manager, Shift: "day"},
			{Name: "张伟", Role: access.Agent, Team: "售后", Shift: "day", Hired: "2026-01-05"},
			{Name: "欧阳娜娜", Role: access.Supervisor, Team: "售后", Shift: "night"},
			{Name: "Li Na", Role: access.Agent, Team: "presale", Shift: "day"},
		} {
			if _, err := tx.InsertStaff(s); err != nil {
				return err
			}
		}
		return tx.DeactivateStaff(4)
	})
	if err != nil {
		t.Fatal(err)
	}
	names := func(ss []staff.Staff) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Name)
		}
		return strings.Join(out, ",")
	}
	later := now.Add(time.Hour)
	err = db.View(ctx, later, func(tx *Tx) error {
		for _, tc := range []struct {
			f    StaffFilter
			want string
		}{
			{StaffFilter{}, "王芳,张伟,欧阳娜娜"},
			{StaffFilter{IncludeOff: true}, "王芳,张伟,欧阳娜娜,Li Na"},
			{StaffFilter{Team: "售后"}, "张伟,欧阳娜娜"},
			{StaffFilter{Role: "agent", IncludeOff: true}, "张伟,Li Na"},
		} {
			ss, err := tx.ListStaff(tc.f)
			if err != nil {
				return err
			}
			if got := names(ss); got != tc.want {
				t.Errorf("ListStaff(%+v) = %s, want %s", tc.f, got, tc.want)
			}
		}
		s, err := tx.StaffByName("2")
		if err != nil {
			return err
		}
		if s.Name != "张伟" || s.Hired != "2026-01-05" || s.Team != "售后" {
			t.Errorf("StaffByName(2) = %+v", s)
		}
		s, err = tx.StaffByName("Li Na")
		if err != nil {
			return err
		}
		if s.Active || s.DeactivatedAt == nil || !s.DeactivatedAt.Equal(now) {
			t.Errorf("deactivated staff = %+v, want inactive since %v", s, now)
		}
		if s.Actor().Active {
			t.Error("an inactive staff member's actor is active")
		}
		if _, err := tx.StaffByName("赵六"); !errs.Is(err, errs.NotFound) {
			t.Errorf("StaffByName(unknown) = %v, want not found", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	p := policy.Default("Asia/Shanghai", "cn")
	p.Kinds = append(p.Kinds, policy.Kind{Name: "filing", Description: "单据交接"})
	p.Windows = append(p.Windows, policy.Window{Kind: "filing", Target: policy.Resolution, Within: mustDuration(t, "24h")})
	policy.SortWindows(p.Windows)
	p.Holidays = []policy.Day{{Date: mustDate(t, "2026-12-24"), Note: "年会"}}
	p.Workdays = []policy.Day{{Date: mustDate(t, "2026-03-07"), Note: "盘点"}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	err := db.Update(ctx, now, func(tx *Tx) error {
		if done, err := tx.PolicyInitialized(); err != nil || done {
			t.Errorf("PolicyInitialized on a fresh database = %v, %v", done, err)
		}
		return tx.SavePolicy(p)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, now, func(tx *Tx) error {
		if done, err := tx.PolicyInitialized(); err != nil || !done {
			t.Errorf("PolicyInitialized after SavePolicy = %v, %v", done, err)
		}
		got, err := tx.Policy()
		if err != nil {
			return err
		}
		want, _ := p.MarshalYAML()
		have, _ := got.MarshalYAML()
		if string(want) != string(have) {
			t.Errorf("stored policy differs:\n%s\nwant:\n%s", have, want)
		}
		if len(got.Kinds) != 5 || !got.Kinds[0].Builtin || got.Kinds[4].Name != "filing" || got.Kinds[4].Builtin {
			t.Errorf("stored kinds = %+v, want the built-ins first, then filing (not built in)", got.Kinds)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCustomers(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	err := db.Update(ctx, now, func(tx *Tx) error {
		for _, c := range []customer.Customer{
			{Name: "刘洋", Phone: "13812341234", Email: "zhang@example.com"},
			{Name: "刘洋", Phone: "13900001111"},
			{Name: "Acme Ltd", Email: "ops@acme.example.com"},
		} {
			if _, err := tx.InsertCustomer(c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, now, func(tx *Tx) error {
		_, found, err := tx.ResolveCustomer("刘洋")
		if found || !errs.Is(err, errs.Invalid) {
			t.Errorf("ResolveCustomer(shared name) = found %v, %v; want an error", found, err)
		} else if msg := err.Error(); !strings.Contains(msg, "1 (138****1234)") || !strings.Contains(msg, "2 (139****1111)") {
			t.Errorf("ambiguous name error %q does not list both ids with masked phones", msg)
		}
		c, found, err := tx.ResolveCustomer("Acme Ltd")
		if err != nil || !found || c.ID != 3 {
			t.Errorf("ResolveCustomer(Acme Ltd) = %+v, %v, %v", c, found, err)
		}
		c, found, err = tx.ResolveCustomer("2")
		if err != nil || !found || c.Phone != "13900001111" {
			t.Errorf("ResolveCustomer(2) = %+v, %v, %v", c, found, err)
		}
		if _, found, err = tx.ResolveCustomer("王五"); found || err != nil {
			t.Errorf("ResolveCustomer(unknown) = %v, %v; want not found, no error", found, err)
		}
		if _, found, err = tx.ResolveCustomer("99"); found || !errs.Is(err, errs.NotFound) {
			t.Errorf("ResolveCustomer(99) = %v, %v; want not found", found, err)
		}
		cs, err := tx.FindCustomers("13812341234", "")
		if err != nil || len(cs) != 1 || cs[0].ID != 1 {
			t.Errorf("FindCustomers(phone) = %+v, %v", cs, err)
		}
		cs, err = tx.FindCustomers("", "ops@acme.example.com")
		if err != nil || len(cs) != 1 || cs[0].ID != 3 {
			t.Errorf("FindCustomers(email) = %+v, %v", cs, err)
		}
		cs, err = tx.ListCustomers(CustomerFilter{Name: "刘"})
		if err != nil || len(cs) != 2 {
			t.Errorf("ListCustomers(name 刘) = %d customers, %v; want 2", len(cs), err)
		}
		cs, err = tx.ListCustomers(CustomerFilter{Limit: 1})
		if err != nil || len(cs) != 1 || !cs[0].CreatedAt.Equal(now) {
			t.Errorf("ListCustomers(limit 1) = %+v, %v", cs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEventsKeepTimeAndPayload(t *testing.T) {
	db := openNew(t)
	ctx := context.Background()
	err := db.Update(ctx, now, func(tx *Tx) error {
		if err := tx.AppendEvent("王芳", "policy", 0, "set", map[string]any{"key": "calendar.hours", "old": "08:30-24:00", "new": "09:00-21:00"}); err != nil {
			return err
		}
		return tx.AppendEvent("王芳", "customer", 7, "disclosed", map[string]any{"fields": []string{"phone"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, now, func(tx *Tx) error {
		evs, err := tx.Events(EventFilter{})
		if err != nil {
			return err
		}
		if len(evs) != 2 {
			t.Fatalf("%d events, want 2", len(evs))
		}
		e := evs[0]
		if !e.At.Equal(now) || e.Actor != "王芳" || e.Entity != "policy" || e.EntityID != 0 || e.Action != "set" || e.Payload["new"] != "09:00-21:00" {
			t.Errorf("event 1 = %+v", e)
		}
		evs, err = tx.Events(EventFilter{Entity: "customer", EntityID: 7})
		if err != nil {
			return err
		}
		if len(evs) != 1 || evs[0].Action != "disclosed" {
			t.Errorf("customer 7 events = %+v", evs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustDuration(t *testing.T, s string) duration.Duration {
	t.Helper()
	d, err := duration.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
