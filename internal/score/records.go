package score

import (
	"time"
)

// The records of this domain as the database keeps them, and the filters that select them
// (internal/persist names them for the store; the store reads and writes them).

// Record is a recorded entry with the names a person reads.
type Record struct {
	ID         int64
	StaffID    int64
	Staff      string
	Rule       string
	Class      Class
	Points     Points
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
func (e Record) Entry() Entry {
	return Entry{ID: e.ID, StaffID: e.StaffID, Rule: e.Rule, Points: e.Points, At: e.At, Reverts: e.Reverts, RevertedBy: e.RevertedBy}
}

// NewRecord is what recording an entry takes.
type NewRecord struct {
	StaffID    int64
	Rule       string
	Points     Points
	Reason     string
	TicketID   int64
	At         time.Time
	RecordedBy int64 // 0: the system
	Reverts    int64
}

// RecordFilter selects entries: dated in [From, To), of one staff member, of one rule.
type RecordFilter struct {
	From, To time.Time
	StaffID  int64
	Rule     string
}

// Pending is an entry another feature (or a supervisor) proposed; it counts once confirmed.
type Pending struct {
	ID         int64
	StaffID    int64
	Staff      string
	Rule       string
	Points     Points
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

// Filter selects proposals or appeals: with a status (empty: any), dated in [From, To)
// (an appeal by its entry's date), of one staff member.
type Filter struct {
	Status   string
	From, To time.Time
	StaffID  int64
}

// Exam is a staff member's monthly skills exam.
type Exam struct {
	ID         int64
	StaffID    int64
	Month      string
	Score      Points
	EntryID    int64
	PendingID  int64 // the proposed entry a training result made, if any
	RecordedBy string
	At         time.Time
}

// Appeal is a staff member's appeal (申诉) of an entry.
type Appeal struct {
	ID         int64
	EntryID    int64
	StaffID    int64
	Staff      string
	Rule       string
	Points     Points
	EntryAt    time.Time
	Reason     string
	At         time.Time
	Status     string // open, upheld, reversed
	ResolvedBy string
	ResolvedAt time.Time
	Resolution string
	ReversalID int64
}

// MonthClose is a closed month: its frozen sheet and the policy used, as JSON.
type MonthClose struct {
	ID       int64
	Month    string
	ClosedAt time.Time
	ClosedBy string
	Policy   string
	Sheet    string
}
