package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"github.com/kefu/kefu/internal/audit"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/mail"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// MailReceiveOptions are mail receive's flags: the kind and team of tickets new mail opens.
type MailReceiveOptions struct {
	Kind string
	Team string
}

// What became of a received message.
const (
	MailOpened    = "opened"    // a new ticket
	MailAnswered  = "answered"  // added to a ticket as the customer's answer
	MailDuplicate = "duplicate" // the same Message-ID was received before
	MailIgnored   = "ignored"   // a bounce, auto-reply or list mail
)

// MailResult says what one received message did.
type MailResult struct {
	Action   string `json:"action"`
	TicketID int64  `json:"ticket_id,omitempty"`
	MailID   int64  `json:"mail_id,omitempty"`
	// Reason explains an ignored message.
	Reason string `json:"reason,omitempty"`
	// Reopened is the status change an answer caused (reopened, resumed), if any.
	Reopened string   `json:"reopened,omitempty"`
	Notes    []string `json:"notes,omitempty"`
	// Outbox holds the ids of mail queued to send now (the acknowledgement).
	Outbox []int64 `json:"-"`
}

// MailLimits are the policy's size limits for incoming mail.
func (s *Service) MailLimits(ctx context.Context) (mail.Limits, error) {
	p, err := s.Policy(ctx)
	if err != nil {
		return mail.Limits{}, err
	}
	return mailLimits(p)
}

func mailLimits(p policy.Policy) (mail.Limits, error) {
	vals, err := p.Values()
	if err != nil {
		return mail.Limits{}, err
	}
	return mail.Limits{MaxSize: vals.MailMaxSize, AttachmentMax: vals.MailAttachmentMax}, nil
}

// MailReceive takes one RFC 5322 message: a reply to a known ticket is added to it (and
// reopens it when resolved); a new message opens a ticket on the email channel; the same
// Message-ID twice, bounces and auto-replies store nothing. All in one transaction.
func (s *Service) MailReceive(ctx context.Context, raw []byte, o MailReceiveOptions) (MailResult, error) {
	var res MailResult
	lim, err := s.MailLimits(ctx)
	if err != nil {
		return res, err
	}
	m, err := mail.Parse(raw, lim)
	if err != nil {
		return res, err
	}
	err = s.system(ctx, func(e *env) error {
		res = MailResult{}
		if o.Kind != "" && !e.policy.HasKind(o.Kind) {
			return errs.Invalidf("unknown kind %q: use one of %s", o.Kind, joinList(e.policy.KindNames()))
		}
		if prev, found, err := e.tx.MailByMsgID(m.MessageID); err != nil {
			return err
		} else if found {
			res.Action, res.TicketID, res.MailID = MailDuplicate, prev.TicketID, prev.ID
			return nil
		}
		if m.Auto != "" {
			res.Action, res.Reason = MailIgnored, m.Auto
			return nil
		}
		vals, err := e.values()
		if err != nil {
			return err
		}
		if from := vals.MailFrom; from != "" && m.From == from {
			// Mail from kefu's own address would answer itself in a loop.
			res.Action, res.Reason = MailIgnored, "from kefu's own address "+from
			return nil
		}
		res.Notes = append(res.Notes, m.Notes...)
		tk, found, err := e.threadTicket(m)
		if err != nil {
			return err
		}
		if found {
			return e.mailAnswer(m, tk, &res)
		}
		return e.mailOpen(m, o, &res)
	})
	return res, err
}

// threadTicket finds the ticket a message answers: by In-Reply-To / References to mail kefu
// sent or received, else by "[#123]" in the subject when the sender is that ticket's customer.
func (e *env) threadTicket(m *mail.Message) (ticket.Ticket, bool, error) {
	for _, id := range m.ThreadIDs() {
		prev, found, err := e.tx.MailByMsgID(id)
		if err != nil {
			return ticket.Ticket{}, false, err
		}
		if found {
			tk, err := e.tx.Ticket(prev.TicketID)
			return tk, err == nil, err
		}
	}
	id, ok := mail.TicketTag(m.Subject)
	if !ok {
		return ticket.Ticket{}, false, nil
	}
	tk, err := e.tx.Ticket(id)
	if errs.Is(err, errs.NotFound) {
		return tk, false, nil
	}
	if err != nil {
		return tk, false, err
	}
	c, err := e.tx.CustomerByID(tk.CustomerID)
	if err != nil || c.Email != m.From {
		// A tag from someone else is not enough to write into another customer's ticket.
		return tk, false, nil
	}
	return tk, true, nil
}

