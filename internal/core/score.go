package core

import (
	"context"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// The points appraisal (绩效考核): the rule catalog, entries and proposals, exams, the monthly
// sheet with its explanation, month close and appeals. The arithmetic is internal/score's.

const maxReason = 2000

// checkReason validates a --reason; what names the command for the message when it is missing.
func checkReason(reason, what string, required bool) error {
	if required && strings.TrimSpace(reason) == "" {
		return errs.Invalidf("%s needs --reason TEXT", what)
	}
	return ticket.CheckText("reason", reason, maxReason, false)
}

// scoreMonth parses --month; empty is the current month in the team's zone.
func (e *env) scoreMonth(s string) (when.Month, error) {
	if s == "" {
		return when.MonthOf(e.tx.Time(), e.loc), nil
	}
	return e.parseMonth(s)
}

func (e *env) scoreSettings() (score.Settings, error) {
	vals, err := e.values()
	return vals.Score, err
}

func ruleMap(rs []score.Rule) map[string]score.Rule {
	m := make(map[string]score.Rule, len(rs))
	for _, r := range rs {
		m[r.Code] = r
	}
	return m
}

// ensureOpen refuses a change dated in a closed month.
func (e *env) ensureOpen(t time.Time) error {
	m := when.MonthOf(t, e.loc)
	c, closed, err := e.tx.ScoreCloseFor(m.String())
	if err != nil || !closed {
		return err
	}
	return errs.Invalidf("%s is closed (by %s on %s): nothing dated in it can change until a manager reopens it",
		m, c.ClosedBy, c.ClosedAt.In(e.loc).Format("2006-01-02")).WithHint("kefu score reopen --month %s --as MANAGER", m)
}

// usableRule reads a rule for a new entry: it must exist and not be retired.
func (e *env) usableRule(code string) (score.Rule, error) {
	r, err := e.tx.ScoreRule(code)
	if err != nil {
		return r, err
	}
	if r.Retired {
		return r, errs.Invalidf("rule %s is retired: it stays for history but takes no new entries", code).WithHint("kefu score rules")
	}
	return r, nil
}

// scorable checks that st can receive an entry dated at: not after they were deactivated.
func scorable(st staff.Staff, at time.Time, loc *time.Location) error {
	if !st.Active && st.DeactivatedAt != nil && at.After(*st.DeactivatedAt) {
		return errs.Invalidf("%s was deactivated on %s; an entry for them must be dated before that", st.Name, st.DeactivatedAt.In(loc).Format("2006-01-02"))
	}
	return nil
}

// checkDiscretion keeps the discretionary points of a staff member's month within the
// rule's range (−5..+5 by default) after delta more count.
func (e *env) checkDiscretion(st int64, name string, at time.Time, delta score.Points) error {
	r, err := e.tx.ScoreRule(score.DiscretionCode)
	if err != nil {
		return err
	}
	m := when.MonthOf(at, e.loc)
	es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st, Rule: score.DiscretionCode})
	if err != nil {
		return err
	}
	var net score.Points
	for _, x := range es {
		if x.Reverts == 0 && x.RevertedBy == 0 {
			net += x.Points
		}
	}
	if after := net + delta; after < r.Min || after > r.Max {
		return errs.Invalidf("discretionary points are limited to %s net per month: %s has %s in %s, and this would make it %s",
			r.PointsSpec(), name, net.Signed(), m, after.Signed())
	}
	return nil
}

// ScoreAddOptions are score add's arguments.
type ScoreAddOptions struct {
	Staff  string
	Rule   string
	Points string // empty: the rule's fixed points
	Reason string
	Ticket int64
	At     string
	// Propose stores a pending entry for a supervisor to confirm instead of recording it.
	Propose bool
}

// ScoreAdded is what score add did: the entry (or the proposal) and how it counts in its month.
type ScoreAdded struct {
	Entry    persist.ScoreEntry
	Pending  *persist.ScorePending
	Month    when.Month
	Line     score.Line
	Tally    score.Tally
	ExtraNow bool // this entry brought the automatic extra
}

