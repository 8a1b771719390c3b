package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

func newScoreCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "score",
		Short: "Points appraisal (绩效考核): entries, the monthly sheet, pay float, exams, appeals",
		Long: `Every staff member starts the month at score.base (80) points. Supervisors and managers add
entries under the rule catalog (never for themselves); other features propose entries that count
once a supervisor confirms them. The monthly sheet adds them up: four light or two medium
violations bring one automatic -20, the total is capped at score.max (110), graded A-F, and moves
pay by pay.per_point (10 yuan) a point, within ±pay.float_limit (300 yuan). Repeat ladders add
fines and sanctions by occurrence. Nothing is deleted: a mistake is reverted by a compensating
entry. Closing a month freezes its sheet; staff may appeal their entries.

JSON sheets give points as numbers with one decimal (80.0) and money as strings of yuan with two
decimals ("300.00"), like ticket amounts.`,
		Example: `  kefu score add 张伟 slow-reply --reason "回复超时" --ticket 12 --as 陈静
  kefu score add 张伟 discretion --points 2.5 --reason "主动帮同事顶班" --as 陈静
  kefu score month --month 2026-03
  kefu score explain 张伟 --month 2026-03
  kefu score close --month 2026-03 --as 陈静`,
	}
	cmd.AddCommand(NewCmdScoreAdd(app, nil), NewCmdScoreList(app, nil), NewCmdScoreMonth(app, nil), NewCmdScoreExplain(app, nil),
		NewCmdScoreRules(app, nil), newScoreRuleCmd(app), NewCmdScoreRevert(app, nil), NewCmdScoreExam(app, nil),
		NewCmdScoreClose(app, nil), NewCmdScoreReopen(app, nil), NewCmdScoreAppeal(app, nil), NewCmdScorePending(app, nil),
		NewCmdScoreConfirm(app, nil), NewCmdScoreDismiss(app, nil), NewCmdScoreYear(app, nil), NewCmdScoreFund(app, nil), NewCmdScoreCandidates(app, nil))
	return cmd
}

// entryID parses an entry, proposal or appeal id argument.
func entryID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Invalidf("%q is not %s id (a positive number)", s, i18n.T(what))
	}
	return id, nil
}

// scoreEntryView is an entry in JSON.
type scoreEntryView struct {
	ID         int64        `json:"id"`
	Staff      string       `json:"staff"`
	Rule       string       `json:"rule"`
	Class      string       `json:"class"`
	Points     score.Points `json:"points"`
	Reason     string       `json:"reason"`
	Ticket     *int64       `json:"ticket"`
	At         *string      `json:"at"`
	RecordedBy string       `json:"recorded_by"`
	RecordedAt *string      `json:"recorded_at"`
	ProposedBy *string      `json:"proposed_by"`
	Reverts    *int64       `json:"reverts"`
	RevertedBy *int64       `json:"reverted_by"`
	Appeal     *string      `json:"appeal"`
}

func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func viewEntry(e persist.ScoreEntry, loc *time.Location) scoreEntryView {
	v := scoreEntryView{ID: e.ID, Staff: e.Staff, Rule: e.Rule, Class: string(e.Class), Points: e.Points, Reason: e.Reason,
		Ticket: idPtr(e.TicketID), At: jsonTime(e.At, loc), RecordedBy: e.RecordedBy, RecordedAt: jsonTime(e.CreatedAt, loc),
		ProposedBy: strPtr(e.ProposedBy), Reverts: idPtr(e.Reverts), RevertedBy: idPtr(e.RevertedBy)}
	if e.AppealID != 0 {
		s := fmt.Sprintf("%d %s", e.AppealID, e.AppealStatus)
		v.Appeal = &s
	}
	return v
}

// entryNote says how an entry stands: reverted, a reversal, appealed.
func entryNote(e persist.ScoreEntry) string {
	var parts []string
	if e.Reverts != 0 {
		parts = append(parts, i18n.Sprintf("reverts entry %d", e.Reverts))
	}
	if e.RevertedBy != 0 {
		parts = append(parts, i18n.Sprintf("reverted by entry %d", e.RevertedBy))
	}
	if e.AppealID != 0 {
		parts = append(parts, i18n.Sprintf("appeal %d %s", e.AppealID, e.AppealStatus))
	}
	if e.ProposedBy != "" {
		parts = append(parts, i18n.Sprintf("proposed by %s", e.ProposedBy))
	}
	return strings.Join(parts, "; ")
}

