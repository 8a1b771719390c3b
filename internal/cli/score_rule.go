package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// score rules and score rule add, set and retire: the rule catalog.

// ruleView is a catalog rule in JSON.
type ruleView struct {
	Code          string       `json:"code"`
	Class         string       `json:"class"`
	Points        string       `json:"points"`
	MinPoints     score.Points `json:"min_points"`
	MaxPoints     score.Points `json:"max_points"`
	Fine          score.Fen    `json:"fine"`
	Ladder        string       `json:"ladder"`
	Description   string       `json:"description"`
	DescriptionZH string       `json:"description_zh"`
	Builtin       bool         `json:"builtin"`
	Retired       bool         `json:"retired"`
	OncePerMonth  bool         `json:"once_per_month"`
	Eligibility   string       `json:"eligibility"`
}

func viewRule(r score.Rule) ruleView {
	return ruleView{Code: r.Code, Class: string(r.Class), Points: r.PointsSpec(), MinPoints: r.Min, MaxPoints: r.Max, Fine: r.Fine,
		Ladder: r.Ladder.String(), Description: r.Desc, DescriptionZH: r.DescZH, Builtin: r.Builtin, Retired: r.Retired,
		OncePerMonth: r.OncePerMonth, Eligibility: string(r.Eligibility)}
}

func fineCell(f score.Fen) string {
	if f == 0 {
		return ""
	}
	return f.String()
}

// ScoreRulesOptions are kefu score rules's inputs.
type ScoreRulesOptions struct {
	CmdEnv

	Format string // table, json or csv
	Class  string
	All    bool // retired rules too
}

// NewCmdScoreRules builds kefu score rules; runF replaces scoreRulesRun in tests.
func NewCmdScoreRules(app *App, runF func(*ScoreRulesOptions) error) *cobra.Command {
	opts := &ScoreRulesOptions{}
	cmd := &cobra.Command{
		Use:     "rules [--class CLASS] [--all]",
		Short:   "The rule catalog: codes, classes, points, fines and repeat ladders",
		Example: "  kefu score rules\n  kefu score rules --class light\n  kefu score rules --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, scoreRulesRun)
		},
	}
	cmd.Flags().StringVar(&opts.Class, "class", "", "only this class: bonus, light, medium, severe, dismissal, fine (or discretion)")
	cmd.Flags().BoolVar(&opts.All, "all", false, "include retired rules")
	return cmd
}

func scoreRulesRun(opts *ScoreRulesOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	rs, err := svc.ScoreRules(opts.Ctx, opts.Class, opts.All)
	if err != nil {
		return err
	}
	views := []ruleView{}
	g := render.Grid{Header: []string{"code", "class", "points", "fine", "ladder", "description", "说明", "limits"},
		Free: []string{"description", "说明", "ladder", "limits"}, Optional: []string{"说明", "limits", "ladder", "fine"}}
	if i18n.Current().Chinese() {
		// Two columns would both read 说明: the first is the English one.
		g.Header[5], g.Free[0] = "description (English)", "description (English)"
	}
	if opts.All {
		g.Header = append(g.Header, "status")
	}
	for _, r := range rs {
		views = append(views, viewRule(r))
		var limits []string
		if r.OncePerMonth {
			limits = append(limits, "once a month")
		}
		if r.Eligibility != "" {
			limits = append(limits, string(r.Eligibility))
		}
		row := []string{r.Code, string(r.Class), r.PointsSpec(), fineCell(r.Fine), r.Ladder.String(), r.Desc, r.DescZH, strings.Join(limits, ", ")}
		if opts.All {
			row = append(row, map[bool]string{true: "retired", false: "in use"}[r.Retired])
		}
		g.Add(row...)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

func newScoreRuleCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rule",
		Short: "Add, change and retire catalog rules (manager)",
		Long: `Rules have a code, a class (bonus, light, medium, severe, dismissal, or fine: money without
points), points or a range (-2..-5), an optional fine in yuan per occurrence (exact to the fen),
a bonus's limits (--once-per-month, --eligibility no-violation|no-valid-complaint|top-of-month|
exam-100), and an optional repeat ladder: the nth
occurrence in a month carries its own fine, points or sanction; beyond the last step the last
step repeats. A ladder is written as steps separated by commas, each step's parts joined by +:
fine=YUAN, points=N, warning, demerit, withhold-pay, dismissal-review, or none.
Entries keep the points they were given; a changed ladder or class applies to every open month.`,
		Example: `  kefu score rule add late-return --class light --points -2..-5 --desc "late back from break" --as 王芳
  kefu score rule add phone-misuse --class fine --fine 20 --desc "personal phone at the desk" --as 王芳
  kefu score rule set cover-shift --once-per-month --eligibility no-violation --as 王芳
  kefu score rule set handover-missing --ladder "fine=30,fine=50,fine=80,withhold-pay,dismissal-review" --as 王芳
  kefu score rule retire noise --as 王芳`,
	}
	cmd.AddCommand(NewCmdScoreRuleAdd(app, nil), NewCmdScoreRuleSet(app, nil), NewCmdScoreRuleRetire(app, nil))
	return cmd
}

