package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
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
	cmd.AddCommand(newScoreAddCmd(app), newScoreListCmd(app), newScoreMonthCmd(app), newScoreExplainCmd(app),
		newScoreRulesCmd(app), newScoreRuleCmd(app), newScoreRevertCmd(app), newScoreExamCmd(app),
		newScoreCloseCmd(app), newScoreReopenCmd(app), newScoreAppealCmd(app), newScorePendingCmd(app),
		newScoreConfirmCmd(app), newScoreDismissCmd(app), newScoreYearCmd(app), newScoreFundCmd(app), newScoreCandidatesCmd(app))
	return cmd
}

// entryID parses an entry, proposal or appeal id argument.
func entryID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Invalidf("%q is not %s id (a positive number)", s, what)
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
		parts = append(parts, fmt.Sprintf("reverts entry %d", e.Reverts))
	}
	if e.RevertedBy != 0 {
		parts = append(parts, fmt.Sprintf("reverted by entry %d", e.RevertedBy))
	}
	if e.AppealID != 0 {
		parts = append(parts, fmt.Sprintf("appeal %d %s", e.AppealID, e.AppealStatus))
	}
	if e.ProposedBy != "" {
		parts = append(parts, "proposed by "+e.ProposedBy)
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

func newScoreAddCmd(app *App) *cobra.Command {
	var o core.ScoreAddOptions
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
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			res, err := svc.ScoreAdd(cmd.Context(), app.As, o)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			if p := res.Pending; p != nil {
				app.info("pending entry %d: %s %s %s (%s) awaits a supervisor: kefu score confirm %d", p.ID, p.Staff, p.Points.Signed(), p.Rule, res.Month, p.ID)
				if format == render.JSON {
					return render.WriteJSON(app.Stdout, viewPending(*p, loc))
				}
				app.out("%d", p.ID)
				return nil
			}
			x := res.Entry
			msg := fmt.Sprintf("entry %d: %s %s %s (%s)", x.ID, x.Staff, x.Points.Signed(), x.Rule, res.Month)
			if ln := res.Line; ln.Fine != 0 || ln.Sanction != "" || ln.LadderPoints {
				var parts []string
				if ln.LadderPoints {
					parts = append(parts, "counts "+ln.Counted.Signed())
				}
				if ln.Fine != 0 {
					parts = append(parts, "fine "+ln.Fine.String()+" yuan")
				}
				if ln.Sanction != "" {
					parts = append(parts, string(ln.Sanction))
				}
				msg += fmt.Sprintf("; %s %s this month: %s", score.Ordinal(ln.Occurrence), x.Rule, strings.Join(parts, ", "))
			}
			if res.ExtraNow {
				msg += fmt.Sprintf("; %d light / %d medium violations this month bring the automatic %s", res.Tally.Light, res.Tally.Medium, res.Tally.Extra.Signed())
			}
			app.info("%s; month total now %s", msg, res.Tally.Total)
			if format == render.JSON {
				return render.WriteJSON(app.Stdout, viewEntry(x, loc))
			}
			app.out("%d", x.ID)
			return nil
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

func newScoreListCmd(app *App) *cobra.Command {
	var o core.ScoreListOptions
	cmd := &cobra.Command{
		Use:     "list [--staff NAME] [--month YYYY-MM] [--rule CODE]",
		Short:   "List the month's entries, reversals included",
		Example: "  kefu score list --month 2026-03\n  kefu score list --staff 张伟 --rule handover-missing --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			_, es, err := svc.ScoreList(cmd.Context(), o)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			views := []scoreEntryView{}
			g := render.Grid{Header: []string{"id", "date", "staff", "rule", "points", "reason", "by", "ticket", "note"}}
			for _, e := range es {
				views = append(views, viewEntry(e, loc))
				g.Add(itoa(e.ID), dateOf(e.At, loc), e.Staff, e.Rule, e.Points.Signed(), fit(format, e.Reason, 30), e.RecordedBy, ticketCell(e.TicketID), entryNote(e))
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().StringVar(&o.Staff, "staff", "", "only this staff member")
	cmd.Flags().StringVar(&o.Month, "month", "", "the month (default: this month)")
	cmd.Flags().StringVar(&o.Rule, "rule", "", "only this rule")
	return cmd
}

// fit shortens text for a table cell; CSV and JSON keep it whole.
func fit(format, s string, n int) string {
	if format != render.Table {
		return s
	}
	return truncate(s, n)
}

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

func newScoreMonthCmd(app *App) *cobra.Command {
	var o core.ScoreMonthOptions
	var pay bool
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
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			sh, err := svc.ScoreMonth(cmd.Context(), o)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			if sh.Closed {
				app.info("%s: closed by %s on %s; the sheet is frozen with the policy it used", sh.Month, sh.ClosedBy, clockTime(sh.ClosedAt, loc))
			} else {
				app.info("%s: open; computed with the current policy and rule catalog", sh.Month)
			}
			if format == render.JSON {
				v := sheetView{Month: sh.Month.String(), Closed: sh.Closed, Policy: sh.Policy, Rows: sh.Rows, Notes: sheetNotes}
				if sh.Closed {
					v.ClosedAt, v.ClosedBy = jsonTime(sh.ClosedAt, loc), &sh.ClosedBy
				}
				if v.Rows == nil {
					v.Rows = []score.Row{}
				}
				return render.WriteJSON(app.Stdout, v)
			}
			var g render.Grid
			if pay {
				g.Header = []string{"staff", "team", "total", "grade", "pay float", "fines", "pre-sale", "conversion", "sales", "commission", "top bonus", "pay change", "flags"}
				for _, r := range sh.Rows {
					conv := ""
					if r.Conversion != nil {
						conv = fmt.Sprintf("%.1f%% → %s", *r.Conversion*100, r.CommissionRate)
					}
					top := r.TopBonus.String()
					if r.TopSeller {
						top += fmt.Sprintf(" (%s month)", score.Ordinal(r.TopStreak))
					}
					g.Add(r.Staff, r.Team, r.Total.String(), r.Grade, r.PayFloat.String(), r.Fines.String(),
						fmt.Sprintf("%d/%d", r.PresaleConverted, r.PresaleResolved), conv, r.Sales.String(), r.Commission.String(), top, r.PayChange.String(), flagsCell(r.Flags))
				}
			} else {
				g.Header = []string{"staff", "team", "base", "bonus", "deductions", "extra", "total", "grade", "pay float", "fines", "flags", "rank", "appeals", "pending"}
				for _, r := range sh.Rows {
					g.Add(r.Staff, r.Team, r.Base.String(), r.Bonus.String(), r.Deductions.String(), r.Extra.String(), r.Total.String(),
						r.Grade, r.PayFloat.String(), r.Fines.String(), flagsCell(r.Flags), rankCell(r.Rank), strconv.Itoa(r.Appeals), strconv.Itoa(r.Pending))
				}
			}
			if err := render.Write(app.Stdout, format, sh.Rows, g); err != nil || format != render.Table {
				return err
			}
			var valid []string
			for _, r := range sh.Rows {
				if r.ValidComplaints > 0 {
					valid = append(valid, fmt.Sprintf("%s %d", r.Staff, r.ValidComplaints))
				}
			}
			if len(valid) > 0 {
				app.out("valid complaints: %s (kefu complaint verdicts --month %s)", strings.Join(valid, ", "), sh.Month)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Month, "month", "", "the month (default: this month)")
	f.BoolVar(&o.All, "all", false, "add supervisors and managers")
	f.StringVar(&o.Team, "team", "", "only this team")
	f.BoolVar(&pay, "pay", false, "show the pay sheet: pay float, fines, commission, top seller bonus")
	return cmd
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
		return fmt.Sprintf("%s floored at score.min %s", t.Raw, s.Min)
	}
	return fmt.Sprintf("%s capped at score.max %s", t.Raw, s.Max)
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
	f := fmt.Sprintf("(%s - %s) x %s = %s yuan", r.Total, r.Base, s.PerPoint, raw)
	if raw != r.PayFloat {
		f += fmt.Sprintf(", clamped to %s (pay.float_limit ±%s)", r.PayFloat, s.FloatLimit)
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
		parts = append(parts, fmt.Sprintf("reverts entry %d", ln.Reverts))
	case ln.RevertedBy != 0:
		parts = append(parts, fmt.Sprintf("reverted by entry %d", ln.RevertedBy))
	}
	if ln.Counts && (ln.Fine != 0 || ln.Sanction != "" || ln.LadderPoints) {
		var what []string
		if ln.LadderPoints {
			what = append(what, "ladder points "+ln.Counted.Signed())
		}
		if ln.Fine != 0 {
			what = append(what, "fine "+ln.Fine.String())
		}
		if ln.Sanction != "" {
			what = append(what, string(ln.Sanction))
		}
		parts = append(parts, fmt.Sprintf("%s this month: %s", score.Ordinal(ln.Occurrence), strings.Join(what, ", ")))
	}
	if ln.Counts && ln.Class == score.Dismissal {
		parts = append(parts, "dismissal review")
	}
	if e.AppealID != 0 {
		parts = append(parts, fmt.Sprintf("appeal %d %s", e.AppealID, e.AppealStatus))
	}
	if e.ProposedBy != "" {
		parts = append(parts, "proposed by "+e.ProposedBy)
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

func newScoreExplainCmd(app *App) *cobra.Command {
	var month string
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
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			x, err := svc.ScoreExplain(cmd.Context(), a[0], month)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
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
			g := render.Grid{Header: []string{"entry", "date", "rule", "points", "counts", "reason", "by", "ticket", "note"}}
			g.Add("", "", "base", "", t.Base.String(), "", "", "", "score.base")
			for _, ln := range t.Lines {
				e := x.Entries[ln.ID]
				v.Lines = append(v.Lines, explainLine{Entry: idPtr(ln.ID), At: jsonTime(ln.At, loc), Rule: ln.Rule, Class: string(ln.Class),
					Points: ln.Points, Counted: ln.Counted, Counts: ln.Counts, Occurrence: ln.Occurrence, Fine: ln.Fine, Sanction: string(ln.Sanction),
					Reason: e.Reason, RecordedBy: e.RecordedBy, Ticket: idPtr(e.TicketID), Note: lineNote(ln, e)})
				g.Add(itoa(ln.ID), dateOf(ln.At, loc), ln.Rule, ln.Points.Signed(), ln.Counted.Signed(), fit(format, e.Reason, 24), e.RecordedBy, ticketCell(e.TicketID), lineNote(ln, e))
			}
			if t.Extra != 0 {
				why := fmt.Sprintf("%d light, %d medium violations (entries %s)", t.Light, t.Medium, joinInts(t.ExtraFrom))
				g.Add("", "", "automatic extra", "", t.Extra.Signed(), "", "", "", why)
			}
			if t.Total != t.Raw {
				g.Add("", "", map[bool]string{true: "floor", false: "cap"}[t.Raw < t.Total], "", (t.Total - t.Raw).Signed(), "", "", "", clampNote(t, x.Settings))
			}
			g.Add("", "", "total", "", x.Row.Total.String(), "", "", "", fmt.Sprintf("grade %s (%s)", x.Row.Grade, v.GradeBand))
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
			if format != render.Table {
				return render.Write(app.Stdout, format, v, g)
			}
			state := "open"
			if x.Closed {
				state = "closed (frozen sheet)"
			}
			app.out("%s · %s · %s", x.Staff, x.Month, state)
			if err := render.WriteTable(app.Stdout, g); err != nil {
				return err
			}
			app.out("total %s = base %s + bonus %s + deductions %s + extra %s%s → grade %s (%s)", x.Row.Total, t.Base, t.Bonus, t.Deductions, t.Extra,
				map[bool]string{true: ", " + clampNote(t, x.Settings), false: ""}[t.Total != t.Raw], x.Row.Grade, v.GradeBand)
			app.out("pay float: %s", v.PayFormula)
			if t.Fines != 0 {
				app.out("fines: %s yuan", t.Fines)
			}
			for _, f := range x.Flags {
				app.out("flag %s: %s", f.Flag, f.Why)
			}
			for _, p := range x.Pending {
				app.out("pending %d (not counted until confirmed): %s %s %s", p.ID, p.Rule, p.Points.Signed(), p.Reason)
			}
			for _, ap := range x.Appeals {
				app.out("open appeal %d of entry %d: %s", ap.ID, ap.EntryID, ap.Reason)
			}
			for _, vd := range x.Verdicts {
				app.out("complaint %d verdict %s (%s, %s): %s", vd.TicketID, map[bool]string{true: "valid", false: "invalid"}[vd.Valid], vd.RecordedBy, dateOf(vd.At, loc), vd.Reason)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month (default: this month)")
	return cmd
}

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

func newScoreRulesCmd(app *App) *cobra.Command {
	var class string
	var all bool
	cmd := &cobra.Command{
		Use:     "rules [--class CLASS] [--all]",
		Short:   "The rule catalog: codes, classes, points, fines and repeat ladders",
		Example: "  kefu score rules\n  kefu score rules --class light\n  kefu score rules --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			rs, err := svc.ScoreRules(cmd.Context(), class, all)
			if err != nil {
				return err
			}
			views := []ruleView{}
			g := render.Grid{Header: []string{"code", "class", "points", "fine", "ladder", "description", "说明", "limits"}}
			if all {
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
				if all {
					row = append(row, map[bool]string{true: "retired", false: "in use"}[r.Retired])
				}
				g.Add(row...)
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().StringVar(&class, "class", "", "only this class: bonus, light, medium, severe, dismissal, fine (or discretion)")
	cmd.Flags().BoolVar(&all, "all", false, "include retired rules")
	return cmd
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
	cmd.AddCommand(newScoreRuleAddCmd(app), newScoreRuleSetCmd(app), newScoreRuleRetireCmd(app))
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
	s := fmt.Sprintf("%s (%s, %s points", r.Code, r.Class, r.PointsSpec())
	if r.Fine != 0 {
		s += ", fine " + r.Fine.String()
	}
	if len(r.Ladder) > 0 {
		s += ", ladder " + r.Ladder.String()
	}
	if r.OncePerMonth {
		s += ", once per month"
	}
	if r.Eligibility != "" {
		s += ", only if " + string(r.Eligibility)
	}
	return s + ")"
}

func newScoreRuleAddCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add CODE --class CLASS --points N|A..B [--fine YUAN] [--ladder SPEC] [--desc TEXT] [--desc-zh TEXT]",
		Short:   "Add a rule to the catalog (manager)",
		Example: "  kefu score rule add late-return --class light --points -2..-5 --desc \"late back from break\" --desc-zh 休息后迟归 --as 王芳",
		Args:    args(1, "a rule CODE"),
	}
	opts := ruleFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, a []string) error {
		svc, err := app.service(cmd.Context())
		if err != nil {
			return err
		}
		r, err := svc.ScoreRuleAdd(cmd.Context(), app.As, a[0], opts())
		if err != nil {
			return err
		}
		app.info("added rule %s", ruleSummary(r))
		return nil
	}
	return cmd
}

func newScoreRuleSetCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "set CODE [--class] [--points] [--fine] [--ladder] [--desc] [--desc-zh]",
		Short:   "Change a rule (manager); entries keep their points",
		Example: "  kefu score rule set slow-reply --points -3 --as 王芳\n  kefu score rule set summary-missing --ladder none --as 王芳",
		Args:    args(1, "a rule CODE"),
	}
	opts := ruleFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, a []string) error {
		svc, err := app.service(cmd.Context())
		if err != nil {
			return err
		}
		old, new, err := svc.ScoreRuleSet(cmd.Context(), app.As, a[0], opts())
		if err != nil {
			return err
		}
		app.info("rule %s → %s", ruleSummary(old), ruleSummary(new))
		return nil
	}
	return cmd
}

func newScoreRuleRetireCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "retire CODE",
		Short:   "Retire a rule (manager): it stays for history and takes no new entries",
		Example: "  kefu score rule retire noise --as 王芳",
		Args:    args(1, "a rule CODE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			r, err := svc.ScoreRuleRetire(cmd.Context(), app.As, a[0])
			if err != nil {
				return err
			}
			app.info("retired rule %s; its entries stay", r.Code)
			return nil
		},
	}
}

