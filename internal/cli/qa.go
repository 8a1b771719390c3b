package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

func newQACmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qa",
		Short: "Quality checks (抽查): sample resolved tickets, mark answers, answer accuracy",
		Long: `A supervisor spot-checks resolved tickets: qa sample picks unchecked ones at random
(reproducible with --seed), qa mark records whether the answer was correct, and qa list shows the
month's checks with answer accuracy = correct ÷ checked, per agent and for the team.`,
		Example: `  kefu qa sample --n 5 --month 2026-03 --seed 42
  kefu qa mark 17 --correct --as 欧阳娜娜
  kefu qa mark 18 --incorrect --note "退款时效答错" --as 欧阳娜娜
  kefu qa list --month 2026-03`,
	}
	cmd.AddCommand(NewCmdQASample(app, nil), NewCmdQAMark(app, nil), NewCmdQAList(app, nil))
	return cmd
}

// QASampleOptions are kefu qa sample's inputs.
type QASampleOptions struct {
	CmdEnv
	core.QASampleOptions

	Format   string
	SeedFlag uint64 // --seed; QASampleOptions.Seed points at it when given
}

// NewCmdQASample builds kefu qa sample; runF replaces qaSampleRun in tests.
func NewCmdQASample(app *App, runF func(*QASampleOptions) error) *cobra.Command {
	opts := &QASampleOptions{}
	cmd := &cobra.Command{
		Use:     "sample [--n 10] [--month YYYY-MM] [--agent NAME] [--seed N]",
		Short:   "Pick resolved, unchecked tickets at random",
		Example: "  kefu qa sample --n 5 --month 2026-03 --seed 42",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if changed(cmd.Flags(), "seed") {
				opts.QASampleOptions.Seed = &opts.SeedFlag
			}
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, qaSampleRun)
		},
	}
	cmd.Flags().IntVar(&opts.QASampleOptions.N, "n", 10, "how many tickets")
	cmd.Flags().StringVar(&opts.QASampleOptions.Month, "month", "", "tickets resolved in this month (default: this month)")
	cmd.Flags().StringVar(&opts.QASampleOptions.Agent, "agent", "", "only this agent's tickets")
	cmd.Flags().Uint64Var(&opts.SeedFlag, "seed", 0, "random seed, to repeat a sample")
	return cmd
}

