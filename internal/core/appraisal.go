package core

import (
	"context"
	"fmt"
	"github.com/kefu/kefu/internal/audit"
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
		if err := e.event("complaint_verdict", v.ID, "recorded", audit.ComplaintVerdictRecorded{Ticket: tk.ID, Staff: st.Name, Valid: o.Valid,
			Argument: o.Argument, Reason: o.Reason, At: at.UTC().Format(time.RFC3339)}); err != nil {
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
		vals, err := e.values()
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
			m, err := e.parseMonth(month)
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
