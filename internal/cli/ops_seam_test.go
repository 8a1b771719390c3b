package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// opsApp is an app for runF-capture tests: nothing is opened, the environment is empty.
func opsApp() *App {
	return &App{As: "王芳", DBPath: "/srv/kefu/kefu.db", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
		Getenv: func(string) string { return "" }}
}

// execute runs a command built with a capturing runF on args.
func execute(cmd *cobra.Command, args ...string) error {
	quiet(cmd)
	cmd.SetArgs(args)
	return cmd.Execute()
}

// The operations verbs (db, audit, init, import, mail, remind, demo) parse into their options
// and stop at usage errors before their run function.
func TestOpsVerbsParseIntoOptions(t *testing.T) {
	app := opsApp()

	var backup *DBBackupOptions
	if err := execute(NewCmdDBBackup(app, func(o *DBBackupOptions) error { backup = o; return nil }), "b.db", "--force"); err != nil {
		t.Fatal(err)
	}
	if backup.File != "b.db" || !backup.Force || backup.DBPath != "/srv/kefu/kefu.db" || backup.Format != "table" {
		t.Errorf("db backup options = %+v", backup)
	}

	var restore *DBRestoreOptions
	if err := execute(NewCmdDBRestore(app, func(o *DBRestoreOptions) error { restore = o; return nil }), "b.db", "--yes"); err != nil {
		t.Fatal(err)
	}
	if restore.Source != "b.db" || restore.Target != "/srv/kefu/kefu.db" || !restore.Yes || restore.As != "王芳" ||
		restore.Files != app.Files || restore.Confirm == nil || restore.Release == nil || restore.Now == nil {
		t.Errorf("db restore options = %+v", restore)
	}

	var verify *AuditVerifyOptions
	if err := execute(NewCmdAuditVerify(app, func(o *AuditVerifyOptions) error { verify = o; return nil }), "--anchor", "12:3f9a"); err != nil {
		t.Fatal(err)
	}
	if verify.Anchor != "12:3f9a" {
		t.Errorf("audit verify options = %+v", verify)
	}

	var export *AuditKeyExportOptions
	if err := execute(NewCmdAuditKeyExport(app, func(o *AuditKeyExportOptions) error { export = o; return nil }), "--out", "k.key"); err != nil {
		t.Fatal(err)
	}
	if export.Out != "k.key" || export.As != "王芳" {
		t.Errorf("audit key export options = %+v", export)
	}

	var initOpts *InitOptions
	if err := execute(NewCmdInit(app, func(o *InitOptions) error { initOpts = o; return nil }), "--manager", "王芳", "--tz", "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	if initOpts.Manager != "王芳" || initOpts.TZ != "Asia/Shanghai" || initOpts.Region != "cn" || initOpts.Create == nil {
		t.Errorf("init options = %+v", initOpts)
	}

	var imp *ImportTicketsOptions
	called := false
	if err := execute(NewCmdImportTickets(app, func(o *ImportTicketsOptions) error { called = true; return nil }), "tickets.txt"); err == nil || called {
		t.Errorf("import tickets.txt: %v (run called: %v), want a refusal before the run", err, called)
	}
	if err := execute(NewCmdImportTickets(app, func(o *ImportTicketsOptions) error { imp = o; return nil }), "tickets.csv", "--dry-run"); err != nil {
		t.Fatal(err)
	}
	if imp.Path != "tickets.csv" || imp.Format != formatCSV || !imp.DryRun || imp.SkipBad || imp.Output != "table" {
		t.Errorf("import tickets options = %+v", imp)
	}

	var fetch *MailFetchOptions
	called = false
	if err := execute(NewCmdMailFetch(app, func(o *MailFetchOptions) error { called = true; return nil }), "--maildir", "M", "--imap", "imaps://a@b/INBOX"); err == nil || called {
		t.Errorf("mail fetch with both sources: %v (run called: %v)", err, called)
	}
	if err := execute(NewCmdMailFetch(app, func(o *MailFetchOptions) error { fetch = o; return nil }), "--maildir", "M", "--kind", "complaint"); err != nil {
		t.Fatal(err)
	}
	if fetch.Maildir != "M" || fetch.IMAP != "" || fetch.Kind != "complaint" || fetch.Mailer == nil {
		t.Errorf("mail fetch options = %+v", fetch)
	}

	var rem *RemindOptions
	called = false
	if err := execute(NewCmdRemind(app, func(o *RemindOptions) error { called = true; return nil }), "--notify-format", "slack"); err == nil || called {
		t.Errorf("remind --notify-format without --notify: %v (run called: %v)", err, called)
	}
	if err := execute(NewCmdRemind(app, func(o *RemindOptions) error { rem = o; return nil }), "--within", "1bd", "--fail-on", "overdue", "--team", "售后"); err != nil {
		t.Fatal(err)
	}
	if rem.Within != "1bd" || rem.FailOn != "overdue" || rem.Team != "售后" || rem.Channel != "stdout" || rem.Hook != nil || rem.Format != "text" {
		t.Errorf("remind options = %+v", rem)
	}

	var demoOpts *DemoOptions
	if err := execute(NewCmdDemo(app, func(o *DemoOptions) error { demoOpts = o; return nil }), "--month", "2026-03", "--seed", "7"); err != nil {
		t.Fatal(err)
	}
	// A configured database is real work: without --db on the command line the demo's is temporary.
	if demoOpts.Month != "2026-03" || demoOpts.Seed != 7 || demoOpts.PerDay != 100 || demoOpts.DBPath != "" {
		t.Errorf("demo options = %+v", demoOpts)
	}
}

