package cli

import (
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

// localize translates the command tree's help into p's language after the tree is built, so
// command files keep their English text (the catalog key) and change not at all: every
// command's Short, Long and Example, every flag's usage, cobra's own help and completion
// commands, and the words of the usage template.
func localize(root *cobra.Command, p *i18n.Printer) { localizeFor(root, p, nil, true) }

// localizeFor is localize for one command line: only what it can print is translated — the
// command that runs, the commands above it (their flags are its global flags) and the ones
// below it (its help lists them); all translates the whole tree (shell completion).
func localizeFor(root *cobra.Command, p *i18n.Printer, args []string, all bool) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if !p.Chinese() {
		return
	}
	translate := func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Short = p.T(c.Short)
		c.Long = p.T(c.Long)
		c.Example = p.T(c.Example)
		translateFlags(c.LocalFlags(), c, p)
		translateFlags(c.PersistentFlags(), c, p)
	}
	if all {
		walk(root, translate)
	} else {
		cmd := commandOf(root, args)
		for c := cmd.Parent(); c != nil; c = c.Parent() {
			translate(c)
		}
		walk(cmd, translate)
	}
	tpl := root.UsageTemplate()
	for _, w := range templateWords {
		tpl = strings.ReplaceAll(tpl, w, p.T(w))
	}
	root.SetUsageTemplate(tpl)
}

// templateWords are the English words of cobra's usage template.
var templateWords = []string{
	"Usage:", "Aliases:", "Examples:", "Available Commands:", "Additional Commands:",
	"Global Flags:", "Flags:", "Additional help topics:",
	`Use "{{.CommandPath}} [command] --help" for more information about a command.`,
}

func translateFlags(fs *pflag.FlagSet, c *cobra.Command, p *i18n.Printer) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" && f.Usage == "help for "+c.Name() {
			f.Usage = p.Sprintf("help for %s", c.Name())
			return
		}
		f.Usage = p.T(f.Usage)
	})
}

// commandOf is the command a command line runs, or whose help it asks for (kefu help X);
// the root when it names none.
func commandOf(root *cobra.Command, args []string) *cobra.Command {
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == nil {
		return root
	}
	if cmd.Name() == "help" && cmd.Parent() == root {
		if target, _, err := root.Find(rest); err == nil && target != nil {
			return target
		}
	}
	return cmd
}

// walk calls fn for c and every command under it.
func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// cobraMessages are the errors cobra and pflag return while parsing, as patterns whose
// submatches are the arguments of an English format string (the catalog key).
// They are compiled on the first parsing error, not at every start.
var cobraMessages = sync.OnceValue(func() []cobraMessage {
	return []cobraMessage{
		{regexp.MustCompile(`^unknown flag: (\S+)$`), "unknown flag: %s"},
		{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)$`), "unknown shorthand flag: '%s' in %s"},
		{regexp.MustCompile(`^flag needs an argument: (\S+)$`), "flag needs an argument: %s"},
		{regexp.MustCompile(`^flag needs an argument: '(.)' in (\S+)$`), "flag needs an argument: '%s' in %s"},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`), `invalid argument "%s" for "%s" flag: %s`},
		{regexp.MustCompile(`^required flag\(s\) (.*) not set$`), "required flag(s) %s not set"},
		{regexp.MustCompile(`^if any flags in the group \[(.*)\] are set none of the others can be; \[(.*)\] were all set$`), "if any flags in the group [%s] are set none of the others can be; [%s] were all set"},
		{regexp.MustCompile(`^if any flags in the group \[(.*)\] are set they must all be set; missing \[(.*)\]$`), "if any flags in the group [%s] are set they must all be set; missing [%s]"},
		{regexp.MustCompile(`^at least one of the flags in the group \[(.*)\] is required$`), "at least one of the flags in the group [%s] is required"},
		{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "accepts %s arg(s), received %s"},
		{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "accepts at most %s arg(s), received %s"},
		{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "requires at least %s arg(s), only received %s"},
		{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), "accepts between %s and %s arg(s), received %s"},
		{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"$`), `unknown command "%s" for "%s"`},
	}
})

type cobraMessage struct {
	re     *regexp.Regexp
	format string
}

// cobraError turns an error of cobra's own parsing into kefu's invalid-input error, keeping its
// words as a format and arguments so it prints in the chosen language.
func cobraError(err error) *errs.Error {
	msg := err.Error()
	for _, m := range cobraMessages() {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			args := make([]any, len(sub)-1)
			for i, s := range sub[1:] {
				args[i] = s
			}
			return errs.Invalidf(m.format, args...)
		}
	}
	return errs.Invalidf("%s", msg)
}

// padLabel pads a label to n terminal columns (a Chinese character counts two).
func padLabel(s string, n int) string {
	if w := render.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
