package core

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/when"
)

// The appraisal as the department runs it: bonus limits and conditions, complaint verdicts,
// the department fund and the month's award candidates.

// performances are the agents' figures for the top-of-month ranking: tickets resolved, quality
// checks and the month's deductions.
func (e *env) performances(m when.Month) (map[int64]score.Performance, error) {
	sp := e.monthDays(m)
	stats, err := e.tx.AgentStatsFor(sp.Start, sp.End)
	if err != nil {
		return nil, err
	}
	settings, err := e.scoreSettings()
	if err != nil {
		return nil, err
	}
	rs, err := e.tx.ScoreRules()
	if err != nil {
		return nil, err
	}
	es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
	if err != nil {
		return nil, err
	}
	byStaff := map[int64][]score.Entry{}
	for _, x := range es {
		byStaff[x.StaffID] = append(byStaff[x.StaffID], x.Entry())
	}
	out := map[int64]score.Performance{}
	for _, a := range stats {
		if a.Role != string(access.Agent) {
			continue
		}
		t := score.TallyEntries(settings, ruleMap(rs), byStaff[a.StaffID])
		out[a.StaffID] = score.Performance{StaffID: a.StaffID, Resolved: a.Resolved, Correct: a.Correct, Checked: a.Checked, Deductions: t.Deductions + t.Extra}
	}
	return out, nil
}

// topOfMonth is who is top of the department in m, with everyone's figures.
func (e *env) topOfMonth(m when.Month) (map[int64]bool, map[int64]score.Performance, error) {
	perf, err := e.performances(m)
	if err != nil {
		return nil, nil, err
	}
	ps := make([]score.Performance, 0, len(perf))
	for _, p := range perf {
		ps = append(ps, p)
	}
	return score.TopOfMonthIDs(ps), perf, nil
}

// standing gathers what the bonus conditions look at for a staff member's month; top is
// topOfMonth's answer, nil to compute it.
func (e *env) standing(st staff.Staff, m when.Month, top map[int64]bool) (score.Standing, error) {
	var out score.Standing
	t, err := e.staffTally(st.ID, m)
	if err != nil {
		return out, err
	}
	for _, ln := range t.Lines {
		if ln.Counts && ln.Class.Violation() {
			out.Violations = append(out.Violations, ln.Rule)
		}
	}
	vs, err := e.tx.Verdicts(persist.VerdictFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID, ValidOnly: true})
	if err != nil {
		return out, err
	}
	out.ValidComplaints = len(vs)
	if top == nil {
		if top, _, err = e.topOfMonth(m); err != nil {
			return out, err
		}
	}
	out.Top = top[st.ID]
	exams, err := e.tx.ScoreExams(m.String())
	if err != nil {
		return out, err
	}
	if x, ok := exams[st.ID]; ok {
		out.Exam = &x
	}
	return out, nil
}

// checkBonusLimits refuses an entry under r that the rule's limits bar: a second counted entry
// in the month of a once-per-month rule, or a staff member who does not meet its condition.
func (e *env) checkBonusLimits(r score.Rule, st staff.Staff, at time.Time) error {
	if !r.OncePerMonth && r.Eligibility == "" {
		return nil
	}
	m := when.MonthOf(at, e.loc)
	if r.OncePerMonth {
		es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID, Rule: r.Code})
		if err != nil {
			return err
		}
		for _, x := range es {
			if x.Reverts == 0 && x.RevertedBy == 0 {
				return errs.Invalidf("rule %s counts once per month: %s already has it in %s (entry %d)", r.Code, st.Name, m, x.ID)
			}
		}
	}
	if r.Eligibility == "" {
		return nil
	}
	sd, err := e.standing(st, m, nil)
	if err != nil {
		return err
	}
	if err := r.Eligibility.Check(st.Name, m.String(), sd); err != nil {
		return errs.Invalidf("rule %s needs %s: %v", r.Code, r.Eligibility, err).WithHint("kefu score candidates --month %s", m)
	}
	return nil
}

// Complaint verdicts.

// VerdictOptions are complaint verdict's arguments.
type VerdictOptions struct {
	Ticket   int64
	Valid    bool
	Against  string
	Reason   string
	Argument bool // the agent argued with the customer (与客户争吵): also customer-argument
	At       string
}

// VerdictRecorded is what complaint verdict did.
type VerdictRecorded struct {
	Verdict  persist.Verdict
	Proposed []persist.ScorePending
}