// mail receive's run function reads the message from the injected stdin and says on the
// injected stderr what it did.
func TestMailReceiveRun(t *testing.T) {
	e := newSeamEnv(t)
	io, out, errOut := e.streams()
	io.In = strings.NewReader("From: 刘洋 <liu@example.com>\r\nTo: kefu@example.com\r\nSubject: 快递三天未更新\r\n" +
		"Message-ID: <m1@example.com>\r\nDate: Tue, 10 Mar 2026 08:00:00 +0800\r\n\r\n请帮我查一下\r\n")
	opts := &MailReceiveOptions{CmdEnv: CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}, Format: "table"}
	if err := mailReceiveRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(errOut.String(), "opened ticket ") || out.Len() != 0 {
		t.Errorf("stdout %q, stderr %q; want the opened ticket on stderr only", out, errOut)
	}
}

// policy kind add parses its windows before the run; a bad one stops there.
func TestPolicyKindAddParses(t *testing.T) {
	app := opsApp()
	called := false
	if err := execute(NewCmdPolicyKindAdd(app, func(*PolicyKindAddOptions) error { called = true; return nil }), "filing", "--resolution", "soon"); err == nil || called {
		t.Errorf("--resolution soon: %v (run called: %v)", err, called)
	}
	var opts *PolicyKindAddOptions
	if err := execute(NewCmdPolicyKindAdd(app, func(o *PolicyKindAddOptions) error { opts = o; return nil }), "filing", "--resolution", "24h", "--desc", "文件交接"); err != nil {
		t.Fatal(err)
	}
	if opts.Name != "filing" || len(opts.Windows) != 1 || opts.Windows["resolution"].String() != "24h" || opts.Description != "文件交接" {
		t.Errorf("policy kind add options = %+v", opts)
	}
}

// db check and audit verify, driven without cobra over a sound database: their verdicts go to
// the injected stdout, and nothing fails.
func TestDBCheckAndAuditVerifyRuns(t *testing.T) {
	e := newSeamEnv(t)
	keys, err := e.app.keys()
	if err != nil {
		t.Fatal(err)
	}
	io, out, _ := e.streams()
	env := CmdEnv{Ctx: context.Background(), IO: io, Service: e.app.service}
	if err := dbCheckRun(&DBCheckOptions{CmdEnv: env, Format: "table", DBPath: "kefu.db", Keys: keys}); err != nil {
		t.Fatalf("db check: %v\n%s", err, out)
	}
	if !strings.HasPrefix(out.String(), "ok:") {
		t.Errorf("db check printed %q, want a verdict beginning ok:", out)
	}
	out.Reset()
	if err := auditVerifyRun(&AuditVerifyOptions{CmdEnv: env, Format: "table", Keys: keys}); err != nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
	if !strings.HasPrefix(out.String(), "history intact: ") {
		t.Errorf("audit verify printed %q", out)
	}
	out.Reset()
	if err := auditVerifyRun(&AuditVerifyOptions{CmdEnv: env, Format: "table", Keys: keys, Anchor: "1:000000000000"}); err == nil {
		t.Errorf("audit verify against a made-up anchor passed:\n%s", out)
	}
}
