package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/render"
)

func newPolicyCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Show and change the team's policy (settings, windows, kinds)",
		Long: `The policy is stored in the database so every lead computing a due time gets the same
answer. Changing it needs the manager role; every change is recorded in the history.`,
		Example: `  kefu policy show
  kefu policy set calendar.hours 09:00-21:00
  kefu policy window match --kind complaint --channel email --severity complex
  kefu policy export > policy.yaml && kefu policy import policy.yaml`,
	}
	cmd.AddCommand(NewCmdPolicyShow(app, nil), NewCmdPolicySet(app, nil), newPolicyWindowCmd(app),
		NewCmdPolicyKind(app, nil), NewCmdPolicyExport(app, nil), NewCmdPolicyImport(app, nil))
	return cmd
}

// policyView is policy show's JSON.
type policyView struct {
	Settings map[string]string `json:"settings"`
	Kinds    []policy.Kind     `json:"kinds"`
	Windows  []policy.Window   `json:"windows"`
	Holidays []policy.Day      `json:"holidays"`
	Workdays []policy.Day      `json:"workdays"`
}

// PolicyShowOptions are kefu policy show's inputs.
type PolicyShowOptions struct {
	CmdEnv

	Format string
}

// NewCmdPolicyShow builds kefu policy show; runF replaces policyShowRun in tests.
func NewCmdPolicyShow(app *App, runF func(*PolicyShowOptions) error) *cobra.Command {
	opts := &PolicyShowOptions{}
	cmd := &cobra.Command{
		Use:     "show",
		Short:   "Show every setting (and, as JSON, the whole policy)",
		Example: "  kefu policy show\n  kefu policy show --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, policyShowRun)
		},
	}
	return cmd
}

func policyShowRun(opts *PolicyShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	p, err := svc.Policy(opts.Ctx)
	if err != nil {
		return err
	}
	g := render.Grid{Header: []string{"key", "value", "meaning"}}
	for _, s := range policy.Settings {
		g.Add(s.Key, p.Get(s.Key), s.Help)
	}
	v := policyView{Settings: p.Settings, Kinds: p.Kinds, Windows: p.Windows, Holidays: p.Holidays, Workdays: p.Workdays}
	if v.Holidays == nil {
		v.Holidays = []policy.Day{}
	}
	if v.Workdays == nil {
		v.Workdays = []policy.Day{}
	}
	if err := render.Write(opts.IO.Out, opts.Format, v, g); err != nil {
		return err
	}
	if opts.Format == render.Table {
		opts.IO.Line("%d response windows (kefu policy window list), %d ticket kinds (kefu policy kind list), %d team holidays, %d team working days",
			len(p.Windows), len(p.Kinds), len(p.Holidays), len(p.Workdays))
	}
	return nil
}

// PolicySetOptions are kefu policy set's inputs.
type PolicySetOptions struct {
	CmdEnv

	Args []string // the positional arguments
}

// NewCmdPolicySet builds kefu policy set; runF replaces policySetRun in tests.
func NewCmdPolicySet(app *App, runF func(*PolicySetOptions) error) *cobra.Command {
	opts := &PolicySetOptions{}
	cmd := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Change one setting (manager)",
		Example: `  kefu policy set calendar.hours 09:00-21:00
  kefu policy set calendar.hours.sat 10:00-18:00
  kefu policy set calendar.region none && kefu policy set calendar.workweek mon-sun`,
		Args: args(2, "KEY and VALUE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Args = a
			return runWith(opts, runF, policySetRun)
		},
	}
	return cmd
}

func policySetRun(opts *PolicySetOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	old, new, err := svc.PolicySet(opts.Ctx, opts.As, opts.Args[0], opts.Args[1])
	if err != nil {
		return err
	}
	opts.IO.Info("%s: %q → %q", opts.Args[0], old, new)
	return nil
}

// windowFlags are the conditions naming a window row.
type windowFlags struct {
	kind, target, channel, priority, severity string
}