// ComplaintVerdict records whether a complaint against a staff member was valid (supervisor).
// A valid verdict proposes the rule of policy complaint.verdict_rule (the complaint fine
// ladder) and, with Argument, customer-argument; both wait for a supervisor like every proposal.
func (s *Service) ComplaintVerdict(ctx context.Context, as string, o VerdictOptions) (VerdictRecorded, error) {
	var out VerdictRecorded
	if o.Against == "" {
		return out, errs.Invalidf("complaint verdict needs --against STAFF, the agent the complaint was about")
	}
	if err := checkReason(o.Reason, "complaint verdict", true); err != nil {
		return out, err
	}
	if o.Argument && !o.Valid {
		return out, errs.Invalidf("--argument goes with a valid verdict: an invalid complaint proves no argument")
	}
	err := s.write(ctx, as, access.Supervise, "complaint verdict", func(e *env) error {
		tk, err := e.tx.Ticket(o.Ticket)
		if err != nil {
			return err
		}
		if tk.Kind != "complaint" {
			return errs.Invalidf("ticket %d is not a complaint (kind %s): verdicts are for complaints", tk.ID, tk.Kind)
		}
		st, err := e.tx.StaffByName(o.Against)
		if err != nil {
			return err
		}
		if err := access.NotSelf(e.actor, st.ID, "complaint verdict"); err != nil {
			return err
		}
		at, err := e.at(o.At)
		if err != nil {
			return err
		}
		if err := e.notBefore(at, &tk, "verdict"); err != nil {
			return err
		}
		v := persist.Verdict{TicketID: tk.ID, StaffID: st.ID, Staff: st.Name, Valid: o.Valid, Argument: o.Argument, Reason: o.Reason, At: at}
		if err := e.tx.InsertVerdict(&v, e.actor.ID); err != nil {
			return err
		}
		if err := e.event("complaint_verdict", v.ID, "recorded", map[string]any{"ticket": tk.ID, "staff": st.Name, "valid": o.Valid,
			"argument": o.Argument, "reason": o.Reason, "at": at.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		vs, err := e.tx.Verdicts(persist.VerdictFilter{TicketID: tk.ID, StaffID: st.ID})
		if err != nil || len(vs) == 0 {
			return err
		}
		out.Verdict = vs[0]
		if !o.Valid {
			return nil
		}
		vals, err := e.policy.Values()
		if err != nil {
			return err
		}
		var rules []string
		if vals.VerdictRule != "" {
			rules = append(rules, vals.VerdictRule)
		}
		if o.Argument {
			rules = append(rules, score.ArgumentCode)
		}
		for _, code := range rules {
			reason := fmt.Sprintf("valid complaint %d: %s", tk.ID, o.Reason)
			id, created, err := e.propose(ProposedEntry{StaffID: st.ID, Rule: code, Reason: reason, TicketID: tk.ID, At: at,
				Key: fmt.Sprintf("verdict:%d:%s", v.ID, code)})
			if err != nil {
				return err
			}
			if created {
				p, err := e.tx.ScorePendingEntry(id)
				if err != nil {
					return err
				}
				out.Proposed = append(out.Proposed, p)
			}
		}
		return nil
	})
	return out, err
}

// VerdictRuleKey is the policy key naming the rule a valid complaint verdict proposes.
const VerdictRuleKey = "complaint.verdict_rule"

// ComplaintVerdicts lists verdicts of a month (empty: all), a staff member or a complaint.
func (s *Service) ComplaintVerdicts(ctx context.Context, month, staffRef string, ticketID int64) ([]persist.Verdict, error) {
	var out []persist.Verdict
	err := s.read(ctx, func(e *env) error {
		f := persist.VerdictFilter{TicketID: ticketID}
		if month != "" {
			m, err := when.ParseMonth(month)
			if err != nil {
				return err
			}
			f.From, f.To = m.Start(e.loc), m.End(e.loc)
		}
		if staffRef != "" {
			st, err := e.tx.StaffByName(staffRef)
			if err != nil {
				return err
			}
			f.StaffID = st.ID
		}
		var err error
		out, err = e.tx.Verdicts(f)
		return err
	})
	return out, err
}

// The department fund (部门基金): every fine goes in, a manager records what is spent.

// FundMonth is one month of the fund: the balance carried in, the month's fines and spending,
// and the balance carried out.
type FundMonth struct {
	Month   when.Month
	Opening score.Fen
	Fines   score.Fen
	Spent   score.Fen
	Closing score.Fen
}

// FundView is score fund's answer: the months asked for and their spending.
type FundView struct {
	Months   []FundMonth
	Spending []persist.Spending
}

// fundMonths computes the fund month by month from the first month with activity through last.
func (e *env) fundMonths(last when.Month) ([]FundMonth, error) {
	first, ok, err := e.tx.FirstActivity()
	if err != nil || !ok {
		return nil, err
	}
	m := when.MonthOf(first, e.loc)
	var out []FundMonth
	var balance score.Fen
	for ; !monthBefore(last, m); m = nextMonth(m) {
		fines, err := e.monthFines(m)
		if err != nil {
			return nil, err
		}
		fm := FundMonth{Month: m, Opening: balance, Fines: fines}
		sp, err := e.tx.Spendings(m.Start(e.loc), m.End(e.loc))
		if err != nil {
			return nil, err
		}
		for _, x := range sp {
			fm.Spent += x.Amount
		}
		balance += fm.Fines - fm.Spent
		fm.Closing = balance
		out = append(out, fm)
	}
	return out, nil
}

// monthFines adds up the fines of a month's sheet: the frozen sheet of a closed month, else the
// entries tallied under the current catalog (the sheet's own arithmetic, without its reports).
func (e *env) monthFines(m when.Month) (score.Fen, error) {
	mp, err := e.monthPolicy(m)
	if err != nil {
		return 0, err
	}
	var total score.Fen
	if mp.closed != nil {
		for _, r := range mp.frozen {
			total += r.Fines
		}
		return total, nil
	}
	es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
	if err != nil {
		return 0, err
	}
	byStaff := map[int64][]score.Entry{}
	for _, x := range es {
		byStaff[x.StaffID] = append(byStaff[x.StaffID], x.Entry())
	}
	rules := ruleMap(mp.rules)
	for _, list := range byStaff {
		total += score.TallyEntries(mp.settings, rules, list).Fines
	}
	return total, nil
}

// ScoreFund shows the fund for a month (default: this month) or, with year, each month of it.
func (s *Service) ScoreFund(ctx context.Context, month string, year int) (FundView, error) {
	var v FundView
	err := s.read(ctx, func(e *env) error {
		now := when.MonthOf(e.tx.Time(), e.loc)
		from, to := now, now
		switch {
		case year != 0 && month != "":
			return errs.Invalidf("score fund takes --month or --year, not both")
		case year != 0:
			if year < 2000 || year > now.Year {
				return errs.Invalidf("--year %d: use a year from 2000 to %d", year, now.Year)
			}
			from, to = when.Month{Year: year, Month: time.January}, when.Month{Year: year, Month: time.December}
			if monthBefore(now, to) {
				to = now
			}
		case month != "":
			m, err := when.ParseMonth(month)
			if err != nil {
				return err
			}
			if monthBefore(now, m) {
				return errs.Invalidf("--month %s has not begun", m)
			}
			from, to = m, m
		}
		all, err := e.fundMonths(to)
		if err != nil {
			return err
		}
		for _, fm := range all {
			if !monthBefore(fm.Month, from) {
				v.Months = append(v.Months, fm)
			}
		}
		if len(v.Months) == 0 {
			v.Months = []FundMonth{{Month: to}}
		}
		v.Spending, err = e.tx.Spendings(from.Start(e.loc), to.End(e.loc))
		return err
	})
	return v, err
}

// ScoreFundSpend records spending from the fund (manager); the fund cannot go below zero.
func (s *Service) ScoreFundSpend(ctx context.Context, as, amount, reason, at string) (persist.Spending, FundMonth, error) {
	var out persist.Spending
	var fm FundMonth
	f, err := score.ParseYuan(amount)
	if err != nil || f == 0 {
		return out, fm, errs.Invalidf("amount %q: use a positive number of yuan with at most two decimals (fen), e.g. 120 or 35.50", amount)
	}
	if err := checkReason(reason, "score fund spend", true); err != nil {
		return out, fm, err
	}
	err = s.write(ctx, as, access.ManagePolicy, "score fund spend", func(e *env) error {
		t, err := e.at(at)
		if err != nil {
			return err
		}
		months, err := e.fundMonths(when.MonthOf(t, e.loc))
		if err != nil {
			return err
		}
		var balance score.Fen
		if len(months) > 0 {
			balance = months[len(months)-1].Closing
		}
		if f > balance {
			return errs.Invalidf("the fund holds %s yuan; it cannot pay %s", balance, f)
		}
		out = persist.Spending{At: t, Amount: f, Reason: reason, RecordedBy: e.actor.Name}
		if err := e.tx.InsertSpending(&out, e.actor.ID); err != nil {
			return err
		}
		fm = months[len(months)-1]
		fm.Spent += f
		fm.Closing -= f
		return e.event("fund", out.ID, "spent", map[string]any{"amount": f.String(), "reason": reason, "at": t.UTC().Format(time.RFC3339)})
	})
	return out, fm, err
}

// Candidates for the month's bonuses and awards.

// Candidate is a staff member who qualifies for a bonus or award, with the figures that do.
type Candidate struct {
	Award   string // a bonus rule code, or an award name
	Staff   string
	Team    string
	Figures string
	Has     bool // the bonus is already recorded this month
}

// ScoreCandidates lists who qualifies for each monthly bonus (rules with a condition) and the
// regulations' awards (服务明星, 优秀团队, 业绩奖, 特别奖), for a supervisor to confirm.
func (s *Service) ScoreCandidates(ctx context.Context, month string) (when.Month, []Candidate, error) {
	var out []Candidate
	var m when.Month
	err := s.read(ctx, func(e *env) error {
		var err error
		if m, err = e.scoreMonth(month); err != nil {
			return err
		}
		sh, err := e.monthSheet(m)
		if err != nil {
			return err
		}
		rs, err := e.tx.ScoreRules()
		if err != nil {
			return err
		}
		top, perf, err := e.topOfMonth(m)
		if err != nil {
			return err
		}
		es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
		if err != nil {
			return err
		}
		has := map[string]bool{}
		for _, x := range es {
			if x.Reverts == 0 && x.RevertedBy == 0 {
				has[fmt.Sprintf("%s/%d", x.Rule, x.StaffID)] = true
			}
		}
		agents := slices.DeleteFunc(slices.Clone(sh.Rows), func(r score.Row) bool { return r.Role != string(access.Agent) })
		for _, r := range rs {
			if r.Retired || r.Class != score.Bonus || r.Eligibility == "" {
				continue
			}
			for _, row := range agents {
				st, err := e.tx.StaffByID(row.StaffID)
				if err != nil {
					return err
				}
				sd, err := e.standing(st, m, top)
				if err != nil {
					return err
				}
				if r.Eligibility.Check(st.Name, m.String(), sd) != nil {
					continue
				}
				out = append(out, Candidate{Award: r.Code, Staff: st.Name, Team: st.Team, Figures: conditionFigures(r.Eligibility, sd, perf[st.ID]),
					Has: has[fmt.Sprintf("%s/%d", r.Code, st.ID)]})
			}
		}
		// 服务明星: the best total of the month among agents with no violation.
		var best *score.Row
		for i, row := range agents {
			if row.Deductions == 0 && row.Fines == 0 && (best == nil || row.Total > best.Total) {
				best = &agents[i]
			}
		}
		for _, row := range agents {
			if best != nil && row.Total == best.Total && row.Deductions == 0 && row.Fines == 0 {
				out = append(out, Candidate{Award: "service-star 服务明星", Staff: row.Staff, Team: row.Team,
					Figures: fmt.Sprintf("total %s, no deductions or fines", row.Total)})
			}
		}
		// 优秀团队: the team with the best average total.
		sums, counts := map[string]score.Points{}, map[string]int64{}
		for _, row := range agents {
			if row.Team != "" {
				sums[row.Team] += row.Total
				counts[row.Team]++
			}
		}
		var bestAvg score.Points
		var teams []string
		for t := range sums {
			avg := sums[t].DivRound(counts[t])
			switch {
			case len(teams) == 0 || avg > bestAvg:
				bestAvg, teams = avg, []string{t}
			case avg == bestAvg:
				teams = append(teams, t)
			}
		}
		slices.Sort(teams)
		if len(sums) > 1 {
			for _, t := range teams {
				out = append(out, Candidate{Award: "best-team 优秀团队", Team: t, Figures: fmt.Sprintf("average total %s over %d agents", bestAvg, counts[t])})
			}
		}
		// 业绩奖 and 特别奖: pre-sale commission and the top seller, from the sheet.
		for _, row := range agents {
			if row.Commission > 0 {
				out = append(out, Candidate{Award: "commission 业绩奖", Staff: row.Staff, Team: row.Team,
					Figures: fmt.Sprintf("sales %s, conversion %d/%d, rate %s, commission %s", row.Sales, row.PresaleConverted, row.PresaleResolved, row.CommissionRate, row.Commission)})
			}
			if row.TopSeller {
				out = append(out, Candidate{Award: "top-seller 特别奖", Staff: row.Staff, Team: row.Team,
					Figures: fmt.Sprintf("top seller %s month running, bonus %s", score.Ordinal(row.TopStreak), row.TopBonus)})
			}
		}
		return nil
	})
	return m, out, err
}

func conditionFigures(c score.Condition, sd score.Standing, p score.Performance) string {
	switch c {
	case score.NoViolation:
		return "no violation"
	case score.NoValidComplaint:
		return "no valid complaint"
	case score.TopOfMonth:
		return "top: " + p.Describe() + "; no violation"
	case score.Exam100:
		return "exam 100"
	}
	return strings.TrimSpace(string(c))
}

// monthBefore reports whether a is earlier than b.
func monthBefore(a, b when.Month) bool {
	return a.Year < b.Year || a.Year == b.Year && a.Month < b.Month
}

func nextMonth(m when.Month) when.Month {
	if m.Month == time.December {
		return when.Month{Year: m.Year + 1, Month: time.January}
	}
	return when.Month{Year: m.Year, Month: m.Month + 1}
}