func dateOf(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02")
}

func ticketCell(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}

// ScoreAddOptions are kefu score add's inputs.
type ScoreAddOptions struct {
	CmdEnv
	core.ScoreAddOptions

	Format string // table or json
}

// NewCmdScoreAdd builds kefu score add; runF replaces scoreAddRun in tests.
func NewCmdScoreAdd(app *App, runF func(*ScoreAddOptions) error) *cobra.Command {
	opts := &ScoreAddOptions{}
	o := &opts.ScoreAddOptions
	cmd := &cobra.Command{
		Use:   "add STAFF RULE [--points N] [--reason TEXT] [--ticket ID] [--at DATE] [--pending]",
		Short: "Record points for a staff member under a rule (supervisor; never for oneself)",
		Long: `Records an entry under a rule of the catalog (kefu score rules). A rule with a range needs
--points inside it; a fixed rule takes its own points. The discretionary rule "discretion" needs
--reason and stays within -5..+5 net per staff member and month. Points have at most one decimal.
--at dates the entry (default now); entries dated in a closed month are refused. With --pending
the entry is only proposed: it counts once another supervisor confirms it. Prints the entry's
id (with --format json, the entry) and says on stderr how it counts.`,
		Example: `  kefu score add 张伟 slow-reply --reason "客户等待20分钟" --ticket 12 --as 陈静
  kefu score add 张伟 late-early --points -3 --at 2026-03-02 --as 陈静
  kefu score add 李娜 discretion --points 2.5 --reason "主动加班处理积压工单" --as 陈静
  kefu score add 赵敏 handover-missing --pending --reason "夜班未写交接" --as 陈静`,
		Args: args(2, "STAFF and RULE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			o.Staff, o.Rule = a[0], a[1]
			if t, _ := cmd.Flags().GetString("ticket"); t != "" {
				if o.Ticket, err = ticketID(t); err != nil {
					return err
				}
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, scoreAddRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Points, "points", "", "points for a rule with a range (at most one decimal), e.g. -3 or 2.5")
	f.StringVar(&o.Reason, "reason", "", "why (required for discretion)")
	f.String("ticket", "", "the ticket the entry concerns")
	f.StringVar(&o.At, "at", "", "when it happened (default now), e.g. 2026-03-02 or \"2026-03-02 14:30\"")
	f.BoolVar(&o.Propose, "pending", false, "only propose the entry; it counts once a supervisor confirms it")
	return cmd
}

func scoreAddRun(opts *ScoreAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	res, err := svc.ScoreAdd(opts.Ctx, opts.As, opts.ScoreAddOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	format, stdout := opts.Format, opts.IO.Out
	if p := res.Pending; p != nil {
		opts.IO.Info("pending entry %d: %s %s %s (%s) awaits a supervisor: kefu score confirm %d", p.ID, p.Staff, p.Points.Signed(), p.Rule, res.Month, p.ID)
		if format == render.JSON {
			return render.WriteJSON(stdout, viewPending(*p, loc))
		}
		fmt.Fprintf(stdout, "%d\n", p.ID)
		return nil
	}
	x := res.Entry
	msg := i18n.Sprintf("entry %d: %s %s %s (%s)", x.ID, x.Staff, x.Points.Signed(), x.Rule, res.Month)
	if ln := res.Line; ln.Fine != 0 || ln.Sanction != "" || ln.LadderPoints {
		var parts []string
		if ln.LadderPoints {
			parts = append(parts, i18n.Sprintf("counts %s", ln.Counted.Signed()))
		}
		if ln.Fine != 0 {
			parts = append(parts, "fine "+ln.Fine.String()+" yuan")
		}
		if ln.Sanction != "" {
			parts = append(parts, string(ln.Sanction))
		}
		msg += i18n.Sprintf("; %s %s this month: %s", score.Ordinal(ln.Occurrence), x.Rule, strings.Join(parts, ", "))
	}
	if res.ExtraNow {
		msg += i18n.Sprintf("; %d light / %d medium violations this month bring the automatic %s", res.Tally.Light, res.Tally.Medium, res.Tally.Extra.Signed())
	}
	opts.IO.Info("%s; month total now %s", msg, res.Tally.Total)
	if format == render.JSON {
		return render.WriteJSON(stdout, viewEntry(x, loc))
	}
	fmt.Fprintf(stdout, "%d\n", x.ID)
	return nil
}

// ScoreListOptions are kefu score list's inputs.
type ScoreListOptions struct {
	CmdEnv
	core.ScoreListOptions

	Format string // table, json or csv
}

// NewCmdScoreList builds kefu score list; runF replaces scoreListRun in tests.
func NewCmdScoreList(app *App, runF func(*ScoreListOptions) error) *cobra.Command {
	opts := &ScoreListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--staff NAME] [--month YYYY-MM] [--rule CODE]",
		Short:   "List the month's entries, reversals included",
		Example: "  kefu score list --month 2026-03\n  kefu score list --staff 张伟 --rule handover-missing --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, scoreListRun)
		},
	}
	cmd.Flags().StringVar(&opts.Staff, "staff", "", "only this staff member")
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month: YYYY-MM, this-month or last-month (default: this month)")
	cmd.Flags().StringVar(&opts.Rule, "rule", "", "only this rule")
	return cmd
}

