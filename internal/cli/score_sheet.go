package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// score month and score explain: the monthly sheet, and why a total is what it is.

func flagsCell(fs []string) string { return strings.Join(fs, ", ") }

func rankCell(r *int) string {
	if r == nil {
		return ""
	}
	return strconv.Itoa(*r)
}

// sheetView is score month's JSON.
type sheetView struct {
	Month    string            `json:"month"`
	Closed   bool              `json:"closed"`
	ClosedAt *string           `json:"closed_at"`
	ClosedBy *string           `json:"closed_by"`
	Policy   map[string]string `json:"policy"`
	Rows     []score.Row       `json:"rows"`
	Notes    string            `json:"notes"`
}

const sheetNotes = "points are numbers with one decimal; money is yuan with two decimals as strings. " +
	"total = base + bonus + deductions + extra, capped at score.max; pay_float = (total - base) x pay.per_point within ±pay.float_limit " +
	"(none in probation); pay_change = pay_float - fines + commission + top_bonus; rank is among the team's agents; " +
	"open_appeals and pending are live even for a closed month"

// ScoreMonthOptions are kefu score month's inputs.
type ScoreMonthOptions struct {
	CmdEnv

	core.ScoreMonthOptions

	Format string // table, json or csv
	Pay    bool   // the pay sheet instead
}

// NewCmdScoreMonth builds kefu score month; runF replaces scoreMonthRun in tests.
func NewCmdScoreMonth(app *App, runF func(*ScoreMonthOptions) error) *cobra.Command {
	opts := &ScoreMonthOptions{}
	cmd := &cobra.Command{
		Use:   "month [--month YYYY-MM] [--all] [--team TEAM] [--pay]",
		Short: "The monthly sheet: totals, grades, pay float, fines, flags and rank",
		Long: `The month's sheet lists the active agents and anyone with entries; --all adds supervisors and
managers. Each row: base, bonus, deductions, automatic extra, total (capped), grade, pay float,
ladder fines, flags (below-60, dismissal-review, last-twice-below-70, warning, demerit,
withhold-pay, probation), rank within the team, open appeals and pending proposals.
--pay shows the pay sheet instead: pay float, fines, pre-sale commission and the top seller's
bonus. A closed month shows its frozen sheet.`,
		Example: "  kefu score month\n  kefu score month --month 2026-02 --format json\n  kefu score month --pay --team 售前",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, scoreMonthRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.ScoreMonthOptions.Month, "month", "", "the month: YYYY-MM, this-month or last-month (default: this month)")
	f.BoolVar(&opts.ScoreMonthOptions.All, "all", false, "add supervisors and managers")
	f.StringVar(&opts.ScoreMonthOptions.Team, "team", "", "only this team")
	f.BoolVar(&opts.Pay, "pay", false, "show the pay sheet: pay float, fines, commission, top seller bonus")
	return cmd
}

