package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// verdictView is a complaint verdict in JSON.
type verdictView struct {
	ID         int64   `json:"id"`
	Ticket     int64   `json:"ticket"`
	Staff      string  `json:"staff"`
	Valid      bool    `json:"valid"`
	Argument   bool    `json:"argument"`
	Reason     string  `json:"reason"`
	At         *string `json:"at"`
	RecordedBy string  `json:"recorded_by"`
}

func viewVerdict(v persist.Verdict, loc *time.Location) verdictView {
	return verdictView{ID: v.ID, Ticket: v.TicketID, Staff: v.Staff, Valid: v.Valid, Argument: v.Argument, Reason: v.Reason,
		At: jsonTime(v.At, loc), RecordedBy: v.RecordedBy}
}

func validWord(valid bool) string { return map[bool]string{true: "valid", false: "invalid"}[valid] }

// ComplaintVerdictOptions are kefu complaint verdict's inputs.
type ComplaintVerdictOptions struct {
	CmdEnv
	core.VerdictOptions
}

// NewCmdComplaintVerdict builds kefu complaint verdict; runF replaces complaintVerdictRun in tests.
func NewCmdComplaintVerdict(app *App, runF func(*ComplaintVerdictOptions) error) *cobra.Command {
	opts := &ComplaintVerdictOptions{}
	cmd := &cobra.Command{
		Use:   "verdict ID valid|invalid --against STAFF --reason TEXT [--argument] [--at TIME]",
		Short: "Record whether a complaint against an agent was valid (supervisor)",
		Long: `A valid verdict (有效投诉) proposes the rule of policy complaint.verdict_rule, by default
complaint-valid, whose ladder fines 100 yuan for the first valid complaint in a natural month,
200 for the second and flags a dismissal review from the third; with --argument (an argument
with the customer) it also proposes customer-argument (-20). Proposals wait for a supervisor's
confirmation like every proposal. A valid verdict bars zero-complaints that month and shows on
the sheet and in score explain. One verdict per complaint and staff member.`,
		Example: `  kefu complaint verdict 7 valid --against 张伟 --reason "回复敷衍，投诉属实" --as 陈静
  kefu complaint verdict 9 valid --against 张伟 --argument --reason "与客户争吵" --as 陈静
  kefu complaint verdict 8 invalid --against 李娜 --reason "客户误解退货政策" --as 陈静`,
		Args: args(2, "a complaint ID and valid or invalid"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := ticketID(a[0])
			if err != nil {
				return err
			}
			switch a[1] {
			case "valid", "有效":
				opts.VerdictOptions.Valid = true
			case "invalid", "无效":
				opts.VerdictOptions.Valid = false
			default:
				return usageErr(cmd, "complaint verdict takes valid or invalid, not %q", a[1])
			}
			opts.VerdictOptions.Ticket = id
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, complaintVerdictRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.VerdictOptions.Against, "against", "", "the staff member the complaint was about (required)")
	f.StringVar(&opts.VerdictOptions.Reason, "reason", "", "the finding (required)")
	f.BoolVar(&opts.VerdictOptions.Argument, "argument", false, "the agent argued with the customer: also propose customer-argument")
	f.StringVar(&opts.VerdictOptions.At, "at", "", "when the verdict was reached (default: now); it counts in that month")
	return cmd
}

func complaintVerdictRun(opts *ComplaintVerdictOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ComplaintVerdict(opts.Ctx, opts.As, opts.VerdictOptions)
	if err != nil {
		return err
	}
	opts.IO.Line("%d", r.Verdict.ID)
	opts.IO.Info("verdict %d: complaint %d against %s is %s", r.Verdict.ID, r.Verdict.TicketID, r.Verdict.Staff, validWord(r.Verdict.Valid))
	for _, p := range r.Proposed {
		opts.IO.Info("proposed %s %s for %s (pending %d): kefu score confirm %d", p.Rule, p.Points.Signed(), p.Staff, p.ID, p.ID)
	}
	return nil
}

// ComplaintVerdictsOptions are kefu complaint verdicts's inputs.
type ComplaintVerdictsOptions struct {
	CmdEnv

	Format    string
	Month     string
	StaffRef  string
	TicketRef string
}

// NewCmdComplaintVerdicts builds kefu complaint verdicts; runF replaces complaintVerdictsRun in tests.
func NewCmdComplaintVerdicts(app *App, runF func(*ComplaintVerdictsOptions) error) *cobra.Command {
	opts := &ComplaintVerdictsOptions{}
	cmd := &cobra.Command{
		Use:     "verdicts [--month YYYY-MM] [--staff NAME] [--ticket ID]",
		Short:   "List complaint verdicts",
		Example: "  kefu complaint verdicts --month 2026-03\n  kefu complaint verdicts --staff 张伟 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, complaintVerdictsRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "only verdicts dated in this month")
	cmd.Flags().StringVar(&opts.StaffRef, "staff", "", "only verdicts on this staff member")
	cmd.Flags().StringVar(&opts.TicketRef, "ticket", "", "only verdicts on this complaint")
	return cmd
}

func complaintVerdictsRun(opts *ComplaintVerdictsOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	var id int64
	if opts.TicketRef != "" {
		if id, err = ticketID(opts.TicketRef); err != nil {
			return err
		}
	}
	vs, err := svc.ComplaintVerdicts(opts.Ctx, opts.Month, opts.StaffRef, id)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	views := []verdictView{}
	g := render.Grid{Header: []string{"id", "complaint", "staff", "verdict", "date", "by", "reason"}, Free: []string{"reason"}, Optional: []string{"by"}}
	for _, v := range vs {
		views = append(views, viewVerdict(v, loc))
		verdict := validWord(v.Valid)
		if v.Argument {
			verdict += ", argument"
		}
		g.Add(itoa(v.ID), itoa(v.TicketID), v.Staff, verdict, dateOf(v.At, loc), v.RecordedBy, v.Reason)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// fundMonthView is one month of the department fund in JSON.
type fundMonthView struct {
	Month   string    `json:"month"`
	Opening score.Fen `json:"opening"`
	Fines   score.Fen `json:"fines"`
	Spent   score.Fen `json:"spent"`
	Closing score.Fen `json:"closing"`
}

// spendingView is fund spending in JSON.
type spendingView struct {
	ID         int64     `json:"id"`
	At         *string   `json:"at"`
	Amount     score.Fen `json:"amount"`
	Reason     string    `json:"reason"`
	RecordedBy string    `json:"recorded_by"`
}

// ScoreFundOptions are kefu score fund's inputs.
type ScoreFundOptions struct {
	CmdEnv

	Format string // table, json or csv
	Month  string
	Year   int
}

// NewCmdScoreFund builds kefu score fund; runF replaces scoreFundRun in tests.
func NewCmdScoreFund(app *App, runF func(*ScoreFundOptions) error) *cobra.Command {
	opts := &ScoreFundOptions{}
	cmd := &cobra.Command{
		Use:   "fund [--month YYYY-MM | --year YYYY]",
		Short: "The department fund (部门基金): fines in, spending out, balance carried month to month",
		Long: `Every fine on the sheets (ladder fines and fine-class rules) goes into the department fund;
a manager records what is spent (score fund spend). The balance carries from month to month
since the first month with activity. --month shows one month (default: this month) and its
spending; --year shows each month of the year up to this one.`,
		Example: "  kefu score fund\n  kefu score fund --month 2026-02\n  kefu score fund --year 2026 --format csv",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, scoreFundRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "one month (default: this month)")
	cmd.Flags().IntVar(&opts.Year, "year", 0, "each month of a year")
	cmd.AddCommand(NewCmdScoreFundSpend(app, nil))
	return cmd
}

func scoreFundRun(opts *ScoreFundOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	v, err := svc.ScoreFund(opts.Ctx, opts.Month, opts.Year)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	type fundView struct {
		Months   []fundMonthView `json:"months"`
		Spending []spendingView  `json:"spending"`
	}
	out := fundView{Months: []fundMonthView{}, Spending: []spendingView{}}
	g := render.Grid{Header: []string{"month", "carried in", "fines", "spent", "balance"}}
	for _, m := range v.Months {
		out.Months = append(out.Months, fundMonthView{Month: m.Month.String(), Opening: m.Opening, Fines: m.Fines, Spent: m.Spent, Closing: m.Closing})
		g.Add(m.Month.String(), m.Opening.String(), m.Fines.String(), m.Spent.String(), m.Closing.String())
	}
	for _, s := range v.Spending {
		out.Spending = append(out.Spending, spendingView{ID: s.ID, At: jsonTime(s.At, loc), Amount: s.Amount, Reason: s.Reason, RecordedBy: s.RecordedBy})
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, out)
	}
	if err := render.Write(opts.IO.Out, opts.Format, out.Months, g); err != nil || opts.Format != render.Table || len(v.Spending) == 0 {
		return err
	}
	sg := render.Grid{Header: []string{"id", "date", "spent", "by", "reason"}, Free: []string{"reason"}}
	for _, s := range v.Spending {
		sg.Add(itoa(s.ID), dateOf(s.At, loc), s.Amount.String(), s.RecordedBy, s.Reason)
	}
	return render.WriteTable(opts.IO.Out, sg)
}

// ScoreFundSpendOptions are kefu score fund spend's inputs.
type ScoreFundSpendOptions struct {
	CmdEnv

	Amount string // yuan, as typed
	Reason string
	At     string
}

// NewCmdScoreFundSpend builds kefu score fund spend; runF replaces scoreFundSpendRun in tests.
func NewCmdScoreFundSpend(app *App, runF func(*ScoreFundSpendOptions) error) *cobra.Command {
	opts := &ScoreFundSpendOptions{}
	cmd := &cobra.Command{
		Use:     "spend AMOUNT --reason TEXT [--at TIME]",
		Short:   "Record spending from the department fund (manager)",
		Long:    "AMOUNT is yuan with at most two decimals (fen). The fund cannot go below zero.",
		Example: "  kefu score fund spend 320 --reason \"部门聚餐\" --as 王芳\n  kefu score fund spend 45.50 --reason \"团建饮料\" --at 2026-03-06 --as 王芳",
		Args:    args(1, "the AMOUNT in yuan"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Amount = a[0]
			return runWith(opts, runF, scoreFundSpendRun)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "what the money paid for (required)")
	cmd.Flags().StringVar(&opts.At, "at", "", "when it was spent (default: now)")
	return cmd
}

func scoreFundSpendRun(opts *ScoreFundSpendOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, fm, err := svc.ScoreFundSpend(opts.Ctx, opts.As, opts.Amount, opts.Reason, opts.At)
	if err != nil {
		return err
	}
	opts.IO.Line("%d", s.ID)
	opts.IO.Info("spent %s yuan from the fund (%s); balance %s yuan", s.Amount, fm.Month, fm.Closing)
	return nil
}

// candidateView is a bonus or award candidate in JSON.
type candidateView struct {
	Award    string `json:"award"`
	Staff    string `json:"staff"`
	Team     string `json:"team"`
	Figures  string `json:"figures"`
	Recorded bool   `json:"recorded"`
}

// ScoreCandidatesOptions are kefu score candidates's inputs.
type ScoreCandidatesOptions struct {
	CmdEnv

	Format string // table, json or csv
	Month  string
}

// NewCmdScoreCandidates builds kefu score candidates; runF replaces scoreCandidatesRun in tests.
func NewCmdScoreCandidates(app *App, runF func(*ScoreCandidatesOptions) error) *cobra.Command {
	opts := &ScoreCandidatesOptions{}
	cmd := &cobra.Command{
		Use:   "candidates [--month YYYY-MM]",
		Short: "Who qualifies for each monthly bonus and award, with the figures (for a supervisor to confirm)",
		Long: `Lists, for the month, the agents who meet each bonus rule's condition (top-of-month: top of the
department by resolved tickets, then accuracy, then fewer deductions, with no violation;
zero-complaints: no valid complaint; exam-full: exam 100; ...), and the regulations' awards:
服务明星 (the best total with no deduction or fine), 优秀团队 (the team with the best average
total), 业绩奖 (pre-sale commission) and 特别奖 (the top seller). Nothing is recorded: a
supervisor confirms a bonus with kefu score add.`,
		Example: "  kefu score candidates\n  kefu score candidates --month 2026-02 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, scoreCandidatesRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month (default: this month)")
	return cmd
}

func scoreCandidatesRun(opts *ScoreCandidatesOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	_, cs, err := svc.ScoreCandidates(opts.Ctx, opts.Month)
	if err != nil {
		return err
	}
	views := []candidateView{}
	g := render.Grid{Header: []string{"award", "staff", "team", "figures", "recorded"}, Free: []string{"figures"}, Optional: []string{"team", "recorded"}}
	for _, c := range cs {
		views = append(views, candidateView{Award: c.Award, Staff: c.Staff, Team: c.Team, Figures: c.Figures, Recorded: c.Has})
		g.Add(c.Award, c.Staff, c.Team, c.Figures, map[bool]string{true: i18n.T("yes"), false: ""}[c.Has])
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}
