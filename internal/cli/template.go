package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/reply"
)

// Reply templates (话术模板): kefu template add|list|show|edit|retire; ticket reply
// --template fills them.

func newTemplateCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "template",
		Short: "Reply templates (话术): openings, closings, FAQ and objection scripts with variables",
		Long: `Reply templates hold the team's standard wording. Variables are filled by
ticket reply --template: {客户} or {customer}, {工单} or {ticket}, {坐席} or {agent} (who
replies), {到期} or {due} (the ticket's resolution due time), {团队} or {team}. An unknown
variable is refused when the template is saved. A default set in Chinese comes with init.`,
		Example: `  kefu template list
  kefu template add 物流查询 --kind faq --text "{客户}您好，您的订单正在配送中。"
  kefu ticket reply 12 "已为您查询物流" --template opening --template closing`,
	}
	cmd.AddCommand(NewCmdTemplateAdd(app, nil), NewCmdTemplateList(app, nil), NewCmdTemplateShow(app, nil),
		NewCmdTemplateEdit(app, nil), NewCmdTemplateRetire(app, nil))
	return cmd
}

// TemplateWriteOptions are the inputs of template add and edit.
type TemplateWriteOptions struct {
	CmdEnv

	Name string
	Kind string
	Text string
}

// templateText reads a template's text from --text, --file (- for stdin) or piped stdin.
func templateText(app *App, cmd *cobra.Command, text, file string, required bool) (string, error) {
	var a []string
	if cmd.Flags().Changed("text") {
		a = []string{text}
	}
	if len(a) == 0 && file == "" && !app.StdinPiped && !required {
		return "", nil
	}
	return app.readText(cmd, a, file, "template text")
}

// NewCmdTemplateAdd builds kefu template add; runF replaces templateAddRun in tests.
func NewCmdTemplateAdd(app *App, runF func(*TemplateWriteOptions) error) *cobra.Command {
	opts := &TemplateWriteOptions{}
	var text, file string
	cmd := &cobra.Command{
		Use:   "add NAME --kind opening|closing|faq|objection|other --text TEXT|--file F",
		Short: "Add a reply template (supervisor)",
		Example: `  kefu template add 物流查询 --kind faq --text "{客户}您好，您的订单正在配送中，预计{到期}前送达。"
  kefu template add 延迟致歉 --kind objection --file apology.txt`,
		Args: args(1, "a template NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			if opts.Kind == "" {
				return usageErr(cmd, "template add needs --kind opening, closing, faq, objection or other")
			}
			t, err := templateText(app, cmd, text, file, true)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Name, opts.Text = app.cmdEnv(cmd.Context()), a[0], t
			return runWith(opts, runF, templateAddRun)
		},
	}
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "opening, closing, faq, objection or other")
	cmd.Flags().StringVar(&text, "text", "", "the template's text")
	cmd.Flags().StringVar(&file, "file", "", "read the text from FILE (- for stdin)")
	return cmd
}

func templateAddRun(opts *TemplateWriteOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	t, err := svc.TemplateAdd(opts.Ctx, opts.As, opts.Name, opts.Kind, opts.Text)
	if err != nil {
		return err
	}
	opts.IO.Info("template %s added (%s)", t.Name, t.Kind)
	return nil
}

// NewCmdTemplateEdit builds kefu template edit; runF replaces templateEditRun in tests.
func NewCmdTemplateEdit(app *App, runF func(*TemplateWriteOptions) error) *cobra.Command {
	opts := &TemplateWriteOptions{}
	var text, file string
	cmd := &cobra.Command{
		Use:     "edit NAME [--text TEXT|--file F] [--kind K]",
		Short:   "Change a template's text or kind (supervisor); a retired template comes back",
		Example: `  kefu template edit closing --text "还有其他问题吗？感谢您的反馈，工单号{工单}。"`,
		Args:    args(1, "a template NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			t, err := templateText(app, cmd, text, file, false)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Name, opts.Text = app.cmdEnv(cmd.Context()), a[0], t
			return runWith(opts, runF, templateEditRun)
		},
	}
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "opening, closing, faq, objection or other")
	cmd.Flags().StringVar(&text, "text", "", "the template's new text")
	cmd.Flags().StringVar(&file, "file", "", "read the new text from FILE (- for stdin)")
	return cmd
}

