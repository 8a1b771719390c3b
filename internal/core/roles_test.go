package core_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/store"
)

// product.md's "Who may do what", walked row by row against every role: each use case is run
// by an agent, a supervisor, a manager and an inactive manager on a copy of one department.
// A refusal exits 2 (errs.ExitCode), names the role it needs (or that the actor is inactive)
// and leaves every table exactly as it was; an allowed action succeeds.

// rolesActors are the four kinds of actor; the inactive one is a manager, so even the highest
// role does not help someone who has left.
var rolesActors = []struct{ role, name string }{
	{"agent", "张伟"},
	{"supervisor", "陈静"},
	{"manager", "王芳"},
	{"inactive", "周杰"},
}

// rolesRows are the table's rows: the lowest role allowed ("agent" = anyone active) and the
// use cases under it.
var rolesRows = []struct {
	row   string
	least string
	cases []rolesCase
}{
	{"policy, calendar, point rules, db restore", "manager", []rolesCase{
		{"policy set", func(f *rolesFixture, as string) error {
			_, _, err := f.s.PolicySet(f.ctx, as, "assign.mode", "least-open")
			return err
		}},
		{"policy window", func(f *rolesFixture, as string) error {
			_, err := f.s.PolicyWindowSet(f.ctx, as, policy.Window{Kind: "inquiry", Target: policy.FirstResponse, Channel: "email",
				Within: duration.Duration{N: 2, Unit: duration.Hour}})
			return err
		}},
		{"policy kind add", func(f *rolesFixture, as string) error {
			return f.s.PolicyKindAdd(f.ctx, as, core.KindAddOptions{Name: "doc-handoff", Description: "文件交接",
				Windows: map[string]duration.Duration{policy.Resolution: {N: 24, Unit: duration.Hour}}})
		}},
		{"policy import", func(f *rolesFixture, as string) error {
			_, err := f.s.PolicyImport(f.ctx, as, f.policyYAML)
			return err
		}},
		{"calendar holiday add", func(f *rolesFixture, as string) error {
			return f.s.CalendarDay(f.ctx, as, calendar.Date{Y: 2026, M: time.March, D: 20}, false, false, "团建")
		}},
		{"score rule add", func(f *rolesFixture, as string) error {
			class, points, desc := "light", "-2", "phone on the desk"
			_, err := f.s.ScoreRuleAdd(f.ctx, as, "desk-phone", core.ScoreRuleOptions{Class: &class, Points: &points, Desc: &desc})
			return err
		}},
		{"score reopen (a closed month)", func(f *rolesFixture, as string) error {
			return f.s.ScoreReopen(f.ctx, as, "2026-01", "补录考试成绩")
		}},
		{"db restore", func(f *rolesFixture, as string) error {
			return f.s.DBRestoreAllowed(f.ctx, as)
		}},
	}},
	{"supervisors and managers: adding, promoting, demoting, editing, deactivating, reactivating", "manager", []rolesCase{
		{"staff add (a supervisor)", func(f *rolesFixture, as string) error {
			_, err := f.s.StaffAdd(f.ctx, as, core.StaffAddOptions{Name: "新主管", Role: "supervisor"})
			return err
		}},
		{"staff add (a manager)", func(f *rolesFixture, as string) error {
			_, err := f.s.StaffAdd(f.ctx, as, core.StaffAddOptions{Name: "新经理", Role: "manager"})
			return err
		}},
		{"staff edit --role (promote an agent)", func(f *rolesFixture, as string) error {
			role := "supervisor"
			_, err := f.s.StaffEdit(f.ctx, as, "孙悦", core.StaffEditOptions{Role: &role})
			return err
		}},
		{"staff edit --role (demote a supervisor)", func(f *rolesFixture, as string) error {
			role := "agent"
			_, err := f.s.StaffEdit(f.ctx, as, "黄磊", core.StaffEditOptions{Role: &role})
			return err
		}},
		{"staff edit (a supervisor's shift)", func(f *rolesFixture, as string) error {
			shift := "night"
			_, err := f.s.StaffEdit(f.ctx, as, "黄磊", core.StaffEditOptions{Shift: &shift})
			return err
		}},
		{"staff deactivate (a supervisor)", func(f *rolesFixture, as string) error {
			_, _, err := f.s.StaffDeactivate(f.ctx, as, "黄磊", "")
			return err
		}},
		{"staff reactivate (a manager)", func(f *rolesFixture, as string) error {
			_, err := f.s.StaffReactivate(f.ctx, as, "周杰")
			return err
		}},
	}},
	{"scoring a supervisor, deciding a proposal concerning one", "manager", []rolesCase{
		{"score add (a supervisor)", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreAdd(f.ctx, as, core.ScoreAddOptions{Staff: "黄磊", Rule: "slow-reply", Reason: "回复慢"})
			return err
		}},
		{"score add discretion (a supervisor)", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreAdd(f.ctx, as, core.ScoreAddOptions{Staff: "黄磊", Rule: "discretion", Points: "3", Reason: "带班认真"})
			return err
		}},
		{"score confirm (a supervisor's proposal)", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreConfirm(f.ctx, as, f.supPending, "")
			return err
		}},
	}},
	{"agents: add, edit, deactivate, reactivate", "supervisor", []rolesCase{
		{"staff edit (an agent's shift and pattern)", func(f *rolesFixture, as string) error {
			shift, pattern := "night", "6on1off@2026-03-02"
			_, err := f.s.StaffEdit(f.ctx, as, "孙悦", core.StaffEditOptions{Shift: &shift, Pattern: &pattern})
			return err
		}},
		{"staff reactivate (an agent)", func(f *rolesFixture, as string) error {
			_, err := f.s.StaffReactivate(f.ctx, as, "吴磊")
			return err
		}},
		{"staff add", func(f *rolesFixture, as string) error {
			_, err := f.s.StaffAdd(f.ctx, as, core.StaffAddOptions{Name: "新人", Role: "agent"})
			return err
		}},
		{"staff deactivate", func(f *rolesFixture, as string) error {
			_, _, err := f.s.StaffDeactivate(f.ctx, as, "孙悦", "")
			return err
		}},
	}},
	{"score entries, pending entries, complaint plans, qa marks, reassigning, --reveal, forget, closing a month", "supervisor", []rolesCase{
		{"score add", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreAdd(f.ctx, as, core.ScoreAddOptions{Staff: "李娜", Rule: "slow-reply", Reason: "回复慢"})
			return err
		}},
		{"score confirm", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreConfirm(f.ctx, as, f.pending, "")
			return err
		}},
		{"score dismiss", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreDismiss(f.ctx, as, f.pending, "客户已撤回")
			return err
		}},
		{"score close (a month)", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreClose(f.ctx, as, "2026-02")
			return err
		}},
		{"complaint plan", func(f *rolesFixture, as string) error {
			_, err := f.s.ComplaintPlan(f.ctx, as, f.complaint, "先退款再补发")
			return err
		}},
		{"qa mark", func(f *rolesFixture, as string) error {
			_, err := f.s.QAMark(f.ctx, as, f.resolved, true, "", false)
			return err
		}},
		{"ticket assign (another's ticket)", func(f *rolesFixture, as string) error {
			_, err := f.s.TicketAssign(f.ctx, as, f.complaint, "张伟")
			return err
		}},
		{"customer show --reveal", func(f *rolesFixture, as string) error {
			_, err := f.s.CustomerShow(f.ctx, as, "刘洋", true)
			return err
		}},
		{"customer forget", func(f *rolesFixture, as string) error {
			_, err := f.s.CustomerForget(f.ctx, as, 1, "客户要求删除个人信息")
			return err
		}},
	}},
	{"tickets, replies, notes, handovers, weekly summaries, ratings, appeals of one's own entries", "agent", []rolesCase{
		{"ticket open", func(f *rolesFixture, as string) error {
			_, _, err := f.s.TicketOpen(f.ctx, as, core.TicketOpenOptions{Subject: "物流查询", Kind: "inquiry", Channel: "chat", Customer: "刘洋"})
			return err
		}},
		{"ticket reply", func(f *rolesFixture, as string) error {
			_, err := f.s.TicketReply(f.ctx, as, f.open, "已为您查询", "")
			return err
		}},
		{"ticket note", func(f *rolesFixture, as string) error {
			_, err := f.s.TicketNote(f.ctx, as, f.open, "客户很着急")
			return err
		}},
		{"ticket rate", func(f *rolesFixture, as string) error {
			csat := 5
			_, err := f.s.TicketRate(f.ctx, as, f.resolved, core.TicketRateOptions{CSAT: &csat})
			return err
		}},
		{"handover add", func(f *rolesFixture, as string) error {
			_, err := f.s.HandoverAdd(f.ctx, as, core.HandoverAddOptions{Text: "三单待回电，已交接给夜班"})
			return err
		}},
		{"summary add", func(f *rolesFixture, as string) error {
			_, err := f.s.SummaryAdd(f.ctx, as, core.SummaryAddOptions{Text: strings.Repeat("本周处理咨询和投诉，回访客户，整理常见问题。", 20)})
			return err
		}},
		{"score appeal (of one's own entry)", func(f *rolesFixture, as string) error {
			_, err := f.s.ScoreAppealFile(f.ctx, as, f.ownEntry[as], "当时系统故障")
			return err
		}},
	}},
}

