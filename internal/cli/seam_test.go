package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runWith calls the test's runF instead of the verb's run function, and the run function
// without one.
func TestRunWith(t *testing.T) {
	type opts struct{ n int }
	o := &opts{}
	run := func(o *opts) error { o.n += 1; return nil }
	if err := runWith(o, func(o *opts) error { o.n += 10; return nil }, run); err != nil || o.n != 10 {
		t.Errorf("with runF: n = %d, %v", o.n, err)
	}
	if err := runWith(o, nil, run); err != nil || o.n != 11 {
		t.Errorf("without runF: n = %d, %v", o.n, err)
	}
}

// Staff and QA verbs: the run functions write to the injected streams; RunE's usage checks
// stop before any work.
func TestStaffAndQARuns(t *testing.T) {
	e := newSeamEnv(t)
	io, out, _ := e.streams()
	opts := &StaffListOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "csv"}
	opts.Team = "售后"
	if err := staffListRun(opts); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "2,张伟,agent,售后,") {
		t.Errorf("staff list --team 售后 csv = %q", out)
	}

	var mark *QAMarkOptions
	app := &App{As: "陈静", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	cmd := NewCmdQAMark(app, func(o *QAMarkOptions) error { mark = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"17", "--correct", "--incorrect"})
	if err := cmd.Execute(); err == nil || mark != nil {
		t.Errorf("qa mark --correct --incorrect: %v (run called: %v)", err, mark != nil)
	}
	cmd = NewCmdQAMark(app, func(o *QAMarkOptions) error { mark = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"17", "--incorrect", "--note", "退款时效答错"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if mark.ID != 17 || mark.Correct || !mark.Incorrect || mark.Note != "退款时效答错" || mark.As != "陈静" {
		t.Errorf("qa mark options = %+v", mark)
	}
}
