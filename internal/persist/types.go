// Package persist holds what kefu keeps and how it asks for it: the rows and filters of the
// database (entries, appeals, QA checks, file information ...) and the interfaces the use cases
// in internal/core read and write through (after benbjohnson/wtf, whose domain package declares
// DialService and whose sqlite package implements it). internal/store implements them over
// SQLite; a PostgreSQL store would be a second implementation. No SQL here.
package persist

import (
	"fmt"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/score"
	"slices"
	"strings"
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
}

// Credit is one target of one ticket due in a period, with who earned or owes it.
type Credit struct {
	TicketID int64
	Met      bool
	// By is who gets the credit for a target met (the first reply's sender, the resolver, the
	// escalating agent), or
	// who held the ticket when the due time passed for one missed; "" for no one (unassigned).
	By string
}

// CustomerFilter selects customers for a list.
type CustomerFilter struct {
	Name  string // substring of the name
	Limit int
}

// EventFilter selects history rows.
type EventFilter struct {
	Entity   string
	EntityID int64
	Actor    string
	Since    time.Time
	Limit    int
}

// Forgotten is what a forget erased (or, in a dry run, would erase) and where it found it.
type Forgotten struct {
	Tickets, Messages, Events int
	// Places lists each record holding the customer's data: "ticket 3 subject (phone)".
	Places []string `json:"places"`
}

// Found records that place holds the customer's data in the fields what.
func (f *Forgotten) Found(place string, what []string) {
	w := slices.Clone(what)
	slices.Sort(w)
	f.Places = append(f.Places, place+" ("+strings.Join(slices.Compact(w), ", ")+")")
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

// ScoreEntry is a recorded entry with the names a person reads.
type ScoreEntry struct {
	ID         int64
	StaffID    int64
	Staff      string
	Rule       string
	Class      score.Class
	Points     score.Points
	Reason     string
	TicketID   int64
	At         time.Time
	RecordedBy string // "system" for automated entries
	CreatedAt  time.Time
	// Reverts is the entry this one compensates; RevertedBy the entry compensating this one.
	Reverts, RevertedBy int64
	// ProposedBy is set when the entry was a confirmed proposal.
	ProposedBy string
	// AppealID and AppealStatus describe the entry's appeal, if any.
	AppealID     int64
	AppealStatus string
}

// Entry is the form the sheet computes with.
func (e ScoreEntry) Entry() score.Entry {
	return score.Entry{ID: e.ID, StaffID: e.StaffID, Rule: e.Rule, Points: e.Points, At: e.At, Reverts: e.Reverts, RevertedBy: e.RevertedBy}
}

// NewScoreEntry is what recording an entry takes.
type NewScoreEntry struct {
	StaffID    int64
	Rule       string
	Points     score.Points
	Reason     string
	TicketID   int64
	At         time.Time
	RecordedBy int64 // 0: the system
	Reverts    int64
}

// ScoreEntryFilter selects entries: dated in [From, To), of one staff member, of one rule.
type ScoreEntryFilter struct {
	From, To time.Time
	StaffID  int64
	Rule     string
}

// ScorePending is an entry another feature (or a supervisor) proposed; it counts once confirmed.
type ScorePending struct {
	ID         int64
	StaffID    int64
	Staff      string
	Rule       string
	Points     score.Points
	Reason     string
	TicketID   int64
	At         time.Time
	Key        string
	ProposedBy string // "system" for automated proposals
	CreatedAt  time.Time
	Status     string // pending, confirmed, dismissed
	DecidedBy  string
	DecidedAt  time.Time
	Note       string
	EntryID    int64
}

// ScoreFilter selects proposals or appeals: with a status (empty: any), dated in [From, To)
// (an appeal by its entry's date), of one staff member.
type ScoreFilter struct {
	Status   string
	From, To time.Time
	StaffID  int64
}

// ScoreExam is a staff member's monthly skills exam.
type ScoreExam struct {
	ID         int64
	StaffID    int64
	Month      string
	Score      score.Points
	EntryID    int64
	RecordedBy string
	At         time.Time
}

// ScoreAppeal is a staff member's appeal (申诉) of an entry.
type ScoreAppeal struct {
	ID         int64
	EntryID    int64
	StaffID    int64
	Staff      string
	Rule       string
	Points     score.Points
	EntryAt    time.Time
	Reason     string
	At         time.Time
	Status     string // open, upheld, reversed
	ResolvedBy string
	ResolvedAt time.Time
	Resolution string
	ReversalID int64
}

// ScoreClose is a closed month: its frozen sheet and the policy used, as JSON.
type ScoreClose struct {
	ID       int64
	Month    string
	ClosedAt time.Time
	ClosedBy string
	Policy   string
	Sheet    string
}

// StaffFilter selects staff for a list.
type StaffFilter struct {
	Team       string
	Role       string
	IncludeOff bool
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

// Message is a reply to the customer or an internal note.
type Message struct {
	ID       int64     `json:"id"`
	TicketID int64     `json:"ticket_id"`
	Kind     string    `json:"kind"`
	Author   string    `json:"author"`
	At       time.Time `json:"at"`
	Body     string    `json:"body"`
	// Mail is an email's state (received; queued, sent or failed for a reply), if it went by mail.
	Mail string `json:"mail,omitempty"`
}

// TicketFilter selects tickets for a list. Zero values do not filter.
type TicketFilter struct {
	Statuses   []string
	Kind       string
	Channel    string
	AssigneeID int64
	Unassigned bool
	CustomerID int64
	Category   string
	Priority   string
	Team       string
	Overdue    bool      // a first response or resolution due before Now is still owed
	DueBefore  time.Time // something still owed is due before this time
	Since      time.Time // opened at or after
	Until      time.Time // opened before
	Search     string
	// ActionNeeded keeps tickets still being worked or awaiting their follow-up.
	ActionNeeded bool
	// ResolvedSince/ResolvedUntil keep resolved or closed tickets resolved in a period.
	ResolvedSince, ResolvedUntil time.Time
	// Unchecked keeps tickets no quality check has looked at.
	Unchecked bool
	Sort      string // opened, -opened, due, id, -id, priority
	Limit     int
}