func scoreMonthRun(opts *ScoreMonthOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	sh, err := svc.ScoreMonth(opts.Ctx, opts.ScoreMonthOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	if sh.Closed {
		opts.IO.Info("%s: closed by %s on %s; the sheet is frozen with the policy it used", sh.Month, sh.ClosedBy, clockTime(sh.ClosedAt, loc))
	} else {
		opts.IO.Info("%s: open; computed with the current policy and rule catalog", sh.Month)
	}
	if opts.Format == render.JSON {
		v := sheetView{Month: sh.Month.String(), Closed: sh.Closed, Policy: sh.Policy, Rows: sh.Rows, Notes: sheetNotes}
		if sh.Closed {
			v.ClosedAt, v.ClosedBy = jsonTime(sh.ClosedAt, loc), &sh.ClosedBy
		}
		if v.Rows == nil {
			v.Rows = []score.Row{}
		}
		return render.WriteJSON(opts.IO.Out, v)
	}
	var g render.Grid
	if opts.Pay {
		g.Header = []string{"staff", "team", "total", "grade", "pay float", "fines", "pre-sale", "conversion", "sales", "commission", "top bonus", "pay change", "flags"}
		g.Free = []string{"flags", "conversion", "top bonus"}
		g.Optional = []string{"team", "fines", "pre-sale", "sales", "grade", "top bonus", "flags", "conversion"}
		for _, r := range sh.Rows {
			conv := ""
			if r.Conversion != nil {
				conv = fmt.Sprintf("%.1f%% → %s", *r.Conversion*100, r.CommissionRate)
			}
			top := r.TopBonus.String()
			if r.TopSeller {
				top += i18n.Sprintf(" (%s month)", score.Ordinal(r.TopStreak))
			}
			g.Add(r.Staff, r.Team, r.Total.String(), r.Grade, r.PayFloat.String(), r.Fines.String(),
				fmt.Sprintf("%d/%d", r.PresaleConverted, r.PresaleResolved), conv, r.Sales.String(), r.Commission.String(), top, r.PayChange.String(), flagsCell(r.Flags))
		}
	} else {
		g.Header = []string{"staff", "team", "base", "bonus", "deductions", "extra", "total", "grade", "pay float", "fines", "flags", "rank", "appeals", "pending"}
		// On a narrow terminal the sheet keeps who, the total, the grade and what it costs.
		g.Free = []string{"flags"}
		g.Optional = []string{"base", "extra", "bonus", "appeals", "pending", "team", "rank", "deductions", "fines", "flags"}
		for _, r := range sh.Rows {
			g.Add(r.Staff, r.Team, r.Base.String(), r.Bonus.String(), r.Deductions.String(), r.Extra.String(), r.Total.String(),
				r.Grade, r.PayFloat.String(), r.Fines.String(), flagsCell(r.Flags), rankCell(r.Rank), strconv.Itoa(r.Appeals), strconv.Itoa(r.Pending))
		}
	}
	if err := render.Write(opts.IO.Out, opts.Format, sh.Rows, g); err != nil || opts.Format != render.Table {
		return err
	}
	var valid []string
	for _, r := range sh.Rows {
		if r.ValidComplaints > 0 {
			valid = append(valid, fmt.Sprintf("%s %d", r.Staff, r.ValidComplaints))
		}
	}
	if len(valid) > 0 {
		opts.IO.Line("valid complaints: %s (kefu complaint verdicts --month %s)", strings.Join(valid, ", "), sh.Month)
	}
	return nil
}

// explainLine is one line of score explain.
type explainLine struct {
	Entry      *int64       `json:"entry"`
	At         *string      `json:"at"`
	Rule       string       `json:"rule"`
	Class      string       `json:"class"`
	Points     score.Points `json:"points"`
	Counted    score.Points `json:"counted"`
	Counts     bool         `json:"counts"`
	Occurrence int          `json:"occurrence"`
	Fine       score.Fen    `json:"fine"`
	Sanction   string       `json:"sanction"`
	Reason     string       `json:"reason"`
	RecordedBy string       `json:"recorded_by"`
	Ticket     *int64       `json:"ticket"`
	Note       string       `json:"note"`
}

// explainView is score explain's JSON.
type explainView struct {
	Staff      string            `json:"staff"`
	Month      string            `json:"month"`
	Closed     bool              `json:"closed"`
	Base       score.Points      `json:"base"`
	Lines      []explainLine     `json:"lines"`
	Bonus      score.Points      `json:"bonus"`
	Deductions score.Points      `json:"deductions"`
	Extra      score.Points      `json:"extra"`
	ExtraFrom  []int64           `json:"extra_from"`
	Capped     score.Points      `json:"capped"`
	Total      score.Points      `json:"total"`
	Grade      string            `json:"grade"`
	GradeBand  string            `json:"grade_band"`
	PayFloat   score.Fen         `json:"pay_float"`
	PayFormula string            `json:"pay_float_formula"`
	Fines      score.Fen         `json:"fines"`
	Flags      []core.FlagReason `json:"flags"`
	Pending    []pendingView     `json:"pending"`
	Appeals    []appealView      `json:"open_appeals"`
	Verdicts   []verdictView     `json:"complaint_verdicts"`
}

// clampNote says how a total outside score.min..score.max was brought inside.
func clampNote(t score.Tally, s score.Settings) string {
	if t.Raw < t.Total {
		return i18n.Sprintf("%s floored at score.min %s", t.Raw, s.Min)
	}
	return i18n.Sprintf("%s capped at score.max %s", t.Raw, s.Max)
}

// payFormula shows how the pay float was reached.
func payFormula(x core.ScoreExplanation) string {
	r, s := x.Row, x.Settings
	if containsFlag(r.Flags, score.FlagProbation) {
		return "probation: no pay float"
	}
	open := s
	open.FloatLimit = 1 << 50
	raw := open.PayFloat(r.Total, false)
	f := i18n.Sprintf("(%s - %s) x %s = %s yuan", r.Total, r.Base, s.PerPoint, raw)
	if raw != r.PayFloat {
		f += i18n.Sprintf(", clamped to %s (pay.float_limit ±%s)", r.PayFloat, s.FloatLimit)
	}
	return f
}

func containsFlag(fs []string, f string) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// lineNote says how an explained entry counts.
func lineNote(ln score.Line, e persist.ScoreEntry) string {
	var parts []string
	switch {
	case ln.Reverts != 0:
		parts = append(parts, i18n.Sprintf("reverts entry %d", ln.Reverts))
	case ln.RevertedBy != 0:
		parts = append(parts, i18n.Sprintf("reverted by entry %d", ln.RevertedBy))
	}
	if ln.Counts && (ln.Fine != 0 || ln.Sanction != "" || ln.LadderPoints) {
		var what []string
		if ln.LadderPoints {
			what = append(what, i18n.Sprintf("ladder points %s", ln.Counted.Signed()))
		}
		if ln.Fine != 0 {
			what = append(what, "fine "+ln.Fine.String())
		}
		if ln.Sanction != "" {
			what = append(what, string(ln.Sanction))
		}
		parts = append(parts, i18n.Sprintf("%s this month: %s", score.Ordinal(ln.Occurrence), strings.Join(what, ", ")))
	}
	if ln.Counts && ln.Class == score.Dismissal {
		parts = append(parts, "dismissal review")
	}
	if e.AppealID != 0 {
		parts = append(parts, i18n.Sprintf("appeal %d %s", e.AppealID, e.AppealStatus))
	}
	if e.ProposedBy != "" {
		parts = append(parts, i18n.Sprintf("proposed by %s", e.ProposedBy))
	}
	return strings.Join(parts, "; ")
}

func joinInts(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	return strings.Join(s, ", ")
}

// ScoreExplainOptions are kefu score explain's inputs.
type ScoreExplainOptions struct {
	CmdEnv

	Format string // table, json or csv
	Staff  string
	Month  string
}

// NewCmdScoreExplain builds kefu score explain; runF replaces scoreExplainRun in tests.
func NewCmdScoreExplain(app *App, runF func(*ScoreExplainOptions) error) *cobra.Command {
	opts := &ScoreExplainOptions{}
	cmd := &cobra.Command{
		Use:   "explain STAFF [--month YYYY-MM]",
		Short: "Every entry and automatic extra behind a staff member's total (\"why do I have 68?\")",
		Long: `Lists the month's base, every entry (a reverted entry and its reversal count for nothing), the
occurrence of each laddered rule with its fine and sanction, the automatic extra and the
violations that brought it, the cap, the grade, the pay float and why each flag is raised.
Pending proposals (which do not count yet) and open appeals follow.`,
		Example: "  kefu score explain 张伟\n  kefu score explain 张伟 --month 2026-02 --format json\n  kefu score explain 张伟 --format csv > 张伟-2026-03.csv",
		Args:    args(1, "a STAFF name"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.Staff = a[0]
			return runWith(opts, runF, scoreExplainRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month: YYYY-MM, this-month or last-month (default: this month)")
	return cmd
}

func scoreExplainRun(opts *ScoreExplainOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	x, err := svc.ScoreExplain(opts.Ctx, opts.Staff, opts.Month)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	t := x.Tally
	v := explainView{Staff: x.Staff, Month: x.Month.String(), Closed: x.Closed, Base: t.Base, Bonus: t.Bonus, Deductions: t.Deductions,
		Extra: t.Extra, ExtraFrom: t.ExtraFrom, Capped: t.Total - t.Raw, Total: x.Row.Total, Grade: x.Row.Grade,
		GradeBand: x.Settings.Band(x.Row.Grade), PayFloat: x.Row.PayFloat, PayFormula: payFormula(x), Fines: t.Fines,
		Flags: x.Flags, Lines: []explainLine{}, Pending: []pendingView{}, Appeals: []appealView{}}
	if v.ExtraFrom == nil {
		v.ExtraFrom = []int64{}
	}
	if v.Flags == nil {
		v.Flags = []core.FlagReason{}
	}
	g := render.Grid{Header: []string{"entry", "date", "rule", "points", "counts", "reason", "by", "ticket", "note"},
		Free: []string{"reason", "note"}, Optional: []string{"by", "ticket", "points", "date"}}
	g.Add("", "", "base", "", t.Base.String(), "", "", "", "score.base")
	for _, ln := range t.Lines {
		e := x.Entries[ln.ID]
		v.Lines = append(v.Lines, explainLine{Entry: idPtr(ln.ID), At: jsonTime(ln.At, loc), Rule: ln.Rule, Class: string(ln.Class),
			Points: ln.Points, Counted: ln.Counted, Counts: ln.Counts, Occurrence: ln.Occurrence, Fine: ln.Fine, Sanction: string(ln.Sanction),
			Reason: e.Reason, RecordedBy: e.RecordedBy, Ticket: idPtr(e.TicketID), Note: lineNote(ln, e)})
		g.Add(itoa(ln.ID), dateOf(ln.At, loc), ln.Rule, ln.Points.Signed(), ln.Counted.Signed(), e.Reason, e.RecordedBy, ticketCell(e.TicketID), lineNote(ln, e))
	}
	if t.Extra != 0 {
		why := i18n.Sprintf("%d light, %d medium violations (entries %s)", t.Light, t.Medium, joinInts(t.ExtraFrom))
		g.Add("", "", "automatic extra", "", t.Extra.Signed(), "", "", "", why)
	}
	if t.Total != t.Raw {
		g.Add("", "", map[bool]string{true: "floor", false: "cap"}[t.Raw < t.Total], "", (t.Total - t.Raw).Signed(), "", "", "", clampNote(t, x.Settings))
	}
	g.Add("", "", "total", "", x.Row.Total.String(), "", "", "", i18n.Sprintf("grade %s (%s)", x.Row.Grade, v.GradeBand))
	for _, p := range x.Pending {
		v.Pending = append(v.Pending, viewPending(p, loc))
	}
	for _, ap := range x.Appeals {
		v.Appeals = append(v.Appeals, viewAppeal(ap, loc))
	}
	v.Verdicts = []verdictView{}
	for _, vd := range x.Verdicts {
		v.Verdicts = append(v.Verdicts, viewVerdict(vd, loc))
	}
	if opts.Format != render.Table {
		return render.Write(opts.IO.Out, opts.Format, v, g)
	}
	state := "open"
	if x.Closed {
		state = "closed (frozen sheet)"
	}
	opts.IO.Line("%s · %s · %s", x.Staff, x.Month, state)
	if err := render.WriteTable(opts.IO.Out, g); err != nil {
		return err
	}
	opts.IO.Line("total %s = base %s + bonus %s + deductions %s + extra %s%s → grade %s (%s)", x.Row.Total, t.Base, t.Bonus, t.Deductions, t.Extra,
		map[bool]string{true: ", " + clampNote(t, x.Settings), false: ""}[t.Total != t.Raw], x.Row.Grade, v.GradeBand)
	opts.IO.Line("pay float: %s", v.PayFormula)
	if t.Fines != 0 {
		opts.IO.Line("fines: %s yuan", t.Fines)
	}
	for _, f := range x.Flags {
		opts.IO.Line("flag %s: %s", f.Flag, f.Why)
	}
	for _, p := range x.Pending {
		opts.IO.Line("pending %d (not counted until confirmed): %s %s %s", p.ID, p.Rule, p.Points.Signed(), p.Reason)
	}
	for _, ap := range x.Appeals {
		opts.IO.Line("open appeal %d of entry %d: %s", ap.ID, ap.EntryID, ap.Reason)
	}
	for _, vd := range x.Verdicts {
		opts.IO.Line("complaint %d verdict %s (%s, %s): %s", vd.TicketID, map[bool]string{true: "valid", false: "invalid"}[vd.Valid], vd.RecordedBy, dateOf(vd.At, loc), vd.Reason)
	}
	return nil
}
