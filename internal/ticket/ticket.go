// Package ticket is the ticket's state machine and its clock: due times from the policy's
// windows on the business calendar, pauses while pending, met and breached.
package ticket

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
)

// Status is where a ticket is in its life.
type Status string

// The statuses: open → (pending ⇄ open) → resolved → closed; resolved/closed → reopened (= open again).
const (
	Open     Status = "open"
	Pending  Status = "pending"
	Resolved Status = "resolved"
	Closed   Status = "closed"
	Reopened Status = "reopened"
)

// Statuses lists every status.
var Statuses = []Status{Open, Pending, Resolved, Closed, Reopened}

// Active reports whether work on the ticket is still owed.
func (s Status) Active() bool { return s == Open || s == Pending || s == Reopened }

// Working reports whether the resolution clock runs.
func (s Status) Working() bool { return s == Open || s == Reopened }

// Ticket is one customer contact.
type Ticket struct {
	ID         int64
	Kind       string
	Channel    string
	Priority   string
	Severity   string
	Category   string
	Subject    string
	Body       string
	CustomerID int64
	Customer   string
	AssigneeID int64
	Assignee   string
	OpenedByID int64
	OpenedBy   string
	Team       string
	Status     Status
	OrderNo    string

	OpenedAt         time.Time
	FirstResponseDue time.Time
	FirstResponseAt  time.Time
	// The windows that set the first-response and resolution due times (e.g. "4bh"): past
	// figures are measured in their unit, whatever the policy says later. Empty: none applied
	// (or a ticket from before kefu kept them).
	FirstResponseWindow string
	ResolutionWindow    string

	ResolutionStart     time.Time
	PausedBiz           int64
	PausedCal           int64
	ResolutionDue       time.Time
	PendingSince        time.Time
	ResolutionRemaining int64
	ResolvedAt          time.Time
	Resolution          string
	ClosedAt            time.Time
	ReopenCount         int

	CSAT          *int
	NPS           *int
	RatingComment string
	RatedAt       time.Time // the latest rating
	CSATAt        time.Time
	NPSAt         time.Time
	UpdatedAt     time.Time

	// Complaints.
	EscalationDue    time.Time
	EscalatedAt      time.Time
	EscalatedToID    int64
	EscalatedTo      string
	FollowerID       int64
	Follower         string
	Plan             string
	PlannedAt        time.Time
	PlanRequired     bool
	PlanDue          time.Time // a complex complaint's handling plan (target plan)
	FollowupDue      time.Time
	FollowupAt       time.Time
	FollowupResult   string
	UnsatisfiedCount int

	// Suggestions.
	ForwardDue  time.Time
	ForwardedAt time.Time
	ForwardedTo string
	Outcome     string

	// Pre-sale chats.
	Converted *bool
	AmountFen *int64
}

// Limits on text.
const (
	MaxSubject = 200
	MaxBody    = 64 << 10
)

// CheckText validates a subject, body or message.
func CheckText(what, s string, max int, required bool) error {
	if !utf8.ValidString(s) {
		return errs.Invalidf("%s is not valid UTF-8", what)
	}
	if required && strings.TrimSpace(s) == "" {
		return errs.Invalidf("%s must not be empty", what)
	}
	if len(s) > max {
		return errs.Invalidf("%s is %d bytes; the limit is %d", what, len(s), max)
	}
	if what == "subject" && strings.ContainsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		return errs.Invalidf("subject must be one line")
	}
	if strings.ContainsRune(s, 0) {
		return errs.Invalidf("%s contains a NUL character", what)
	}
	return nil
}

// CheckChoice validates a value from a fixed vocabulary, listing the valid ones.
func CheckChoice(what, v string, valid []string) error {
	if slices.Contains(valid, v) {
		return nil
	}
	return errs.Invalidf("unknown %s %q: use one of %s", what, v, strings.Join(valid, ", "))
}

// Clock computes due times for one team.
type Clock struct {
	Windows []policy.Window
	Cal     *calendar.Calendar
}