func (w *windowFlags) bind(cmd *cobra.Command, withTarget bool) {
	f := cmd.Flags()
	f.StringVar(&w.kind, "kind", "", "ticket kind, or * for any kind")
	if withTarget {
		f.StringVar(&w.target, "target", "", "first_response, resolution, escalation, followup or forward")
	}
	f.StringVar(&w.channel, "channel", "", "only this channel: phone, email, chat, social, app, visit")
	f.StringVar(&w.priority, "priority", "", "only this priority: urgent, high, normal, low")
	f.StringVar(&w.severity, "severity", "", "only this complaint severity: simple, complex")
}

func (w *windowFlags) window(cmd *cobra.Command) (policy.Window, error) {
	if w.kind == "" || w.target == "" {
		return policy.Window{}, usageErr(cmd, "%s needs --kind (or --kind '*') and --target", cmd.CommandPath())
	}
	return policy.Window{Kind: w.kind, Target: w.target, Channel: w.channel, Priority: w.priority, Severity: w.severity}, nil
}

func windowGrid(ws []policy.Window) render.Grid {
	g := render.Grid{Header: []string{"target", "kind", "channel", "priority", "severity", "within"}}
	for _, w := range ws {
		g.Add(w.Target, w.Kind, w.Channel, w.Priority, w.Severity, w.Within.String())
	}
	return g
}

func newPolicyWindowCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "window",
		Short: "List, set, unset and match response windows",
		Long: `A window row names a kind (or *), a target and optionally a channel, a priority and a
complaint severity. For a ticket, the matching row with the most named fields wins (a named
kind counts as one); among equally specific rows, the one giving the earliest due time for
that ticket wins (2bd and 48h compare by when they fall). list and set warn about rows that
can never apply; match explains the winner and every row it beat.`,
		Example: `  kefu policy window list --kind complaint
  kefu policy window set --kind complaint --target resolution --severity complex 4bd
  kefu policy window unset --kind complaint --target resolution --severity complex
  kefu policy window match --kind inquiry --channel social --priority urgent`,
	}
	cmd.AddCommand(NewCmdPolicyWindowList(app, nil), NewCmdPolicyWindowSet(app, nil), NewCmdPolicyWindowUnset(app, nil), NewCmdPolicyWindowMatch(app, nil))
	return cmd
}

// PolicyWindowListOptions are kefu policy window list's inputs.
type PolicyWindowListOptions struct {
	CmdEnv

	Format string
	Kind   string // only rows naming this kind
}

// NewCmdPolicyWindowList builds kefu policy window list; runF replaces policyWindowListRun in tests.
func NewCmdPolicyWindowList(app *App, runF func(*PolicyWindowListOptions) error) *cobra.Command {
	opts := &PolicyWindowListOptions{}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the window rows",
		Example: "  kefu policy window list\n  kefu policy window list --kind complaint --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, policyWindowListRun)
		},
	}
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "only rows naming this kind (or *)")
	return cmd
}

func policyWindowListRun(opts *PolicyWindowListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	p, err := svc.Policy(opts.Ctx)
	if err != nil {
		return err
	}
	ws := []policy.Window{}
	for _, w := range p.Windows {
		if opts.Kind == "" || w.Kind == opts.Kind {
			ws = append(ws, w)
		}
	}
	warnShadowed(opts.IO, p, "")
	return render.Write(opts.IO.Out, opts.Format, ws, windowGrid(ws))
}

// PolicyWindowOptions are the inputs of kefu policy window set, unset and match: the row.
type PolicyWindowOptions struct {
	CmdEnv

	Format string // match only
	Window policy.Window
}

