package core

import (
	"context"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// shifts are the team's shift hours on its business calendar.
func (e *env) shifts() (handover.Shifts, error) {
	sh := handover.Shifts{Cal: e.cal, Hours: map[string]calendar.Span{}}
	vals, err := e.values()
	if err != nil {
		return sh, err
	}
	for _, name := range handover.Names {
		sh.Hours[name] = vals.Shifts[name]
	}
	sh.LastOut = vals.HandoverLastOut
	return sh, nil
}

// workers are the active agents, who owe a note at the end of each shift they work.
func (e *env) workers() ([]handover.Worker, error) {
	agents, err := e.listStaff(persist.StaffFilter{Role: string(access.Agent)})
	if err != nil {
		return nil, err
	}
	out := make([]handover.Worker, len(agents))
	for i, a := range agents {
		out[i] = worker(a, e.loc)
	}
	return out, nil
}

func worker(a staff.Staff, loc *time.Location) handover.Worker {
	return handover.Worker{ID: a.ID, Name: a.Name, Team: a.Team, Shift: a.Shift, Since: calendar.DateOf(a.CreatedAt, loc)}
}

// shiftMembers names the active staff of a shift but one (the author), who acknowledge a note.
func (e *env) shiftMembers(shift string, except int64) ([]string, error) {
	all, err := e.listStaff(persist.StaffFilter{})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range all {
		if s.Shift == shift && s.ID != except {
			names = append(names, s.Name)
		}
	}
	return names, nil
}

// HandoverAddOptions are handover add's arguments.
type HandoverAddOptions struct {
	Shift string // default: the author's shift
	Date  string // the shift's date, YYYY-MM-DD; default: the latest such shift that has started
	Text  string
}

// HandoverSaved is what handover add did.
type HandoverSaved struct {
	Note    handover.Note
	Amended bool
	// AckCleared names who had acknowledged the version an amendment replaced.
	AckCleared string
}

// HandoverAdd writes the author's note for a shift, with the shift's open items listed
// automatically. A second note for the same shift amends the first, which is kept.
func (s *Service) HandoverAdd(ctx context.Context, as string, o HandoverAddOptions) (HandoverSaved, error) {
	var out HandoverSaved
	if err := ticket.CheckText("handover note", o.Text, ticket.MaxBody, true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Work, "handover add", func(e *env) error {
		author, err := e.tx.StaffByID(e.actor.ID)
		if err != nil {
			return err
		}
		sh, err := e.shifts()
		if err != nil {
			return err
		}
		name := o.Shift
		if name == "" {
			// Their shift today on the rota: a swap moves it.
			name = author.Shift
			today := calendar.DateOf(e.tx.Time(), e.loc)
			r, err := e.roster("", today, today)
			if err != nil {
				return err
			}
			if du := r.DutyOf(author.ID, today); du.On {
				name = du.Shift
			}
		}
		if err := handover.Valid(name); err != nil {
			return err
		}
		shift := sh.Current(name, e.tx.Time())
		if o.Date != "" {
			if shift.Date, err = e.dayOf(o.Date); err != nil {
				return errs.Invalidf("--date: %v", err)
			}
		}
		if start := sh.Start(shift); start.After(e.tx.Time()) {
			return errs.Invalidf("the %s has not started yet (it starts %s); write its note during or after it", shift, start.Format("2006-01-02 15:04"))
		}
		items, err := e.openItems(sh, author, shift)
		if err != nil {
			return err
		}
		old, found, err := e.tx.HandoverOf(author.ID, shift)
		if err != nil {
			return err
		}
		payload := audit.HandoverWritten{Shift: shift.Name, Date: shift.Date.String(), OpenItems: len(items)}
		if found {
			if err := e.tx.AmendHandover(old, o.Text, items); err != nil {
				return err
			}
			out.Amended, out.AckCleared = true, old.AckedBy
			if out.Note, err = e.tx.Handover(old.ID); err != nil {
				return err
			}
			return e.event("handover", old.ID, "amended", audit.HandoverAmended{Shift: payload.Shift, Date: payload.Date,
				OpenItems: payload.OpenItems, Revision: out.Note.Revisions})
		}
		n := handover.Note{AuthorID: author.ID, Author: author.Name, Shift: shift, Text: o.Text, OpenItems: items}
		if err := e.tx.InsertHandover(&n); err != nil {
			return err
		}
		out.Note = n
		return e.event("handover", n.ID, "written", payload)
	})
	return out, err
}

// openItems lists the work a note hands over: complaints awaiting the author's action (held,
// escalated ones they follow, resolved ones awaiting the satisfaction follow-up), the author's
// other tickets still open, and the tickets of the author's team due during the next shift.
func (e *env) openItems(sh handover.Shifts, author staff.Staff, shift handover.Shift) ([]handover.Item, error) {
	var items []handover.Item
	seen := map[int64]bool{}
	add := func(t ticket.Ticket, due time.Time, why string) {
		if seen[t.ID] {
			return
		}
		seen[t.ID] = true
		items = append(items, handover.Item{TicketID: t.ID, Kind: t.Kind, Subject: t.Subject, Status: string(t.Status),
			Assignee: t.Assignee, Due: due.UTC(), Why: why})
	}
	complaints, err := e.tx.ListTickets(persist.TicketFilter{Kind: "complaint", ActionNeeded: true, Sort: "due"})
	if err != nil {
		return nil, err
	}
	for _, t := range complaints {
		if t.AssigneeID != author.ID && t.FollowerID != author.ID {
			continue
		}
		due := t.NextDue()
		if !t.Status.Active() {
			due = t.FollowupDue
		}
		add(t, due, handover.WhyComplaint)
	}
	mine, err := e.tx.ListTickets(persist.TicketFilter{AssigneeID: author.ID, Statuses: []string{"open", "pending", "reopened"}, Sort: "due"})
	if err != nil {
		return nil, err
	}
	for _, t := range mine {
		add(t, t.NextDue(), handover.WhyAssigned)
	}
	next := sh.Next(shift)
	from, to := sh.Start(next), sh.End(next)
	due, err := e.tx.ListTickets(persist.TicketFilter{DueBefore: to, Team: author.Team, Sort: "due"})
	if err != nil {
		return nil, err
	}
	for _, t := range due {
		if d := t.NextDue(); !d.IsZero() && !d.Before(from) && d.Before(to) {
			add(t, d, handover.WhyDueNext)
		}
	}
	return items, nil
}

// HandoverAck records that a member of the next shift read a note; its author cannot.
func (s *Service) HandoverAck(ctx context.Context, as string, id int64) (handover.Note, error) {
	var out handover.Note
	err := s.write(ctx, as, access.Work, "handover ack", func(e *env) error {
		n, err := e.tx.Handover(id)
		if err != nil {
			return err
		}
		me, err := e.tx.StaffByID(e.actor.ID)
		if err != nil {
			return err
		}
		sh, err := e.shifts()
		if err != nil {
			return err
		}
		if err := sh.CanAck(n, me.ID, me.Name, me.Shift); err != nil {
			return err
		}
		if err := e.tx.AckHandover(n.ID, me.ID); err != nil {
			return err
		}
		if out, err = e.tx.Handover(n.ID); err != nil {
			return err
		}
		return e.event("handover", n.ID, "acknowledged", audit.HandoverAcknowledged{Shift: n.Shift.Name, Date: n.Shift.Date.String(), Author: n.Author})
	})
	return out, err
}

// HandoverDetail is a note with its earlier versions and the shift that acknowledges it.
type HandoverDetail struct {
	Note      handover.Note
	Revisions []handover.Revision
	Next      handover.Shift
	// NextMembers names who may acknowledge it.
	NextMembers []string
}

// HandoverShowOptions choose the notes to show: one by id, the notes of one shift, or those of
// the latest shift with notes.
type HandoverShowOptions struct {
	ID    int64
	Date  string
	Shift string
	Last  bool
}

// HandoverShow returns the chosen notes with their history.
func (s *Service) HandoverShow(ctx context.Context, o HandoverShowOptions) ([]HandoverDetail, error) {
	var out []HandoverDetail
	err := s.read(ctx, func(e *env) error {
		var notes []handover.Note
		switch {
		case o.ID != 0:
			n, err := e.tx.Handover(o.ID)
			if err != nil {
				return err
			}
			notes = []handover.Note{n}
		case o.Date != "":
			d, err := e.dayOf(o.Date)
			if err != nil {
				return errs.Invalidf("--date: %v", err)
			}
			f := persist.HandoverFilter{Since: d, Until: d, Shift: o.Shift}
			if notes, err = e.tx.ListHandovers(f); err != nil {
				return err
			}
			if len(notes) == 0 {
				what := "shift"
				if o.Shift != "" {
					what = o.Shift + " shift"
				}
				return errs.NotFoundf("no handover notes for the %s of %s", what, d).WithHint("kefu handover list")
			}
		default:
			latest, err := e.tx.ListHandovers(persist.HandoverFilter{Shift: o.Shift, Limit: 1})
			if err != nil {
				return err
			}
			if len(latest) == 0 {
				return errs.NotFoundf("no handover notes yet").WithHint("kefu handover add TEXT")
			}
			sh := latest[0].Shift
			if notes, err = e.tx.ListHandovers(persist.HandoverFilter{Since: sh.Date, Until: sh.Date, Shift: sh.Name}); err != nil {
				return err
			}
		}
		sh, err := e.shifts()
		if err != nil {
			return err
		}
		for _, n := range notes {
			d := HandoverDetail{Note: n, Next: sh.Next(n.Shift)}
			if d.Revisions, err = e.tx.HandoverRevisions(n.ID); err != nil {
				return err
			}
			if d.NextMembers, err = e.shiftMembers(d.Next.Name, n.AuthorID); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// HandoverListOptions filter handover list.
type HandoverListOptions struct {
	Since  string // shift dates on or after, YYYY-MM-DD
	Shift  string
	Author string
	Limit  int
}

// HandoverList lists notes, newest shift first.
func (s *Service) HandoverList(ctx context.Context, o HandoverListOptions) ([]handover.Note, error) {
	out, _, err := s.HandoverPage(ctx, o)
	return out, err
}

// HandoverPage is HandoverList with the number of all matching notes.
func (s *Service) HandoverPage(ctx context.Context, o HandoverListOptions) ([]handover.Note, int, error) {
	var out []handover.Note
	total := 0
	if o.Shift != "" {
		if err := handover.Valid(o.Shift); err != nil {
			return nil, 0, err
		}
	}
	err := s.read(ctx, func(e *env) error {
		f := persist.HandoverFilter{Shift: o.Shift, Limit: o.Limit}
		var err error
		if o.Since != "" {
			if f.Since, err = calendar.ParseUserDate(o.Since); err != nil {
				return errs.Invalidf("--since: %v", err)
			}
		}
		if o.Author != "" {
			a, err := e.tx.StaffByName(o.Author)
			if err != nil {
				return err
			}
			f.AuthorID = a.ID
		}
		if out, err = e.tx.ListHandovers(f); err != nil {
			return err
		}
		total, err = countPage(len(out), f.Limit, func() (int, error) { return e.tx.CountHandovers(f) })
		return err
	})
	return out, total, err
}

// handoverItems are remind's handover items: notes owed for shifts that ended (in the lookback
// window from..today), and notes the next shift, now on duty, has not acknowledged.
func (e *env) handoverItems(from calendar.Date, grace time.Duration) (owed []handover.Owed, unacked []handover.Note, err error) {
	sh, err := e.shifts()
	if err != nil {
		return nil, nil, err
	}
	workers, err := e.workers()
	if err != nil {
		return nil, nil, err
	}
	notes, err := e.tx.ListHandovers(persist.HandoverFilter{Since: from})
	if err != nil {
		return nil, nil, err
	}
	type key struct {
		author int64
		shift  handover.Shift
	}
	wrote := map[key]bool{}
	for _, n := range notes {
		wrote[key{n.AuthorID, n.Shift}] = true
		if n.AckedAt.IsZero() && !sh.Start(sh.Next(n.Shift)).After(e.tx.Time()) {
			unacked = append(unacked, n)
		}
	}
	today := calendar.DateOf(e.tx.Time(), e.loc)
	// Only staff on duty owe notes: rest days, leave and swaps come from the rota.
	r, err := e.roster("", from, today)
	if err != nil {
		return nil, nil, err
	}
	workers = dutyWorkers(workers, r)
	owed = sh.Owing(workers, from, today, e.tx.Time(), grace, func(id int64, s handover.Shift) bool { return wrote[key{id, s}] })
	slices.SortStableFunc(unacked, func(a, b handover.Note) int { return int(a.ID - b.ID) })
	return owed, unacked, nil
}