// window is the row that applies to t's target for a clock started at start: among equally
// specific rows, the one falling due first from start.
func (c Clock) window(t *Ticket, target string, start time.Time) (policy.Window, bool) {
	ch := policy.Choose(c.Windows, policy.Query{Kind: t.Kind, Target: target, Channel: t.Channel, Priority: t.Priority, Severity: t.Severity},
		func(d duration.Duration) time.Time { return c.Cal.Due(start, d) })
	return ch.Winner, ch.OK
}

// Due is the due time of a target counted from start, or zero when no window applies.
func (c Clock) Due(t *Ticket, target string, start time.Time) time.Time {
	due, _ := c.dueWith(t, target, start)
	return due
}

// dueWith is Due and the window that set it ("" when none applies).
func (c Clock) dueWith(t *Ticket, target string, start time.Time) (time.Time, string) {
	w, ok := c.window(t, target, start)
	if !ok {
		return time.Time{}, ""
	}
	return c.Cal.Due(start, w.Within), w.Within.String()
}

// resolutionWindow is the window of the ticket's resolution target.
func (c Clock) resolutionWindow(t *Ticket) (policy.Window, bool) {
	return c.window(t, policy.Resolution, t.ResolutionStart)
}

// Start sets the due times of a new ticket opened at t.OpenedAt.
func (c Clock) Start(t *Ticket) {
	t.FirstResponseDue, t.FirstResponseWindow = c.dueWith(t, policy.FirstResponse, t.OpenedAt)
	t.ResolutionStart = t.OpenedAt
	t.PausedBiz, t.PausedCal = 0, 0
	t.ResolutionDue, t.ResolutionWindow = c.dueWith(t, policy.Resolution, t.OpenedAt)
}

// Recompute sets the due times again after an edit of kind, priority or severity: the first
// response from the opening, the resolution from the start of the current spell, extended by
// the time the ticket has spent pending in it. A pending ticket keeps its clock stopped: its
// remaining time is recomputed instead.
func (c Clock) Recompute(t *Ticket, now time.Time) {
	t.FirstResponseDue, t.FirstResponseWindow = c.dueWith(t, policy.FirstResponse, t.OpenedAt)
	if t.Status == Resolved || t.Status == Closed {
		return
	}
	w, ok := c.resolutionWindow(t)
	if !ok {
		t.ResolutionDue, t.ResolutionRemaining, t.ResolutionWindow = time.Time{}, 0, ""
		return
	}
	t.ResolutionWindow = w.Within.String()
	due := c.Cal.Due(t.ResolutionStart, w.Within)
	if w.Within.IsBusiness() {
		if t.PausedBiz > 0 {
			due = c.Cal.AddBusinessSeconds(due, t.PausedBiz)
		}
	} else {
		due = due.Add(time.Duration(t.PausedCal) * time.Second)
	}
	if t.Status == Pending {
		t.ResolutionDue = time.Time{}
		t.ResolutionRemaining = c.remaining(w, t.PendingSince, due)
		return
	}
	t.ResolutionDue = due
}

func (c Clock) remaining(w policy.Window, from, due time.Time) int64 {
	if w.Within.IsBusiness() {
		return c.Cal.BusinessSeconds(from, due)
	}
	if d := due.Sub(from); d > 0 {
		return int64(d / time.Second)
	}
	return 0
}

// Pause stops the resolution clock at now (ticket pending), storing the time left.
func (c Clock) Pause(t *Ticket, now time.Time) {
	t.PendingSince = now
	if w, ok := c.resolutionWindow(t); ok && !t.ResolutionDue.IsZero() {
		t.ResolutionRemaining = c.remaining(w, now, t.ResolutionDue)
	} else {
		t.ResolutionRemaining = 0
	}
	t.ResolutionDue = time.Time{}
}

// Resume restarts the clock at now, after the caller set the status back to open: the
// pending spell is added to the paused time and the due time recomputed, which is now plus the
// time that was left, counted as the window counts (a remaining part of a business-day window
// counts as business hours). A ticket already overdue when it went pending stays as overdue.
func (c Clock) Resume(t *Ticket, now time.Time) {
	t.PausedBiz += c.Cal.BusinessSeconds(t.PendingSince, now)
	if d := now.Sub(t.PendingSince); d > 0 {
		t.PausedCal += int64(d / time.Second)
	}
	t.PendingSince, t.ResolutionRemaining = time.Time{}, 0
	c.Recompute(t, now)
}

