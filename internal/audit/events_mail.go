package audit

// Typed payloads of the mail actions. The history names a message, never its addresses or
// text (personal data). Fields are declared in sorted key order.

// MailAttachment describes one attachment of a received mail.
type MailAttachment struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	Stored bool   `json:"stored"`
	Type   string `json:"type"`
}

// MailReceived is mail received's payload.
type MailReceived struct {
	Attachments []MailAttachment `json:"attachments"`
	Direction   string           `json:"direction"`
	HTMLOnly    bool             `json:"html_only,omitempty"`
	MsgID       string           `json:"msgid"`
	Notes       []string         `json:"notes,omitempty"`
	Role        string           `json:"role"`
	Size        int              `json:"size"`
	TicketID    int64            `json:"ticket_id"`
}

// MailQueued is mail queued's payload: an outgoing mail and the ticket message it carries.
type MailQueued struct {
	Direction string `json:"direction"`
	InReplyTo string `json:"in_reply_to"`
	MessageID int64  `json:"message_id"`
	MsgID     string `json:"msgid"`
	Role      string `json:"role"`
	TicketID  int64  `json:"ticket_id"`
}

// MailSent is mail sent's payload.
type MailSent struct {
	MsgID    string `json:"msgid"`
	TicketID int64  `json:"ticket_id"`
	Via      string `json:"via"`
}

// MailSendFailed is mail send_failed's payload.
type MailSendFailed struct {
	Error    string `json:"error"`
	TicketID int64  `json:"ticket_id"`
	Via      string `json:"via"`
}

// TicketMailAnswered is the payload of a ticket reopened or resumed because the customer
// answered by email.
type TicketMailAnswered struct {
	Changes map[string]Change `json:"changes"`
	MailID  int64             `json:"mail_id"`
	Reason  string            `json:"reason"`
}
