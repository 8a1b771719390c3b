// Package mail turns email into what kefu stores and back: it parses an RFC 5322 message
// (MIME parts, Chinese charsets, HTML-only bodies, attachments), recognises mail that must
// never open a ticket (bounces, auto-replies, lists), and composes the replies kefu sends.
// It knows nothing of the database; the transports (SMTP, sendmail, Maildir, IMAP) are in
// their own files.
package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
)

// Limits bound what one message may bring in (policy mail.max_size, mail.attachment_max).
type Limits struct {
	MaxSize       int64
	AttachmentMax int64
}

// Attachment is a file that came with a message. Data is nil when it was larger than the
// limit and left out.
type Attachment struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
	Data []byte `json:"-"`
}

// Message is an incoming email as kefu keeps it.
type Message struct {
	// MessageID is the Message-ID without angle brackets; a message without one gets a
	// stable stand-in from its content, so receiving it twice is still recognised.
	MessageID  string
	InReplyTo  []string
	References []string
	FromName   string
	From       string // the sender's address, lower case
	// To is every recipient address (To, Cc, Delivered-To), for routing.
	To      []string
	Subject string
	Date    time.Time
	// Arrived is when the receiving mail server took the message (its topmost Received:
	// header), zero when unknown.
	Arrived time.Time
	// Text is the body: the plain part, or the text of the HTML part.
	Text        string
	FromHTML    bool
	Attachments []Attachment
	// Notes say what could not be kept as sent (an unknown charset, an attachment left out).
	Notes []string
	// Auto is why the message must not open a ticket (bounce, auto-reply, list), or "".
	Auto string
	Size int
}

// Parse reads one message. Bad input (too large, malformed MIME, no From) is an Invalid
// error; an unknown charset is not: the text is kept as bytes, with a note.
func Parse(raw []byte, lim Limits) (*Message, error) {
	if lim.MaxSize > 0 && int64(len(raw)) > lim.MaxSize {
		return nil, errs.Invalidf("message of %s is over mail.max_size (%s)", Size(int64(len(raw))), Size(lim.MaxSize))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errs.Invalidf("empty message: expected an RFC 5322 message on stdin")
	}
	m := &Message{Size: len(raw)}
	ent, readErr := message.Read(bytes.NewReader(raw))
	if readErr != nil && !message.IsUnknownCharset(readErr) && !message.IsUnknownEncoding(readErr) {
		return nil, errs.Invalidf("malformed message: %v", readErr)
	}
	if ent == nil {
		return nil, errs.Invalidf("malformed message: no header")
	}
	h := gomail.Header{Header: ent.Header}
	fallback := headerCharset(ent)
	from, err := h.AddressList("From")
	if err != nil || len(from) == 0 {
		// A display name in raw 8-bit GBK defeats the address parser: try it decoded.
		if a := rawAddress(h.Get("From"), fallback); a != nil {
			from = []*gomail.Address{a}
		}
	}
	if len(from) == 0 || !strings.Contains(from[0].Address, "@") {
		if h.Get("From") == "" {
			return nil, errs.Invalidf("message has no From: address; no ticket opened")
		}
		return nil, errs.Invalidf("message's From: %q is not an email address; no ticket opened", clip(h.Get("From"), 80))
	}
	m.From = strings.ToLower(from[0].Address)
	// Foxmail and QQ Mail quote the encoded words of a name, which RFC 2047 forbids and the
	// address parser leaves as they are: decode them here.
	m.FromName = strings.TrimSpace(decodeHeader(from[0].Name, fallback))
	for _, key := range []string{"To", "Cc", "Delivered-To", "X-Original-To"} {
		list, _ := h.AddressList(key)
		for _, a := range list {
			m.To = append(m.To, strings.ToLower(a.Address))
		}
	}
	m.Subject = strings.TrimSpace(strings.ReplaceAll(decodeHeader(h.Get("Subject"), fallback), "\x00", ""))
	m.Date, _ = h.Date()
	m.Arrived = arrived(h.Get("Received"))
	m.MessageID, _ = h.MessageID()
	if m.MessageID == "" {
		sum := sha256.Sum256(raw)
		m.MessageID = "sha256-" + hex.EncodeToString(sum[:12]) + "@kefu.invalid"
	}
	m.InReplyTo, _ = h.MsgIDList("In-Reply-To")
	m.References, _ = h.MsgIDList("References")
	m.Auto = autoReason(h.Header.Header, m.From)
	if err := m.readBody(ent, readErr, lim); err != nil {
		return nil, err
	}
	return m, nil
}

