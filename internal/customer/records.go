package customer

import (
	"slices"
	"strings"
)

// The records of this domain as the database keeps them, and the filters that select them
// (internal/persist names them for the store; the store reads and writes them).

// Filter selects customers for a list.
type Filter struct {
	Name  string // substring of the name
	Limit int
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