// mailAnswer adds a customer's answer to its ticket, reopening a resolved or closed ticket
// and resuming a pending one (the customer has answered what it waited for).
func (e *env) mailAnswer(m *mail.Message, tk ticket.Ticket, res *MailResult) error {
	row := inboundRow(m, tk.ID, "answer", e.tx.Time())
	if err := e.storeInbound(row, m); err != nil {
		return err
	}
	res.Action, res.TicketID, res.MailID = MailAnswered, tk.ID, row.ID
	before := snapshot(&tk)
	var action string
	var extra *audit.TicketMailAnswered
	switch {
	case tk.CanReopen() == nil:
		tk.Status, tk.ResolvedAt, tk.ClosedAt, tk.Resolution = ticket.Reopened, time.Time{}, time.Time{}, ""
		tk.ReopenCount++
		e.clock().Reopen(&tk, e.tx.Time())
		action, extra = "reopened", &audit.TicketMailAnswered{Reason: "the customer answered by email", MailID: row.ID}
	case tk.Status == ticket.Pending && tk.CanResume() == nil:
		tk.Status = ticket.Open
		if tk.ReopenCount > 0 {
			tk.Status = ticket.Reopened
		}
		e.clock().Resume(&tk, e.tx.Time())
		action, extra = "resumed", &audit.TicketMailAnswered{Reason: "the customer answered by email", MailID: row.ID}
	default:
		return nil
	}
	if err := e.tx.UpdateTicket(&tk, false); err != nil {
		return err
	}
	res.Reopened = action
	extra.Changes = diff(before, snapshot(&tk))
	return e.event("ticket", tk.ID, action, extra)
}

// mailOpen opens a ticket for a new message, with the sender as customer (added when new),
// and queues the acknowledgement.
func (e *env) mailOpen(m *mail.Message, o MailReceiveOptions, res *MailResult) error {
	email, err := customer.NormalizeEmail(m.From)
	if err != nil {
		return errs.Invalidf("sender %s is not a usable email address; no ticket opened", customer.MaskEmail(m.From))
	}
	ids, err := e.tx.CustomersByEmail(email)
	if err != nil {
		return err
	}
	var cust int64
	if len(ids) > 0 {
		cust = ids[0]
	} else {
		c, err := e.addCustomer(CustomerAddOptions{Name: customerName(m), Email: email})
		if err != nil {
			return err
		}
		cust = c.ID
		res.Notes = append(res.Notes, i18n.Sprintf("added customer %s (id %d, %s)", c.Name, c.ID, customer.MaskEmail(c.Email)))
	}
	kind := o.Kind
	if kind == "" {
		vals, err := e.values()
		if err != nil {
			return err
		}
		kind = mail.RouteKind(vals.MailRoutes, m.To)
		if kind != "" && !e.policy.HasKind(kind) {
			res.Notes = append(res.Notes, i18n.Sprintf("mail.routes names unknown kind %q: opened as an inquiry", kind))
			kind = ""
		}
	}
	if kind == "" {
		kind = "inquiry"
	}
	subject := clipBytes(mail.CleanSubject(m.Subject), ticket.MaxSubject)
	if subject == "" {
		subject = "(无主题)"
	}
	body := m.Text
	if len(body) > ticket.MaxBody {
		body = clipBytes(body, ticket.MaxBody-len("…")) + "…"
		res.Notes = append(res.Notes, i18n.Sprintf("body over %d bytes: the ticket keeps the start; the mail keeps it all", ticket.MaxBody))
	}
	var notes []string
	tk, notes, err := openTicket(TicketOpenOptions{Subject: subject, Kind: kind, Channel: "email", Customer: strconv.FormatInt(cust, 10),
		Team: o.Team, Body: body, At: arrivedAt(m.Arrived, e.tx.Time())}, func(fn func(*env) error) error { return fn(e) })
	if err != nil {
		return err
	}
	res.Notes = append(res.Notes, notes...)
	row := inboundRow(m, tk.ID, "opened", e.tx.Time())
	if err := e.storeInbound(row, m); err != nil {
		return err
	}
	res.Action, res.TicketID, res.MailID = MailOpened, tk.ID, row.ID
	return e.queueAck(&tk, m, row, res)
}

// arrivedAt is when the contact began: when the mail reached the department's mail server,
// which a fetch every few minutes (or a kefu that was down) learns of later. A time in the
// future or over a week old is not believed; the receive time stands.
func arrivedAt(arrived, now time.Time) string {
	if arrived.IsZero() || arrived.After(now) || now.Sub(arrived) > 7*24*time.Hour {
		return ""
	}
	return arrived.UTC().Format(time.RFC3339)
}

func customerName(m *mail.Message) string {
	local, _, _ := strings.Cut(m.From, "@")
	for _, name := range []string{strings.Trim(m.FromName, `"' `), local} {
		if staff.ValidName(errs.Word("customer"), name) == nil {
			return name
		}
	}
	return "邮件客户"
}