func scoreListRun(opts *ScoreListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	_, es, err := svc.ScoreList(opts.Ctx, opts.ScoreListOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	views := []scoreEntryView{}
	g := render.Grid{Header: []string{"id", "date", "staff", "rule", "points", "reason", "by", "ticket", "note"},
		Free: []string{"reason", "note"}, Optional: []string{"note", "by", "ticket"}}
	for _, e := range es {
		views = append(views, viewEntry(e, loc))
		g.Add(itoa(e.ID), dateOf(e.At, loc), e.Staff, e.Rule, e.Points.Signed(), e.Reason, e.RecordedBy, ticketCell(e.TicketID), entryNote(e))
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// ScoreRevertOptions are kefu score revert's inputs.
type ScoreRevertOptions struct {
	CmdEnv

	Format string // table or json
	Entry  int64
	Reason string
}

// NewCmdScoreRevert builds kefu score revert; runF replaces scoreRevertRun in tests.
func NewCmdScoreRevert(app *App, runF func(*ScoreRevertOptions) error) *cobra.Command {
	opts := &ScoreRevertOptions{}
	cmd := &cobra.Command{
		Use:   "revert ENTRY --reason TEXT",
		Short: "Reverse an entry with a compensating entry (supervisor); nothing is deleted",
		Long: `Adds an entry of the opposite points, dated like the one it reverses so it lands in the same
month; both then count for nothing. An entry under appeal is decided with score appeal resolve.`,
		Example: "  kefu score revert 7 --reason \"记错人了\" --as 陈静",
		Args:    args(1, "an ENTRY id"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			id, err := entryID(i18n.Key("an entry"), a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format, opts.Entry = app.cmdEnv(cmd.Context()), format, id
			return runWith(opts, runF, scoreRevertRun)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the entry is reversed (required)")
	return cmd
}

func scoreRevertRun(opts *ScoreRevertOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	x, err := svc.ScoreRevert(opts.Ctx, opts.As, opts.Entry, opts.Reason)
	if err != nil {
		return err
	}
	opts.IO.Info("entry %d reverts entry %d: %s %s %s", x.ID, x.Reverts, x.Staff, x.Points.Signed(), x.Rule)
	if opts.Format == render.JSON {
		loc, err := svc.Location(opts.Ctx)
		if err != nil {
			return err
		}
		return render.WriteJSON(opts.IO.Out, viewEntry(x, loc))
	}
	fmt.Fprintf(opts.IO.Out, "%d\n", x.ID)
	return nil
}

// ScoreExamOptions are kefu score exam's inputs.
type ScoreExamOptions struct {
	CmdEnv

	Staff string
	Score string // 0–100, as typed
	Month string
	Amend bool
}

// NewCmdScoreExam builds kefu score exam; runF replaces scoreExamRun in tests.
func NewCmdScoreExam(app *App, runF func(*ScoreExamOptions) error) *cobra.Command {
	opts := &ScoreExamOptions{}
	cmd := &cobra.Command{
		Use:   "exam STAFF SCORE [--month YYYY-MM] [--amend]",
		Short: "Record the monthly skills exam (0-100); full marks and below 60 apply their rules",
		Long: `Records a staff member's monthly skills exam. 100 applies exam-full (+5), a score below
score.exam_pass (60) applies exam-below-60 (-10), each as an entry dated in the exam's month.
One exam per staff member and month; --amend replaces it, reverting the entry the old score applied.`,
		Example: "  kefu score exam 张伟 100 --as 陈静\n  kefu score exam 李娜 55 --month 2026-02 --as 陈静\n  kefu score exam 李娜 65 --month 2026-02 --amend --as 陈静",
		Args:    args(2, "STAFF and SCORE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv, opts.Staff, opts.Score = app.cmdEnv(cmd.Context()), a[0], a[1]
			return runWith(opts, runF, scoreExamRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the exam's month (default: this month)")
	cmd.Flags().BoolVar(&opts.Amend, "amend", false, "replace the month's recorded exam")
	return cmd
}

func scoreExamRun(opts *ScoreExamOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.ScoreExam(opts.Ctx, opts.As, opts.Staff, opts.Score, opts.Month, opts.Amend)
	if err != nil {
		return err
	}
	msg := i18n.Sprintf("exam %s of %s: %s", r.Exam.Month, r.Staff, r.Exam.Score.Short())
	if r.Reverted != 0 {
		msg += i18n.Sprintf("; entry %d reverts the earlier result", r.Reverted)
	}
	if r.Applied != "" {
		msg += i18n.Sprintf("; %s %s (entry %d)", r.Applied, r.Points.Signed(), r.EntryID)
	} else {
		msg += "; no rule applies"
	}
	opts.IO.Info("%s", msg)
	return nil
}

// ScoreCloseOptions are kefu score close's inputs.
type ScoreCloseOptions struct {
	CmdEnv

	Month string
	Force bool
}

// NewCmdScoreClose builds kefu score close; runF replaces scoreCloseRun in tests.
func NewCmdScoreClose(app *App, runF func(*ScoreCloseOptions) error) *cobra.Command {
	opts := &ScoreCloseOptions{}
	cmd := &cobra.Command{
		Use:   "close --month YYYY-MM [--force]",
		Short: "Close a month (supervisor): freeze its sheet and the policy it used",
		Long: `Freezes the month's totals, grades, pay, fines and flags with the policy and catalog used.
Entries dated in a closed month are then refused until a manager runs score reopen. The month
must be over, its appeals decided, its pending proposals confirmed or dismissed, and remind must
have run since the month's last deadline (the close of its last service day plus
handover.grace), so that night's missing notes are proposed. --force (manager) closes anyway;
the history records what was left open.`,
		Example: "  kefu score close --month 2026-02 --as 陈静",
		Args:    args(0, "no arguments (the month goes in --month)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, scoreCloseRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month to close: YYYY-MM or last-month (required)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "close despite open appeals, pending entries or remind not run (manager; recorded)")
	return cmd
}

func scoreCloseRun(opts *ScoreCloseOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	sh, err := svc.ScoreCloseWith(opts.Ctx, opts.As, opts.Month, opts.Force)
	if err != nil {
		return err
	}
	appeals, listed := 0, 0
	for _, r := range sh.Rows {
		appeals += r.Appeals
		if r.Role == "agent" || r.Entries > 0 {
			listed++
		}
	}
	opts.IO.Info("closed %s: the sheet of %d staff (%d with supervisors and managers) is frozen with the policy used; %d open appeal%s",
		sh.Month, listed, len(sh.Rows), appeals, plural(appeals))
	return nil
}

// ScoreReopenOptions are kefu score reopen's inputs.
type ScoreReopenOptions struct {
	CmdEnv

	Month  string
	Reason string
}

// NewCmdScoreReopen builds kefu score reopen; runF replaces scoreReopenRun in tests.
func NewCmdScoreReopen(app *App, runF func(*ScoreReopenOptions) error) *cobra.Command {
	opts := &ScoreReopenOptions{}
	cmd := &cobra.Command{
		Use:     "reopen --month YYYY-MM [--reason TEXT]",
		Short:   "Reopen a closed month (manager); its sheet is computed again",
		Example: "  kefu score reopen --month 2026-02 --reason \"补录漏记的考核\" --as 王芳",
		Args:    args(0, "no arguments (the month goes in --month)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, scoreReopenRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month to reopen (required)")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why")
	return cmd
}

func scoreReopenRun(opts *ScoreReopenOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	if err := svc.ScoreReopen(opts.Ctx, opts.As, opts.Month, opts.Reason); err != nil {
		return err
	}
	opts.IO.Info("reopened %s", opts.Month)
	return nil
}
