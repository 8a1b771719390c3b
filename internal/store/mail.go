package store

import (
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// InsertMail stores a mail and its attachments.
func (t *Tx) InsertMail(m *Mail, atts []MailAttachment) error {
	res, err := t.insert(`INSERT INTO mail_messages (ticket_id, direction, role, msgid, in_reply_to, refs, from_name,
		from_addr, to_addr, subject, body, notes, message_id, author_id, status, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.TicketID, m.Direction, m.Role, m.MsgID, m.InReplyTo, strings.Join(m.References, " "), m.FromName,
		m.From, m.To, m.Subject, m.Body, strings.Join(m.Notes, "\n"), nullID(m.MessageID), nullID(m.AuthorID), m.Status, m.At.UnixMilli())
	if err != nil {
		return err
	}
	m.ID, _ = res.LastInsertId()
	for _, a := range atts {
		var content any
		if a.Content != nil {
			content = a.Content
		}
		if _, err := t.exec(`INSERT INTO mail_attachments (mail_id, name, content_type, size, content) VALUES (?, ?, ?, ?, ?)`,
			m.ID, a.Name, a.Type, a.Size, content); err != nil {
			return err
		}
	}
	return nil
}

const mailCols = `m.id, m.ticket_id, m.direction, m.role, m.msgid, m.in_reply_to, m.refs, m.from_name, m.from_addr,
	m.to_addr, m.subject, m.body, m.notes, coalesce(m.message_id, 0), coalesce(m.author_id, 0), coalesce(s.name, ''),
	m.status, m.attempts, m.last_error, m.at, m.sent_at`

const mailFrom = ` FROM mail_messages m LEFT JOIN staff s ON s.id = m.author_id `

func scanMail(sc interface{ Scan(...any) error }) (Mail, error) {
	var m Mail
	var refs, notes string
	var at, sent sql.NullInt64
	err := sc.Scan(&m.ID, &m.TicketID, &m.Direction, &m.Role, &m.MsgID, &m.InReplyTo, &refs, &m.FromName, &m.From,
		&m.To, &m.Subject, &m.Body, &notes, &m.MessageID, &m.AuthorID, &m.Author,
		&m.Status, &m.Attempts, &m.LastError, &at, &sent)
	m.References, m.Notes = strings.Fields(refs), nil
	if notes != "" {
		m.Notes = strings.Split(notes, "\n")
	}
	m.At, m.SentAt = fromMS(at), fromMS(sent)
	return m, err
}

func (t *Tx) mails(where string, args ...any) ([]Mail, error) {
	rows, err := t.query(`SELECT `+mailCols+mailFrom+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading mail")
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "reading mail")
}

// MailByMsgID finds a mail by its Message-ID; found is false when there is none.
func (t *Tx) MailByMsgID(msgid string) (m Mail, found bool, err error) {
	m, err = scanMail(t.queryRow(`SELECT `+mailCols+mailFrom+`WHERE m.msgid = ?`, msgid))
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	return m, err == nil, errs.Wrap(err, "reading mail %s", msgid)
}

// MailByID reads one mail.
func (t *Tx) MailByID(id int64) (Mail, error) {
	m, err := scanMail(t.queryRow(`SELECT `+mailCols+mailFrom+`WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, errs.NotFoundf("no mail %d", id)
	}
	return m, errs.Wrap(err, "reading mail %d", id)
}

// TicketMails lists a ticket's mail, oldest first.
func (t *Tx) TicketMails(ticketID int64) ([]Mail, error) {
	return t.mails(`WHERE m.ticket_id = ? ORDER BY m.at, m.id`, ticketID)
}

// MailOutbox lists outgoing mail still to send (queued, failed, or claimed by a sender that
// has not finished), oldest first.
func (t *Tx) MailOutbox() ([]Mail, error) {
	return t.mails(`WHERE m.status IN ('queued', 'sending', 'failed') ORDER BY m.id`)
}

// ClaimMail marks an outgoing mail as being sent by this process; false when another holds
// it (a claim older than staleBefore is taken over) or it was sent meanwhile.
func (t *Tx) ClaimMail(id int64, staleBefore time.Time) (bool, error) {
	res, err := t.exec(`UPDATE mail_messages SET status = 'sending', claimed_at = ? WHERE id = ? AND direction = 'out'
		AND (status IN ('queued', 'failed') OR (status = 'sending' AND claimed_at < ?))`, t.Now.UnixMilli(), id, staleBefore.UnixMilli())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MailAttachments lists a mail's attachments without their content.
func (t *Tx) MailAttachments(mailID int64) ([]MailAttachment, error) {
	rows, err := t.query(`SELECT name, content_type, size, content IS NOT NULL FROM mail_attachments WHERE mail_id = ? ORDER BY id`, mailID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MailAttachment
	for rows.Next() {
		var a MailAttachment
		var stored bool
		if err := rows.Scan(&a.Name, &a.Type, &a.Size, &stored); err != nil {
			return nil, errs.Wrap(err, "reading attachments")
		}
		if stored {
			a.Content = []byte{}
		}
		out = append(out, a)
	}
	return out, errs.Wrap(rows.Err(), "reading attachments")
}

// MarkMailSent records a successful send.
func (t *Tx) MarkMailSent(id int64, at time.Time) error {
	_, err := t.exec(`UPDATE mail_messages SET status = 'sent', attempts = attempts + 1, last_error = '', sent_at = ?, claimed_at = NULL WHERE id = ?`, at.UnixMilli(), id)
	return err
}

// MarkMailFailed records a failed send attempt.
func (t *Tx) MarkMailFailed(id int64, reason string) error {
	_, err := t.exec(`UPDATE mail_messages SET status = 'failed', attempts = attempts + 1, last_error = ?, claimed_at = NULL WHERE id = ?`, reason, id)
	return err
}

// CustomersByEmail finds customers by an exact email address, oldest first (forgotten ones
// have none).
func (t *Tx) CustomersByEmail(email string) ([]int64, error) {
	rows, err := t.query(`SELECT id FROM customers WHERE email = ? AND email <> '' ORDER BY id`, email)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows, "customers")
}
