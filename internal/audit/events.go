package audit

// Typed event payloads: a struct per action, whose JSON is byte for byte what the action has
// always written (signed histories stay valid). encoding/json writes a struct's fields in
// declaration order and a map's keys sorted, so each struct declares its fields in the sorted
// order of its keys. Converted so far: staff, leave, swap, handover and summary actions; the
// others still pass maps
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

// StaffLeave is the payload of staff_leave added and removed.
type StaffLeave struct {
	From  string `json:"from"`
	Kind  string `json:"kind"`
	Note  string `json:"note"`
	Staff string `json:"staff"`
	To    string `json:"to"`
}

// StaffSwapped is staff_swap swapped's payload: two people's shifts on a date, exchanged.
type StaffSwapped struct {
	A      string       `json:"a"`
	AShift SortedChange `json:"a_shift"`
	B      string       `json:"b"`
	BShift SortedChange `json:"b_shift"`
	Date   string       `json:"date"`
	Reason string       `json:"reason"`
}

// HandoverWritten is handover written's payload.
type HandoverWritten struct {
	Date      string `json:"date"`
	OpenItems int    `json:"open_items"`
	Shift     string `json:"shift"`
}

// HandoverAmended is handover amended's payload: the note's revision after the amendment.
type HandoverAmended struct {
	Date      string `json:"date"`
	OpenItems int    `json:"open_items"`
	Revision  int    `json:"revision"`
	Shift     string `json:"shift"`
}

// HandoverAcknowledged is handover acknowledged's payload.
type HandoverAcknowledged struct {
	Author string `json:"author"`
	Date   string `json:"date"`
	Shift  string `json:"shift"`
}

// SummaryWritten is summary written's payload.
type SummaryWritten struct {
	Chars int    `json:"chars"`
	Week  string `json:"week"`
}

// SummaryAmended is summary amended's payload: the text's change.
type SummaryAmended struct {
	Changes map[string]SortedChange `json:"changes"`
	Chars   int                     `json:"chars"`
	Week    string                  `json:"week"`
}
