package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
)

// newRootCmd is the whole command tree, every noun built (completion, tests).
func newRootCmd(app *App) *cobra.Command { return newRootCmdFor(app, nil, true) }

// newRootCmdFor is the command tree for a command line: the nouns args name are built whole,
// the others only as far as the root's help needs them (nouns.go); all builds every noun.
func newRootCmdFor(app *App, args []string, all bool) *cobra.Command {
	root := &cobra.Command{
		Use:   "kefu",
		Short: "Run a small customer-service department from the terminal",
		Long: `kefu runs a customer-service department over one SQLite file: tickets with response
windows on a business calendar, complaint escalation, points appraisal, reports and reminders.

Write commands act as --as NAME (or KEFU_USER, or config "user"). KEFU_NOW (RFC 3339)
replaces the clock for every command.`,
		Example: `  kefu init --manager 王芳 --tz Asia/Shanghai
  kefu calendar due "2026-09-30 15:00" 1bd
  KEFU_USER=王芳 kefu staff add 张伟 --role agent --team 售后`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Name() == cobra.ShellCompRequestCmd || cmd.Name() == cobra.ShellCompNoDescRequestCmd {
				return nil // completion reads the config itself, quietly (completion.go)
			}
			if app.CatchInterrupts != nil {
				app.CatchInterrupts()
			}
			if err := normalizeEnumFlags(cmd); err != nil {
				return err
			}
			return app.configure(cmd)
		},
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		// Which verbs take an unknown flag is asked of the whole tree, built on a copy of the
		// app so that its flags' defaults change nothing of this run.
		return flagError(cmd, err, func() *cobra.Command {
			if all {
				return root
			}
			shadow := *app
			return newRootCmd(&shadow)
		})
	})
	root.Version = version()
	root.SetVersionTemplate("kefu {{.Version}}\n")
	pf := root.PersistentFlags()
	pf.StringVar(&app.DBPath, "db", "", "database file (env KEFU_DB, config db; default in the user's data directory)")
	pf.StringVar(&app.ConfigFile, "config", "", "config file (default: config.yaml in the user's config directory)")
	pf.StringVar(&app.As, "as", "", "act as this staff member (env KEFU_USER, config user)")
	pf.StringVar(&app.Format, "format", "", "output format: table, json, csv (some commands add md, text, xlsx)")
	pf.BoolVar(&app.NoColor, "no-color", false, "never colour output (also NO_COLOR)")
	pf.BoolVar(&app.Wide, "wide", false, "print tables and text at full width instead of fitting the terminal (COLUMNS, or 80)")
	pf.StringVar(&app.Lang, "lang", "", "language of output and help: en or zh-CN (env KEFU_LANG, config lang; default from LANG)")
	root.AddCommand(nounsFor(app, args, all)...)
	root.AddCommand(
		NewCmdInit(app, nil),
		NewCmdRemind(app, nil),
		NewCmdDemo(app, nil),
		NewCmdVersion(app),
		NewCmdMe(app, nil),
	)
	root.SetHelpCommand(newHelpCmd(root))
	root.InitDefaultCompletionCmd()
	addCompletions(app, root)
	guardNouns(root)
	return root
}

// configure applies the config (read once by Run before the tree was built, see readConfig)
// to flags the user did not set: flag > env > file > default (carolynvs/stingoftheviper).
// The same viper instance stays the one config reader for commands that need more keys.
func (a *App) configure(cmd *cobra.Command) error {
	if a.configErr != nil {
		return a.configErr
	}
	v := a.config
	if v == nil {
		v = viper.New()
		a.config = v
	}
	flags := cmd.Flags()
	// A format the user asked for (flag or env) must be printable; one from the config file is
	// only a preference.
	a.formatStrict = changed(flags, "format") || a.Getenv("KEFU_FORMAT") != ""
	a.dbOnCommandLine = changed(flags, "db")
	for key, flag := range map[string]string{"db": "db", "user": "as", "format": "format", "no-color": "no-color"} {
		f := flags.Lookup(flag)
		if f == nil || f.Changed || !v.IsSet(key) {
			continue
		}
		if err := flags.Set(flag, v.GetString(key)); err != nil {
			return errs.Invalidf("config %s: %v", key, err)
		}
	}
	a.Lang = i18n.Current().Lang()
	if a.DBPath == "" {
		a.DBPath = defaultDBPath(a.Getenv)
	}
	if a.Getenv("NO_COLOR") != "" {
		a.NoColor = true
	}
	if a.safeOut != nil {
		a.safeOut.Colour = a.IsTerminal && !a.NoColor
	}
	a.Format = strings.ToLower(a.Format)
	return nil
}

// chooseLang is the language of everything kefu prints: --lang, else KEFU_LANG, else the
// config's lang, else the locale (LC_ALL, LC_MESSAGES, LANG).
func (a *App) chooseLang(flagLang string, v *viper.Viper) (string, error) {
	from, s := "--lang", flagLang
	if s == "" && v != nil && v.IsSet("lang") {
		from, s = "lang", v.GetString("lang")
		if a.Getenv("KEFU_LANG") != "" {
			from = "KEFU_LANG"
		}
	}
	if s == "" {
		return i18n.FromLocale(a.Getenv), nil
	}
	lang, ok := i18n.Parse(s)
	if !ok {
		return i18n.EN, errs.Invalidf("%s: unknown language %q: use %s", from, s, strings.Join(i18n.Langs, ", "))
	}
	return lang, nil
}

// changed reports whether a flag was given on the command line.
func changed(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Changed
}
