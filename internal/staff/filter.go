package staff

// The records of this domain as the database keeps them, and the filters that select them
// (internal/persist names them for the store; the store reads and writes them).

// Filter selects staff for a list.
type Filter struct {
	Team       string
	Role       string
	IncludeOff bool
}