// ruleFlags binds the fields of a rule; only the flags given are set.
func ruleFlags(cmd *cobra.Command) func() core.ScoreRuleOptions {
	f := cmd.Flags()
	f.String("class", "", "bonus, light, medium, severe, dismissal or fine (money without points)")
	f.String("points", "", "points per occurrence, N or a range A..B (at most one decimal)")
	f.String("fine", "", "fine in yuan per occurrence (0: none)")
	f.String("ladder", "", `repeat ladder, e.g. "fine=30,fine=50,fine=80,withhold-pay,dismissal-review" (none: no ladder)`)
	f.String("desc", "", "description")
	f.String("desc-zh", "", "Chinese description")
	f.Bool("once-per-month", false, "at most one entry per staff member and month (--once-per-month=false lifts it)")
	f.String("eligibility", "", "a bonus's condition: no-violation, no-valid-complaint, top-of-month, exam-100 or none")
	return func() core.ScoreRuleOptions {
		var o core.ScoreRuleOptions
		if changed(f, "once-per-month") {
			v, _ := f.GetBool("once-per-month")
			o.OncePerMonth = &v
		}
		for name, dst := range map[string]**string{"class": &o.Class, "points": &o.Points, "fine": &o.Fine, "ladder": &o.Ladder, "desc": &o.Desc, "desc-zh": &o.DescZH, "eligibility": &o.Eligibility} {
			if changed(f, name) {
				v, _ := f.GetString(name)
				*dst = &v
			}
		}
		return o
	}
}

func ruleSummary(r score.Rule) string {
	s := i18n.Sprintf("%s (%s, %s points", r.Code, r.Class, r.PointsSpec())
	if r.Fine != 0 {
		s += i18n.Sprintf(", fine %s", r.Fine.String())
	}
	if len(r.Ladder) > 0 {
		s += i18n.Sprintf(", ladder %s", r.Ladder.String())
	}
	if r.OncePerMonth {
		s += i18n.T(", once per month")
	}
	if r.Eligibility != "" {
		s += i18n.Sprintf(", only if %s", string(r.Eligibility))
	}
	return s + i18n.T(")")
}

// ScoreRuleOptions are the inputs of kefu score rule add and set.
type ScoreRuleOptions struct {
	CmdEnv

	Code string
	Rule core.ScoreRuleOptions // only the flags given
}

// NewCmdScoreRuleAdd builds kefu score rule add; runF replaces scoreRuleAddRun in tests.
func NewCmdScoreRuleAdd(app *App, runF func(*ScoreRuleOptions) error) *cobra.Command {
	opts := &ScoreRuleOptions{}
	cmd := &cobra.Command{
		Use:     "add CODE --class CLASS --points N|A..B [--fine YUAN] [--ladder SPEC] [--desc TEXT] [--desc-zh TEXT]",
		Short:   "Add a rule to the catalog (manager)",
		Example: "  kefu score rule add late-return --class light --points -2..-5 --desc \"late back from break\" --desc-zh 休息后迟归 --as 王芳",
		Args:    args(1, "a rule CODE"),
	}
	given := ruleFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, a []string) error {
		opts.CmdEnv, opts.Code, opts.Rule = app.cmdEnv(cmd.Context()), a[0], given()
		return runWith(opts, runF, scoreRuleAddRun)
	}
	return cmd
}

func scoreRuleAddRun(opts *ScoreRuleOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ScoreRuleAdd(opts.Ctx, opts.As, opts.Code, opts.Rule)
	if err != nil {
		return err
	}
	opts.IO.Info("added rule %s", ruleSummary(r))
	return nil
}

// NewCmdScoreRuleSet builds kefu score rule set; runF replaces scoreRuleSetRun in tests.
func NewCmdScoreRuleSet(app *App, runF func(*ScoreRuleOptions) error) *cobra.Command {
	opts := &ScoreRuleOptions{}
	cmd := &cobra.Command{
		Use:     "set CODE [--class] [--points] [--fine] [--ladder] [--desc] [--desc-zh]",
		Short:   "Change a rule (manager); entries keep their points",
		Example: "  kefu score rule set slow-reply --points -3 --as 王芳\n  kefu score rule set summary-missing --ladder none --as 王芳",
		Args:    args(1, "a rule CODE"),
	}
	given := ruleFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, a []string) error {
		opts.CmdEnv, opts.Code, opts.Rule = app.cmdEnv(cmd.Context()), a[0], given()
		return runWith(opts, runF, scoreRuleSetRun)
	}
	return cmd
}

func scoreRuleSetRun(opts *ScoreRuleOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	old, new, err := svc.ScoreRuleSet(opts.Ctx, opts.As, opts.Code, opts.Rule)
	if err != nil {
		return err
	}
	opts.IO.Info("rule %s → %s", ruleSummary(old), ruleSummary(new))
	return nil
}

// ScoreRuleRetireOptions are kefu score rule retire's inputs.
type ScoreRuleRetireOptions struct {
	CmdEnv

	Code string
}

// NewCmdScoreRuleRetire builds kefu score rule retire; runF replaces scoreRuleRetireRun in tests.
func NewCmdScoreRuleRetire(app *App, runF func(*ScoreRuleRetireOptions) error) *cobra.Command {
	opts := &ScoreRuleRetireOptions{}
	cmd := &cobra.Command{
		Use:     "retire CODE",
		Short:   "Retire a rule (manager): it stays for history and takes no new entries",
		Example: "  kefu score rule retire noise --as 王芳",
		Args:    args(1, "a rule CODE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Code = a[0]
			return runWith(opts, runF, scoreRuleRetireRun)
		},
	}
	return cmd
}

func scoreRuleRetireRun(opts *ScoreRuleRetireOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ScoreRuleRetire(opts.Ctx, opts.As, opts.Code)
	if err != nil {
		return err
	}
	opts.IO.Info("retired rule %s; its entries stay", r.Code)
	return nil
}
