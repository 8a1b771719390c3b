package core_test

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/mail"
	"github.com/kefu/kefu/internal/mail/mailtest"
	"github.com/kefu/kefu/internal/storetest"
	"github.com/kefu/kefu/internal/ticket"
)

func mailCorpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mail", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mailTeam is a team whose replies go out from kefu@shop.example through an SMTP server
// on 127.0.0.1.
func mailTeam(t *testing.T) (*team, *mailtest.SMTPServer, mail.Sender) {
	t.Helper()
	tm := newTeam(t)
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "mail.from", "kefu@shop.example"); err != nil {
		t.Fatal(err)
	}
	srv, err := mailtest.StartSMTP(mailtest.SMTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	via, err := mail.ParseSMTP("smtp://"+srv.Addr, "")
	if err != nil {
		t.Fatal(err)
	}
	return tm, srv, via
}

type sentMail struct {
	from, to, subject, id, inReplyTo, refs, auto, body string
}

func readSent(t *testing.T, d mailtest.Delivery) sentMail {
	t.Helper()
	e, err := message.Read(bytes.NewReader(d.Data))
	if err != nil {
		t.Fatal(err)
	}
	h := gomail.Header{Header: e.Header}
	var s sentMail
	from, _ := h.AddressList("From")
	to, _ := h.AddressList("To")
	s.from, s.to = from[0].String(), to[0].Address
	s.subject, _ = h.Subject()
	s.id, _ = h.MessageID()
	irt, _ := h.MsgIDList("In-Reply-To")
	refs, _ := h.MsgIDList("References")
	s.inReplyTo, s.refs = strings.Join(irt, " "), strings.Join(refs, " ")
	s.auto = h.Get("Auto-Submitted")
	var b bytes.Buffer
	b.ReadFrom(e.Body)
	s.body = strings.ReplaceAll(b.String(), "\r\n", "\n")
	return s
}

// answer is the customer's reply to a sent message, threaded only by In-Reply-To.
func answer(from, inReplyTo, id, text string) []byte {
	return []byte(fmt.Sprintf("From: 刘洋 <%s>\r\nTo: kefu@shop.example\r\nSubject: =?UTF-8?B?5Zue5aSN?=\r\nMessage-ID: <%s>\r\nIn-Reply-To: <%s>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", from, id, inReplyTo, text))
}

