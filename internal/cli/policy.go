package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
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
	g := render.Grid{Header: []string{"key", "value", "meaning"}, Free: []string{"meaning", "value"}}
	for _, s := range policy.Settings {
		g.Add(s.Key, p.Get(s.Key), i18n.T(s.Help))
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

	Key   string
	Value string
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
			opts.Key = a[0]
			opts.Value = a[1]
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
	old, new, err := svc.PolicySet(opts.Ctx, opts.As, opts.Key, opts.Value)
	if err != nil {
		return err
	}
	opts.IO.Info("%s: %q → %q", opts.Key, old, new)
	return nil
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
	cmd.AddCommand(list, NewCmdPolicyKindAdd(app, nil), NewCmdPolicyKindRemove(app, nil))
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
	g := render.Grid{Header: []string{"kind", "built in", "description"}, Free: []string{"description"}}
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

	File string
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
			opts.File = a[0]
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
		return errs.Invalidf("policy file %s: %v; nothing changed", opts.File, err)
	}
	if err != nil {
		return err
	}
	opts.IO.Info("policy imported from %s (%d setting%s changed)", opts.File, len(changes), plural(len(changes)))
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
		return i18n.T("yes")
	}
	return i18n.T("no")
}