func qaSampleRun(opts *QASampleOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	smp, err := svc.QASampleTickets(opts.Ctx, opts.QASampleOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	views := make([]ticketView, len(smp.Tickets))
	g := render.Grid{Header: []string{"id", "kind", "channel", "subject", "assignee", "resolved"},
		Free: []string{"subject"}, Optional: []string{"channel", "kind"}}
	for i, t := range smp.Tickets {
		views[i] = viewTicket(t, loc, svc.Now())
		g.Add(itoa(t.ID), t.Kind, t.Channel, t.Subject, t.Assignee, clockTime(t.ResolvedAt, loc))
	}
	opts.IO.Info("%d of %d unchecked tickets resolved in %s (seed %d; repeat with --seed %d)", len(smp.Tickets), smp.Candidates, smp.Month, smp.Seed, smp.Seed)
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, map[string]any{"month": smp.Month.String(), "seed": strconv.FormatUint(smp.Seed, 10), "candidates": smp.Candidates, "tickets": views})
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// QAMarkOptions are kefu qa mark's inputs.
type QAMarkOptions struct {
	CmdEnv

	ID        int64
	Correct   bool
	Incorrect bool
	Amend     bool
	Note      string
}

// NewCmdQAMark builds kefu qa mark; runF replaces qaMarkRun in tests.
func NewCmdQAMark(app *App, runF func(*QAMarkOptions) error) *cobra.Command {
	opts := &QAMarkOptions{}
	cmd := &cobra.Command{
		Use:     "mark ID --correct|--incorrect [--note TEXT] [--amend]",
		Short:   "Record whether a resolved ticket's answer was correct (supervisor; one check per ticket)",
		Example: "  kefu qa mark 17 --correct\n  kefu qa mark 18 --incorrect --note \"退款时效答错\"\n  kefu qa mark 18 --correct --amend --note \"复核后正确\"",
		Args:    args(1, "a ticket ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			if opts.Correct == opts.Incorrect {
				return usageErr(cmd, "qa mark needs exactly one of --correct or --incorrect")
			}
			id, err := ticketID(a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.ID = id
			return runWith(opts, runF, qaMarkRun)
		},
	}
	cmd.Flags().BoolVar(&opts.Correct, "correct", false, "the answer was correct")
	cmd.Flags().BoolVar(&opts.Incorrect, "incorrect", false, "the answer was wrong")
	cmd.Flags().StringVar(&opts.Note, "note", "", "what was right or wrong")
	cmd.Flags().BoolVar(&opts.Amend, "amend", false, "change an existing check")
	return cmd
}

func qaMarkRun(opts *QAMarkOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	q, err := svc.QAMark(opts.Ctx, opts.As, opts.ID, opts.Correct, opts.Note, opts.Amend)
	if err != nil {
		return err
	}
	answer := map[bool]string{true: "correct", false: "incorrect"}[q.Correct]
	if l, ok := i18n.Current().Lookup("answer " + answer); ok {
		answer = l
	}
	if opts.Amend {
		opts.IO.Info("ticket %d check amended: %s", q.TicketID, answer)
	} else {
		opts.IO.Info("ticket %d checked: %s", q.TicketID, answer)
	}
	return nil
}

func pct(r *float64) string {
	if r == nil {
		return i18n.T("no data")
	}
	return fmt.Sprintf("%.1f%%", *r*100)
}

// QAListOptions are kefu qa list's inputs.
type QAListOptions struct {
	CmdEnv

	Format string
	Month  string
	Agent  string
}

// NewCmdQAList builds kefu qa list; runF replaces qaListRun in tests.
func NewCmdQAList(app *App, runF func(*QAListOptions) error) *cobra.Command {
	opts := &QAListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--month YYYY-MM] [--agent NAME]",
		Short:   "The month's checks with answer accuracy per agent and for the team",
		Example: "  kefu qa list --month 2026-03\n  kefu qa list --agent 张伟 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, qaListRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month (default: this month)")
	cmd.Flags().StringVar(&opts.Agent, "agent", "", "only this agent's tickets")
	return cmd
}

func qaListRun(opts *QAListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.QAList(opts.Ctx, opts.Month, opts.Agent)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	type checkView struct {
		Ticket  int64   `json:"ticket"`
		Subject string  `json:"subject"`
		Agent   string  `json:"agent"`
		Checker string  `json:"checker"`
		Correct bool    `json:"correct"`
		Note    string  `json:"note"`
		At      *string `json:"at"`
		Amended *string `json:"amended_at"`
	}
	checks := []checkView{}
	g := render.Grid{Header: []string{"ticket", "subject", "agent", "checker", "verdict", "note", "at"},
		Free: []string{"subject", "note"}, Optional: []string{"checker", "at"}}
	for _, c := range r.Checks {
		checks = append(checks, checkView{c.TicketID, c.Subject, c.Agent, c.Checker, c.Correct, c.Note, jsonTime(c.At, loc), jsonTime(c.AmendedAt, loc)})
		g.Add(itoa(c.TicketID), c.Subject, c.Agent, c.Checker, map[bool]string{true: "correct", false: "incorrect"}[c.Correct], c.Note, clockTime(c.At, loc))
	}
	if opts.Format == render.JSON {
		per := r.PerAgent
		if per == nil {
			per = []core.Accuracy{}
		}
		return render.WriteJSON(opts.IO.Out, map[string]any{"month": r.Month.String(), "checks": checks, "accuracy": per, "team": r.Team,
			"definition": "accuracy = checks marked correct ÷ checks made in the month; rate is null when nothing was checked"})
	}
	if err := render.Write(opts.IO.Out, opts.Format, checks, g); err != nil {
		return err
	}
	if opts.Format == render.Table {
		ag := render.Grid{Header: []string{"agent", "checked", "correct", "accuracy"}}
		for _, a := range append(r.PerAgent, r.Team) {
			ag.Add(a.Agent, strconv.Itoa(a.Checked), strconv.Itoa(a.Correct), pct(a.Rate))
		}
		return render.WriteTable(opts.IO.Out, ag)
	}
	return nil
}
