package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/store"
)

// hostileText is what an attacker types into every free-text field: a screen clear, a
// title-setting OSC ended by BEL, a backspace and CR, DEL, a C1 CSI, and the bidi override and
// isolate controls that make "evil" read backwards.
const hostileText = "H\x1b[2J\x1b]0;pwned\x07\x08\r\x7f\u009b31m\u202Eevil\u2066iso\u2069\u200F.txt"

// unsafeIn returns the first raw control (other than newline and tab) or bidi control in b.
func unsafeIn(b []byte) (rune, bool) {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == 0x1b || r == 0x07 || r == 0x08 || r == '\r' || r == 0x7f || (r >= 0x80 && r <= 0x9f && n > 1) ||
			(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || (r < 0x20 && r != '\n' && r != '\t') {
			return r, true
		}
		b = b[n:]
	}
	return 0, false
}

type hostileEnv struct {
	t   *testing.T
	dir string
	env map[string]string
}

func (h *hostileEnv) run(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	app := &App{Stdin: strings.NewReader(stdin), StdinPiped: stdin != "", Stdout: &out, Stderr: &errb, OpenStore: store.OpenPersist, Files: store.Files{},
		Getenv: func(k string) string { return h.env[k] }}
	code := Run(context.Background(), app, args)
	return out.String(), errb.String(), code
}

