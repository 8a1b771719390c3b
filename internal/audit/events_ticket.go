package audit

// Typed payloads of the ticket actions. Each carries the fields that changed ("changes", in
// Change's {"old","new"} shape) and the action's own keys, declared in sorted key order.
// ticketChange in core fills the changes through SetChanges.

// TicketPayload is a ticket action's payload, whose changes the caller fills in.
type TicketPayload interface {
	SetChanges(map[string]Change)
}

// TicketChanged is the payload of the ticket actions that record only what changed (edited,
// assigned, planned, resumed, closed ...); an edit that removes a duty also gives its reason.
type TicketChanged struct {
	Changes map[string]Change `json:"changes"`
	Reason  string            `json:"reason,omitempty"`
}

// TicketReplied is ticket replied's payload; Mail and MailID say what became of the email,
// Acknowledgement marks the automatic reply to a mail that opened the ticket.
type TicketReplied struct {
	Acknowledgement bool              `json:"acknowledgement,omitempty"`
	At              string            `json:"at"`
	Changes         map[string]Change `json:"changes"`
	Mail            string            `json:"mail,omitempty"`
	MailID          int64             `json:"mail_id,omitempty"`
	MessageID       int64             `json:"message_id"`
}

// TicketNoted is ticket noted's payload.
type TicketNoted struct {
	Changes   map[string]Change `json:"changes"`
	MessageID int64             `json:"message_id"`
}

// TicketPending is ticket pending's payload: why, and the resolution time left on the clock.
type TicketPending struct {
	Changes          map[string]Change `json:"changes"`
	Reason           string            `json:"reason"`
	RemainingSeconds int64             `json:"remaining_seconds"`
}

// TicketResolved is ticket resolved's payload.
type TicketResolved struct {
	Changes    map[string]Change `json:"changes"`
	Resolution string            `json:"resolution"`
}

// TicketReasoned is the payload of reopened (and of other actions given a reason).
type TicketReasoned struct {
	Changes map[string]Change `json:"changes"`
	Reason  string            `json:"reason"`
}

// TicketEscalated is complaint escalated's payload; LateSeconds only when the escalation was late.
type TicketEscalated struct {
	Changes     map[string]Change `json:"changes"`
	LateSeconds *int64            `json:"late_seconds,omitempty"`
	Reason      string            `json:"reason"`
}

// TicketRated is ticket rated's payload.
type TicketRated struct {
	Changes map[string]Change `json:"changes"`
	Comment string            `json:"comment"`
}

// TicketFollowedUp is complaint followup's payload.
type TicketFollowedUp struct {
	Changes map[string]Change `json:"changes"`
	Comment string            `json:"comment"`
	Result  string            `json:"result"`
}

// TicketSuggestion is the payload of suggestion forwarded and outcome.
type TicketSuggestion struct {
	Changes map[string]Change `json:"changes"`
	Note    string            `json:"note"`
}

// SetChanges fills the changed fields.
func (p *TicketChanged) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketReplied) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketNoted) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketPending) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketResolved) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketReasoned) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketEscalated) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketRated) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketFollowedUp) SetChanges(c map[string]Change) { p.Changes = c }

// SetChanges fills the changed fields.
func (p *TicketSuggestion) SetChanges(c map[string]Change) { p.Changes = c }

// TicketOpened is ticket opened's payload: every recorded field as a change from nothing.
type TicketOpened struct {
	Changes  map[string]Change `json:"changes"`
	Customer string            `json:"customer"`
	OpenedAt string            `json:"opened_at"`
}

// TicketByRule is the payload of an action a rule took: assigned when an assignment rule
// picked the assignee, closed when remind closed a ticket resolved long enough ago.
type TicketByRule struct {
	Changes map[string]Change `json:"changes"`
	Rule    string            `json:"rule"`
}

// TicketImported is ticket imported's payload: the ticket as opened's records it, and the
// file and row it came from. (The importer writes this encoding directly, for speed; its test
// pins the two together.)
type TicketImported struct {
	Changes  map[string]Change `json:"changes"`
	Customer string            `json:"customer"`
	Row      int               `json:"row"`
	Source   string            `json:"source"`
}