func newScoreRevertCmd(app *App) *cobra.Command {
	var reason string
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
			id, err := entryID("an entry", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			x, err := svc.ScoreRevert(cmd.Context(), app.As, id, reason)
			if err != nil {
				return err
			}
			app.info("entry %d reverts entry %d: %s %s %s", x.ID, x.Reverts, x.Staff, x.Points.Signed(), x.Rule)
			if format == render.JSON {
				loc, err := svc.Location(cmd.Context())
				if err != nil {
					return err
				}
				return render.WriteJSON(app.Stdout, viewEntry(x, loc))
			}
			app.out("%d", x.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the entry is reversed (required)")
	return cmd
}

func newScoreExamCmd(app *App) *cobra.Command {
	var month string
	var amend bool
	cmd := &cobra.Command{
		Use:   "exam STAFF SCORE [--month YYYY-MM] [--amend]",
		Short: "Record the monthly skills exam (0-100); full marks and below 60 apply their rules",
		Long: `Records a staff member's monthly skills exam. 100 applies exam-full (+5), a score below
score.exam_pass (60) applies exam-below-60 (-10), each as an entry dated in the exam's month.
One exam per staff member and month; --amend replaces it, reverting the entry the old score applied.`,
		Example: "  kefu score exam 张伟 100 --as 陈静\n  kefu score exam 李娜 55 --month 2026-02 --as 陈静\n  kefu score exam 李娜 65 --month 2026-02 --amend --as 陈静",
		Args:    args(2, "STAFF and SCORE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			r, err := svc.ScoreExam(cmd.Context(), app.As, a[0], a[1], month, amend)
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("exam %s of %s: %s", r.Exam.Month, r.Staff, r.Exam.Score.Short())
			if r.Reverted != 0 {
				msg += fmt.Sprintf("; entry %d reverts the earlier result", r.Reverted)
			}
			if r.Applied != "" {
				msg += fmt.Sprintf("; %s %s (entry %d)", r.Applied, r.Points.Signed(), r.EntryID)
			} else {
				msg += "; no rule applies"
			}
			app.info("%s", msg)
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the exam's month (default: this month)")
	cmd.Flags().BoolVar(&amend, "amend", false, "replace the month's recorded exam")
	return cmd
}

func newScoreCloseCmd(app *App) *cobra.Command {
	var month string
	var force bool
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
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			sh, err := svc.ScoreCloseWith(cmd.Context(), app.As, month, force)
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
			app.info("closed %s: the sheet of %d staff (%d with supervisors and managers) is frozen with the policy used; %d open appeal%s",
				sh.Month, listed, len(sh.Rows), appeals, plural(appeals))
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month to close (required)")
	cmd.Flags().BoolVar(&force, "force", false, "close despite open appeals, pending entries or remind not run (manager; recorded)")
	return cmd
}

func newScoreReopenCmd(app *App) *cobra.Command {
	var month, reason string
	cmd := &cobra.Command{
		Use:     "reopen --month YYYY-MM [--reason TEXT]",
		Short:   "Reopen a closed month (manager); its sheet is computed again",
		Example: "  kefu score reopen --month 2026-02 --reason \"补录漏记的考核\" --as 王芳",
		Args:    args(0, "no arguments (the month goes in --month)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			if err := svc.ScoreReopen(cmd.Context(), app.As, month, reason); err != nil {
				return err
			}
			app.info("reopened %s", month)
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month to reopen (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why")
	return cmd
}

// appealView is an appeal in JSON.
type appealView struct {
	ID         int64        `json:"id"`
	Entry      int64        `json:"entry"`
	Staff      string       `json:"staff"`
	Rule       string       `json:"rule"`
	Points     score.Points `json:"points"`
	EntryAt    *string      `json:"entry_at"`
	Reason     string       `json:"reason"`
	At         *string      `json:"at"`
	Status     string       `json:"status"`
	ResolvedBy *string      `json:"resolved_by"`
	ResolvedAt *string      `json:"resolved_at"`
	Resolution string       `json:"resolution"`
	Reversal   *int64       `json:"reversal"`
}

func viewAppeal(a persist.ScoreAppeal, loc *time.Location) appealView {
	return appealView{ID: a.ID, Entry: a.EntryID, Staff: a.Staff, Rule: a.Rule, Points: a.Points, EntryAt: jsonTime(a.EntryAt, loc),
		Reason: a.Reason, At: jsonTime(a.At, loc), Status: a.Status, ResolvedBy: strPtr(a.ResolvedBy), ResolvedAt: jsonTime(a.ResolvedAt, loc),
		Resolution: a.Resolution, Reversal: idPtr(a.ReversalID)}
}

func newScoreAppealCmd(app *App) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "appeal ENTRY --reason TEXT",
		Short: "Appeal (申诉) one of your own entries; a supervisor upholds or reverses it",
		Long: `The staff member an entry scores may appeal it once, with a reason. The sheet shows open
appeals. A supervisor decides with score appeal resolve: uphold keeps the entry, reverse adds the
compensating entry.`,
		Example: "  kefu score appeal 7 --reason \"当天系统故障，不是我的原因\" --as 张伟\n  kefu score appeal resolve 1 reverse --reason \"核实为系统故障\" --as 陈静\n  kefu score appeal list",
		Args:    args(1, "an ENTRY id"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("an entry", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			ap, err := svc.ScoreAppealFile(cmd.Context(), app.As, id, reason)
			if err != nil {
				return err
			}
			app.info("appeal %d filed on entry %d (%s %s %s); a supervisor decides it: kefu score appeal resolve %d uphold|reverse --reason TEXT",
				ap.ID, ap.EntryID, ap.Staff, ap.Points.Signed(), ap.Rule, ap.ID)
			app.out("%d", ap.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the entry is wrong (required)")
	cmd.AddCommand(newScoreAppealResolveCmd(app), newScoreAppealListCmd(app))
	return cmd
}

func newScoreAppealResolveCmd(app *App) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:     "resolve ID uphold|reverse --reason TEXT",
		Short:   "Decide an appeal (supervisor; not of one's own entry)",
		Example: "  kefu score appeal resolve 1 uphold --reason \"记录属实\" --as 陈静\n  kefu score appeal resolve 2 reverse --reason \"核实为系统故障\" --as 陈静",
		Args:    args(2, "an appeal ID and uphold or reverse"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("an appeal", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			ap, err := svc.ScoreAppealResolve(cmd.Context(), app.As, id, a[1], reason)
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("appeal %d %s: entry %d (%s %s %s)", ap.ID, ap.Status, ap.EntryID, ap.Staff, ap.Points.Signed(), ap.Rule)
			if ap.ReversalID != 0 {
				msg += fmt.Sprintf(" is reverted by entry %d", ap.ReversalID)
			} else {
				msg += " stands"
			}
			app.info("%s", msg)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "the decision's reason (required)")
	return cmd
}

func newScoreAppealListCmd(app *App) *cobra.Command {
	var status, staffRef, month string
	cmd := &cobra.Command{
		Use:     "list [--status open|upheld|reversed|all] [--staff NAME] [--month YYYY-MM]",
		Short:   "List appeals (open ones by default)",
		Example: "  kefu score appeal list\n  kefu score appeal list --status all --month 2026-03 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			as, err := svc.ScoreAppealList(cmd.Context(), status, staffRef, month)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			views := []appealView{}
			g := render.Grid{Header: []string{"id", "entry", "staff", "rule", "points", "reason", "filed", "status", "decided by", "resolution"}}
			for _, a := range as {
				views = append(views, viewAppeal(a, loc))
				g.Add(itoa(a.ID), itoa(a.EntryID), a.Staff, a.Rule, a.Points.Signed(), fit(format, a.Reason, 30), dateOf(a.At, loc), a.Status, a.ResolvedBy, fit(format, a.Resolution, 30))
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().StringVar(&status, "status", "open", "open, upheld, reversed or all")
	cmd.Flags().StringVar(&staffRef, "staff", "", "only this staff member's")
	cmd.Flags().StringVar(&month, "month", "", "only appeals of entries dated in this month")
	return cmd
}

// pendingView is a proposed entry in JSON.
type pendingView struct {
	ID         int64        `json:"id"`
	Staff      string       `json:"staff"`
	Rule       string       `json:"rule"`
	Points     score.Points `json:"points"`
	Reason     string       `json:"reason"`
	Ticket     *int64       `json:"ticket"`
	At         *string      `json:"at"`
	ProposedBy string       `json:"proposed_by"`
	ProposedAt *string      `json:"proposed_at"`
	Status     string       `json:"status"`
	DecidedBy  *string      `json:"decided_by"`
	DecidedAt  *string      `json:"decided_at"`
	Note       string       `json:"note"`
	Entry      *int64       `json:"entry"`
}

func viewPending(p persist.ScorePending, loc *time.Location) pendingView {
	return pendingView{ID: p.ID, Staff: p.Staff, Rule: p.Rule, Points: p.Points, Reason: p.Reason, Ticket: idPtr(p.TicketID),
		At: jsonTime(p.At, loc), ProposedBy: p.ProposedBy, ProposedAt: jsonTime(p.CreatedAt, loc), Status: p.Status,
		DecidedBy: strPtr(p.DecidedBy), DecidedAt: jsonTime(p.DecidedAt, loc), Note: p.Note, Entry: idPtr(p.EntryID)}
}

func newScorePendingCmd(app *App) *cobra.Command {
	var staffRef, month string
	var all bool
	cmd := &cobra.Command{
		Use:   "pending [--staff NAME] [--month YYYY-MM] [--all]",
		Short: "Proposed entries awaiting a supervisor (missed handovers, SLA breaches ...)",
		Long: `Other features (a missed handover note, a late first response, a missing weekly summary) propose
entries; they count only once a supervisor confirms them (score confirm ID) and never if
dismissed (score dismiss ID --reason). --all lists decided proposals too.`,
		Example: "  kefu score pending\n  kefu score pending --staff 张伟 --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			ps, err := svc.ScorePendingList(cmd.Context(), staffRef, month, all)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			views := []pendingView{}
			g := render.Grid{Header: []string{"id", "date", "staff", "rule", "points", "reason", "ticket", "proposed by"}}
			if all {
				g.Header = append(g.Header, "status", "decided by", "entry")
			}
			for _, p := range ps {
				views = append(views, viewPending(p, loc))
				row := []string{itoa(p.ID), dateOf(p.At, loc), p.Staff, p.Rule, p.Points.Signed(), fit(format, p.Reason, 30), ticketCell(p.TicketID), p.ProposedBy}
				if all {
					row = append(row, p.Status, p.DecidedBy, ticketCell(p.EntryID))
				}
				g.Add(row...)
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().StringVar(&staffRef, "staff", "", "only this staff member's")
	cmd.Flags().StringVar(&month, "month", "", "only proposals dated in this month")
	cmd.Flags().BoolVar(&all, "all", false, "include confirmed and dismissed proposals")
	return cmd
}

func newScoreConfirmCmd(app *App) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:     "confirm ID [--note TEXT]",
		Short:   "Confirm a proposed entry (supervisor; not one's own): it counts from now on",
		Example: "  kefu score confirm 3 --as 陈静",
		Args:    args(1, "a pending entry ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("a pending entry", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			x, err := svc.ScoreConfirm(cmd.Context(), app.As, id, note)
			if err != nil {
				return err
			}
			app.info("pending entry %d confirmed as entry %d: %s %s %s", id, x.ID, x.Staff, x.Points.Signed(), x.Rule)
			app.out("%d", x.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note on the decision")
	return cmd
}

func newScoreDismissCmd(app *App) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:     "dismiss ID --reason TEXT",
		Short:   "Dismiss a proposed entry (supervisor; not one's own): it never counts",
		Example: "  kefu score dismiss 3 --reason \"已提前报备\" --as 陈静",
		Args:    args(1, "a pending entry ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("a pending entry", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			p, err := svc.ScoreDismiss(cmd.Context(), app.As, id, reason)
			if err != nil {
				return err
			}
			app.info("pending entry %d dismissed: %s %s %s", p.ID, p.Staff, p.Points.Signed(), p.Rule)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why it does not count (required)")
	return cmd
}

// yearMonthView is one month of score year's JSON.
type yearMonthView struct {
	Month string        `json:"month"`
	Total *score.Points `json:"total"`
	Grade *string       `json:"grade"`
}

// yearView is one staff member's year in JSON.
type yearView struct {
	Staff        string          `json:"staff"`
	Team         string          `json:"team"`
	Months       []yearMonthView `json:"months"`
	Average      *score.Points   `json:"average"`
	AverageGrade string          `json:"average_grade"`
}

func newScoreYearCmd(app *App) *cobra.Command {
	var year int
	var team string
	var all bool
	cmd := &cobra.Command{
		Use:     "year [--year YYYY] [--team TEAM] [--all]",
		Short:   "Each month's total and grade per staff member, and the year's average",
		Example: "  kefu score year\n  kefu score year --year 2025 --format csv",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			y, err := svc.ScoreYear(cmd.Context(), year, team, all)
			if err != nil {
				return err
			}
			views := []yearView{}
			g := render.Grid{Header: []string{"staff", "team"}}
			for _, m := range y.Months {
				g.Header = append(g.Header, m.String())
			}
			g.Header = append(g.Header, "average")
			for _, r := range y.Rows {
				v := yearView{Staff: r.Staff, Team: r.Team, Average: r.Average, AverageGrade: r.AverageGrade}
				row := []string{r.Staff, r.Team}
				for i, m := range y.Months {
					mv := yearMonthView{Month: m.String(), Total: r.Totals[i]}
					cell := ""
					if r.Totals[i] != nil {
						g := r.Grades[i]
						mv.Grade = &g
						cell = r.Totals[i].String() + " " + g
					}
					v.Months = append(v.Months, mv)
					row = append(row, cell)
				}
				row = append(row, r.Average.String()+" "+r.AverageGrade)
				views = append(views, v)
				g.Add(row...)
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "the year (default: this year)")
	cmd.Flags().StringVar(&team, "team", "", "only this team")
	cmd.Flags().BoolVar(&all, "all", false, "add supervisors and managers")
	return cmd
}
