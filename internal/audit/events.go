package audit

import "strconv"

// Typed event payloads: a struct per action, whose JSON is byte for byte what the action has
// always written (signed histories stay valid). encoding/json writes a struct's fields in
// declaration order and a map's keys sorted, so each struct declares its fields in the sorted
// order of its keys. Every action core writes has its struct: this file holds staff, leave,
// swap, handover, summary, score, QA, key, init, customer and policy; events_ticket.go,
// events_mail.go, events_appraisal.go, events_policy.go and events_admin.go the rest.
// EncodePayload still takes a map (the store's own history-rows event passes one).

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

// RefID is the id of a thing an event may name: 0 (none) encodes as null.
type RefID int64

// MarshalJSON writes the id, or null for 0.
func (r RefID) MarshalJSON() ([]byte, error) {
	if r == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(r), 10), nil
}

// ScoreEntryAdded is score_entry added's payload; At is RFC 3339 in UTC.
type ScoreEntryAdded struct {
	At     string `json:"at"`
	Points string `json:"points"`
	Reason string `json:"reason"`
	Rule   string `json:"rule"`
	Staff  string `json:"staff"`
	Ticket RefID  `json:"ticket"`
}

// ScoreEntryReverted is score_entry reverted's payload: the entry it reverts, and why.
type ScoreEntryReverted struct {
	Cause   string `json:"cause"`
	Points  string `json:"points"`
	Reason  string `json:"reason"`
	Reverts int64  `json:"reverts"`
	Rule    string `json:"rule"`
	Staff   string `json:"staff"`
}

// ScoreAppealFiled is score_appeal filed's payload.
type ScoreAppealFiled struct {
	Entry  int64  `json:"entry"`
	Reason string `json:"reason"`
	Rule   string `json:"rule"`
	Staff  string `json:"staff"`
}

// ScoreAppealDecided is the payload of score_appeal upheld and granted (Reversal: the entry
// that reverted the appealed one).
type ScoreAppealDecided struct {
	Entry    int64  `json:"entry"`
	Reason   string `json:"reason"`
	Reversal RefID  `json:"reversal"`
	Staff    string `json:"staff"`
}

// ScoreMonthReopened is score_month reopened's payload.
type ScoreMonthReopened struct {
	Month  string `json:"month"`
	Reason string `json:"reason"`
}

// ScorePendingProposed is score_pending proposed's payload; At is RFC 3339 in UTC.
type ScorePendingProposed struct {
	At     string `json:"at"`
	Key    string `json:"key"`
	Points string `json:"points"`
	Reason string `json:"reason"`
	Rule   string `json:"rule"`
	Staff  string `json:"staff"`
	Ticket RefID  `json:"ticket"`
}

// ScorePendingConfirmed is score_pending confirmed's payload: the entry it became.
type ScorePendingConfirmed struct {
	Entry  int64  `json:"entry"`
	Note   string `json:"note"`
	Points string `json:"points"`
	Rule   string `json:"rule"`
	Staff  string `json:"staff"`
}

// ScorePendingDismissed is score_pending dismissed's payload.
type ScorePendingDismissed struct {
	Reason string `json:"reason"`
	Rule   string `json:"rule"`
	Staff  string `json:"staff"`
}

// CustomerAdded is customer added's payload.
type CustomerAdded struct {
	Name string `json:"name"`
}

// CustomerDisclosed is customer disclosed's payload: the contact fields shown.
type CustomerDisclosed struct {
	Fields []string `json:"fields"`
}

// CustomerForgotten is customer forgotten's payload: why, and how much was scrubbed.
type CustomerForgotten struct {
	EventsRedacted   int    `json:"events_redacted"`
	MessagesScrubbed int    `json:"messages_scrubbed"`
	Reason           string `json:"reason"`
	TicketsScrubbed  int    `json:"tickets_scrubbed"`
}

// PolicySet is policy set's payload: one setting's old and new value.
type PolicySet struct {
	Key string `json:"key"`
	New string `json:"new"`
	Old string `json:"old"`
}

// PolicyWindowSet is policy window_set's payload; Old is nil for a new row.
type PolicyWindowSet struct {
	New    string  `json:"new"`
	Old    *string `json:"old"`
	Window string  `json:"window"`
}

// PolicyWindowUnset is policy window_unset's payload.
type PolicyWindowUnset struct {
	Old    string `json:"old"`
	Window string `json:"window"`
}

// PolicyImported is policy import's payload: the settings changed and the new policy's size.
type PolicyImported struct {
	Changes []string `json:"changes"`
	Kinds   int      `json:"kinds"`
	Windows int      `json:"windows"`
}

// PolicyKindRemoved is policy kind_rm's payload.
type PolicyKindRemoved struct {
	Kind string `json:"kind"`
}

// PolicyDay is the payload of policy holiday_add, holiday_rm, workday_add and workday_rm.
type PolicyDay struct {
	Date string `json:"date"`
	Note string `json:"note"`
}

// PolicyCalendarImported is policy calendar_import's payload: the official days loaded.
type PolicyCalendarImported struct {
	Days  int    `json:"days"`
	File  string `json:"file"`
	First string `json:"first"`
	Last  string `json:"last"`
}

// ScoreMonthClosed is score_month closed's payload.
type ScoreMonthClosed struct {
	Month       string `json:"month"`
	OpenAppeals int    `json:"open_appeals"`
	Rows        int    `json:"rows"`
}

// ScoreMonthForceClosed is score_month closed's payload when --force closed it over open
// items (LeftOpen).
type ScoreMonthForceClosed struct {
	Forced      bool     `json:"forced"`
	LeftOpen    []string `json:"left_open"`
	Month       string   `json:"month"`
	OpenAppeals int      `json:"open_appeals"`
	Rows        int      `json:"rows"`
}

// ScoreRuleRetired is score_rule rule_retired's payload.
type ScoreRuleRetired struct {
	Code string `json:"code"`
}

// QAChecked is the payload of a ticket's qa_checked and qa_amended; Old is the amended
// check's verdict (qa_amended only).
type QAChecked struct {
	Agent   string     `json:"agent"`
	Correct bool       `json:"correct"`
	Note    string     `json:"note"`
	Old     *QAVerdict `json:"old,omitempty"`
}

// QAVerdict is a quality check's verdict as qa_amended records the old one.
type QAVerdict struct {
	Checker string `json:"checker"`
	Correct bool   `json:"correct"`
	Note    string `json:"note"`
}

// AuditKeyExported is audit key_exported's payload: the database the key belongs to.
type AuditKeyExported struct {
	Database string `json:"database"`
}

// PolicyInit is policy init's payload: the department's time zone and region.
type PolicyInit struct {
	Region   string `json:"region"`
	Timezone string `json:"timezone"`
}

// StaffAddedAtInit is the payload of staff added for the first manager kefu init adds.
type StaffAddedAtInit struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// TicketReassigned is the payload of a ticket's assigned event when a deactivation moved it.
type TicketReassigned struct {
	Changes map[string]SortedChange `json:"changes"`
	Reason  string                  `json:"reason"`
}

// ScoreRuleAdded is score_rule rule_added's payload: the new rule as written.
type ScoreRuleAdded struct {
	Class         string `json:"class"`
	Code          string `json:"code"`
	Description   string `json:"description"`
	DescriptionZH string `json:"description_zh"`
	Eligibility   string `json:"eligibility"`
	Fine          string `json:"fine"`
	Ladder        string `json:"ladder"`
	OncePerMonth  bool   `json:"once_per_month"`
	Points        string `json:"points"`
}
