package audit

// Typed event payloads: a struct per action, whose JSON is byte for byte what the action has
// always written (signed histories stay valid). encoding/json writes a struct's fields in
// declaration order and a map's keys sorted, so each struct declares its fields in the sorted
// order of its keys. Converted so far: the staff actions; the others still pass maps
// (EncodePayload takes both).

// SortedChange is a field's old and new value as the events built from maps wrote it: keys
// sorted, "new" before "old" (Change, a struct, writes "old" first; both shapes are in
// stored histories, and each action keeps its own).
type SortedChange struct {
	New any `json:"new"`
	Old any `json:"old"`
}

// StaffAdded is staff added's payload.
type StaffAdded struct {
	Hired       string `json:"hired"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Shift       string `json:"shift"`
	Team        string `json:"team"`
	WorkPattern string `json:"work_pattern"`
}

// StaffChanged is the payload of staff edited and reactivated: who, and what changed.
type StaffChanged struct {
	Changes map[string]SortedChange `json:"changes"`
	Name    string                  `json:"name"`
}

// StaffDeactivated is staff deactivated's payload: who, how many of their tickets moved.
type StaffDeactivated struct {
	Changes    map[string]SortedChange `json:"changes"`
	Name       string                  `json:"name"`
	Reassigned int                     `json:"reassigned"`
}
