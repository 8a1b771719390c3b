package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
)

// PolicyKindAddOptions are kefu policy kind add's inputs, the windows already parsed.
type PolicyKindAddOptions struct {
	CmdEnv
	core.KindAddOptions
}

// NewCmdPolicyKindAdd builds kefu policy kind add; runF replaces policyKindAddRun in tests.
func NewCmdPolicyKindAdd(app *App, runF func(*PolicyKindAddOptions) error) *cobra.Command {
	opts := &PolicyKindAddOptions{}
	windows := map[string]*string{}
	add := &cobra.Command{
		Use:     "add NAME [--first-response D] [--resolution D] [--followup D] [--desc TEXT]",
		Short:   "Add a custom kind with its own windows (manager)",
		Example: `  kefu policy kind add filing --resolution 24h --desc "document hand-off within a day"`,
		Args:    args(1, "the kind's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.Name = a[0]
			opts.Windows = map[string]duration.Duration{}
			for target, v := range windows {
				if *v == "" {
					continue
				}
				d, err := duration.Parse(*v)
				if err != nil {
					return errs.Invalidf("--%s: %v", strings.ReplaceAll(target, "_", "-"), err)
				}
				opts.Windows[target] = d
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, policyKindAddRun)
		},
	}
	for _, t := range policy.Targets {
		windows[t] = add.Flags().String(strings.ReplaceAll(t, "_", "-"), "", t+" window for this kind, e.g. 24h or 2bd")
	}
	add.Flags().StringVar(&opts.Description, "desc", "", "what the kind is for")
	return add
}

func policyKindAddRun(opts *PolicyKindAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	if err := svc.PolicyKindAdd(opts.Ctx, opts.As, opts.KindAddOptions); err != nil {
		return err
	}
	opts.IO.Info("kind %s added with %d window rows", opts.Name, len(opts.Windows))
	return nil
}

// PolicyKindRemoveOptions are kefu policy kind rm's inputs.
type PolicyKindRemoveOptions struct {
	CmdEnv
	Name string
}

// NewCmdPolicyKindRemove builds kefu policy kind rm; runF replaces policyKindRemoveRun in tests.
func NewCmdPolicyKindRemove(app *App, runF func(*PolicyKindRemoveOptions) error) *cobra.Command {
	opts := &PolicyKindRemoveOptions{}
	return &cobra.Command{
		Use:     "rm NAME",
		Short:   "Remove a custom kind and its window rows (manager)",
		Example: "  kefu policy kind rm filing",
		Args:    args(1, "the kind's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Name = a[0]
			return runWith(opts, runF, policyKindRemoveRun)
		},
	}
}

func policyKindRemoveRun(opts *PolicyKindRemoveOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	if err := svc.PolicyKindRemove(opts.Ctx, opts.As, opts.Name); err != nil {
		return err
	}
	opts.IO.Info("kind %s removed", opts.Name)
	return nil
}