type rolesCase struct {
	name string
	run  func(f *rolesFixture, as string) error
}

// rolesFixture is one copy of the department, with the ids the use cases act on.
type rolesFixture struct {
	ctx        context.Context
	s          *core.Service
	db         *store.DB
	path       string
	complaint  int64 // a complaint held by 李娜
	resolved   int64 // an inquiry 李娜 resolved
	open       int64 // an open inquiry held by 李娜
	pending    int64 // a proposed score entry for 李娜
	supPending int64 // a proposed score entry for the supervisor 黄磊
	ownEntry   map[string]int64
	policyYAML []byte // the policy with one change, for import
}

// rolesNow is the fixture's clock: Monday 2026-03-02 10:00 in Shanghai.
var rolesNow = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// rolesBuild makes the department once, in dir/template.db, and returns the fixture's ids.
func rolesBuild(t *testing.T, dir string) rolesFixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, "template.db")
	db, _, err := store.Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := core.New(store.Persist(db), clock.Fixed(rolesNow))
	f := rolesFixture{ctx: ctx, s: s, ownEntry: map[string]int64{}}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("building the department: %s: %v", what, err)
		}
	}
	_, err = s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai", Region: "cn"})
	must("init", err)
	for _, o := range []core.StaffAddOptions{
		{Name: "陈静", Role: "supervisor", Hired: "2025-01-01"},
		{Name: "张伟", Role: "agent", Hired: "2025-01-01"},
		{Name: "李娜", Role: "agent", Hired: "2025-01-01"},
		{Name: "孙悦", Role: "agent", Hired: "2025-01-01"},
		{Name: "周杰", Role: "manager", Hired: "2025-01-01"},
		{Name: "黄磊", Role: "supervisor", Hired: "2025-01-01"},
		{Name: "吴磊", Role: "agent", Hired: "2025-01-01"},
	} {
		_, err := s.StaffAdd(ctx, "王芳", o)
		must("staff add "+o.Name, err)
	}
	_, err = s.CustomerAdd(ctx, "王芳", core.CustomerAddOptions{Name: "刘洋", Phone: "13812341234", Email: "liuyang@example.com"})
	must("customer add", err)
	open := func(subject, kind string) int64 {
		tk, _, err := s.TicketOpen(ctx, "张伟", core.TicketOpenOptions{Subject: subject, Kind: kind, Channel: "phone", Customer: "刘洋", Assignee: "李娜"})
		must("ticket open "+subject, err)
		return tk.ID
	}
	f.complaint = open("快递员态度恶劣", "complaint")
	f.resolved = open("发票抬头错了", "inquiry")
	_, err = s.TicketReply(ctx, "李娜", f.resolved, "已重开发票", "")
	must("reply", err)
	_, err = s.TicketResolve(ctx, "李娜", f.resolved, "已重开发票", "")
	must("resolve", err)
	f.open = open("包裹未收到", "inquiry")
	// An entry scoring each actor, for their own appeal, recorded by someone who appraises them:
	// a supervisor scores agents, a manager supervisors and the other manager.
	for _, a := range rolesActors {
		by := map[string]string{"陈静": "王芳", "王芳": "周杰", "周杰": "王芳"}[a.name]
		if by == "" {
			by = "陈静"
		}
		added, err := s.ScoreAdd(ctx, by, core.ScoreAddOptions{Staff: a.name, Rule: "slow-reply", Reason: "回复慢"})
		must("score add "+a.name, err)
		f.ownEntry[a.name] = added.Entry.ID
	}
	proposed, err := s.ScoreAdd(ctx, "陈静", core.ScoreAddOptions{Staff: "李娜", Rule: "slow-reply", Reason: "回复慢", Propose: true})
	must("score add --pending", err)
	if proposed.Pending == nil {
		t.Fatal("score add --pending made no pending entry")
	}
	f.pending = proposed.Pending.ID
	proposed, err = s.ScoreAdd(ctx, "王芳", core.ScoreAddOptions{Staff: "黄磊", Rule: "slow-reply", Reason: "回复慢", Propose: true})
	must("score add --pending (a supervisor)", err)
	f.supPending = proposed.Pending.ID
	_, _, err = s.StaffDeactivate(ctx, "陈静", "吴磊", "")
	must("deactivate 吴磊", err)
	_, err = s.Remind(ctx, core.RemindOptions{})
	must("remind", err)
	_, err = s.ScoreClose(ctx, "王芳", "2026-01")
	must("score close 2026-01", err)
	_, _, err = s.StaffDeactivate(ctx, "王芳", "周杰", "")
	must("deactivate 周杰", err)
	p, err := s.Policy(ctx)
	must("policy", err)
	must("policy change", p.Set("assign.mode", "round-robin"))
	f.policyYAML, err = p.MarshalYAML()
	must("policy export", err)
	return f
}

