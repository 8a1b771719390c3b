package core

import (
	"strconv"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/staff"
)

// proposeBreach proposes the pending score entry of a breach under rule (remind.propose); once
// per breach, by its key. created is false when it was proposed before or the rule is retired.
func (e *env) proposeBreach(rule string, b breach) (remind.Proposal, bool, error) {
	// propose is proposeEntry returning the new entry's id, which the report names.
	id, created, err := e.propose(ProposedEntry{StaffID: b.staffID, Rule: rule, Reason: b.reason, TicketID: b.ticket, At: b.at, Key: b.key})
	if err != nil {
		return remind.Proposal{}, false, err
	}
	return remind.Proposal{EntryID: id, Rule: rule, Staff: b.staff, TicketID: b.ticket, Reason: b.reason}, created, nil
}

// checkProposalRules drops, with a warning, the targets mapped to a rule the catalog lacks:
// their breaches propose nothing until the policy or the catalog is fixed.
func (e *env) checkProposalRules(mapped map[string]string) ([]string, error) {
	var warnings []string
	for _, target := range policy.ProposeTargets {
		if _, ok := mapped[target]; !ok {
			continue
		}
		if _, err := e.tx.ScoreRule(mapped[target]); err != nil {
			if !errs.Is(err, errs.NotFound) {
				return nil, err
			}
			warnings = append(warnings, i18n.Sprintf("policy remind.propose maps %s to rule %q, which is not in the catalog: nothing proposed for it (kefu score rules)", target, mapped[target]))
			delete(mapped, target)
		}
	}
	return warnings, nil
}

// remindScore adds the open appeals and pending score entries, waiting for a supervisor (not
// the staff member concerned).
func (e *env) remindScore(r *remind.Report, sups []staff.Staff) error {
	teams, err := e.staffTeams()
	if err != nil {
		return err
	}
	everyone, err := e.listStaff(persist.StaffFilter{IncludeOff: true})
	if err != nil {
		return err
	}
	roles := map[int64]access.Role{}
	for _, st := range everyone {
		roles[st.ID] = st.Role
	}
	// Who may decide: those who appraise the staff member concerned (a supervisor's: managers).
	deciders := func(staffID int64) []string {
		var names []string
		for _, st := range sups {
			if access.Appraise(st.Actor(), staffID, roles[staffID], "") == nil {
				names = append(names, st.Name)
			}
		}
		return names
	}
	appeals, err := e.tx.ScoreAppeals(persist.ScoreFilter{Status: "open"})
	if err != nil {
		return err
	}
	for _, a := range appeals {
		act := deciders(a.StaffID)
		id := strconv.FormatInt(a.ID, 10)
		r.Items = append(r.Items, remind.Item{Group: remind.Waiting, Kind: remind.Appeal, Key: "appeal:" + id, Ref: "appeal " + id,
			Subject: i18n.Sprintf("%s %s for %s (entry %d)", a.Rule, a.Points.Signed(), a.Staff, a.EntryID), Since: a.At, Act: act,
			Team: teams[a.StaffID], Note: i18n.Sprintf("kefu score appeal resolve %s uphold|reverse", id)})
	}
	pending, err := e.tx.ScorePendingEntries(persist.ScoreFilter{Status: "pending"})
	if err != nil {
		return err
	}
	for _, p := range pending {
		act := deciders(p.StaffID)
		id := strconv.FormatInt(p.ID, 10)
		r.Items = append(r.Items, remind.Item{Group: remind.Waiting, Kind: remind.PendingEntry, Key: "pending:" + id, Ref: "pending " + id,
			TicketID: p.TicketID, Subject: i18n.Sprintf("%s %s for %s", p.Rule, p.Points.Signed(), p.Staff), Since: p.CreatedAt, Act: act,
			Team: teams[p.StaffID], Note: i18n.Sprintf("kefu score confirm|dismiss %s", id)})
	}
	return nil
}
