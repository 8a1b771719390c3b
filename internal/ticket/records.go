package ticket

import (
	"time"
)

// The records of this domain as the database keeps them, and the filters that select them
// (internal/persist names them for the store; the store reads and writes them).

// Filter selects tickets for a list. Zero values do not filter.
type Filter struct {
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
