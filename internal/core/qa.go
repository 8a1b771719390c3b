package core

import (
	"context"
	"math/rand/v2"
	"sort"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// QASampleOptions are qa sample's flags.
type QASampleOptions struct {
	N     int
	Month string
	Agent string
	Seed  *uint64
}

// QASample is a reproducible random pick of resolved tickets not yet checked.
type QASample struct {
	Month      when.Month
	Seed       uint64
	Candidates int
	Tickets    []ticket.Ticket
}

// QASampleTickets picks tickets resolved in the month (and held by the agent), not yet checked,
// at random; the same seed over the same data picks the same tickets.
func (s *Service) QASampleTickets(ctx context.Context, o QASampleOptions) (QASample, error) {
	var out QASample
	if o.N <= 0 || o.N > 1000 {
		return out, errs.Invalidf("--n must be between 1 and 1000")
	}
	err := s.read(ctx, func(e *env) error {
		out.Month = when.MonthOf(e.tx.Time(), e.loc)
		if o.Month != "" {
			m, err := e.parseMonth(o.Month)
			if err != nil {
				return err
			}
			out.Month = m
		}
		sp := e.monthDays(out.Month)
		f := persist.TicketFilter{ResolvedSince: sp.Start, ResolvedUntil: sp.End, Unchecked: true, Sort: "id"}
		if o.Agent != "" {
			a, err := e.tx.StaffByName(o.Agent)
			if err != nil {
				return err
			}
			f.AssigneeID = a.ID
		}
		cands, err := e.tx.ListTickets(f)
		if err != nil {
			return err
		}
		out.Candidates = len(cands)
		if o.Seed != nil {
			out.Seed = *o.Seed
		} else {
			out.Seed = uint64(e.tx.Time().UnixNano())
		}
		r := rand.New(rand.NewPCG(out.Seed, 0x6b656675))
		r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		if len(cands) > o.N {
			cands = cands[:o.N]
		}
		sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
		out.Tickets = cands
		return nil
	})
	return out, err
}

// QAMark records a supervisor's verdict on a resolved ticket's answer; one check per ticket,
// changed only with amend. A supervisor does not check their own ticket.
func (s *Service) QAMark(ctx context.Context, as string, id int64, correct bool, note string, amend bool) (persist.QACheck, error) {
	var q persist.QACheck
	if err := ticket.CheckText("note", note, 4000, false); err != nil {
		return q, err
	}
	err := s.write(ctx, as, access.Supervise, "qa mark", func(e *env) error {
		tk, err := e.tx.Ticket(id)
		if err != nil {
			return err
		}
		if tk.Status != ticket.Resolved && tk.Status != ticket.Closed {
			return errs.Invalidf("cannot check ticket %d: it is %s; quality checks look at resolved tickets", tk.ID, tk.Status)
		}
		if err := access.NotSelf(e.actor, tk.AssigneeID, "qa mark"); err != nil {
			return err
		}
		old, found, err := e.tx.QACheckFor(id)
		if err != nil {
			return err
		}
		switch {
		case found && !amend:
			return errs.Conflictf("ticket %d was already checked by %s (%s); pass --amend to change it", id, old.Checker, verdict(old.Correct))
		case !found && amend:
			return errs.Invalidf("ticket %d has no check to amend", id)
		}
		q = persist.QACheck{TicketID: id, AgentID: tk.AssigneeID, Agent: tk.Assignee, CheckerID: e.actor.ID, Checker: e.actor.Name, Correct: correct, Note: note}
		if err := e.tx.SaveQACheck(&q, amend); err != nil {
			return err
		}
		payload := audit.QAChecked{Correct: correct, Note: note, Agent: tk.Assignee}
		action := "qa_checked"
		if amend {
			action = "qa_amended"
			payload.Old = &audit.QAVerdict{Correct: old.Correct, Note: old.Note, Checker: old.Checker}
		}
		return e.event("ticket", id, action, payload)
	})
	return q, err
}

func verdict(correct bool) string {
	if correct {
		return "correct"
	}
	return "incorrect"
}

// Accuracy is answer accuracy: correct ÷ checked.
type Accuracy struct {
	Agent   string   `json:"agent"`
	Checked int      `json:"checked"`
	Correct int      `json:"correct"`
	Rate    *float64 `json:"rate"` // nil when nothing was checked
}

// QAReport lists the month's checks and the accuracy per agent and for the team.
type QAReport struct {
	Month    when.Month
	Checks   []persist.QACheck
	PerAgent []Accuracy
	Team     Accuracy
}

// QAList gathers the month's checks (of one agent's tickets, if given) with accuracy.
func (s *Service) QAList(ctx context.Context, month, agent string) (QAReport, error) {
	var r QAReport
	err := s.read(ctx, func(e *env) error {
		r.Month = when.MonthOf(e.tx.Time(), e.loc)
		if month != "" {
			m, err := e.parseMonth(month)
			if err != nil {
				return err
			}
			r.Month = m
		}
		var agentID int64
		if agent != "" {
			a, err := e.tx.StaffByName(agent)
			if err != nil {
				return err
			}
			agentID = a.ID
		}
		var err error
		sp := e.monthDays(r.Month)
		if r.Checks, err = e.tx.QAChecks(sp.Start, sp.End, agentID); err != nil {
			return err
		}
		byAgent := map[string]*Accuracy{}
		var names []string
		r.Team.Agent = "team"
		for _, c := range r.Checks {
			a := byAgent[c.Agent]
			if a == nil {
				a = &Accuracy{Agent: c.Agent}
				byAgent[c.Agent] = a
				names = append(names, c.Agent)
			}
			for _, acc := range []*Accuracy{a, &r.Team} {
				acc.Checked++
				if c.Correct {
					acc.Correct++
				}
			}
		}
		sort.Strings(names)
		for _, n := range names {
			r.PerAgent = append(r.PerAgent, *byAgent[n])
		}
		for i := range r.PerAgent {
			r.PerAgent[i].Rate = Ratio(r.PerAgent[i].Correct, r.PerAgent[i].Checked)
		}
		r.Team.Rate = Ratio(r.Team.Correct, r.Team.Checked)
		return nil
	})
	return r, err
}

// Ratio is n ÷ d, or nil when d is zero: an empty period has no rate, never NaN.
func Ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}