func TestMailInAndOut(t *testing.T) {
	tm, srv, via := mailTeam(t)
	res, err := tm.s.MailReceive(tm.ctx, mailCorpus(t, "outlook_gbk.eml"), core.MailReceiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != core.MailOpened || res.TicketID != 1 || len(res.Outbox) != 1 {
		t.Fatalf("receive: %+v", res)
	}
	d, err := tm.s.TicketShow(tm.ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Opened when the mail reached the department's server (its Received: header), 08:55:10.
	if !d.Ticket.OpenedAt.Equal(time.Date(2026, 3, 2, 8, 55, 10, 0, shanghai)) {
		t.Errorf("opened at %s", d.Ticket.OpenedAt.In(shanghai))
	}
	if tk := d.Ticket; tk.Channel != "email" || tk.Kind != "inquiry" || tk.Subject != "申请退款未到账" || !strings.Contains(tk.Body, "退款还没到账") || tk.OpenedBy != "" || !tk.FirstResponseAt.IsZero() {
		t.Fatalf("ticket %+v", tk)
	}
	// The acknowledgement goes out at once, answering 刘洋's mail.
	if r, err := tm.s.MailSend(tm.ctx, res.Outbox, via); err != nil || len(r) != 1 || !r[0].Sent {
		t.Fatalf("send ack: %+v %v", r, err)
	}
	ack := readSent(t, srv.Delivered()[0])
	if ack.to != "liuyang@example.com" || ack.subject != "Re: 申请退款未到账 [#1]" || ack.auto != "auto-replied" ||
		ack.inReplyTo != "000001dab1c2$5e3f1a20$1abd4e60$@example.com" || !strings.Contains(ack.body, "工单号为 1。客服将于 2026-03-02 12:55 前答复您") {
		t.Fatalf("ack %+v", ack)
	}

	// 张伟 replies: queued in the reply's transaction, then sent with threading headers.
	tm.at(t, "2026-03-02 10:15")
	tk, queued, notes, err := tm.s.TicketReplyMail(tm.ctx, "张伟", 1, "您好，已为您加急处理。", "", true)
	if err != nil || queued == 0 || len(notes) != 0 || tk.FirstResponseAt.IsZero() {
		t.Fatalf("reply: %d %v %v %+v", queued, notes, err, tk)
	}
	if _, err := tm.s.MailSend(tm.ctx, []int64{queued}, via); err != nil {
		t.Fatal(err)
	}
	reply := readSent(t, srv.Delivered()[1])
	if reply.from != `"张伟" <kefu@shop.example>` && reply.from != "=?utf-8?q?=E5=BC=A0=E4=BC=9F?= <kefu@shop.example>" {
		t.Errorf("reply from %s", reply.from)
	}
	if reply.subject != "Re: 申请退款未到账 [#1]" || reply.inReplyTo != "000001dab1c2$5e3f1a20$1abd4e60$@example.com" ||
		reply.refs != "000001dab1c2$5e3f1a20$1abd4e60$@example.com "+ack.id || reply.auto != "" || reply.body != "您好，已为您加急处理。\n" {
		t.Fatalf("reply %+v", reply)
	}

	// Resolved; the customer answers kefu's reply: it threads back and reopens the ticket.
	tm.at(t, "2026-03-02 15:00")
	if _, err := tm.s.TicketResolve(tm.ctx, "张伟", 1, "已退款", ""); err != nil {
		t.Fatal(err)
	}
	res, err = tm.s.MailReceive(tm.ctx, answer("liuyang@example.com", reply.id, "a1@example.com", "还是没到"), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailAnswered || res.TicketID != 1 || res.Reopened != "reopened" || len(res.Outbox) != 0 {
		t.Fatalf("answer: %+v %v", res, err)
	}
	d, _ = tm.s.TicketShow(tm.ctx, 1)
	if d.Ticket.Status != ticket.Reopened || d.Ticket.ReopenCount != 1 {
		t.Errorf("after the answer: %s, reopened %d times", d.Ticket.Status, d.Ticket.ReopenCount)
	}
	var kinds []string
	for _, m := range d.Messages {
		kinds = append(kinds, m.Kind+"/"+m.Mail)
	}
	if got := strings.Join(kinds, " "); got != "ack/sent reply/sent customer/received" {
		t.Errorf("conversation %s", got)
	}

	// Waiting on the customer: an answer resumes the clock.
	tm.at(t, "2026-03-02 16:00")
	if _, err := tm.s.TicketPending(tm.ctx, "张伟", 1, "等客户截图"); err != nil {
		t.Fatal(err)
	}
	tm.at(t, "2026-03-02 16:30")
	res, err = tm.s.MailReceive(tm.ctx, answer("liuyang@example.com", "a1@example.com", "a2@example.com", "截图见附件"), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailAnswered || res.Reopened != "resumed" {
		t.Fatalf("answer while pending: %+v %v", res, err)
	}

	// The same message again stores nothing; the outbox is empty.
	res, err = tm.s.MailReceive(tm.ctx, answer("liuyang@example.com", "a1@example.com", "a2@example.com", "截图见附件"), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailDuplicate || res.TicketID != 1 {
		t.Fatalf("duplicate: %+v %v", res, err)
	}
	if out, err := tm.s.MailOutbox(tm.ctx); err != nil || len(out) != 0 {
		t.Errorf("outbox %v %v", out, err)
	}
}

// "[#1]" in a subject threads only mail from that ticket's customer: anyone else opens a
// ticket of their own.
func TestMailTicketTagNeedsTheCustomer(t *testing.T) {
	tm, _, _ := mailTeam(t)
	if _, err := tm.s.MailReceive(tm.ctx, mailCorpus(t, "outlook_gbk.eml"), core.MailReceiveOptions{}); err != nil {
		t.Fatal(err)
	}
	tagged := func(from, id string) []byte {
		return []byte("From: " + from + "\r\nSubject: Re: refund [#1]\r\nMessage-ID: <" + id + ">\r\n\r\nabout ticket 1\r\n")
	}
	res, err := tm.s.MailReceive(tm.ctx, tagged("liuyang@example.com", "t1@example.com"), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailAnswered || res.TicketID != 1 {
		t.Fatalf("the customer's tagged mail: %+v %v", res, err)
	}
	res, err = tm.s.MailReceive(tm.ctx, tagged("mallory@example.org", "t2@example.org"), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailOpened || res.TicketID != 2 {
		t.Fatalf("someone else's tagged mail: %+v %v", res, err)
	}
}

// Routes, --kind and the acknowledgement switch.
func TestMailKindsAndAck(t *testing.T) {
	tm, _, _ := mailTeam(t)
	tm.s.PolicySet(tm.ctx, "王芳", "mail.routes", "tousu=complaint")
	tm.s.PolicySet(tm.ctx, "王芳", "mail.ack_template", "off")
	res, err := tm.s.MailReceive(tm.ctx, mailCorpus(t, "foxmail_gbk.eml"), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailOpened || len(res.Outbox) != 0 {
		t.Fatalf("receive: %+v %v", res, err)
	}
	d, _ := tm.s.TicketShow(tm.ctx, res.TicketID)
	if d.Ticket.Kind != "complaint" || d.Ticket.Severity != "simple" || len(d.Attachments) != 1 || d.Attachments[0].Name != "破损照片.png" || !d.Attachments[0].Stored {
		t.Errorf("routed ticket %+v, attachments %+v", d.Ticket, d.Attachments)
	}
	res, err = tm.s.MailReceive(tm.ctx, mailCorpus(t, "gmail.eml"), core.MailReceiveOptions{Kind: "suggestion"})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = tm.s.TicketShow(tm.ctx, res.TicketID)
	if d.Ticket.Kind != "suggestion" {
		t.Errorf("--kind suggestion gave %s", d.Ticket.Kind)
	}
	_, err = tm.s.MailReceive(tm.ctx, mailCorpus(t, "qqmail.eml"), core.MailReceiveOptions{Kind: "refund"})
	wantInvalid(t, err, `unknown kind "refund"`)
}

// A failure part-way through a receive leaves nothing behind: no ticket, customer, mail or event.
func TestMailReceiveAllOrNothing(t *testing.T) {
	if storetest.OnPG() {
		t.Skip("fails an insert with a SQLite trigger on the file")
	}
	tm, _, _ := mailTeam(t)
	before := len(tm.events(t))
	raw, err := sql.Open("sqlite", "file:"+tm.db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER fail_attachment BEFORE INSERT ON mail_attachments BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	_, err = tm.s.MailReceive(tm.ctx, mailCorpus(t, "foxmail_gbk.eml"), core.MailReceiveOptions{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("receive with a failing write: %v", err)
	}
	for q, want := range map[string]int{`SELECT count(*) FROM tickets`: 0, `SELECT count(*) FROM mail_messages`: 0,
		`SELECT count(*) FROM customers WHERE email <> ''`: 0} {
		var n int
		if err := raw.QueryRow(q).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d (%v)", q, n, err)
		}
	}
	if after := len(tm.events(t)); after != before {
		t.Errorf("%d events written by a failed receive", after-before)
	}
}

// Mail is not typed by a person: an over-long subject or body is cut to the ticket's limits
// (the mail keeps all of it), never refused.
func TestMailLongSubjectAndBody(t *testing.T) {
	tm, _, _ := mailTeam(t)
	subject := strings.Repeat("退款", 150) // 900 bytes
	body := strings.Repeat("很长的邮件正文。", 10000) + "\x00end"
	raw := "From: a@example.com\r\nSubject: =?UTF-8?B?" + b64(subject) + "?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
	res, err := tm.s.MailReceive(tm.ctx, []byte(raw), core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailOpened {
		t.Fatalf("%+v %v", res, err)
	}
	d, _ := tm.s.TicketShow(tm.ctx, res.TicketID)
	if len(d.Ticket.Subject) > ticket.MaxSubject || !strings.HasPrefix(subject, d.Ticket.Subject) || len(d.Ticket.Subject) < ticket.MaxSubject-3 {
		t.Errorf("subject of %d bytes: %q", len(d.Ticket.Subject), d.Ticket.Subject)
	}
	if len(d.Ticket.Body) > ticket.MaxBody || !strings.HasSuffix(d.Ticket.Body, "…") || strings.ContainsRune(d.Ticket.Body, 0) {
		t.Errorf("body of %d bytes", len(d.Ticket.Body))
	}
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[len(res.Notes)-1], "the mail keeps it all") {
		t.Errorf("notes %v", res.Notes)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// reentrantSender runs another MailSend while it sends, as a mail retry started by cron at
// the same moment would.
type reentrantSender struct {
	s      *core.Service
	tm     *team
	inner  []core.MailSendResult
	sends  int
	called bool
}

func (r *reentrantSender) Send(string, []string, []byte) error {
	r.sends++
	if !r.called {
		r.called = true
		r.inner, _ = r.s.MailSend(r.tm.ctx, nil, r)
	}
	return nil
}

func (r *reentrantSender) String() string { return "test" }

// A mail being sent is claimed: a second sender at the same moment leaves it alone, and a
// claim left by a sender that died is taken over after ten minutes.
func TestMailSendClaims(t *testing.T) {
	tm, _, _ := mailTeam(t)
	if _, err := tm.s.MailReceive(tm.ctx, mailCorpus(t, "gmail.eml"), core.MailReceiveOptions{}); err != nil {
		t.Fatal(err)
	}
	r := &reentrantSender{s: tm.s, tm: tm}
	res, err := tm.s.MailSend(tm.ctx, nil, r)
	if err != nil || len(res) != 1 || !res[0].Sent {
		t.Fatalf("send: %+v %v", res, err)
	}
	if r.sends != 1 || len(r.inner) != 0 {
		t.Errorf("the acknowledgement was sent %d times; the concurrent sender sent %+v", r.sends, r.inner)
	}

	// A sender that dies after claiming: the mail waits, claimed, then is taken over.
	if _, err := tm.s.MailReceive(tm.ctx, mailCorpus(t, "qqmail.eml"), core.MailReceiveOptions{}); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() { recover() }()
		tm.s.MailSend(tm.ctx, nil, dyingSender{})
		t.Fatal("the sender did not die")
	}()
	out, _ := tm.s.MailOutbox(tm.ctx)
	if len(out) != 1 || out[0].Status != "sending" {
		t.Fatalf("outbox after a dead sender: %+v", out)
	}
	count := &countingSender{}
	if res, _ := tm.s.MailSend(tm.ctx, nil, count); len(res) != 0 || count.n != 0 {
		t.Errorf("a fresh claim was taken over: %+v", res)
	}
	tm.at(t, "2026-03-02 09:11")
	if res, err := tm.s.MailSend(tm.ctx, nil, count); err != nil || len(res) != 1 || count.n != 1 {
		t.Errorf("a stale claim was not taken over: %+v %v", res, err)
	}
}

// dyingSender stands for a process killed mid-send: its MailSend never records an outcome.
type dyingSender struct{}

func (dyingSender) Send(string, []string, []byte) error { panic("killed") }
func (dyingSender) String() string                      { return "dying" }

type countingSender struct{ n int }

func (c *countingSender) Send(string, []string, []byte) error { c.n++; return nil }
func (c *countingSender) String() string                      { return "counting" }

func TestMailFromOwnAddressIgnored(t *testing.T) {
	tm, _, _ := mailTeam(t)
	raw := []byte("From: kefu@shop.example\r\nTo: kefu@shop.example\r\nSubject: loop\r\nMessage-ID: <loop@shop.example>\r\n\r\nhello\r\n")
	res, err := tm.s.MailReceive(tm.ctx, raw, core.MailReceiveOptions{})
	if err != nil || res.Action != core.MailIgnored || !strings.Contains(res.Reason, "own address") {
		t.Fatalf("%+v %v", res, err)
	}
}

// The acknowledgement promises the first response; at midnight it says 24:00 of the day.
func TestMailAckPromise(t *testing.T) {
	tm, srv, via := mailTeam(t)
	tm.s.PolicySet(tm.ctx, "王芳", "mail.ack_template", `{customer}: #{ticket} by {due}`)
	for i, c := range []struct{ at, file, want string }{
		{"2026-03-02 09:00", "gmail.eml", "Chen Jing: #1 by 2026-03-02 13:00\n"},
		{"2026-03-02 20:00", "qqmail.eml", "小王: #2 by 2026-03-02 24:00\n"}, // 4h to the close at 24:00
	} {
		tm.at(t, c.at)
		res, err := tm.s.MailReceive(tm.ctx, mailCorpus(t, c.file), core.MailReceiveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tm.s.MailSend(tm.ctx, res.Outbox, via); err != nil {
			t.Fatal(err)
		}
		if ack := readSent(t, srv.Delivered()[i]); ack.body != c.want {
			t.Errorf("ack %q, want %q", ack.body, c.want)
		}
	}
}