// Reopen starts a full resolution window at now; a pending follow-up no longer applies.
func (c Clock) Reopen(t *Ticket, now time.Time) {
	t.FollowupDue, t.FollowupAt = time.Time{}, time.Time{}
	t.ResolutionStart = now
	t.PausedBiz, t.PausedCal = 0, 0
	t.ResolutionDue, t.ResolutionWindow = c.dueWith(t, policy.Resolution, now)
}

// Outcome says whether a due time was met.
type Outcome struct {
	Due     time.Time     `json:"due"`
	At      time.Time     `json:"at"` // when it happened, or zero
	State   string        `json:"state"`
	By      time.Duration `json:"-"` // how early (met) or late (breached, overdue); remaining when pending
	Applies bool          `json:"-"`
}

// The states of an outcome.
const (
	StateNone     = "none"     // no window applies
	StateMet      = "met"      // happened by the due time
	StateBreached = "breached" // happened after the due time
	StateOverdue  = "overdue"  // has not happened and the due time passed
	StateDue      = "due"      // has not happened, due time ahead
	StatePaused   = "paused"   // resolution clock stopped while pending
)

// Judge compares when something happened (zero: not yet) with its due time at now.
func Judge(due, at, now time.Time) Outcome {
	o := Outcome{Due: due, At: at, Applies: !due.IsZero()}
	switch {
	case due.IsZero():
		o.State = StateNone
	case !at.IsZero() && !at.After(due):
		o.State, o.By = StateMet, due.Sub(at)
	case !at.IsZero():
		o.State, o.By = StateBreached, at.Sub(due)
	case now.After(due):
		o.State, o.By = StateOverdue, now.Sub(due)
	default:
		o.State, o.By = StateDue, due.Sub(now)
	}
	return o
}

// FirstResponse judges the first-response promise.
func (t *Ticket) FirstResponse(now time.Time) Outcome {
	return Judge(t.FirstResponseDue, t.FirstResponseAt, now)
}

// ResolutionOutcome judges the resolution promise of the current spell.
func (t *Ticket) ResolutionOutcome(now time.Time) Outcome {
	if t.Status == Pending {
		return Outcome{State: StatePaused, By: time.Duration(t.ResolutionRemaining) * time.Second, Applies: true}
	}
	return Judge(t.ResolutionDue, t.ResolvedAt, now)
}

// NextDue is the earliest due time still owed by an active ticket (zero if none).
func (t *Ticket) NextDue() time.Time {
	if !t.Status.Active() {
		return time.Time{}
	}
	var next time.Time
	if t.FirstResponseAt.IsZero() && !t.FirstResponseDue.IsZero() {
		next = t.FirstResponseDue
	}
	if t.Status.Working() && !t.ResolutionDue.IsZero() && (next.IsZero() || t.ResolutionDue.Before(next)) {
		next = t.ResolutionDue
	}
	return next
}

// Transition errors name the current status.
func refuse(t *Ticket, what errs.Word) error {
	return errs.Invalidf("cannot %s ticket %d: it is %s", what, t.ID, t.Status)
}

// CanReply: replies go to any ticket that is not closed.
func (t *Ticket) CanReply() error {
	if t.Status == Closed {
		return refuse(t, errs.Word("reply to"))
	}
	return nil
}

// CanPend: only a ticket being worked can wait on the customer.
func (t *Ticket) CanPend() error {
	if !t.Status.Working() {
		return refuse(t, errs.Word("set pending"))
	}
	return nil
}

// CanResume: only a pending ticket resumes.
func (t *Ticket) CanResume() error {
	if t.Status != Pending {
		return refuse(t, errs.Word("resume"))
	}
	return nil
}

// CanResolve: open, reopened or pending tickets are resolved.
func (t *Ticket) CanResolve() error {
	if !t.Status.Active() {
		return refuse(t, errs.Word("resolve"))
	}
	return nil
}

// CanClose: only a resolved ticket closes.
func (t *Ticket) CanClose() error {
	if t.Status != Resolved {
		return refuse(t, errs.Word("close"))
	}
	return nil
}