func parseOptionalPoints(s string) (*score.Points, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	p, err := score.ParsePoints(s)
	if err != nil {
		return nil, errs.Invalidf("--points: %v", err)
	}
	return &p, nil
}

// ScoreAdd records an entry for a staff member under a rule. Scorers are supervisors or
// managers, never for themselves; a rule with a range needs points inside it; discretion needs a
// reason and stays within its net monthly range; entries dated in a closed month are refused.
func (s *Service) ScoreAdd(ctx context.Context, as string, o ScoreAddOptions) (ScoreAdded, error) {
	var out ScoreAdded
	pts, err := parseOptionalPoints(o.Points)
	if err != nil {
		return out, err
	}
	if o.Rule == score.DiscretionCode && strings.TrimSpace(o.Reason) == "" {
		return out, errs.Invalidf("a discretionary entry needs --reason TEXT saying why")
	}
	if err := checkReason(o.Reason, "score add", false); err != nil {
		return out, err
	}
	what := "score add"
	err = s.write(ctx, as, access.Work, what, func(e *env) error {
		st, err := e.tx.StaffByName(o.Staff)
		if err != nil {
			return err
		}
		if err := access.Appraise(e.actor, st.ID, st.Role, what); err != nil {
			return err
		}
		r, err := e.usableRule(o.Rule)
		if err != nil {
			return err
		}
		if o.Propose && r.Class == score.Discretion {
			return errs.Invalidf("discretionary points are given, not proposed: leave out --pending")
		}
		at, err := e.at(o.At)
		if err != nil {
			return err
		}
		if err := scorable(st, at, e.loc); err != nil {
			return err
		}
		if o.Ticket != 0 {
			if _, err := e.tx.Ticket(o.Ticket); err != nil {
				return err
			}
		}
		out.Month = when.MonthOf(at, e.loc)
		if o.Propose {
			p := ProposedEntry{StaffID: st.ID, Rule: r.Code, Points: pts, Reason: o.Reason, TicketID: o.Ticket, At: at}
			id, _, err := e.propose(p)
			if err != nil {
				return err
			}
			pe, err := e.tx.ScorePendingEntry(id)
			out.Pending = &pe
			return err
		}
		p, err := r.Resolve(pts)
		if err != nil {
			return err
		}
		if err := e.ensureOpen(at); err != nil {
			return err
		}
		if r.Class == score.Discretion {
			if err := e.checkDiscretion(st.ID, st.Name, at, p); err != nil {
				return err
			}
		}
		if err := e.checkBonusLimits(r, st, at); err != nil {
			return err
		}
		before, err := e.staffTally(st.ID, out.Month)
		if err != nil {
			return err
		}
		id, err := e.tx.InsertScoreEntry(persist.NewScoreEntry{StaffID: st.ID, Rule: r.Code, Points: p, Reason: o.Reason,
			TicketID: o.Ticket, At: at, RecordedBy: e.actor.ID})
		if err != nil {
			return err
		}
		if err := e.event("score_entry", id, "added", audit.ScoreEntryAdded{Staff: st.Name, Rule: r.Code, Points: p.String(),
			Reason: o.Reason, Ticket: audit.RefID(o.Ticket), At: at.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		if out.Entry, err = e.tx.ScoreEntry(id); err != nil {
			return err
		}
		if out.Tally, err = e.staffTally(st.ID, out.Month); err != nil {
			return err
		}
		out.ExtraNow = before.Extra == 0 && out.Tally.Extra != 0
		for _, ln := range out.Tally.Lines {
			if ln.ID == id {
				out.Line = ln
			}
		}
		return nil
	})
	return out, err
}

// appraise refuses acting on a score of staff member id unless the actor appraises them
// (access.Appraise): a proposal or appeal concerning a supervisor waits for a manager.
func (e *env) appraise(id int64, what string) error {
	st, err := e.tx.StaffByID(id)
	if err != nil {
		return err
	}
	return access.Appraise(e.actor, st.ID, st.Role, what)
}

// staffTally adds up one staff member's month under the current policy and catalog.
func (e *env) staffTally(staffID int64, m when.Month) (score.Tally, error) {
	st, err := e.scoreSettings()
	if err != nil {
		return score.Tally{}, err
	}
	rs, err := e.tx.ScoreRules()
	if err != nil {
		return score.Tally{}, err
	}
	es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: staffID})
	if err != nil {
		return score.Tally{}, err
	}
	return score.TallyEntries(st, ruleMap(rs), entriesOf(es)), nil
}

