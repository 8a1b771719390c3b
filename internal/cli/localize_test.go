package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
)

// TestLocalizeTranslatesTheTree: in Chinese every command's help and every flag's usage is the
// catalog's text, and cobra's own words are Chinese; in English nothing changes.
func TestLocalizeTranslatesTheTree(t *testing.T) {
	zh, err := i18n.New(i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	root := newRootCmd(&App{Getenv: func(string) string { return "" }})
	localize(root, zh)
	open, _, err := root.Find([]string{"ticket", "open"})
	if err != nil {
		t.Fatal(err)
	}
	if open.Short != "将一次客户来访登记为工单" {
		t.Errorf("Short = %q", open.Short)
	}
	if u := open.Flags().Lookup("customer").Usage; u != "客户姓名或编号" {
		t.Errorf("--customer usage = %q", u)
	}
	if u := open.Flags().Lookup("help").Usage; u != "显示 open 的帮助" {
		t.Errorf("--help usage = %q", u)
	}
	var b bytes.Buffer
	open.SetOut(&b)
	if err := open.Usage(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"用法：", "示例：", "参数：", "全局参数：", "输出和帮助的语言"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, b.String())
		}
	}

	en := newRootCmd(&App{Getenv: func(string) string { return "" }})
	localize(en, i18n.English)
	if en.Short != "Run a small customer-service department from the terminal" {
		t.Errorf("English Short changed: %q", en.Short)
	}
}

func TestCobraErrorKeepsItsWords(t *testing.T) {
	zh, err := i18n.New(i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"unknown flag: --bogus":                    "未知参数：--bogus",
		`unknown command "lsit" for "kefu ticket"`: `"kefu ticket" 没有 "lsit" 这个命令`,
		"accepts 1 arg(s), received 3":             "需要 1 个参数，实际收到 3 个",
		"something cobra never said":               "something cobra never said",
	} {
		e := cobraError(errors.New(in))
		if e.Kind != errs.Invalid {
			t.Errorf("%q: kind %v", in, e.Kind)
		}
		if e.Error() != in {
			t.Errorf("Error() = %q, want the English %q", e.Error(), in)
		}
		if got := errs.Text(e, zh.Sprintf); got != want {
			t.Errorf("zh %q = %q, want %q", in, got, want)
		}
	}
}