func templateEditRun(opts *TemplateWriteOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	t, err := svc.TemplateEdit(opts.Ctx, opts.As, opts.Name, opts.Kind, opts.Text)
	if err != nil {
		return err
	}
	opts.IO.Info("template %s edited", t.Name)
	return nil
}

// TemplateNameOptions are the inputs of template show and retire.
type TemplateNameOptions struct {
	CmdEnv

	Name   string
	Format string
}

// NewCmdTemplateRetire builds kefu template retire; runF replaces templateRetireRun in tests.
func NewCmdTemplateRetire(app *App, runF func(*TemplateNameOptions) error) *cobra.Command {
	opts := &TemplateNameOptions{}
	return &cobra.Command{
		Use:     "retire NAME",
		Short:   "Take a template out of use (supervisor); its past uses still count",
		Example: "  kefu template retire please-wait",
		Args:    args(1, "a template NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv, opts.Name = app.cmdEnv(cmd.Context()), a[0]
			return runWith(opts, runF, templateRetireRun)
		},
	}
}

func templateRetireRun(opts *TemplateNameOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	t, err := svc.TemplateRetire(opts.Ctx, opts.As, opts.Name)
	if err != nil {
		return err
	}
	opts.IO.Info("template %s retired", t.Name)
	return nil
}

type templateView struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Retired bool   `json:"retired"`
	Uses    int    `json:"uses"`
}

func viewTemplate(t reply.Template) templateView {
	return templateView{Name: t.Name, Kind: t.Kind, Text: t.Body, Retired: t.Retired, Uses: t.Uses}
}

// NewCmdTemplateShow builds kefu template show; runF replaces templateShowRun in tests.
func NewCmdTemplateShow(app *App, runF func(*TemplateNameOptions) error) *cobra.Command {
	opts := &TemplateNameOptions{}
	return &cobra.Command{
		Use:     "show NAME [--format table|json]",
		Short:   "Show a template's text",
		Example: "  kefu template show opening",
		Args:    args(1, "a template NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Name, opts.Format = app.cmdEnv(cmd.Context()), a[0], format
			return runWith(opts, runF, templateShowRun)
		},
	}
}

func templateShowRun(opts *TemplateNameOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	t, err := svc.Template(opts.Ctx, opts.Name)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, viewTemplate(t))
	}
	state := "in use"
	if t.Retired {
		state = "retired"
	}
	_, err = fmt.Fprintf(opts.IO.Out, "%s (%s, %s, used %d times)\n\n%s\n", t.Name, t.Kind, state, t.Uses, t.Body)
	return err
}

// TemplateListOptions are kefu template list's inputs.
type TemplateListOptions struct {
	CmdEnv

	All    bool
	Format string
}

// NewCmdTemplateList builds kefu template list; runF replaces templateListRun in tests.
func NewCmdTemplateList(app *App, runF func(*TemplateListOptions) error) *cobra.Command {
	opts := &TemplateListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--all] [--format table|json|csv]",
		Short:   "List the reply templates with how often replies used them",
		Example: "  kefu template list\n  kefu template list --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, templateListRun)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "include retired templates")
	return cmd
}

func templateListRun(opts *TemplateListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ts, err := svc.Templates(opts.Ctx, opts.All)
	if err != nil {
		return err
	}
	v := []templateView{}
	g := render.Grid{Header: []string{"template", "kind", "uses", "text"}, Free: []string{"text"}, Optional: []string{"uses"}}
	if opts.All {
		g.Header = []string{"name", "kind", "uses", "retired", "text"}
	}
	for _, t := range ts {
		v = append(v, viewTemplate(t))
		row := []string{t.Name, t.Kind, fmt.Sprint(t.Uses)}
		if opts.All {
			row = append(row, yesNo(t.Retired))
		}
		g.Add(append(row, t.Body)...)
	}
	if opts.Format == render.Table && len(ts) == 0 {
		opts.IO.Info("no templates")
		return nil
	}
	return render.Write(opts.IO.Out, opts.Format, v, g)
}