// clipBytes cuts s to at most n bytes at a character boundary (ticket limits are in bytes).
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func inboundRow(m *mail.Message, ticketID int64, role string, now time.Time) *persist.Mail {
	to := ""
	if len(m.To) > 0 {
		to = m.To[0]
	}
	irt := ""
	if len(m.InReplyTo) > 0 {
		irt = m.InReplyTo[0]
	}
	return &persist.Mail{TicketID: ticketID, Direction: "in", Role: role, MsgID: m.MessageID, InReplyTo: irt,
		References: m.References, FromName: m.FromName, From: m.From, To: to, Subject: m.Subject, Body: m.Text,
		Notes: m.Notes, Status: "received", At: now}
}

// storeInbound stores a received mail with its attachments and records it. The history
// names the message, never the addresses or text (personal data).
func (e *env) storeInbound(row *persist.Mail, m *mail.Message) error {
	atts := make([]persist.MailAttachment, len(m.Attachments))
	list := make([]audit.MailAttachment, len(m.Attachments))
	for i, a := range m.Attachments {
		atts[i] = persist.MailAttachment{Name: a.Name, Type: a.Type, Size: a.Size, Content: a.Data}
		list[i] = audit.MailAttachment{Name: a.Name, Type: a.Type, Size: a.Size, Stored: a.Data != nil}
	}
	if err := e.tx.InsertMail(row, atts); err != nil {
		return err
	}
	payload := audit.MailReceived{TicketID: row.TicketID, Direction: "in", Role: row.Role, MsgID: row.MsgID,
		Size: m.Size, Attachments: list, HTMLOnly: m.FromHTML, Notes: m.Notes}
	return e.event("mail", row.ID, "received", payload)
}

// queueAck queues the acknowledgement (确认收到并告知处理流程) for a new ticket when mail goes
// out (policy mail.from) and the template is not off. It is the first response only where
// policy mail.ack_counts_as_first_response says so.
func (e *env) queueAck(tk *ticket.Ticket, m *mail.Message, in *persist.Mail, res *MailResult) error {
	vals, err := e.values()
	if err != nil {
		return err
	}
	from, tmpl := vals.MailFrom, vals.MailAckTemplate
	if from == "" || strings.EqualFold(strings.TrimSpace(tmpl), "off") {
		return nil
	}
	due := tk.FirstResponseDue
	if due.IsZero() {
		due = tk.ResolutionDue
	}
	dueText := "尽快"
	if !due.IsZero() {
		dueText = customerTime(due.In(e.loc))
	}
	team := tk.Team
	c, err := e.tx.CustomerByID(tk.CustomerID)
	if err != nil {
		return err
	}
	body := mail.RenderAck(tmpl, mail.AckVars{Customer: c.Name, Ticket: strconv.FormatInt(tk.ID, 10), Due: dueText, Team: team, Agent: tk.Assignee})
	out := &persist.Mail{TicketID: tk.ID, Direction: "out", Role: "ack", MsgID: newMsgID(tk.ID, from, e.tx.Time()),
		InReplyTo: in.MsgID, References: append(append([]string{}, in.References...), in.MsgID), FromName: team,
		From: from, To: c.Email, Subject: mail.ReplySubject(tk.ID, m.Subject), Body: body, Status: "queued", At: e.tx.Time()}
	if vals.MailAckCountsAsFirstResponse {
		before := snapshot(tk)
		mid, err := e.tx.InsertMessage(tk.ID, "reply", 0, e.tx.Time(), body)
		if err != nil {
			return err
		}
		out.MessageID = mid
		tk.FirstResponseAt = e.tx.Time()
		if err := e.tx.UpdateTicket(tk, false); err != nil {
			return err
		}
		if err := e.event("ticket", tk.ID, "replied", &audit.TicketReplied{Changes: diff(before, snapshot(tk)),
			MessageID: mid, At: e.tx.Time().UTC().Format(time.RFC3339), Acknowledgement: true}); err != nil {
			return err
		}
	}
	if err := e.queueMail(out); err != nil {
		return err
	}
	res.Outbox = append(res.Outbox, out.ID)
	return nil
}

// customerTime writes a promised time for a customer: a close of service at midnight is
// 24:00 of its day (what people say), not 00:00 of the next.
func customerTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.AddDate(0, 0, -1).Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

// queueMail stores an outgoing mail as queued and records it.
func (e *env) queueMail(out *persist.Mail) error {
	if err := e.tx.InsertMail(out, nil); err != nil {
		return err
	}
	return e.event("mail", out.ID, "queued", audit.MailQueued{TicketID: out.TicketID, Direction: "out", Role: out.Role,
		MsgID: out.MsgID, InReplyTo: out.InReplyTo, MessageID: out.MessageID})
}

// newMsgID makes a Message-ID in the department's domain; the ticket number in it helps a
// person reading headers, the random part keeps it unique.
func newMsgID(ticketID int64, from string, now time.Time) string {
	domain := "kefu.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		domain = from[i+1:]
	}
	var b [6]byte
	rand.Read(b[:])
	return fmt.Sprintf("kefu.%d.%s.%s@%s", ticketID, strconv.FormatInt(now.UnixMilli(), 36), hex.EncodeToString(b[:]), domain)
}