// CanReopen: resolved or closed tickets reopen.
func (t *Ticket) CanReopen() error {
	if t.Status != Resolved && t.Status != Closed {
		return refuse(t, errs.Word("reopen"))
	}
	return nil
}

// CanRate: ratings are given once the ticket is resolved or closed.
func (t *Ticket) CanRate() error {
	if t.Status != Resolved && t.Status != Closed {
		return refuse(t, errs.Word("rate"))
	}
	return nil
}

// Complaint stages, as complaint list shows them.
const (
	StageNew          = "new"
	StageEscalated    = "escalated"
	StagePlanned      = "planned"
	StageResolved     = "resolved"
	StageAwaiting     = "awaiting follow-up"
	StageSatisfied    = "satisfied"
	StageUnsatisfied  = "unsatisfied"
	FollowSatisfied   = "satisfied"
	FollowUnsatisfied = "unsatisfied"
)

// Stages lists the complaint stages in workflow order.
var Stages = []string{StageNew, StageEscalated, StagePlanned, StageResolved, StageAwaiting, StageSatisfied, StageUnsatisfied}

// Stage is where a complaint is in its procedure.
func (t *Ticket) Stage() string {
	if t.Status.Active() {
		switch {
		case t.PlanRequired:
			return StageUnsatisfied // reopened after an unsatisfied follow-up, plan to revise
		case t.Plan != "":
			return StagePlanned
		case !t.EscalatedAt.IsZero():
			return StageEscalated
		}
		return StageNew
	}
	switch {
	case t.FollowupResult == FollowSatisfied && !t.FollowupAt.IsZero():
		return StageSatisfied
	case !t.FollowupDue.IsZero() && t.FollowupAt.IsZero():
		return StageAwaiting
	}
	return StageResolved
}

// Escalation judges the escalation promise of a complex complaint.
func (t *Ticket) Escalation(now time.Time) Outcome { return Judge(t.EscalationDue, t.EscalatedAt, now) }

// Followup judges the satisfaction follow-up promise after resolution.
func (t *Ticket) Followup(now time.Time) Outcome { return Judge(t.FollowupDue, t.FollowupAt, now) }

// Forward judges a suggestion's promise to reach the owning department.
func (t *Ticket) Forward(now time.Time) Outcome { return Judge(t.ForwardDue, t.ForwardedAt, now) }

// PlanOutcome judges a complex complaint's handling plan (初步解决方案).
func (t *Ticket) PlanOutcome(now time.Time) Outcome { return Judge(t.PlanDue, t.PlannedAt, now) }

// StartWorkflows sets the workflow due times a ticket has from its opening: escalation for
// complex complaints, forwarding for suggestions.
func (c Clock) StartWorkflows(t *Ticket) {
	t.EscalationDue = c.Due(t, policy.Escalation, t.OpenedAt)
	t.PlanDue = c.Due(t, policy.Plan, t.OpenedAt)
	t.ForwardDue = c.Due(t, policy.Forward, t.OpenedAt)
}

// RecomputeEscalation follows a change of severity or priority: a complaint that has become
// complex must be escalated within its window counted from now; one that no longer needs
// escalation loses the due time; one already escalated keeps its record.
func (c Clock) RecomputeEscalation(t *Ticket, now time.Time) {
	if !t.EscalatedAt.IsZero() {
		return
	}
	w, ok := c.window(t, policy.Escalation, now)
	switch {
	case !ok:
		t.EscalationDue = time.Time{}
	case t.EscalationDue.IsZero():
		t.EscalationDue = c.Cal.Due(now, w.Within)
	}
	// The plan likewise, unless one was recorded.
	if t.PlannedAt.IsZero() {
		w, ok := c.window(t, policy.Plan, now)
		switch {
		case !ok:
			t.PlanDue = time.Time{}
		case t.PlanDue.IsZero():
			t.PlanDue = c.Cal.Due(now, w.Within)
		}
	}
}

// MarkResolved records a resolution at `at`; a complaint's satisfaction follow-up falls due.
func (c Clock) MarkResolved(t *Ticket, at time.Time) {
	t.Status, t.ResolvedAt = Resolved, at
	t.FollowupDue, t.FollowupAt = c.Due(t, policy.Followup, at), time.Time{}
}