// readBody walks the MIME tree: the first text/plain part is the text, else the first
// text/html part's text; every other leaf with a file name (or a non-text type) is an attachment.
func (m *Message) readBody(ent *message.Entity, rootErr error, lim Limits) error {
	var plain, html string
	havePlain, haveHTML := false, false
	err := ent.Walk(func(path []int, part *message.Entity, perr error) error {
		if part == nil {
			return perr
		}
		if path == nil && perr == nil {
			perr = rootErr // the top part's charset was read with the header
		}
		if part.MultipartReader() != nil {
			return nil
		}
		if perr != nil && message.IsUnknownEncoding(perr) {
			m.Notes = append(m.Notes, i18n.Sprintf("unknown transfer encoding %s: part kept as received", part.Header.Get("Content-Transfer-Encoding")))
		}
		mediaType, params, _ := part.Header.ContentType()
		disp, dparams, _ := part.Header.ContentDisposition()
		name := dparams["filename"]
		if name == "" {
			name = params["name"]
		}
		if name == "" {
			name = rfc2231Name(part.Header.Get("Content-Disposition"))
		}
		if name == "" {
			name = rfc2231Name(part.Header.Get("Content-Type"))
		}
		name = decodeHeader(name, "")
		isText := strings.HasPrefix(mediaType, "text/plain") || strings.HasPrefix(mediaType, "text/html")
		if disp == "attachment" || name != "" || !isText {
			return m.attach(part, mediaType, name, lim)
		}
		body, err := io.ReadAll(part.Body)
		if err != nil {
			return errs.Invalidf("malformed message: %v", err)
		}
		text := string(body)
		if _, declared := params["charset"]; !declared && strings.HasPrefix(mediaType, "text/html") {
			// No charset in the header: an HTML part may name it in a <meta> tag.
			// (htmlCharset falls back to windows-1252 when it finds nothing.)
			if name := htmlCharset(body); name != "utf-8" && name != "windows-1252" {
				if dec, ok := decodeBytes(body, name); ok {
					text = dec
				}
			}
		}
		if perr != nil && message.IsUnknownCharset(perr) {
			m.Notes = append(m.Notes, i18n.Sprintf("unknown charset %q: text kept as received", params["charset"]))
			text = strings.ToValidUTF8(text, "\uFFFD")
		} else if !utf8.ValidString(text) {
			// Declared UTF-8 (or nothing) but not: Chinese clients mostly mean GB18030.
			if dec, ok := decodeBytes(body, "gb18030"); ok {
				text = dec
			} else {
				text = strings.ToValidUTF8(text, "\uFFFD")
			}
		}
		switch {
		case strings.HasPrefix(mediaType, "text/plain") && !havePlain:
			plain, havePlain = text, true
		case strings.HasPrefix(mediaType, "text/html") && !haveHTML:
			html, haveHTML = text, true
		}
		return nil
	})
	if err != nil {
		var ke *errs.Error
		if errors.As(err, &ke) {
			return err
		}
		return errs.Invalidf("malformed message: %v", err)
	}
	switch {
	case havePlain && strings.TrimSpace(plain) != "":
		m.Text = plain
	case haveHTML:
		m.Text, m.FromHTML = HTMLText(html), true
	default:
		m.Text = plain
	}
	m.Text = normalizeText(m.Text)
	return nil
}