func entriesOf(es []persist.ScoreEntry) []score.Entry {
	out := make([]score.Entry, len(es))
	for i, x := range es {
		out[i] = x.Entry()
	}
	return out
}

// revertEntry records the compensating entry of x, dated like x so it lands in x's month.
func (e *env) revertEntry(x persist.ScoreEntry, reason, cause string) (int64, error) {
	switch {
	case x.Reverts != 0:
		return 0, errs.Invalidf("entry %d is itself the reversal of entry %d and cannot be reverted", x.ID, x.Reverts)
	case x.RevertedBy != 0:
		return 0, errs.Conflictf("entry %d was already reverted by entry %d", x.ID, x.RevertedBy)
	}
	if err := e.ensureOpen(x.At); err != nil {
		return 0, err
	}
	if x.Class == score.Discretion {
		if err := e.checkDiscretion(x.StaffID, x.Staff, x.At, -x.Points); err != nil {
			return 0, err
		}
	}
	id, err := e.tx.InsertScoreEntry(persist.NewScoreEntry{StaffID: x.StaffID, Rule: x.Rule, Points: -x.Points, Reason: reason,
		TicketID: x.TicketID, At: x.At, RecordedBy: e.actor.ID, Reverts: x.ID})
	if err != nil {
		return 0, err
	}
	return id, e.event("score_entry", id, "reverted", audit.ScoreEntryReverted{Reverts: x.ID, Staff: x.Staff, Rule: x.Rule,
		Points: (-x.Points).String(), Reason: reason, Cause: cause})
}

// ScoreRevert reverses an entry with a compensating one; nothing is deleted or edited.
func (s *Service) ScoreRevert(ctx context.Context, as string, id int64, reason string) (persist.ScoreEntry, error) {
	var out persist.ScoreEntry
	if err := checkReason(reason, "score revert", true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Supervise, "score revert", func(e *env) error {
		x, err := e.tx.ScoreEntry(id)
		if err != nil {
			return err
		}
		if err := e.appraise(x.StaffID, "score revert"); err != nil {
			return err
		}
		if x.AppealStatus == "open" {
			return errs.Invalidf("entry %d has an open appeal (%d): decide the appeal instead", x.ID, x.AppealID).
				WithHint("kefu score appeal resolve %d reverse --reason TEXT", x.AppealID)
		}
		rid, err := e.revertEntry(x, reason, "revert")
		if err != nil {
			return err
		}
		out, err = e.tx.ScoreEntry(rid)
		return err
	})
	return out, err
}

// ScoreListOptions are score list's filters.
type ScoreListOptions struct {
	Staff, Month, Rule string
}

// ScoreList lists the month's entries, reversals included, in time order.
func (s *Service) ScoreList(ctx context.Context, o ScoreListOptions) (when.Month, []persist.ScoreEntry, error) {
	var m when.Month
	var out []persist.ScoreEntry
	err := s.read(ctx, func(e *env) error {
		var err error
		if m, err = e.scoreMonth(o.Month); err != nil {
			return err
		}
		f := persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), Rule: o.Rule}
		if o.Staff != "" {
			st, err := e.tx.StaffByName(o.Staff)
			if err != nil {
				return err
			}
			f.StaffID = st.ID
		}
		if o.Rule != "" {
			if _, err := e.tx.ScoreRule(o.Rule); err != nil {
				return err
			}
		}
		out, err = e.tx.ScoreEntries(f)
		return err
	})
	return m, out, err
}
