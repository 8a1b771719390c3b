package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/mail"
)

// A ticket worked through the run functions alone: each confirms on the injected stderr and
// prints nothing on stdout.
func TestTicketActionRuns(t *testing.T) {
	e := newSeamEnv(t)
	e.must("staff", "add", "李娜", "--role", "agent", "--team", "售后", "--as", "王芳")
	var out, errOut bytes.Buffer
	env := CmdEnv{Ctx: context.Background(), IO: IOStreams{Out: &out, ErrOut: &errOut}, Service: e.app.service, As: "张伟"}
	act := TicketActionOptions{CmdEnv: env, ID: 2}
	steps := []struct {
		run  func() error
		says string
	}{
		{func() error {
			return ticketNoteRun(&TicketTextOptions{TicketActionOptions: act, Text: "客户周五回电"})
		}, "note added to ticket 2"},
		{func() error { return ticketPendingRun(&TicketTextOptions{TicketActionOptions: act, Text: "等截图"}) }, "ticket 2 is pending; "},
		{func() error { return ticketResumeRun(&act) }, "ticket 2 resumed; resolution due 2026-"},
		{func() error { return ticketAssignRun(&TicketTextOptions{TicketActionOptions: act, Text: "李娜"}) }, "ticket 2 assigned to 李娜"},
	}
	for _, st := range steps {
		errOut.Reset()
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.says, err)
		}
		if !strings.HasPrefix(errOut.String(), st.says) {
			t.Errorf("stderr = %q, want %q", errOut.String(), st.says)
		}
	}
	// 李娜 now holds it; she resolves and the customer rates.
	act.As = "李娜"
	errOut.Reset()
	if err := ticketResolveRun(&TicketResolveOptions{TicketActionOptions: act}); err != nil || errOut.String() != "ticket 2 resolved\n" {
		t.Fatalf("resolve: %v, stderr %q", err, errOut.String())
	}
	csat := 5
	r := &TicketRateOptions{TicketActionOptions: act}
	r.CSAT = &csat
	errOut.Reset()
	if err := ticketRateRun(r); err != nil || errOut.String() != "rating recorded for ticket 2\n" {
		t.Fatalf("rate: %v, stderr %q", err, errOut.String())
	}
	// An unknown ticket is an error and says nothing else.
	errOut.Reset()
	act.ID = 99
	if err := ticketCloseRun(&act); err == nil || errOut.Len() != 0 {
		t.Errorf("close 99: %v, stderr %q", err, errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout = %q", out.String())
	}
}

// The ticket verbs' RunE only parse: edit passes only the fields given, resolve refuses both
// --converted and --not-converted before any work.
func TestTicketCommandsParseIntoOptions(t *testing.T) {
	app := &App{As: "张伟", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	var edit *TicketEditOptions
	cmd := NewCmdTicketEdit(app, func(o *TicketEditOptions) error { edit = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"#12", "--priority", "urgent", "--category", ""})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if edit.ID != 12 || edit.Priority == nil || *edit.Priority != "urgent" || edit.Category == nil || *edit.Category != "" ||
		edit.Subject != nil || edit.Kind != nil || edit.As != "张伟" {
		t.Errorf("edit options = %+v", edit)
	}

	edit = nil
	cmd = NewCmdTicketEdit(app, func(o *TicketEditOptions) error { edit = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"12"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "needs at least one of") || edit != nil {
		t.Errorf("edit without a field: %v (run called: %v)", err, edit != nil)
	}

	var res *TicketResolveOptions
	rcmd := NewCmdTicketResolve(app, func(o *TicketResolveOptions) error { res = o; return nil })
	quiet(rcmd)
	rcmd.SetArgs([]string{"31", "--converted", "--not-converted"})
	if err := rcmd.Execute(); err == nil || res != nil {
		t.Errorf("both conversions: %v (run called: %v)", err, res != nil)
	}
	rcmd = NewCmdTicketResolve(app, func(o *TicketResolveOptions) error { res = o; return nil })
	quiet(rcmd)
	rcmd.SetArgs([]string{"31", "--not-converted"})
	if err := rcmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if res.ID != 31 || res.Converted == nil || *res.Converted {
		t.Errorf("resolve --not-converted options = %+v", res)
	}
}

// ticket open checks its required flags and reads the body before any work; complaint open
// fixes the kind.
func TestTicketOpenParse(t *testing.T) {
	app := &App{As: "张伟", Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	var got *TicketOpenOptions
	cmd := NewCmdTicketOpen(app, func(o *TicketOpenOptions) error { got = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"催发货", "--kind", "inquiry", "--channel", "chat"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "needs --kind, --channel and --customer") || got != nil {
		t.Errorf("without --customer: %v (run called: %v)", err, got != nil)
	}
	cmd = NewCmdTicketOpen(app, func(o *TicketOpenOptions) error { got = o; return nil })
	quiet(cmd)
	cmd.SetArgs([]string{"催发货", "--kind", "inquiry", "--channel", "chat", "--customer", "3", "--body", "订单未发货"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Subject != "催发货" || got.Kind != "inquiry" || got.Customer != "3" || got.Body != "订单未发货" || got.Priority != "normal" || got.Format != "table" {
		t.Errorf("ticket open options = %+v", got)
	}

	got = nil
	ccmd := openCmd(app, "complaint", "open SUBJECT", "Record a complaint", "", func(o *TicketOpenOptions) error { got = o; return nil })
	quiet(ccmd)
	ccmd.SetArgs([]string{"态度差", "--channel", "phone", "--customer", "刘洋", "--severity", "complex"})
	if err := ccmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Kind != "complaint" || got.Severity != "complex" {
		t.Errorf("complaint open options = %+v", got)
	}
}

// A reply on a chat ticket is recorded and mails nothing: the injected mailer is never asked.
func TestTicketReplyRunMailsOnlyEmail(t *testing.T) {
	e := newSeamEnv(t)
	var out, errOut bytes.Buffer
	env := CmdEnv{Ctx: context.Background(), IO: IOStreams{Out: &out, ErrOut: &errOut}, Service: e.app.service, As: "张伟"}
	asked := false
	opts := &TicketReplyOptions{TicketActionOptions: TicketActionOptions{CmdEnv: env, ID: 1}, Text: "已催", Send: true,
		Mailer: func() (mail.Sender, error) { asked = true; return nil, errors.New("no mail in this test") }}
	if err := ticketReplyRun(opts); err != nil {
		t.Fatal(err)
	}
	if asked || errOut.String() != "replied to ticket 1\n" || out.Len() != 0 {
		t.Errorf("mailer asked %v; stderr %q, stdout %q", asked, errOut.String(), out.String())
	}
}
