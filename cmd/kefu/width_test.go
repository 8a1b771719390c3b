package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/cli"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/store"
)

// Every command that prints a table or text fits 80 columns (product.md: the terminal, or
// COLUMNS, or 80), on a month of demo work plus long Chinese, mixed and emoji text. A sample
// runs always; KEFU_STRESS=1 runs every command in English and in Chinese.

// widthCommands is every command that prints a table or text for people, with arguments that
// find something in the demo month. sample marks the ones run on every test run.
var widthCommands = []struct {
	args   string
	sample bool
}{
	{"policy show", true},
	{"policy window list", false},
	{"policy window match --kind inquiry --channel social --priority urgent", false},
	{"policy kind list", false},
	{"calendar show --month 2026-02", false},
	{"calendar due 2026-02-27T15:00:00+08:00 1bd", false},
	{"staff list", false},
	{"staff show 张伟", false},
	{"rota show --month 2026-02", false},
	{"rota show --week 2026-W09", false},
	{"customer list", false},
	{"customer show 1", false},
	{"ticket list", true},
	{"ticket list --overdue", false},
	{"ticket show 1", false},
	{"ticket show NEW", true}, // the ticket opened with long text below
	{"complaint list", false},
	{"complaint verdicts --month 2026-02", false},
	{"suggestion digest --week 2026-W08", false},
	{"qa list --month 2026-02", false},
	{"qa sample --n 5 --month 2026-02 --seed 42", false},
	{"score list --month 2026-02", false},
	{"score month --month 2026-02", true},
	{"score month --month 2026-02 --pay", false},
	{"score explain 张伟 --month 2026-02", true},
	{"score rules", true},
	{"score rules --all", false},
	{"score year --year 2026", false},
	{"score fund --month 2026-02", false},
	{"score candidates --month 2026-02", false},
	{"score pending --all", false},
	{"score appeal list", false},
	{"handover list", false},
	{"handover show --last", true},
	{"summary list --week 2026-W09", false},
	{"summary list --week 2026-W09 --missing", false},
	{"remind", true},
	{"report daily --date 2026-02-27", false},
	{"report weekly --week 2026-W08", false},
	{"report monthly --month 2026-02", true},
	{"audit log --limit 50", false},
	{"audit verify", false},
	{"db check", false},
	{"kb list", true},
	{"kb search 退款", true},
	{"kb show 1", false},
	{"kb diff 1", false},
	{"template list", true},
	{"template show opening", false},
	{"training list", true},
	{"training list --missing", false},
	{"me --as 张伟", true},
	{"remind --for 张伟", false},
}

// kefuIn runs kefu in this process with the given environment and returns its exit status,
// stdout and stderr.
func kefuIn(env map[string]string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	app := &cli.App{
		Stdin:     strings.NewReader(""),
		Stdout:    &out,
		Stderr:    &errOut,
		Getenv:    func(k string) string { return env[k] },
		OpenStore: store.OpenPersist,
		Files:     store.Files{},
	}
	code := cli.Run(context.Background(), app, args)
	return code, out.String(), errOut.String()
}

// widestLine is the widest line of s in display columns, and that line.
func widestLine(s string) (int, string) {
	w, line := 0, ""
	for _, l := range strings.Split(s, "\n") {
		if lw := render.Width(l); lw > w {
			w, line = lw, l
		}
	}
	return w, line
}

func TestEveryCommandFits80Columns(t *testing.T) {
	stress := os.Getenv("KEFU_STRESS") == "1"
	dir := t.TempDir()
	env := map[string]string{
		"KEFU_DB":         filepath.Join(dir, "kefu.db"),
		"KEFU_NOW":        "2026-03-01T09:00:00+08:00",
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, ".config"),
		"XDG_DATA_HOME":   filepath.Join(dir, ".local"),
		"NO_COLOR":        "1",
		"KEFU_AUDIT_KEY":  "6b656675206b6566752074657374206b6579206b6566752074657374206b6579",
		"COLUMNS":         "80",
	}
	must := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := kefuIn(env, args...)
		if code != 0 {
			t.Fatalf("kefu %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		return strings.TrimSpace(stdout)
	}
	perDay := "5"
	if stress {
		perDay = "20"
	}
	must("demo", "--db", env["KEFU_DB"], "--month", "2026-02", "--seed", "3", "--per-day", perDay)
	// Text longer than any column: Chinese, mixed with English, emoji and a combining accent.
	long := "客户反映退款两周仍未到账，多次致电无人处理，要求今天之内给出明确答复 (order SO-20260227-0042) 😡 café"
	id := must("ticket", "open", long, "--kind", "complaint", "--channel", "phone", "--customer", "刘洋的公司采购部负责人 Mr. Liu",
		"--new-customer", "--category", "退款进度跟踪与财务协调", "--assignee", "张伟", "--body", long, "--as", "王芳")
	must("ticket", "note", id, long+" "+long, "--as", "张伟")
	must("summary", "add", "--week", "2026-W09", strings.Repeat(long, 3), "--as", "李娜")
	must("score", "add", "张伟", "late-early", "--points", "-3", "--reason", long, "--as", "王芳")
	// An article, a template and a training session with long text (issue 17's tables).
	must("kb", "add", "退款多久到账？"+long, "--category", "退款进度跟踪与财务协调", "--new-category", "--tag", "退款", "--public", "--body", long+"\n\n"+long, "--as", "张伟")
	must("kb", "edit", "1", "--body", long, "--as", "张伟")
	must("template", "add", "long-apology", "--kind", "objection", "--text", "{客户}您好，"+long, "--as", "王芳")
	must("training", "add", "投诉处理话术与退款流程"+long, "--date", "2026-02-26", "--trainer", "外部讲师 Mr. Wang", "--required-for", "all", "--as", "王芳")

	langs := []string{"en"}
	if stress {
		langs = append(langs, "zh-CN")
	}
	for _, lang := range langs {
		env["KEFU_LANG"] = lang
		for _, c := range widthCommands {
			if !c.sample && !stress {
				continue
			}
			args := strings.Fields(strings.ReplaceAll(c.args, "NEW", id))
			t.Run(lang+"/"+c.args, func(t *testing.T) {
				code, stdout, stderr := kefuIn(env, args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if strings.TrimSpace(stdout) == "" {
					t.Fatalf("printed nothing (stderr %q): the sweep must see output to check it", stderr)
				}
				fitted, line := widestLine(stdout)
				if fitted > 80 {
					t.Errorf("a line is %d columns wide at COLUMNS=80:\n%s\n\n%s", fitted, line, stdout)
				}
				_, wide, _ := kefuIn(env, append([]string{"--wide"}, args...)...)
				full, _ := widestLine(wide)
				t.Logf("widths: --wide %d, at 80 columns %d", full, fitted)
			})
		}
	}
}
