package cli

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileTextInLaterTables extends TestHostileTextEverywhere to the text the appraisal,
// rota and mail features store: a verdict's reason, fund spending, leave notes, swap reasons,
// an imported official day's name, and a mail's sender name, subject and body. Every command
// that shows them is scanned in every format for raw controls and bidi characters.
func TestHostileTextInLaterTables(t *testing.T) {
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
	line := strings.ReplaceAll(x, "\r", "")
	h.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	h.must("staff", "add", "陈静", "--role", "supervisor", "--as", "王芳")
	h.must("staff", "add", "张伟", "--role", "agent", "--as", "王芳")
	h.must("staff", "add", "赵敏", "--role", "agent", "--shift", "night", "--as", "王芳")
	h.must("customer", "add", "刘洋", "--phone", "13812341234", "--as", "王芳")
	h.must("complaint", "open", "态度差", "--channel", "phone", "--customer", "刘洋", "--assignee", "张伟", "--as", "张伟")
	h.must("complaint", "verdict", "1", "valid", "--against", "张伟", "--reason", x, "--as", "陈静")
	h.must("score", "confirm", "1", "--as", "陈静")
	h.must("score", "fund", "spend", "10", "--reason", x, "--as", "王芳")
	h.must("staff", "leave", "add", "张伟", "--from", "2026-03-10", "--kind", "annual", "--note", x, "--as", "陈静")
	h.must("staff", "swap", "张伟", "赵敏", "--date", "2026-03-03", "--reason", x, "--as", "陈静")
	cal := filepath.Join(dir, "2028.csv")
	if err := os.WriteFile(cal, []byte("name,date,day\n\""+line+"\",2028-01-26,off\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.must("calendar", "import", cal, "--as", "王芳")
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	msg := "From: =?utf-8?b?" + b64(line) + "?= <guest@example.com>\r\nTo: kefu@shop.example\r\n" +
		"Subject: =?utf-8?b?" + b64(line) + "?=\r\nMessage-ID: <hostile-1@example.com>\r\n" +
		"Date: Mon, 2 Mar 2026 08:55:02 +0800\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(x) + "\r\n"
	if _, errOut, code := h.run(msg, "mail", "receive"); code != 0 {
		t.Fatalf("mail receive: exit %d: %s", code, errOut)
	}

	shows := [][]string{
		{"complaint", "list", "--all"}, {"score", "explain", "张伟"}, {"score", "month", "--all"}, {"score", "list"},
		{"score", "fund"}, {"score", "candidates"}, {"staff", "leave", "list"}, {"rota", "show"}, {"rota", "show", "--month", "2026-03"},
		{"calendar", "show", "--month", "2028-01"}, {"ticket", "list"}, {"ticket", "show", "2"}, {"customer", "list"},
		{"audit", "log"}, {"report", "monthly"},
	}
	ran := 0
	carried := map[string]bool{} // commands whose JSON holds the hostile text (escaped)
	for _, c := range shows {
		for _, f := range []string{"table", "json", "csv", "md", "text"} {
			args := append(append([]string{}, c...), "--format", f)
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
			if f == "json" && strings.Contains(out, `\u202e`) {
				carried[strings.Join(c, " ")] = true
			}
		}
	}
	if ran < 30 {
		t.Errorf("only %d command runs printed output; the scan covers too little", ran)
	}
	// The scan means something only if the text reached the output.
	for _, c := range []string{"score explain 张伟", "score fund", "staff leave list",
		"calendar show --month 2028-01", "ticket show 2"} {
		if !carried[c] {
			t.Errorf("kefu %s --format json: the hostile text is missing", c)
		}
	}
	t.Logf("%d command × format runs scanned", ran)
}
