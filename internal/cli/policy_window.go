package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/render"
)

// policy window list, set, unset and match: the response-window rows.

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
	f.StringVar(&w.channel, "channel", "", "only this channel: phone, email, chat, wechat, social, app, visit (or 电话 邮件 在线 微信 社交 应用 到访)")
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
	g := render.Grid{Header: []string{"target", "within", "row", "due if opened now", "beat"}, Free: []string{"row", "beat"}}
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
