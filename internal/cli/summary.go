package cli

import (
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
)

func newSummaryCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "summary",
		Short: "Weekly work summaries (周报): write and list, and who still owes one",
		Long: `Agents write a summary of each ISO week's work, at least policy summary.min_chars characters
(not counting spaces) by policy summary.due (default Saturday 17:00). A missing or too-short
summary shows in kefu remind and may propose a pending score entry (policy remind.propose).`,
		Example: `  kefu summary add --file week10.txt --as 张伟
  kefu summary list --week 2026-W10
  kefu summary list --missing`,
	}
	cmd.AddCommand(NewCmdSummaryAdd(app, nil), NewCmdSummaryList(app, nil))
	return cmd
}

// summaryView is a summary in JSON.
type summaryView struct {
	ID        int64   `json:"id"`
	Staff     string  `json:"staff"`
	Team      string  `json:"team"`
	Week      string  `json:"week"`
	Text      string  `json:"text"`
	Chars     int     `json:"chars"`
	WrittenAt *string `json:"written_at"`
	AmendedAt *string `json:"amended_at"`
	Late      bool    `json:"late"`
	Short     bool    `json:"short"`
}

func viewSummary(m persist.Summary, due time.Time, minChars int, loc *time.Location) summaryView {
	return summaryView{ID: m.ID, Staff: m.Staff, Team: m.Team, Week: m.Week, Text: m.Text, Chars: m.Chars,
		WrittenAt: jsonTime(m.WrittenAt, loc), AmendedAt: jsonTime(m.AmendedAt, loc), Late: m.Late(due), Short: m.Chars < minChars}
}

// SummaryAddOptions are kefu summary add's inputs.
type SummaryAddOptions struct {
	CmdEnv
	core.SummaryAddOptions

	Format string
	File   string
}

// NewCmdSummaryAdd builds kefu summary add; runF replaces summaryAddRun in tests.
func NewCmdSummaryAdd(app *App, runF func(*SummaryAddOptions) error) *cobra.Command {
	opts := &SummaryAddOptions{}
	cmd := &cobra.Command{
		Use:   "add [TEXT] [--week YYYY-Www] [--file F]",
		Short: "Write (or rewrite) your weekly summary",
		Long: `Write your summary of a week's work (default: this week). The text is TEXT, --file FILE
(- for stdin), piped stdin, or, on a terminal, your editor. Writing again for the same week
replaces the text; the history keeps the old one. A summary shorter than policy
summary.min_chars is saved but still counts as missing. Prints the summary's id.`,
		Example: `  kefu summary add --file week10.txt --as 张伟
  kefu summary add --week 2026-W09 "补交：上周处理退款工单……" --as 李娜`,
		Args: optionalArg("the summary as one TEXT argument (quote it)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if opts.SummaryAddOptions.Text, err = app.readText(cmd, a, opts.File, i18n.Key("weekly summary")); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, summaryAddRun)
		},
	}
	cmd.Flags().StringVar(&opts.SummaryAddOptions.Week, "week", "", "the ISO week, YYYY-Www (default: this week)")
	cmd.Flags().StringVar(&opts.File, "file", "", "read the summary from FILE (- for stdin)")
	return cmd
}

func summaryAddRun(opts *SummaryAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	saved, err := svc.SummaryAdd(opts.Ctx, opts.As, opts.SummaryAddOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	m := saved.Summary
	verb := i18n.T("saved")
	if saved.Amended {
		verb = i18n.T("rewritten")
	}
	opts.IO.Info("summary %d for %s %s (%d character%s)", m.ID, m.Week, verb, m.Chars, plural(m.Chars))
	if saved.Short() {
		opts.IO.Info("warning: %d character%s is under policy summary.min_chars (%d): the summary still counts as missing", m.Chars, plural(m.Chars), saved.MinChars)
	}
	if saved.Late() {
		opts.IO.Info("note: the summary of %s was due %s", m.Week, clockTime(saved.Due, loc))
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, viewSummary(m, saved.Due, saved.MinChars, loc))
	}
	opts.IO.Line("%d", m.ID)
	return nil
}

// summaryMissingView is an agent owing a summary, in JSON.
type summaryMissingView struct {
	Staff   string `json:"staff"`
	Team    string `json:"team"`
	Week    string `json:"week"`
	Due     string `json:"due"`
	Problem string `json:"problem"`
	Chars   int    `json:"chars"`
}

// SummaryListOptions are kefu summary list's inputs.
type SummaryListOptions struct {
	CmdEnv
	core.SummaryListOptions

	Format string
}

// NewCmdSummaryList builds kefu summary list; runF replaces summaryListRun in tests.
func NewCmdSummaryList(app *App, runF func(*SummaryListOptions) error) *cobra.Command {
	opts := &SummaryListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--week YYYY-Www] [--missing] [--team T]",
		Short: "List a week's summaries, or with --missing the agents who still owe one",
		Example: `  kefu summary list
  kefu summary list --week 2026-W09 --missing --format json`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, summaryListRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.SummaryListOptions.Week, "week", "", "the ISO week, YYYY-Www (default: this week)")
	f.BoolVar(&opts.SummaryListOptions.Missing, "missing", false, "list the agents with no summary, or one too short")
	f.StringVar(&opts.SummaryListOptions.Team, "team", "", "only this team")
	return cmd
}

func summaryListRun(opts *SummaryListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	l, err := svc.SummaryListWeek(opts.Ctx, opts.SummaryListOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.SummaryListOptions.Missing {
		views := []summaryMissingView{}
		g := render.Grid{Header: []string{"staff", "team", "week", "due", "problem"}, Free: []string{"problem"}}
		for _, m := range l.Missing {
			problem := "no summary"
			if m.Written {
				problem = i18n.Sprintf("too short: %d of %d characters", m.Chars, l.MinChars)
			}
			views = append(views, summaryMissingView{Staff: m.Staff, Team: m.Team, Week: m.Week, Due: *jsonTime(m.Due, loc), Problem: problem, Chars: m.Chars})
			g.Add(m.Staff, m.Team, m.Week, clockTime(m.Due, loc), problem)
		}
		if opts.Format == render.Table && len(views) == 0 {
			opts.IO.Info("every agent has a summary for %s (due %s)", l.Week, clockTime(l.Due, loc))
			return nil
		}
		return render.Write(opts.IO.Out, opts.Format, views, g)
	}
	views := []summaryView{}
	g := render.Grid{Header: []string{"id", "staff", "team", "chars", "written", "late", "short"}}
	for _, m := range l.Summaries {
		v := viewSummary(m, l.Due, l.MinChars, loc)
		views = append(views, v)
		g.Add(itoa(m.ID), m.Staff, m.Team, strconv.Itoa(m.Chars), clockTime(m.WrittenAt, loc), yesNo(v.Late), yesNo(v.Short))
	}
	if opts.Format == render.CSV {
		g = render.Grid{Header: []string{"id", "staff", "team", "week", "chars", "written_at", "late", "short", "text"}}
		for _, v := range views {
			g.Add(itoa(v.ID), v.Staff, v.Team, v.Week, strconv.Itoa(v.Chars), deref(v.WrittenAt), yesNo(v.Late), yesNo(v.Short), v.Text)
		}
	}
	if opts.Format == render.Table {
		opts.IO.Info("week %s: due %s, at least %d characters", l.Week, clockTime(l.Due, loc), l.MinChars)
		if len(views) == 0 {
			opts.IO.Info("no summaries yet")
			return nil
		}
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}
