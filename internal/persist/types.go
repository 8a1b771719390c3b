// Package persist holds what kefu keeps and how it asks for it: the rows and filters of the
// database (entries, appeals, QA checks, file information ...) and the interfaces the use cases
// in internal/core read and write through (after benbjohnson/wtf, whose domain package declares
// DialService and whose sqlite package implements it). internal/store implements them over
// SQLite; a PostgreSQL store would be a second implementation. No SQL here.
package persist

import (
	"fmt"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"time"
)

// Verdict is a supervisor's finding on a complaint against a named staff member.
type Verdict struct {
	ID         int64
	TicketID   int64
	StaffID    int64
	Staff      string
	Valid      bool
	Argument   bool
	Reason     string
	At         time.Time
	RecordedBy string
	CreatedAt  time.Time
}

// VerdictFilter chooses verdicts: dated in [From, To), of a staff member, a ticket, valid only.
type VerdictFilter struct {
	From, To  time.Time
	StaffID   int64
	TicketID  int64
	ValidOnly bool
}

// Spending is money a manager took from the fund.
type Spending struct {
	ID         int64
	At         time.Time
	Amount     score.Fen
	Reason     string
	RecordedBy string
}

// FileInfo describes a kefu database file without changing it.
type FileInfo struct {
	Path    string    `json:"path"`
	Bytes   int64     `json:"bytes"`
	Version int       `json:"schema_version"`
	Tickets int64     `json:"tickets"`
	Events  int64     `json:"events"`
	LastAt  time.Time `json:"last_change"`
}

// Integrity is what SQLite's own checks found; both lists are empty for a sound file.
type Integrity struct {
	Problems    []string `json:"integrity"`
	ForeignKeys []string `json:"foreign_keys"`
}

// ExportFilter selects the tickets an export streams. Zero values do not filter.
type ExportFilter struct {
	Since, Until time.Time // opened at or after, before
	// FromID and ToID, when ToID is not 0, keep the ids from FromID to ToID (both included).
	FromID, ToID int64
}

// CreditCount is how many tickets due in a period met a target to one person's credit, and
// how many missed it to their charge.
type CreditCount struct {
	// By is who gets the credit for a target met (the first reply's sender, the resolver, the
	// escalating agent), or
	// who held the ticket when the due time passed for one missed; "" for no one (unassigned).
	// The same name may come twice (a missing name and "" are both no one): add them up.
	By          string
	Met, Missed int
	// The complaints among them by severity, met and due (met + missed): counted for the
	// resolution target only.
	SimpleMet, SimpleDue, ComplexMet, ComplexDue int
}

// SystemCredit is who is credited with a first response kefu sent by itself: the mail
// acknowledgement, where policy mail.ack_counts_as_first_response makes it the first reply.
const SystemCredit = "system"

// EventFilter selects history rows.
type EventFilter struct {
	Entity   string
	EntityID int64
	Actor    string
	Since    time.Time
	Limit    int
}

// HandoverFilter selects notes. Zero values do not filter.
type HandoverFilter struct {
	Since    calendar.Date // shift dates on or after
	Until    calendar.Date // shift dates on or before
	Shift    string
	AuthorID int64
	Limit    int
}

// Tracked describes a table the history covers.
type Tracked struct {
	// Table is the SQL table; Label names one of its rows in findings ("score entry 17").
	Table, Label string
	// Key is the column identifying a row: its primary key, or rowid.
	Key string
	// Digest columns hold free text or personal data: the history keeps only a keyed digest.
	Digest []string
	// Tenths columns hold points in tenths and are shown as points (-50 is -5).
	Tenths []string
}

// RowCheck is what the comparison of the tracked tables with their history found.
type RowCheck struct {
	Rows     int
	Problems []string
	// More counts problems beyond those listed.
	More int
}

// Add records a problem; beyond 50 it is only counted.
func (r *RowCheck) Add(format string, args ...any) {
	if len(r.Problems) < 50 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	} else {
		r.More++
	}
}

// Mail is one email kefu received or sends (table mail_messages).
type Mail struct {
	ID         int64
	TicketID   int64
	Direction  string // in, out
	Role       string // opened, answer (in); reply, ack (out)
	MsgID      string
	InReplyTo  string
	References []string
	FromName   string
	From       string
	To         string
	Subject    string
	Body       string
	Notes      []string
	MessageID  int64 // the ticket message (reply) an outgoing mail carries
	AuthorID   int64
	Author     string
	Status     string // received, queued, sent, failed
	Attempts   int
	LastError  string
	At         time.Time
	SentAt     time.Time
}