// rolesCopy gives a test its own copy of the template.
func rolesCopy(t *testing.T, template rolesFixture, dir string) *rolesFixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "template.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kefu.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, _, err := store.Open(template.ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := template
	f.db, f.path = db, path
	f.s = core.New(store.Persist(db), clock.Fixed(rolesNow.Add(time.Hour)))
	return &f
}

// rolesFingerprint hashes every row of every table: any change at all shows.
func rolesFingerprint(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		rs, err := raw.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
		if err != nil {
			rs, err = raw.Query(`SELECT * FROM "` + table + `"`) // a WITHOUT ROWID table
		}
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rs.Columns()
		h, n := sha256.New(), 0
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		rs.Close()
		out[table] = fmt.Sprintf("%d rows %x", n, h.Sum(nil)[:6])
	}
	return out
}

func rolesDiff(before, after map[string]string) []string {
	var d []string
	for table, b := range before {
		if after[table] != b {
			d = append(d, fmt.Sprintf("%s: %s → %s", table, b, after[table]))
		}
	}
	return d
}

func rolesRank(role string) int {
	return strings.Index("agent supervisor manager", role)
}

func TestRolesTable(t *testing.T) {
	dir := t.TempDir()
	template := rolesBuild(t, dir)
	refused, allowed := 0, 0
	for _, row := range rolesRows {
		for _, c := range row.cases {
			for _, a := range rolesActors {
				t.Run(c.name+"/"+a.role, func(t *testing.T) {
					f := rolesCopy(t, template, dir)
					before := rolesFingerprint(t, f.path)
					err := c.run(f, a.name)
					after := rolesFingerprint(t, f.path)
					mayAct := a.role != "inactive" && rolesRank(a.role) >= rolesRank(row.least)
					if mayAct {
						if err != nil {
							t.Fatalf("%s (%s) may %s: %v", a.name, a.role, c.name, err)
						}
						// The fingerprint sees what an allowed write did (db restore here only checks).
						if c.name != "db restore" && len(rolesDiff(before, after)) == 0 {
							t.Errorf("%s by %s changed nothing the fingerprint sees", c.name, a.role)
						}
						allowed++
						return
					}
					if err == nil {
						t.Fatalf("%s (%s) was allowed to %s; the table says %s", a.name, a.role, c.name, row.least)
					}
					if errs.ExitCode(err) != errs.ExitInvalid || !errs.Is(err, errs.Forbidden) {
						t.Errorf("refusal of %s to %s (%s): exit %d, kind %v: %v; want exit 2, forbidden", c.name, a.name, a.role, errs.ExitCode(err), errs.KindOf(err), err)
					}
					want := "needs the " + row.least + " role"
					if a.role == "inactive" {
						want = "inactive"
					}
					if !strings.Contains(err.Error(), want) {
						t.Errorf("refusal of %s to %s (%s): %q does not say %q", c.name, a.name, a.role, err, want)
					}
					if d := rolesDiff(before, after); len(d) > 0 {
						t.Errorf("a refused %s by %s changed the database: %v", c.name, a.role, d)
					}
					refused++
				})
			}
		}
	}
	t.Logf("%d actions allowed, %d refused (exit 2, role named, nothing changed)", allowed, refused)
}