func (m *Message) attach(part *message.Entity, mediaType, name string, lim Limits) error {
	if name == "" {
		name = "(unnamed)"
	}
	a := Attachment{Name: name, Type: mediaType}
	var buf bytes.Buffer
	limit := lim.AttachmentMax
	if limit <= 0 {
		limit = 1 << 62
	}
	n, err := io.Copy(&buf, io.LimitReader(part.Body, limit+1))
	if err != nil {
		return errs.Invalidf("malformed message: attachment %s: %v", name, err)
	}
	if n > limit {
		rest, err := io.Copy(io.Discard, part.Body)
		if err != nil {
			return errs.Invalidf("malformed message: attachment %s: %v", name, err)
		}
		a.Size = n + rest
		m.Notes = append(m.Notes, i18n.Sprintf("attachment %s (%s) is over mail.attachment_max (%s): left out", name, Size(a.Size), Size(limit)))
	} else {
		a.Size, a.Data = n, buf.Bytes()
	}
	m.Attachments = append(m.Attachments, a)
	return nil
}

// normalizeText uses \n line ends, drops NUL characters and trailing blank space.
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

var rfc2231Segment = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|;)\s*(?:file)?name\*(?:(\d+)\*?)?=\s*"?([^";]*)"?`)
})

// rfc2231Name decodes an RFC 2231 file name in a charset the standard library leaves out
// (filename*=gb2312'zh-cn'%C6%C6%CB%F0.png, as some Chinese clients write), segments in order.
func rfc2231Name(header string) string {
	var cs, enc string
	var b strings.Builder
	for i, m := range rfc2231Segment().FindAllStringSubmatch(header, -1) {
		v := m[2]
		if i == 0 {
			parts := strings.SplitN(v, "'", 3)
			if len(parts) != 3 {
				return ""
			}
			cs, v = parts[0], parts[2]
		}
		b.WriteString(v)
		enc = b.String()
	}
	if enc == "" {
		return ""
	}
	raw, err := url.PathUnescape(enc)
	if err != nil {
		return ""
	}
	if utf8.ValidString(raw) && (cs == "" || strings.EqualFold(cs, "utf-8")) {
		return raw
	}
	if d, ok := decodeBytes([]byte(raw), cs); ok {
		return d
	}
	return ""
}

// arrived reads the date a Received: header ends with ("...; Mon, 2 Mar 2026 08:55:10 +0800").
func arrived(received string) time.Time {
	i := strings.LastIndexByte(received, ';')
	if i < 0 {
		return time.Time{}
	}
	t, err := netmail.ParseDate(strings.TrimSpace(received[i+1:]))
	if err != nil {
		return time.Time{}
	}
	return t
}

// headerCharset is the charset of the top-level text part (or the first one named),
// used for header bytes a client sent unencoded.
func headerCharset(ent *message.Entity) string {
	_, params, _ := ent.Header.ContentType()
	return params["charset"]
}

// decodeHeader decodes RFC 2047 words; raw 8-bit bytes are read in the message's charset,
// else GB18030 (what Chinese clients that skip the encoding send).
func decodeHeader(v, fallback string) string {
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	out, err := dec.DecodeHeader(v)
	if err != nil {
		out = v
	}
	return headerText(out, fallback)
}

func headerText(s, fallback string) string {
	if utf8.ValidString(s) {
		return s
	}
	for _, cs := range []string{fallback, "gb18030"} {
		if cs == "" {
			continue
		}
		if d, ok := decodeBytes([]byte(s), cs); ok {
			return d
		}
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// rawAddress reads "Name <addr>" by hand when the parser refused raw bytes in the name.
func rawAddress(v, fallback string) *gomail.Address {
	open, end := strings.LastIndexByte(v, '<'), strings.LastIndexByte(v, '>')
	if open < 0 || end < open {
		return nil
	}
	addr := strings.TrimSpace(v[open+1 : end])
	if !strings.Contains(addr, "@") || strings.ContainsAny(addr, " \t\"") {
		return nil
	}
	name := strings.Trim(strings.TrimSpace(v[:open]), `"`)
	return &gomail.Address{Name: headerText(name, fallback), Address: addr}
}

func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Size prints a byte count the way people read it (10 MiB, 512 KiB, 300 B).
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