// MailAttachment is a file that came with a mail; Content is nil when it was left out.
type MailAttachment struct {
	Name, Type string
	Size       int64
	Content    []byte
}

// QACheck is a supervisor's spot check of a resolved ticket.
type QACheck struct {
	ID        int64
	TicketID  int64
	Subject   string
	AgentID   int64
	Agent     string
	CheckerID int64
	Checker   string
	Correct   bool
	Note      string
	At        time.Time
	AmendedAt time.Time
}

// Sent is one delivered reminder: an item's key in an urgency group.
type Sent struct {
	Item  string
	Group string
}

// Count is a key with a number.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"count"`
}

// ResponseTime is one ticket's opening and first reply.
type ResponseTime struct {
	Channel         string
	OpenedAt        time.Time
	FirstResponseAt time.Time
	// Window is the first-response window stored with the ticket ("" for none, or a ticket from
	// before tickets kept theirs).
	Window string
}

// ComplaintStats are the complaint figures of a period.
type ComplaintStats struct {
	Opened, Simple, Complex, Escalated, Reopened int
	FollowedUp, Satisfied, Unsatisfied           int
}

// OpenedGroup counts the tickets opened in a period of one kind, channel and category, with
// the figures the reports take from them (each counted among the group's tickets).
type OpenedGroup struct {
	Kind, Channel, Category string
	N                       int
	// Suggestions: forwarded, and by outcome.
	Forwarded, Adopted, Declined, InProgress int
	// Complaints: by severity, escalated, reopened.
	Simple, Complex, Escalated, Reopened int
	// Written: the group counts for the reply rate (a written channel, not suggestions);
	// Replied: its tickets answered by a reply.
	Written bool
	Replied int
	// KBLinked: inquiries whose ticket links a knowledge-base article.
	KBLinked int
}

// SuggestionStats are the suggestion figures of a period.
type SuggestionStats struct {
	Opened, Forwarded, Adopted, Declined, InProgress int
	ByCategory                                       []CategoryCount
}

// CategoryCount is a suggestion category with how many were opened and forwarded.
type CategoryCount struct {
	Category     string
	N, Forwarded int
}

// AgentStats are one staff member's figures for a period.
type AgentStats struct {
	StaffID                    int64
	Name, Team, Role           string
	Opened, Assigned, Resolved int
	Replies                    int
	CSATN, CSATGood            int
	Checked, Correct           int
	PresaleResolved, Converted int
	SalesFen                   int64
	SuggestionsOpened          int
}

// DailyContacts is one agent's work on a day, per channel.
type DailyContacts struct {
	StaffID  int64
	Channel  string
	Contacts int
}

// DayWork is one staff member's other daily figures.
type DayWork struct {
	StaffID           int64
	Replies           int
	ComplaintsHandled int
	OpenAtEnd         int
}

// LeaveFilter chooses leave: of a staff member, overlapping from..to (zero: any).
type LeaveFilter struct {
	ID       int64
	StaffID  int64
	From, To calendar.Date
}

// Summary is an agent's weekly summary of work (周报).
type Summary struct {
	ID        int64
	StaffID   int64
	Staff     string
	Team      string
	Week      string // ISO week, YYYY-Www
	Text      string
	Chars     int
	WrittenAt time.Time
	AmendedAt time.Time
}

// Late reports whether the current text was written after due: a summary rewritten after its
// due time (to make it long enough) is late.
func (m Summary) Late(due time.Time) bool {
	last := m.WrittenAt
	if !m.AmendedAt.IsZero() {
		last = m.AmendedAt
	}
	return last.After(due)
}

// Domain records kept under their domain packages; these names are the store's.
type (
	ScoreEntryFilter = score.RecordFilter
	NewScoreEntry    = score.NewRecord
	ScorePending     = score.Pending
	ScoreFilter      = score.Filter
	ScoreAppeal      = score.Appeal
	ScoreEntry       = score.Record
	ScoreClose       = score.MonthClose
	ScoreExam        = score.Exam
	CustomerFilter   = customer.Filter
	Forgotten        = customer.Forgotten
	StaffFilter      = staff.Filter
	TicketFilter     = ticket.Filter
	Message          = ticket.Message
)