// NewCmdPolicyWindowSet builds kefu policy window set; runF replaces policyWindowSetRun in tests.
func NewCmdPolicyWindowSet(app *App, runF func(*PolicyWindowOptions) error) *cobra.Command {
	opts := &PolicyWindowOptions{}
	var sf windowFlags
	cmd := &cobra.Command{
		Use:     "set --kind K --target T [--channel C] [--priority P] [--severity S] DURATION",
		Short:   "Add a window row, or change the duration of the row with these conditions (manager)",
		Example: "  kefu policy window set --kind '*' --target first_response --channel chat 1m\n  kefu policy window set --kind inquiry --target resolution --priority high 1bd",
		Args:    args(1, "a DURATION such as 30s, 4h, 2bd"),
		RunE: func(cmd *cobra.Command, a []string) error {
			w, err := sf.window(cmd)
			if err != nil {
				return err
			}
			if w.Within, err = duration.Parse(a[0]); err != nil {
				return errs.Invalidf("%v", err)
			}
			opts.CmdEnv, opts.Window = app.cmdEnv(cmd.Context()), w
			return runWith(opts, runF, policyWindowSetRun)
		},
	}
	sf.bind(cmd, true)
	return cmd
}

func policyWindowSetRun(opts *PolicyWindowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	w := opts.Window
	old, err := svc.PolicyWindowSet(opts.Ctx, opts.As, w)
	if err != nil {
		return err
	}
	if old != nil {
		opts.IO.Info("window %s: %s → %s", w.Describe(), old.Within, w.Within)
	} else {
		opts.IO.Info("window %s: added, %s", w.Describe(), w.Within)
	}
	p, err := svc.Policy(opts.Ctx)
	if err != nil {
		return err
	}
	if !warnShadowed(opts.IO, p, w.Key()) {
		// Applies somewhere: say where other rows win instead.
		var by []string
		for _, o := range policy.BeatenBy(p.Windows, p.KindNames(), w) {
			by = append(by, fmt.Sprintf("%s (%s)", o.Describe(), o.Within))
		}
		if len(by) > 0 {
			opts.IO.Info("note: window %s (%s) does not apply where these win: %s", w.Describe(), w.Within, strings.Join(by, ", "))
		}
	}
	return nil
}

// NewCmdPolicyWindowUnset builds kefu policy window unset; runF replaces policyWindowUnsetRun in tests.
func NewCmdPolicyWindowUnset(app *App, runF func(*PolicyWindowOptions) error) *cobra.Command {
	opts := &PolicyWindowOptions{}
	var uf windowFlags
	cmd := &cobra.Command{
		Use:     "unset --kind K --target T [--channel C] [--priority P] [--severity S]",
		Short:   "Remove the window row with exactly these conditions (manager)",
		Example: "  kefu policy window unset --kind '*' --target first_response --channel visit --priority urgent",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			w, err := uf.window(cmd)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Window = app.cmdEnv(cmd.Context()), w
			return runWith(opts, runF, policyWindowUnsetRun)
		},
	}
	uf.bind(cmd, true)
	return cmd
}

func policyWindowUnsetRun(opts *PolicyWindowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	removed, err := svc.PolicyWindowUnset(opts.Ctx, opts.As, opts.Window)
	if err != nil {
		return err
	}
	opts.IO.Info("window %s (%s) removed", removed.Describe(), removed.Within)
	return nil
}

// NewCmdPolicyWindowMatch builds kefu policy window match; runF replaces policyWindowMatchRun in tests.
func NewCmdPolicyWindowMatch(app *App, runF func(*PolicyWindowOptions) error) *cobra.Command {
	opts := &PolicyWindowOptions{}
	var mf windowFlags
	cmd := &cobra.Command{
		Use:     "match --kind K --channel C [--priority P] [--severity S]",
		Short:   "Show which row applies to a ticket, for every target",
		Example: "  kefu policy window match --kind complaint --channel email --severity complex",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			if mf.kind == "" || mf.channel == "" {
				return usageErr(cmd, "policy window match needs --kind and --channel")
			}
			if mf.priority == "" {
				mf.priority = "normal"
			}
			if mf.severity == "" && mf.kind == "complaint" {
				mf.severity = "simple"
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			opts.Window = policy.Window{Kind: mf.kind, Channel: mf.channel, Priority: mf.priority, Severity: mf.severity}
			return runWith(opts, runF, policyWindowMatchRun)
		},
	}
	mf.bind(cmd, false)
	return cmd
}

