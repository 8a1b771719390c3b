package core

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/mail"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
)

// TicketReplyMail records a reply like TicketReply; on an email ticket, when mail goes out
// (policy mail.from) and send is true, it also queues the reply as mail to the customer,
// threaded on the ticket's mail. queued is the mail to send now (0 for none); notes say why
// a reply was not queued.
func (s *Service) TicketReplyMail(ctx context.Context, as string, id int64, text, at string, send bool) (tk ticket.Ticket, queued int64, notes []string, err error) {
	tk, queued, notes, _, err = s.TicketReplyTemplates(ctx, as, id, text, at, send, nil)
	return tk, queued, notes, err
}

// TicketReplyTemplates is TicketReplyMail with reply templates: the named templates are filled
// for the ticket and joined around text (which may then be empty), the uses are recorded with
// the reply, and sent is the text as sent.
func (s *Service) TicketReplyTemplates(ctx context.Context, as string, id int64, text, at string, send bool, templates []string) (tk ticket.Ticket, queued int64, notes []string, sent string, err error) {
	if err := ticket.CheckText("reply", text, ticket.MaxBody, len(templates) == 0); err != nil {
		return ticket.Ticket{}, 0, nil, "", err
	}
	tk, err = s.ticketChange(ctx, as, access.Work, "ticket reply", id, func(e *env, tk *ticket.Ticket) (string, audit.TicketPayload, error) {
		queued, notes = 0, nil
		text := text
		used, err := e.replyTemplates(tk, &text, templates)
		if err != nil {
			return "", nil, err
		}
		sent = text
		action, extra, err := replyChange(text, at)(e, tk)
		if err != nil {
			return "", nil, err
		}
		if err := e.recordTemplateUses(used, tk.ID, extra.MessageID); err != nil {
			return "", nil, err
		}
		if tk.Channel != "email" {
			return action, extra, nil
		}
		vals, err := e.values()
		if err != nil {
			return "", nil, err
		}
		if vals.MailFrom == "" {
			return action, extra, nil
		}
		if !send {
			notes = append(notes, "--no-send: recorded, not mailed")
			extra.Mail = "not sent (--no-send)"
			return action, extra, nil
		}
		c, err := e.tx.CustomerByID(tk.CustomerID)
		if err != nil {
			return "", nil, err
		}
		if c.Email == "" {
			notes = append(notes, "customer "+c.Name+" has no email address: recorded, not mailed")
			extra.Mail = "not sent (no address)"
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
		out.MessageID = extra.MessageID
		out.InReplyTo, out.References = threadHeaders(mails)
		if err := e.queueMail(out); err != nil {
			return "", nil, err
		}
		queued = out.ID
		extra.MailID = out.ID
		return action, extra, nil
	})
	return tk, queued, notes, sent, err
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
				return e.event("mail", m.ID, "send_failed", audit.MailSendFailed{TicketID: m.TicketID, Via: via.String(), Error: err.Error()})
			}
			if err := e.tx.MarkMailSent(m.ID, e.tx.Time()); err != nil {
				return err
			}
			return e.event("mail", m.ID, "sent", audit.MailSent{TicketID: m.TicketID, Via: via.String(), MsgID: m.MsgID})
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
