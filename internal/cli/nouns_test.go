package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/i18n"
)

// Each stand-in says what its noun's constructor says, and every noun with verbs has one.
func TestLazyNounsMatch(t *testing.T) {
	app := &App{Getenv: func(string) string { return "" }}
	byName := map[string]lazyNoun{}
	for _, n := range lazyNouns {
		byName[n.name] = n
		c := n.build(app)
		if c.Name() != n.name || c.Short != n.short || len(c.Aliases) > 0 || c.Hidden {
			t.Errorf("lazyNouns says %q %q; its constructor %q %q (aliases %q, hidden %v)", n.name, n.short, c.Name(), c.Short, c.Aliases, c.Hidden)
		}
	}
	for _, c := range newRootCmd(app).Commands() {
		if _, ok := byName[c.Name()]; !ok && c.HasSubCommands() && c.Name() != "completion" {
			t.Errorf("noun %s has verbs but no entry in lazyNouns: its verbs are built at every start", c.Name())
		}
	}
}

// A command line builds the nouns it names and stand-ins for the rest, and translates only the
// commands it can show: the root's help is the same as the whole tree's, in either language,
// and so is a noun's and a verb's.
func TestLazyTreeHelp(t *testing.T) {
	help := func(args []string, all bool, p *i18n.Printer) (string, int) {
		app := &App{Getenv: func(string) string { return "" }}
		root := newRootCmdFor(app, args, all)
		localizeFor(root, p, args, all) // as Run does: all for the whole tree
		var b bytes.Buffer
		root.SetOut(&b)
		root.SetErr(&b)
		root.SetArgs(args)
		if err := root.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		verbs := 0
		for _, c := range root.Commands() {
			if c.Name() != "completion" && c.Name() != "help" {
				verbs += len(c.Commands())
			}
		}
		return b.String(), verbs
	}
	zh, _ := i18n.New(i18n.ZH)
	for _, p := range []*i18n.Printer{i18n.English, zh} {
		whole, all := help([]string{"--help"}, true, p)
		lazy, some := help([]string{"--help"}, false, p)
		if lazy != whole {
			t.Errorf("%s: the root's help differs from the whole tree's:\n%s\n---\n%s", p.Lang(), lazy, whole)
		}
		if some >= all || some != 0 {
			t.Errorf("%s: kefu --help built %d verbs (the whole tree has %d)", p.Lang(), some, all)
		}
		whole, _ = help([]string{"ticket", "--help"}, true, p)
		lazy, some = help([]string{"ticket", "--help"}, false, p)
		if lazy != whole || !strings.Contains(lazy, "open") {
			t.Errorf("%s: kefu ticket --help differs from the whole tree's:\n%s\n---\n%s", p.Lang(), lazy, whole)
		}
		if some == 0 || some >= all {
			t.Errorf("%s: kefu ticket --help built %d verbs of %d", p.Lang(), some, all)
		}
		for _, args := range [][]string{{"ticket", "open", "--help"}, {"help", "score", "month"}, {"help"}} {
			whole, _ = help(args, true, p)
			lazy, _ = help(args, false, p)
			if lazy != whole {
				t.Errorf("%s: kefu %s differs from the whole tree's:\n%s\n---\n%s", p.Lang(), strings.Join(args, " "), lazy, whole)
			}
		}
	}
}
