// Package handover is the shift handover (交接班): which shift follows which, when a shift's
// note is owed and by whom, and the note itself. It is pure: no database, no clock of its own.
package handover

import (
	"slices"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
)

// The shifts, in the order they follow each other on a working day.
const (
	Day   = "day"
	Night = "night"
)

// Names lists the shifts in order.
var Names = []string{Day, Night}

// Shifts are the hours of the day and night shifts (policy calendar.shift.day / .night).
type Shifts struct {
	Cal   *calendar.Calendar
	Hours map[string]calendar.Span
	// LastOut (policy handover.by last-out) makes only the shift that ends last on a day owe
	// notes, as the regulations' night shift writes the record; otherwise every shift does.
	LastOut bool
}

// Shift is one shift on one date: the day shift of 2026-03-02.
type Shift struct {
	Date calendar.Date
	Name string
}

func (s Shift) String() string { return s.Name + " shift " + s.Date.String() }

// Valid checks a shift name.
func Valid(name string) error {
	if !slices.Contains(Names, name) {
		return errs.Invalidf("unknown shift %q: use day or night", name)
	}
	return nil
}

// Start is when a shift begins, in the team's zone.
func (sh Shifts) Start(s Shift) time.Time {
	return time.Date(s.Date.Y, s.Date.M, s.Date.D, 0, sh.Hours[s.Name].Open, 0, 0, sh.Cal.Location())
}

// End is when a shift ends; a shift ending at 24:00 ends at the next day's midnight.
func (sh Shifts) End(s Shift) time.Time {
	return time.Date(s.Date.Y, s.Date.M, s.Date.D, 0, sh.Hours[s.Name].Close, 0, 0, sh.Cal.Location())
}

// Next is the shift that takes over from s: the day shift hands over to the same day's night
// shift; the night shift to the next working day's day shift.
func (sh Shifts) Next(s Shift) Shift {
	if s.Name == Day {
		return Shift{Date: s.Date, Name: Night}
	}
	d := s.Date.AddDays(1)
	for i := 0; i < 366 && !sh.Cal.IsWorkday(d); i++ {
		d = d.AddDays(1)
	}
	return Shift{Date: d, Name: Day}
}

// Current is the latest shift named name that has started by now: the shift a note written now
// is for, unless the writer says otherwise. Days off count too: someone working a weekend
// writes that day's note.
func (sh Shifts) Current(name string, now time.Time) Shift {
	today := calendar.DateOf(now, sh.Cal.Location())
	s := Shift{Date: today, Name: name}
	if sh.Start(s).After(now) {
		s.Date = today.AddDays(-1)
	}
	return s
}

// Worker is someone who may owe handover notes: an active agent and the shift they work.
type Worker struct {
	ID    int64
	Name  string
	Team  string
	Shift string
	// Since is the first date they could owe a note (the day they were added).
	Since calendar.Date
	// Duty says whether they are on duty on a date and on which shift (their work pattern,
	// leave and swaps); nil: the team calendar's working days on Shift.
	Duty func(calendar.Date) (shift string, on bool)
}

// Owed is a note someone owes: the shift has ended and they wrote none.
type Owed struct {
	Worker Worker
	Shift  Shift
	Ended  time.Time
	Due    time.Time // the end plus the grace period
}

// Owing lists the notes owed for the working days from..to (inclusive) whose shifts have ended by
// now, oldest first; wrote reports whether a worker has a note for a shift. A note is due
// grace after its shift ends.
func (sh Shifts) Owing(workers []Worker, from, to calendar.Date, now time.Time, grace time.Duration,
	wrote func(workerID int64, s Shift) bool) []Owed {
	var out []Owed
	for d := from; !d.After(to); d = d.AddDays(1) {
		workday := sh.Cal.IsWorkday(d)
		for _, name := range sh.owing(d) {
			s := Shift{Date: d, Name: name}
			end := sh.End(s)
			if end.After(now) {
				continue
			}
			for _, w := range workers {
				shift, on := w.Shift, workday
				if w.Duty != nil {
					shift, on = w.Duty(d)
				}
				if !on || shift != name || d.Before(w.Since) || wrote(w.ID, s) {
					continue
				}
				out = append(out, Owed{Worker: w, Shift: s, Ended: end, Due: end.Add(grace)})
			}
		}
	}
	return out
}

// owing lists the shifts of date d that owe notes: all, or with LastOut the one ending last.
func (sh Shifts) owing(d calendar.Date) []string {
	if !sh.LastOut {
		return Names
	}
	last := Names[0]
	for _, name := range Names[1:] {
		if sh.End(Shift{Date: d, Name: name}).After(sh.End(Shift{Date: d, Name: last})) {
			last = name
		}
	}
	return []string{last}
}

// Members lists the workers of a shift (by name), who acknowledge the previous shift's notes.
func Members(workers []Worker, shift string) []Worker {
	var out []Worker
	for _, w := range workers {
		if w.Shift == shift {
			out = append(out, w)
		}
	}
	return out
}

// Item is a piece of open work listed on a note when it is written.
type Item struct {
	TicketID int64     `json:"ticket_id"`
	Kind     string    `json:"kind"`
	Subject  string    `json:"subject"`
	Status   string    `json:"status"`
	Assignee string    `json:"assignee"`
	Due      time.Time `json:"due"` // the next due time still owed, or zero
	Why      string    `json:"why"`
}

// Why an item is on a note.
const (
	WhyAssigned  = "held by the author"
	WhyComplaint = "complaint to act on"
	WhyDueNext   = "due next shift"
)

// Note is a shift's handover note.
type Note struct {
	ID        int64
	AuthorID  int64
	Author    string
	Shift     Shift
	Text      string
	OpenItems []Item
	WrittenAt time.Time
	AmendedAt time.Time
	AckedByID int64
	AckedBy   string
	AckedAt   time.Time
	// Revisions counts the earlier versions an amendment replaced.
	Revisions int
}

// Revision is an earlier version of a note.
type Revision struct {
	Text       string
	OpenItems  []Item
	WrittenAt  time.Time
	ReplacedAt time.Time
}

// CanAck checks that a staff member of shift ackerShift may acknowledge n: not its author, and
// a member of the shift that takes over from n's.
func (sh Shifts) CanAck(n Note, ackerID int64, ackerName, ackerShift string) error {
	next := sh.Next(n.Shift)
	if ackerID == n.AuthorID {
		return errs.Forbiddenf("%s wrote handover %d and cannot acknowledge it; a member of the next shift (%s) must", ackerName, n.ID, next)
	}
	if ackerShift != next.Name {
		return errs.Forbiddenf("handover %d (%s) is acknowledged by the next shift (%s); %s works the %s shift", n.ID, n.Shift, next, ackerName, ackerShift)
	}
	if !n.AckedAt.IsZero() {
		return errs.Invalidf("handover %d was already acknowledged by %s", n.ID, n.AckedBy)
	}
	return nil
}