func policyWindowMatchRun(opts *PolicyWindowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	q := opts.Window
	ms, err := svc.PolicyWindowMatch(opts.Ctx, policy.Query{Kind: q.Kind, Channel: q.Channel, Priority: q.Priority, Severity: q.Severity})
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	g := render.Grid{Header: []string{"target", "within", "row", "due if opened now", "beat"}}
	for _, m := range ms {
		var beat []string
		for _, b := range m.Beaten {
			beat = append(beat, fmt.Sprintf("%s %s (%s)", b.Window.Describe(), b.Window.Within, b.Reason))
		}
		if m.Window == nil {
			g.Add(m.Target, "-", "no row: no due time", "", "")
			continue
		}
		g.Add(m.Target, m.Window.Within.String(), m.Window.Describe(), clockTime(*m.Due, loc), strings.Join(beat, "; "))
	}
	return render.Write(opts.IO.Out, opts.Format, ms, g)
}

// warnShadowed prints one warning line per window row that can never apply, naming the rows
// that win wherever it matches; it reports whether the row with key `key` was among them.
func warnShadowed(streams IOStreams, p policy.Policy, key string) (found bool) {
	for _, sh := range policy.Shadowed(p.Windows, p.KindNames()) {
		found = found || sh.Window.Key() == key
		var by []string
		for _, w := range sh.By {
			by = append(by, fmt.Sprintf("%s (%s)", w.Describe(), w.Within))
		}
		streams.Info("kefu: warning: window %s (%s) never applies: wherever it matches, %s wins", sh.Window.Describe(), sh.Window.Within, strings.Join(by, " or "))
	}
	return found
}

// PolicyKindOptions are kefu policy kind's inputs.
type PolicyKindOptions struct {
	CmdEnv

	Format string
}

// NewCmdPolicyKind builds kefu policy kind; runF replaces policyKindRun in tests.
func NewCmdPolicyKind(app *App, runF func(*PolicyKindOptions) error) *cobra.Command {
	opts := &PolicyKindOptions{}
	cmd := &cobra.Command{
		Use:   "kind",
		Short: "List, add and remove ticket kinds",
		Example: `  kefu policy kind list
  kefu policy kind add filing --resolution 24h --desc "单据交接 document hand-off"
  kefu policy kind rm filing`,
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the ticket kinds",
		Args:  args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, policyKindRun)
		},
	}
	var o core.KindAddOptions
	windows := map[string]*string{}
	add := &cobra.Command{
		Use:     "add NAME [--first-response D] [--resolution D] [--followup D] [--desc TEXT]",
		Short:   "Add a custom kind with its own windows (manager)",
		Example: `  kefu policy kind add filing --resolution 24h --desc "document hand-off within a day"`,
		Args:    args(1, "the kind's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			o.Name = a[0]
			o.Windows = map[string]duration.Duration{}
			for target, v := range windows {
				if *v == "" {
					continue
				}
				d, err := duration.Parse(*v)
				if err != nil {
					return errs.Invalidf("--%s: %v", strings.ReplaceAll(target, "_", "-"), err)
				}
				o.Windows[target] = d
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			if err := svc.PolicyKindAdd(cmd.Context(), app.As, o); err != nil {
				return err
			}
			app.info("kind %s added with %d window rows", o.Name, len(o.Windows))
			return nil
		},
	}
	for _, t := range policy.Targets {
		windows[t] = add.Flags().String(strings.ReplaceAll(t, "_", "-"), "", t+" window for this kind, e.g. 24h or 2bd")
	}
	add.Flags().StringVar(&o.Description, "desc", "", "what the kind is for")
	rm := &cobra.Command{
		Use:     "rm NAME",
		Short:   "Remove a custom kind and its window rows (manager)",
		Example: "  kefu policy kind rm filing",
		Args:    args(1, "the kind's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			if err := svc.PolicyKindRemove(cmd.Context(), app.As, a[0]); err != nil {
				return err
			}
			app.info("kind %s removed", a[0])
			return nil
		},
	}
	cmd.AddCommand(list, add, rm)
	return cmd
}

