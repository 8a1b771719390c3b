package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
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
		vals, err := e.policy.Values()
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
	var extra map[string]any
	switch {
	case tk.CanReopen() == nil:
		tk.Status, tk.ResolvedAt, tk.ClosedAt, tk.Resolution = ticket.Reopened, time.Time{}, time.Time{}, ""
		tk.ReopenCount++
		e.clock().Reopen(&tk, e.tx.Time())
		action, extra = "reopened", map[string]any{"reason": "the customer answered by email", "mail_id": row.ID}
	case tk.Status == ticket.Pending && tk.CanResume() == nil:
		tk.Status = ticket.Open
		if tk.ReopenCount > 0 {
			tk.Status = ticket.Reopened
		}
		e.clock().Resume(&tk, e.tx.Time())
		action, extra = "resumed", map[string]any{"reason": "the customer answered by email", "mail_id": row.ID}
	default:
		return nil
	}
	if err := e.tx.UpdateTicket(&tk, false); err != nil {
		return err
	}
	res.Reopened = action
	extra["changes"] = diff(before, snapshot(&tk))
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
		res.Notes = append(res.Notes, fmt.Sprintf("added customer %s (id %d, %s)", c.Name, c.ID, customer.MaskEmail(c.Email)))
	}
	kind := o.Kind
	if kind == "" {
		vals, err := e.policy.Values()
		if err != nil {
			return err
		}
		kind = mail.RouteKind(vals.MailRoutes, m.To)
		if kind != "" && !e.policy.HasKind(kind) {
			res.Notes = append(res.Notes, fmt.Sprintf("mail.routes names unknown kind %q: opened as an inquiry", kind))
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
		res.Notes = append(res.Notes, fmt.Sprintf("body over %d bytes: the ticket keeps the start; the mail keeps it all", ticket.MaxBody))
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
		if staff.ValidName("customer", name) == nil {
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
	list := make([]map[string]any, len(m.Attachments))
	for i, a := range m.Attachments {
		atts[i] = persist.MailAttachment{Name: a.Name, Type: a.Type, Size: a.Size, Content: a.Data}
		list[i] = map[string]any{"name": a.Name, "type": a.Type, "size": a.Size, "stored": a.Data != nil}
	}
	if err := e.tx.InsertMail(row, atts); err != nil {
		return err
	}
	payload := map[string]any{"ticket_id": row.TicketID, "direction": "in", "role": row.Role, "msgid": row.MsgID,
		"size": m.Size, "attachments": list}
	if m.FromHTML {
		payload["html_only"] = true
	}
	if len(m.Notes) > 0 {
		payload["notes"] = m.Notes
	}
	return e.event("mail", row.ID, "received", payload)
}

// queueAck queues the acknowledgement (确认收到并告知处理流程) for a new ticket when mail goes
// out (policy mail.from) and the template is not off. It is the first response only where
// policy mail.ack_counts_as_first_response says so.
func (e *env) queueAck(tk *ticket.Ticket, m *mail.Message, in *persist.Mail, res *MailResult) error {
	vals, err := e.policy.Values()
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
		if err := e.event("ticket", tk.ID, "replied", map[string]any{"changes": diff(before, snapshot(tk)),
			"message_id": mid, "at": e.tx.Time().UTC().Format(time.RFC3339), "acknowledgement": true}); err != nil {
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
	return e.event("mail", out.ID, "queued", map[string]any{"ticket_id": out.TicketID, "direction": "out", "role": out.Role,
		"msgid": out.MsgID, "in_reply_to": out.InReplyTo, "message_id": out.MessageID})
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

// TicketReplyMail records a reply like TicketReply; on an email ticket, when mail goes out
// (policy mail.from) and send is true, it also queues the reply as mail to the customer,
// threaded on the ticket's mail. queued is the mail to send now (0 for none); notes say why
// a reply was not queued.
func (s *Service) TicketReplyMail(ctx context.Context, as string, id int64, text, at string, send bool) (tk ticket.Ticket, queued int64, notes []string, err error) {
	if err := ticket.CheckText("reply", text, ticket.MaxBody, true); err != nil {
		return ticket.Ticket{}, 0, nil, err
	}
	record := replyChange(text, at)
	tk, err = s.ticketChange(ctx, as, access.Work, "ticket reply", id, func(e *env, tk *ticket.Ticket) (string, map[string]any, error) {
		queued, notes = 0, nil
		action, extra, err := record(e, tk)
		if err != nil || tk.Channel != "email" {
			return action, extra, err
		}
		vals, err := e.policy.Values()
		if err != nil || vals.MailFrom == "" {
			return action, extra, err
		}
		if !send {
			notes = append(notes, "--no-send: recorded, not mailed")
			extra["mail"] = "not sent (--no-send)"
			return action, extra, nil
		}
		c, err := e.tx.CustomerByID(tk.CustomerID)
		if err != nil {
			return "", nil, err
		}
		if c.Email == "" {
			notes = append(notes, "customer "+c.Name+" has no email address: recorded, not mailed")
			extra["mail"] = "not sent (no address)"
			return action, extra, nil
		}
		mails, err := e.tx.TicketMails(tk.ID)
		if err != nil {
			return "", nil, err
		}
		from := vals.MailFrom
		out := &persist.Mail{TicketID: tk.ID, Direction: "out", Role: "reply", MsgID: newMsgID(tk.ID, from, e.tx.Time()),
			FromName: e.actor.Name, From: from, To: c.Email, Subject: mail.ReplySubject(tk.ID, tk.Subject), Body: text,
			AuthorID: e.actor.ID, Status: "queued", At: e.tx.Time()}
		if mid, ok := extra["message_id"].(int64); ok {
			out.MessageID = mid
		}
		out.InReplyTo, out.References = threadHeaders(mails)
		if err := e.queueMail(out); err != nil {
			return "", nil, err
		}
		queued = out.ID
		extra["mail_id"] = out.ID
		return action, extra, nil
	})
	return tk, queued, notes, err
}

// threadHeaders answers the customer's latest mail (else kefu's latest), referencing the
// ticket's whole thread (the last 20 ids, as long threads do).
func threadHeaders(mails []persist.Mail) (string, []string) {
	var refs []string
	inReplyTo := ""
	for _, m := range mails {
		refs = append(refs, m.MsgID)
		if m.Direction == "in" || inReplyTo == "" {
			inReplyTo = m.MsgID
		}
	}
	if len(refs) > 20 {
		refs = refs[len(refs)-20:]
	}
	return inReplyTo, refs
}

// MailSendResult is one outgoing mail's send.
type MailSendResult struct {
	MailID   int64  `json:"mail_id"`
	TicketID int64  `json:"ticket_id"`
	Role     string `json:"role"`
	Sent     bool   `json:"sent"`
	Error    string `json:"error,omitempty"`
}

// claimTimeout is how long a claim to send a mail holds before another sender may take over
// (the one that claimed it died mid-send).
const claimTimeout = 10 * time.Minute

// ErrNoTransport says mail is queued but this kefu has no way to send it.
var ErrNoTransport = errs.E(errs.Internal, "no mail transport: set mail.smtp (or mail.sendmail) in the config file, or KEFU_MAIL_SMTP")

// MailSend sends queued mail by id (0 ids: the whole outbox, oldest first), recording each
// success or failure in its own transaction. Any failure is an error (exit 1) after every
// mail was tried; what failed stays in the outbox for kefu mail retry.
func (s *Service) MailSend(ctx context.Context, ids []int64, via mail.Sender) ([]MailSendResult, error) {
	var outbox []persist.Mail
	err := s.read(ctx, func(e *env) error {
		if len(ids) == 0 {
			var err error
			outbox, err = e.tx.MailOutbox()
			return err
		}
		for _, id := range ids {
			m, err := e.tx.MailByID(id)
			if err != nil {
				return err
			}
			if m.Direction == "out" && m.Status != "sent" {
				outbox = append(outbox, m)
			}
		}
		return nil
	})
	if err != nil || len(outbox) == 0 {
		return nil, err
	}
	if via == nil {
		return nil, ErrNoTransport
	}
	names := map[int64]string{}
	if err := s.read(ctx, func(e *env) error {
		for _, m := range outbox {
			tk, err := e.tx.Ticket(m.TicketID)
			if err != nil {
				return err
			}
			names[m.ID] = tk.Customer
		}
		return nil
	}); err != nil {
		return nil, err
	}
	var results []MailSendResult
	failed := 0
	for _, m := range outbox {
		// Claim it first: a reply being sent by ticket reply is not sent again by a mail retry
		// running at the same moment.
		claimed := false
		if err := s.system(ctx, func(e *env) error {
			var err error
			claimed, err = e.tx.ClaimMail(m.ID, e.tx.Time().Add(-claimTimeout))
			return err
		}); err != nil {
			return results, err
		}
		if !claimed {
			continue
		}
		r := MailSendResult{MailID: m.ID, TicketID: m.TicketID, Role: m.Role}
		msg, err := mail.Compose(mail.Outgoing{FromName: m.FromName, From: m.From, ToName: names[m.ID], To: m.To, Subject: m.Subject, Body: m.Body,
			MessageID: m.MsgID, InReplyTo: m.InReplyTo, References: m.References, Date: m.At, Auto: m.Role == "ack"})
		if err == nil {
			err = via.Send(m.From, []string{m.To}, msg)
		}
		werr := s.system(ctx, func(e *env) error {
			if err != nil {
				if err := e.tx.MarkMailFailed(m.ID, err.Error()); err != nil {
					return err
				}
				return e.event("mail", m.ID, "send_failed", map[string]any{"ticket_id": m.TicketID, "via": via.String(), "error": err.Error()})
			}
			if err := e.tx.MarkMailSent(m.ID, e.tx.Time()); err != nil {
				return err
			}
			return e.event("mail", m.ID, "sent", map[string]any{"ticket_id": m.TicketID, "via": via.String(), "msgid": m.MsgID})
		})
		if werr != nil {
			return results, werr
		}
		r.Sent = err == nil
		if err != nil {
			r.Error = err.Error()
			failed++
		}
		results = append(results, r)
	}
	if failed > 0 {
		last := results[len(results)-1].Error
		for _, r := range results {
			if r.Error != "" {
				last = r.Error
			}
		}
		return results, errs.E(errs.Internal, "%d of %d mail%s not sent (%s); they wait for kefu mail retry", failed, len(results), plural(len(results)), last)
	}
	return results, nil
}

// MailOutbox lists outgoing mail waiting to be sent.
func (s *Service) MailOutbox(ctx context.Context) ([]persist.Mail, error) {
	var out []persist.Mail
	err := s.read(ctx, func(e *env) error {
		var err error
		out, err = e.tx.MailOutbox()
		return err
	})
	return out, err
}

// MailAttachmentInfo lists a file that came by email.
type MailAttachmentInfo struct {
	MailID int64  `json:"mail_id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Stored bool   `json:"stored"`
}

// addMail puts a ticket's email into its conversation: the customer's answers as messages of
// kind "customer", the acknowledgement as "ack", and each mailed reply's state.
func (e *env) addMail(d *TicketDetail) error {
	mails, err := e.tx.TicketMails(d.Ticket.ID)
	if err != nil || len(mails) == 0 {
		return err
	}
	byMessage := map[int64]string{}
	for _, m := range mails {
		if m.MessageID != 0 {
			byMessage[m.MessageID] = m.Status
		}
		switch {
		case m.Direction == "in" && m.Role == "answer":
			// The conversation shows what is new; the mail keeps the quoted history too.
			d.Messages = append(d.Messages, persist.Message{TicketID: m.TicketID, Kind: "customer", Author: d.Ticket.Customer, At: m.At, Body: mail.StripQuoted(m.Body), Mail: m.Status})
		case m.Role == "ack" && m.MessageID == 0:
			d.Messages = append(d.Messages, persist.Message{TicketID: m.TicketID, Kind: "ack", Author: "system", At: m.At, Body: m.Body, Mail: m.Status})
		}
		if m.Direction == "in" {
			atts, err := e.tx.MailAttachments(m.ID)
			if err != nil {
				return err
			}
			for _, a := range atts {
				d.Attachments = append(d.Attachments, MailAttachmentInfo{MailID: m.ID, Name: a.Name, Type: a.Type, Size: a.Size, Stored: a.Content != nil})
			}
		}
	}
	for i := range d.Messages {
		if st, ok := byMessage[d.Messages[i].ID]; ok && d.Messages[i].ID != 0 {
			d.Messages[i].Mail = st
		}
	}
	slices.SortStableFunc(d.Messages, func(a, b persist.Message) int { return a.At.Compare(b.At) })
	return nil
}
