package cli

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/errs"
)

// A CLI that cannot fail silently (issue 16 item 7): an unknown word is exit 2 with suggestions,
// a flag of another verb names the verbs that have it, and the version is one command away.

// guardNouns makes every noun (a command that only groups verbs) refuse an unknown verb. Cobra
// checks unknown words only on the root; below it a noun without a run function prints its help
// and exits 0, so `kefu report dialy > daily.csv` in a cron line wrote the help text and
// "succeeded". A noun run alone still prints its help (exit 0): that is asking, not mistyping.
func guardNouns(cmd *cobra.Command) {
	if cmd.HasSubCommands() && !cmd.Runnable() {
		cmd.SuggestionsMinimumDistance = 2
		cmd.Args = unknownVerb
		cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
	for _, sub := range cmd.Commands() {
		guardNouns(sub)
	}
}

// unknownVerb refuses any argument given to a noun: it can only be a mistyped verb.
func unknownVerb(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return errs.Invalidf("unknown command %q for %q; did you mean %s?", args[0], cmd.CommandPath(), strings.Join(quoteAll(s), " or ")).
			WithHint("%s --help", cmd.CommandPath())
	}
	return errs.Invalidf("unknown command %q for %q", args[0], cmd.CommandPath()).WithHint("%s --help", cmd.CommandPath())
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

var unknownFlagRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^unknown flag: --([^ =]+)$`) })

// flagError turns cobra's flag errors into usage errors; an unknown flag that another verb takes
// says which verbs take it (`staff edit --shift` is a `staff add` flag).
// whole returns the whole command tree, for the search of the verbs that take the flag.
func flagError(cmd *cobra.Command, err error, whole func() *cobra.Command) error {
	m := unknownFlagRe().FindStringSubmatch(err.Error())
	if m == nil {
		return cobraError(err).WithHint("%s --help", cmd.CommandPath())
	}
	owners := flagOwners(whole(), m[1])
	// The verbs of the same noun first: `staff edit --phone` most likely meant a sibling.
	noun := strings.TrimPrefix(cmd.Parent().CommandPath(), "kefu") + " "
	noun = strings.TrimPrefix(noun, " ")
	sort.SliceStable(owners, func(i, j int) bool {
		return strings.HasPrefix(owners[i], noun) && !strings.HasPrefix(owners[j], noun)
	})
	if len(owners) == 0 {
		return cobraError(err).WithHint("%s --help", cmd.CommandPath())
	}
	return usageErr(cmd, "unknown flag --%s for %q; it belongs to: %s", m[1], strings.TrimPrefix(cmd.CommandPath(), "kefu "), strings.Join(owners, ", "))
}

// flagOwners lists the commands (paths without "kefu ") that define a local flag named name.
func flagOwners(root *cobra.Command, name string) []string {
	var owners []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		if c.HasParent() && c.LocalNonPersistentFlags().Lookup(name) != nil {
			owners = append(owners, strings.TrimPrefix(c.CommandPath(), "kefu "))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	sort.Strings(owners)
	return owners
}

// version is kefu's version from the build: the module version of `go install module@version`,
// or the commit, its time and whether the tree was modified for a build from a checkout;
// "(devel)" when the build recorded neither.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " " + rev
		if at != "" {
			v += " " + at
		}
		if modified {
			v += " (modified)"
		}
	}
	return v + " " + info.GoVersion
}

// NewCmdVersion is `kefu version`, the same line as `kefu --version`.
func NewCmdVersion(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print kefu's version",
		Long:    "Print kefu's version: the module version, or the commit and its time for a build from a checkout.",
		Example: "  kefu version\n  kefu --version",
		Args:    args(0, "no arguments"),
		// The version needs neither the config nor the database.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(app.Stdout, "kefu "+version())
			return err
		},
	}
}

// newHelpCmd is `kefu help [command]`; cobra's own prints the root's help and exits 0 on an
// unknown topic, the silent failure guardNouns removes from the commands themselves.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help provides help for any command in the application: kefu help report daily.",
		RunE: func(_ *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil {
				return err
			}
			if err := unknownVerb(cmd, rest); err != nil {
				return err
			}
			return cmd.Help()
		},
	}
}
