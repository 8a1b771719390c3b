package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// An appeal filed, listed and reversed through the run functions alone: each writes the id or
// the table to the injected stdout and its confirmation to the injected stderr.
func TestScoreAppealRuns(t *testing.T) {
	e := newSeamEnv(t)
	e.must("staff", "add", "陈静", "--role", "supervisor", "--as", "王芳")
	e.must("score", "add", "张伟", "slow-reply", "--reason", "回复超时", "--as", "陈静")
	env := func(as string) (CmdEnv, *bytes.Buffer, *bytes.Buffer) {
		io, out, errOut := e.streams()
		return CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service, As: as}, out, errOut
	}

	c, out, errOut := env("李娜")
	if err := scoreAppealRun(&ScoreAppealOptions{CmdEnv: c, Entry: 1, Reason: "替他申诉"}); err == nil || out.Len() != 0 || errOut.Len() != 0 {
		t.Errorf("an appeal by someone else: %v, stdout %q, stderr %q", err, out, errOut)
	}
	c, out, errOut = env("张伟")
	if err := scoreAppealRun(&ScoreAppealOptions{CmdEnv: c, Entry: 1, Reason: "系统故障"}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "1\n" || !strings.HasPrefix(errOut.String(), "appeal 1 filed on entry 1 (张伟 -5.0 slow-reply)") {
		t.Errorf("appeal: stdout %q, stderr %q", out, errOut)
	}

	c, out, _ = env("")
	if err := scoreAppealListRun(&ScoreAppealListOptions{CmdEnv: c, Format: "csv", Status: "open"}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "1,1,张伟,slow-reply,-5.0,系统故障,") {
		t.Errorf("appeal list csv = %q", out)
	}

	c, out, errOut = env("陈静")
	if err := scoreAppealResolveRun(&ScoreAppealResolveOptions{CmdEnv: c, Appeal: 1, Verdict: "reverse", Reason: "核实"}); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 || strings.TrimSpace(errOut.String()) != "appeal 1 reversed: entry 1 (张伟 -5.0 slow-reply) is reverted by entry 2" {
		t.Errorf("resolve: stdout %q, stderr %q", out, errOut)
	}

	c, out, _ = env("")
	if err := scoreYearRun(&ScoreYearOptions{CmdEnv: c, Format: "csv", Year: 2026}); err != nil {
		t.Fatal(err)
	}
	// Reversed, the entry counts for nothing: March is the base 80.0.
	if !strings.Contains(out.String(), "张伟,售后,,,,,80.0,B,80.0,B") {
		t.Errorf("score year csv = %q", out)
	}
}

// The score verbs' RunE only parse: ids, flags and the acting user reach the options.
func TestScoreCommandsParseIntoOptions(t *testing.T) {
	app := &App{As: "陈静", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}

	var dec *ScoreDecideOptions
	cmd := NewCmdScoreDismiss(app, func(o *ScoreDecideOptions) error { dec = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"3", "--reason", "已提前报备"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if dec == nil || dec.ID != 3 || dec.Note != "已提前报备" || dec.As != "陈静" {
		t.Errorf("dismiss options = %+v", dec)
	}

	dec = nil
	cmd = NewCmdScoreConfirm(app, func(o *ScoreDecideOptions) error { dec = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"x3"})
	if err := cmd.Execute(); err == nil || dec != nil {
		t.Errorf("confirm x3: %v (run called: %v)", err, dec != nil)
	}

	var res *ScoreAppealResolveOptions
	rcmd := NewCmdScoreAppealResolve(app, func(o *ScoreAppealResolveOptions) error { res = o; return nil })
	quiet(rcmd)
	rcmd.SetArgs([]string{"2", "uphold", "--reason", "属实"})
	if err := rcmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if res == nil || res.Appeal != 2 || res.Verdict != "uphold" || res.Reason != "属实" {
		t.Errorf("resolve options = %+v", res)
	}

	var yr *ScoreYearOptions
	app.Format = "csv"
	ycmd := NewCmdScoreYear(app, func(o *ScoreYearOptions) error { yr = o; return nil })
	quiet(ycmd)
	ycmd.SetArgs([]string{"--year", "2025", "--team", "售后", "--all"})
	if err := ycmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if yr == nil || yr.Year != 2025 || yr.Team != "售后" || !yr.All || yr.Format != "csv" {
		t.Errorf("year options = %+v", yr)
	}
	// A format the verb cannot print is a usage error before any work.
	yr, app.Format, app.formatStrict = nil, "md", true
	ycmd = NewCmdScoreYear(app, func(o *ScoreYearOptions) error { yr = o; return nil })
	quiet(ycmd)
	ycmd.SetArgs(nil)
	if err := ycmd.Execute(); err == nil || yr != nil {
		t.Errorf("score year --format md: %v (run called: %v)", err, yr != nil)
	}
}

// score rule add passes only the flags given; score fund spend keeps the amount as typed.
func TestScoreRuleAndFundParse(t *testing.T) {
	app := &App{As: "王芳", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	var rule *ScoreRuleOptions
	cmd := NewCmdScoreRuleAdd(app, func(o *ScoreRuleOptions) error { rule = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"late-return", "--class", "light", "--points", "-2..-5"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	r := rule.Rule
	if rule.Code != "late-return" || r.Class == nil || *r.Class != "light" || r.Points == nil || *r.Points != "-2..-5" ||
		r.Fine != nil || r.Ladder != nil || r.OncePerMonth != nil {
		t.Errorf("rule add options = %+v", rule)
	}

	var spend *ScoreFundSpendOptions
	scmd := NewCmdScoreFundSpend(app, func(o *ScoreFundSpendOptions) error { spend = o; return nil })
	quiet(scmd)
	scmd.SetArgs([]string{"45.50", "--reason", "团建饮料", "--at", "2026-03-06"})
	if err := scmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if spend.Amount != "45.50" || spend.Reason != "团建饮料" || spend.At != "2026-03-06" || spend.As != "王芳" {
		t.Errorf("fund spend options = %+v", spend)
	}
}
