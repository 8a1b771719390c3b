package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/store"
)

// seamEnv is a department in a temporary directory, set up through the whole command line,
// whose run functions the tests then call directly.
type seamEnv struct {
	hostileEnv
	app *App
}

func newSeamEnv(t *testing.T) *seamEnv {
	t.Helper()
	dir := t.TempDir()
	e := &seamEnv{hostileEnv: hostileEnv{t: t, dir: dir, env: map[string]string{
		"KEFU_DB":         filepath.Join(dir, "kefu.db"),
		"KEFU_NOW":        "2026-03-10T09:00:00+08:00",
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, ".config"),
		"XDG_DATA_HOME":   filepath.Join(dir, ".local", "share"),
		"KEFU_AUDIT_KEY":  "6b656675206b6566752074657374206b6579206b6566752074657374206b6579",
	}}}
	e.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	e.must("staff", "add", "张伟", "--role", "agent", "--team", "售后", "--as", "王芳")
	e.must("customer", "add", "刘洋", "--phone", "13812341234", "--as", "王芳")
	e.must("ticket", "open", "物流慢", "--kind", "inquiry", "--channel", "chat", "--assignee", "张伟", "--category", "物流", "--customer", "刘洋", "--as", "张伟")
	e.must("ticket", "open", "发票", "--kind", "inquiry", "--channel", "email", "--assignee", "张伟", "--category", "发票", "--customer", "刘洋", "--as", "张伟")
	e.must("ticket", "reply", "1", "已催", "--as", "张伟")
	e.app = &App{Getenv: func(k string) string { return e.env[k] }, DBPath: e.env["KEFU_DB"], OpenStore: store.OpenPersist, Files: store.Files{}}
	t.Cleanup(e.app.close)
	return e
}

func (e *seamEnv) streams() (IOStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}, &out, &errOut
}

// The monthly run function, driven without cobra: JSON on the injected stdout, keyed as the
// KPI catalog says; nothing on stderr.
func TestReportMonthlyRun(t *testing.T) {
	e := newSeamEnv(t)
	io, out, errOut := e.streams()
	err := reportMonthlyRun(&ReportMonthlyOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "json", Month: "2026-03"})
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		KPIs   map[string]*float64 `json:"kpis"`
		Period struct{ Label string }
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if r.Period.Label != "2026-03" || r.KPIs["volume"] == nil || *r.KPIs["volume"] != 2 {
		t.Errorf("period %q, volume %v; want 2026-03 with 2 tickets", r.Period.Label, r.KPIs["volume"])
	}
	for _, k := range report.Catalog {
		if _, ok := r.KPIs[k.Key]; !ok {
			t.Errorf("kpis lacks %s", k.Key)
		}
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr = %q", errOut)
	}

	// The table lists every compared KPI by its label.
	io, out, _ = e.streams()
	if err := reportMonthlyRun(&ReportMonthlyOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "table", Month: "2026-03"}); err != nil {
		t.Fatal(err)
	}
	for _, k := range report.Catalog {
		if k.Compared && !strings.Contains(out.String(), k.Label) {
			t.Errorf("the table lacks a row %q:\n%s", k.Label, out)
		}
	}
}

// Bad input found by the core (a month that is no month) is an invalid-input error from the
// run function, and nothing is printed.
func TestReportRunsRefuseBadPeriods(t *testing.T) {
	e := newSeamEnv(t)
	io, out, _ := e.streams()
	err := reportWeeklyRun(&ReportWeeklyOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "csv", Week: "2026-W99"})
	if err == nil || errs.ExitCode(err) != 2 {
		t.Errorf("week 2026-W99: %v, want invalid input", err)
	}
	err = reportDailyRun(&ReportDailyOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "csv", Date: "2026-02-30"})
	if err == nil || errs.ExitCode(err) != 2 {
		t.Errorf("date 2026-02-30: %v, want invalid input", err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout = %q", out)
	}

	// A good day: the CSV has the day and the agent's row, each section with its header.
	io, out, _ = e.streams()
	if err := reportDailyRun(&ReportDailyOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "csv", Date: "2026-03-10"}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 4 || lines[1] != "day,2026-03-10,Asia/Shanghai,,2" || !strings.HasPrefix(lines[3], "agents,张伟,售后,2,") {
		t.Errorf("daily csv = %q", out)
	}
}

// RunE only parses: a runF sees the flags in the options, and usage errors stop before it.
func TestReportCommandsParseIntoOptions(t *testing.T) {
	var got *ReportMonthlyOptions
	app := &App{Format: "xlsx", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	cmd := NewCmdReportMonthly(app, func(o *ReportMonthlyOptions) error { got = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"--month", "2026-03", "--team", "售后", "--out", "m.xlsx"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Month != "2026-03" || got.Team != "售后" || got.Out != "m.xlsx" || got.Format != "xlsx" || got.Service == nil || got.IO.Out == nil {
		t.Fatalf("options = %+v", got)
	}

	got = nil
	cmd = NewCmdReportMonthly(app, func(o *ReportMonthlyOptions) error { got = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"--month", "2026-03"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "--out FILE") || got != nil {
		t.Errorf("xlsx without --out: %v (run called: %v)", err, got != nil)
	}

	var weekly *ReportWeeklyOptions
	app.Format = ""
	wcmd := NewCmdReportWeekly(app, func(o *ReportWeeklyOptions) error { weekly = o; return nil })
	quiet(wcmd)
	wcmd.SetArgs([]string{"--week", "2026-W10"})
	if err := wcmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if weekly == nil || weekly.Week != "2026-W10" || weekly.Format != "table" {
		t.Errorf("weekly options = %+v", weekly)
	}

	var daily *ReportDailyOptions
	dcmd := NewCmdReportDaily(app, func(o *ReportDailyOptions) error { daily = o; return nil })
	quiet(dcmd)
	dcmd.SetArgs([]string{"extra"})
	if err := dcmd.Execute(); err == nil || daily != nil {
		t.Errorf("daily with an argument: %v (run called: %v)", err, daily != nil)
	}
}

// quiet keeps cobra's own usage text out of the test log.
func quiet(cmd *cobra.Command) {
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
}

// A missed target reads in its KPI's unit: a mean first-response target is a duration, not a
// percentage; a percentage keeps its sign.
func TestMissFiguresInTheKPIsUnit(t *testing.T) {
	for _, c := range []struct {
		miss           report.TargetMiss
		actual, target string
	}{
		{report.TargetMiss{KPI: "first_response_mean_seconds", Target: 1800, Actual: 4500}, "1h15m", "30m00s"},
		{report.TargetMiss{KPI: "reply_pct", Target: 98, Actual: 77.77}, "77.8%", "98%"},
	} {
		a, tg := missFigures(c.miss)
		if a != c.actual || tg != c.target {
			t.Errorf("%s: %q against %q, want %q against %q", c.miss.KPI, a, tg, c.actual, c.target)
		}
	}
}