func policyKindRun(opts *PolicyKindOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	p, err := svc.Policy(opts.Ctx)
	if err != nil {
		return err
	}
	g := render.Grid{Header: []string{"kind", "built in", "description"}}
	for _, k := range p.Kinds {
		g.Add(k.Name, yesNo(k.Builtin), k.Description)
	}
	return render.Write(opts.IO.Out, opts.Format, p.Kinds, g)
}

// PolicyExportOptions are kefu policy export's inputs.
type PolicyExportOptions struct {
	CmdEnv

	Out string
}

// NewCmdPolicyExport builds kefu policy export; runF replaces policyExportRun in tests.
func NewCmdPolicyExport(app *App, runF func(*PolicyExportOptions) error) *cobra.Command {
	opts := &PolicyExportOptions{}
	cmd := &cobra.Command{
		Use:     "export [--out FILE]",
		Short:   "Write the whole policy as YAML",
		Example: "  kefu policy export > policy.yaml\n  kefu policy export --out policy.yaml",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, policyExportRun)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to FILE instead of stdout")
	return cmd
}

func policyExportRun(opts *PolicyExportOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	p, err := svc.Policy(opts.Ctx)
	if err != nil {
		return err
	}
	data, err := p.MarshalYAML()
	if err != nil {
		return errs.Wrap(err, "writing policy YAML")
	}
	if opts.Out == "" {
		_, err = opts.IO.Out.Write(data)
		return errs.Wrap(err, "writing policy")
	}
	if err := render.WriteFileAtomic(opts.Out, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return errs.Wrap(err, "writing %s", opts.Out)
	}); err != nil {
		return err
	}
	opts.IO.Info("policy written to %s", opts.Out)
	return nil
}

// PolicyImportOptions are kefu policy import's inputs.
type PolicyImportOptions struct {
	CmdEnv

	Args []string // the positional arguments
	Data []byte
}

// NewCmdPolicyImport builds kefu policy import; runF replaces policyImportRun in tests.
func NewCmdPolicyImport(app *App, runF func(*PolicyImportOptions) error) *cobra.Command {
	opts := &PolicyImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Replace the whole policy with a YAML file, atomically (manager)",
		Long: `Every field is validated before anything changes; a bad file changes nothing and the
error names the bad field and its line. Use - to read standard input.`,
		Example: "  kefu policy export > policy.yaml\n  $EDITOR policy.yaml\n  kefu policy import policy.yaml",
		Args:    args(1, "a FILE (or - for stdin)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			data, err := readInput(app, a[0], limitPolicy)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Data = data
			opts.Args = a
			return runWith(opts, runF, policyImportRun)
		},
	}
	return cmd
}

func policyImportRun(opts *PolicyImportOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	changes, err := svc.PolicyImport(opts.Ctx, opts.As, opts.Data)
	if err != nil && errs.KindOf(err) != errs.Internal {
		return errs.Invalidf("policy file %s: %v; nothing changed", opts.Args[0], err)
	}
	if err != nil {
		return err
	}
	opts.IO.Info("policy imported from %s (%d setting%s changed)", opts.Args[0], len(changes), plural(len(changes)))
	for _, c := range changes {
		opts.IO.Info("  %s", c)
	}
	return nil
}

// readInput reads a named file, or stdin for "-", refusing more than limit bytes.
func readInput(app *App, name string, limit int64) ([]byte, error) {
	return readFileLimited(app, name, limit, "file")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
