package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/persist"
)

// complete runs `kefu __complete args...` as a shell would and returns the suggestions.
func complete(t *testing.T, cs persist.Completions, fail bool, args ...string) []string {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		if k == "KEFU_DB" {
			return "/nonexistent/kefu.db"
		}
		return ""
	}}
	app.Complete = func(_ context.Context, path string) (persist.Completions, error) {
		if path != "/nonexistent/kefu.db" {
			t.Errorf("completion read %s, not the KEFU_DB database", path)
		}
		if fail {
			return persist.Completions{}, errors.New("no such file")
		}
		return cs, nil
	}
	if code := Run(context.Background(), app, append([]string{"__complete"}, args...)); code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, code, errOut.String())
	}
	var words []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, ":") {
			words = append(words, l)
		}
	}
	return words
}

func TestCompletion(t *testing.T) {
	cs := persist.Completions{
		Staff:     []string{"张伟", "李娜", "王芳"},
		Customers: []string{"刘洋", "刘洋", "王磊"},
		Kinds:     []string{"complaint", "inquiry", "presale", "suggestion", "售后咨询"},
		Rules:     []string{"handover-missing", "slow-reply"},
		Tickets:   []string{"6\t改地址", "5\t发票", "4\t退款"},
		Pending:   []string{"3\t张伟 slow-reply", "2\t李娜 handover-missing"},
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ticket", "resolve", ""}, "6\t改地址|5\t发票|4\t退款"},
		{[]string{"ticket", "resolve", "4", "6", ""}, "5\t发票"},
		{[]string{"ticket", "show", "5", ""}, ""},
		{[]string{"ticket", "assign", "4", ""}, "6\t改地址|5\t发票|张伟|李娜|王芳"},
		{[]string{"ticket", "assign", "4", "--to", ""}, "张伟|李娜|王芳"},
		{[]string{"staff", "show", "李"}, "李娜"},
		{[]string{"ticket", "open", "x", "--customer", "刘"}, "刘洋"},
		{[]string{"ticket", "list", "--kind", ""}, "complaint|inquiry|presale|suggestion|售后咨询"},
		{[]string{"ticket", "list", "--channel", "e"}, "email"},
		{[]string{"score", "add", "张伟", ""}, "handover-missing|slow-reply"},
		{[]string{"score", "confirm", "--all", "--rule", "s"}, "slow-reply"},
		{[]string{"score", "confirm", "3", ""}, "2\t李娜 handover-missing"},
		{[]string{"remind", "--for", "王"}, "王芳"},
		{[]string{"report", "daily", "--date", "y"}, "yesterday"},
		{[]string{"score", "close", "--month", "l"}, "last-month"},
		{[]string{"report", "daily", "--as", ""}, "张伟|李娜|王芳"},
	} {
		if got := strings.Join(complete(t, cs, false, tt.args...), "|"); got != tt.want {
			t.Errorf("kefu %s<TAB> = %q, want %q", strings.Join(tt.args, " "), got, tt.want)
		}
	}
}

// Without a database, completion offers the fixed words and stays quiet.
func TestCompletionWithoutDatabase(t *testing.T) {
	if got := complete(t, persist.Completions{}, true, "ticket", "resolve", ""); len(got) != 0 {
		t.Errorf("ticket resolve<TAB> without a database = %q", got)
	}
	if got := strings.Join(complete(t, persist.Completions{}, true, "ticket", "open", "x", "--priority", ""), "|"); got != "urgent|high|normal|low" {
		t.Errorf("--priority<TAB> = %q", got)
	}
	if got := strings.Join(complete(t, persist.Completions{}, true, "ticket", "list", "--kind", "c"), "|"); got != "complaint" {
		t.Errorf("--kind<TAB> without a database = %q", got)
	}
}
