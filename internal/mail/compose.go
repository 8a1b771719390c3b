package mail

import (
	"bytes"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

// Outgoing is a message kefu sends: a reply from an agent or an acknowledgement.
type Outgoing struct {
	FromName, From string
	ToName, To     string
	Subject        string
	Body           string
	MessageID      string // without angle brackets
	InReplyTo      string
	References     []string
	Date           time.Time
	// Auto marks an acknowledgement (Auto-Submitted: auto-replied, RFC 3834), so other
	// robots do not answer it.
	Auto bool
}

// Compose writes the message: UTF-8 text, quoted-printable, RFC 2047 encoded subject and
// names, threading headers.
func Compose(o Outgoing) ([]byte, error) {
	var h gomail.Header
	h.SetAddressList("From", []*gomail.Address{{Name: o.FromName, Address: o.From}})
	h.SetAddressList("To", []*gomail.Address{{Name: o.ToName, Address: o.To}})
	h.SetSubject(o.Subject)
	h.SetDate(o.Date)
	h.SetMessageID(o.MessageID)
	if o.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{o.InReplyTo})
	}
	if len(o.References) > 0 {
		h.SetMsgIDList("References", o.References)
	}
	if o.Auto {
		h.Set("Auto-Submitted", "auto-replied")
	}
	h.Set("MIME-Version", "1.0")
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	var buf bytes.Buffer
	w, err := gomail.CreateSingleInlineWriter(&buf, h)
	if err != nil {
		return nil, err
	}
	body := strings.ReplaceAll(strings.ReplaceAll(o.Body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := w.Write([]byte(body + "\r\n")); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