// must runs a command that has to succeed (setting the department up).
func (h *hostileEnv) must(args ...string) string {
	h.t.Helper()
	out, errOut, code := h.run("", args...)
	if code != 0 {
		h.t.Fatalf("kefu %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// TestHostileTextEverywhere feeds the hostile string into every stored text field, then runs
// every command that shows stored text in every format it prints, and scans stdout, stderr and
// any file written for a raw ESC, control or bidi character.
func TestHostileTextEverywhere(t *testing.T) {
	dir := t.TempDir()
	h := &hostileEnv{t: t, dir: dir, env: map[string]string{
		"KEFU_DB":         filepath.Join(dir, "kefu.db"),
		"KEFU_NOW":        "2026-03-02T09:00:00+08:00",
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, ".config"),
		"XDG_DATA_HOME":   filepath.Join(dir, ".local", "share"),
		"KEFU_AUDIT_KEY":  "6b656675206b6566752074657374206b6579206b6566752074657374206b6579",
	}}
	x := hostileText
	line := strings.ReplaceAll(x, "\r", "") // subjects are one line
	h.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	h.must("staff", "add", "陈静", "--role", "supervisor", "--team", x, "--as", "王芳")
	h.must("staff", "add", "张伟", "--role", "agent", "--team", x, "--as", "王芳")
	h.must("staff", "add", "李娜", "--role", "agent", "--team", x, "--as", "王芳")
	h.must("customer", "add", "刘洋", "--phone", "13812341234", "--notes", x, "--im", x, "--as", "王芳")
	h.must("ticket", "open", line, "--kind", "inquiry", "--channel", "chat", "--customer", "刘洋", "--assignee", "张伟",
		"--body", x, "--category", x, "--order", "A-1", "--as", "张伟")
	h.must("ticket", "open", line, "--kind", "complaint", "--channel", "phone", "--customer", "刘洋", "--assignee", "张伟",
		"--body", x, "--category", x, "--as", "张伟")
	h.must("suggestion", "add", line, "--channel", "app", "--customer", "刘洋", "--body", x, "--as", "张伟")
	h.must("ticket", "reply", "1", x, "--as", "张伟")
	h.must("ticket", "note", "1", x, "--as", "张伟")
	h.must("ticket", "resolve", "1", "--resolution", x, "--as", "张伟")
	h.must("ticket", "rate", "1", "--csat", "2", "--comment", x, "--as", "张伟")
	h.must("complaint", "plan", "2", x, "--as", "陈静")
	h.must("suggestion", "forward", "3", "--to", x, "--as", "张伟")
	h.must("qa", "mark", "1", "--incorrect", "--note", x, "--as", "陈静")
	h.must("handover", "add", x, "--as", "张伟")
	h.must("summary", "add", strings.Repeat(x+" 本周处理咨询。", 20), "--as", "张伟")
	h.must("score", "add", "张伟", "noise", "--reason", x, "--as", "陈静")
	h.must("score", "add", "李娜", "discretion", "--points", "2", "--reason", x, "--as", "陈静")
	h.must("score", "add", "李娜", "slow-reply", "--pending", "--reason", x, "--as", "陈静")
	h.must("score", "appeal", "1", "--reason", x, "--as", "张伟")
	h.must("calendar", "holiday", "add", "2026-03-20", "--note", x, "--as", "王芳")
	h.must("score", "appeal", "resolve", "1", "uphold", "--reason", x, "--as", "王芳")
	h.must("score", "dismiss", "1", "--reason", x, "--as", "王芳")
	h.must("score", "revert", "2", "--reason", x, "--as", "王芳")
	h.must("suggestion", "outcome", "3", "adopted", "--note", x, "--as", "陈静")
	h.must("ticket", "edit", "2", "--order", line, "--as", "张伟")
	h.must("ticket", "pending", "2", "--reason", x, "--as", "张伟")
	h.must("policy", "kind", "add", "doc-handoff", "--resolution", "24h", "--desc", x, "--as", "王芳")
	h.must("score", "rule", "add", "desk-phone", "--class", "light", "--points", "-2", "--desc", x, "--desc-zh", x, "--as", "王芳")

	formats := []string{"table", "json", "csv", "md", "text"}
	shows := [][]string{
		{"ticket", "list"}, {"ticket", "show", "1"}, {"ticket", "show", "2"}, {"ticket", "list", "--search", "H"},
		{"customer", "list"}, {"customer", "show", "刘洋"}, {"customer", "show", "刘洋", "--reveal", "--as", "陈静"},
		{"staff", "list"}, {"staff", "show", "张伟"},
		{"handover", "list"}, {"handover", "show"}, {"summary", "list"},
		{"score", "list"}, {"score", "month", "--all"}, {"score", "explain", "张伟"}, {"score", "explain", "李娜"},
		{"score", "pending", "--all"}, {"score", "rules"}, {"score", "year"},
		{"complaint", "list", "--all"}, {"suggestion", "digest"}, {"qa", "list"},
		{"calendar", "show", "--month", "2026-03"}, {"policy", "show"}, {"policy", "export"}, {"policy", "kind", "list"},
		{"report", "daily"}, {"report", "weekly"}, {"report", "monthly"},
		{"audit", "log"}, {"remind"}, {"export", "tickets"}, {"export", "tickets", "--format", "jsonl"},
	}
	ran := 0
	for _, c := range shows {
		for _, f := range formats {
			args := append(append([]string{}, c...), "--format", f)
			if strings.Contains(strings.Join(c, " "), "--format") {
				if f != "table" {
					continue
				}
				args = c
			}
			out, errOut, code := h.run("", args...)
			if code == 2 && strings.Contains(errOut, "does not print --format") {
				continue
			}
			if code != 0 {
				t.Errorf("kefu %s: exit %d: %s", strings.Join(args, " "), code, errOut)
				continue
			}
			ran++
			if r, bad := unsafeIn([]byte(out)); bad {
				t.Errorf("kefu %s: raw %U on stdout", strings.Join(args, " "), r)
			}
			if r, bad := unsafeIn([]byte(errOut)); bad {
				t.Errorf("kefu %s: raw %U on stderr", strings.Join(args, " "), r)
			}
			if f == "json" && !strings.Contains(out, `\u001b`) && !strings.Contains(out, `\u202e`) && strings.Contains(strings.Join(c, " "), "ticket show") {
				t.Errorf("kefu %s: the hostile text is missing from the JSON", strings.Join(args, " "))
			}
		}
	}
	// Files kefu writes with --out get the same treatment.
	for _, c := range [][]string{
		{"export", "tickets", "--out", "t.csv"}, {"export", "tickets", "--format", "jsonl", "--out", "t.jsonl"},
		{"policy", "export", "--out", "p.yaml"},
	} {
		args := append([]string{}, c...)
		args[len(args)-1] = filepath.Join(dir, c[len(c)-1])
		if _, errOut, code := h.run("", args...); code != 0 {
			t.Errorf("kefu %s: exit %d: %s", strings.Join(c, " "), code, errOut)
			continue
		}
		b, err := os.ReadFile(args[len(args)-1])
		if err != nil {
			t.Fatal(err)
		}
		if r, bad := unsafeIn(b); bad {
			t.Errorf("kefu %s: raw %U in the file", strings.Join(c, " "), r)
		}
	}
	if ran < 60 {
		t.Errorf("only %d command runs printed output; the scan covers too little", ran)
	}
	t.Logf("%d command × format runs scanned, no raw control or bidi character", ran)
}

// On a terminal kefu's own colours get through the guard; a stored escape sequence still does not.
func TestHostileTextColourTerminal(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"KEFU_DB": filepath.Join(dir, "kefu.db"), "KEFU_NOW": "2026-03-02T09:00:00+08:00", "HOME": dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, ".config"), "XDG_DATA_HOME": filepath.Join(dir, ".local", "share"),
		"KEFU_AUDIT_KEY": "6b656675206b6566752074657374206b6579206b6566752074657374206b6579",
	}
	run := func(terminal bool, args ...string) string {
		var out, errb bytes.Buffer
		app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, IsTerminal: terminal, OpenStore: store.OpenPersist, Files: store.Files{}, Getenv: func(k string) string { return env[k] }}
		if code := Run(context.Background(), app, args); code != 0 {
			t.Fatalf("kefu %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	run(false, "init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	run(false, "staff", "add", "张伟", "--role", "agent", "--as", "王芳")
	run(false, "customer", "add", "刘洋", "--as", "王芳")
	run(false, "ticket", "open", "催发货\x1b[2J\u202Eevil", "--kind", "inquiry", "--channel", "chat", "--customer", "刘洋", "--assignee", "张伟", "--as", "张伟")
	env["KEFU_NOW"] = "2026-03-02T10:00:00+08:00" // the 30s first response is long overdue: a red row
	out := run(true, "ticket", "list")
	if !strings.Contains(out, "\x1b[31m") {
		t.Errorf("no colour on a terminal:\n%q", out)
	}
	if strings.Contains(out, "\x1b[2J") || strings.Contains(out, "\u202E") {
		t.Errorf("a stored escape reached the terminal:\n%q", out)
	}
	if out := run(false, "ticket", "list"); strings.Contains(out, "\x1b") {
		t.Errorf("colour off a terminal:\n%q", out)
	}
}
