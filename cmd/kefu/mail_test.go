package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/backend/memory"
	imapserver "github.com/emersion/go-imap/server"
	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/kefu/kefu/internal/mail/mailtest"
)

var mailData, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "mail"))

var smtpServers sync.Map // *testscript.TestScript → *mailtest.SMTPServer

// cmdSMTPD is the script command for mail stories, an SMTP server on 127.0.0.1:
//
//	smtpd start                 serve; sets KEFU_MAIL_SMTP to smtp://ADDR
//	smtpd fail on|off           refuse (451) or accept messages from now on
//	smtpd count N               N messages were accepted
//	smtpd show N FILE           message N (from 1) decoded into FILE: envelope, headers, text
//	smtpd reply N FILE TEXT     write into FILE the customer's answer to message N, as
//	                            Outlook writes it (GBK, In-Reply-To and References)
func cmdSMTPD(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 1 && args[0] == "start" {
		srv, err := mailtest.StartSMTP(mailtest.SMTPOptions{})
		ts.Check(err)
		ts.Defer(srv.Close)
		smtpServers.Store(ts, srv)
		ts.Setenv("KEFU_MAIL_SMTP", "smtp://"+srv.Addr)
		return
	}
	v, ok := smtpServers.Load(ts)
	if !ok || len(args) < 2 {
		ts.Fatalf("usage: smtpd start | fail on|off | count N | show N FILE | reply N FILE TEXT (after start)")
	}
	srv := v.(*mailtest.SMTPServer)
	delivered := srv.Delivered()
	nth := func() mailtest.Delivery {
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 || n > len(delivered) {
			ts.Fatalf("smtpd: no message %s (%d delivered)", args[1], len(delivered))
		}
		return delivered[n-1]
	}
	switch {
	case args[0] == "fail":
		srv.Fail(args[1] == "on")
	case args[0] == "count":
		if (strconv.Itoa(len(delivered)) == args[1]) == neg {
			ts.Fatalf("smtpd: %d messages delivered, want %s%s", len(delivered), map[bool]string{true: "not ", false: ""}[neg], args[1])
		}
	case args[0] == "show" && len(args) == 3:
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(decodeDelivery(ts, nth())), 0o644))
	case args[0] == "reply" && len(args) == 4:
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), customerAnswer(ts, nth(), args[3]), 0o644))
	default:
		ts.Fatalf("smtpd: unknown use %v", args)
	}
}

// decodeDelivery shows a sent message as a person's mail client would.
func decodeDelivery(ts *testscript.TestScript, d mailtest.Delivery) string {
	e, err := message.Read(bytes.NewReader(d.Data))
	ts.Check(err)
	h := gomail.Header{Header: e.Header}
	var b strings.Builder
	fmt.Fprintf(&b, "envelope: %s -> %s\n", d.From, strings.Join(d.To, ", "))
	for _, k := range []string{"From", "To", "Subject", "Message-Id", "In-Reply-To", "References", "Auto-Submitted", "Content-Type"} {
		if !h.Has(k) {
			continue
		}
		val := h.Get(k)
		switch k {
		case "From", "To":
			list, err := h.AddressList(k)
			ts.Check(err)
			var parts []string
			for _, a := range list {
				parts = append(parts, strings.TrimSpace(a.Name+" <"+a.Address+">"))
			}
			val = strings.Join(parts, ", ")
		case "Subject":
			val, err = h.Subject()
			ts.Check(err)
		}
		fmt.Fprintf(&b, "%s: %s\n", k, val)
	}
	body, err := io.ReadAll(e.Body)
	ts.Check(err)
	fmt.Fprintf(&b, "\n%s", strings.ReplaceAll(string(body), "\r\n", "\n"))
	return b.String()
}

// customerAnswer is the customer's reply to a message kefu sent, in GBK with quoted history.
func customerAnswer(ts *testscript.TestScript, d mailtest.Delivery, text string) []byte {
	e, err := message.Read(bytes.NewReader(d.Data))
	ts.Check(err)
	h := gomail.Header{Header: e.Header}
	subject, _ := h.Subject()
	id, _ := h.MessageID()
	refs, _ := h.MsgIDList("References")
	from, _ := h.AddressList("From")
	to, _ := h.AddressList("To")
	var out gomail.Header
	out.SetAddressList("From", to)
	out.SetAddressList("To", from)
	out.Set("Subject", mimeGBK("回复: "+subject))
	out.SetDate(time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC))
	out.SetMessageID(fmt.Sprintf("answer-%d-%s@example.com", len(text), strings.Split(id, "@")[0]))
	out.SetMsgIDList("In-Reply-To", []string{id})
	out.SetMsgIDList("References", append(refs, id))
	out.Set("X-Mailer", "Microsoft Outlook 16.0")
	out.SetContentType("text/plain", map[string]string{"charset": "gb2312"})
	out.Set("Content-Transfer-Encoding", "8bit")
	old, _ := io.ReadAll(e.Body)
	quoted := "> " + strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(string(old), "\r\n", "\n")), "\n", "\n> ")
	body, err := simplifiedchinese.GBK.NewEncoder().String(text + "\n\n" + quoted + "\n")
	ts.Check(err)
	// Written by hand: go-message's writer only writes UTF-8 text.
	var buf bytes.Buffer
	fields := out.Fields()
	for fields.Next() {
		fmt.Fprintf(&buf, "%s: %s\r\n", fields.Key(), fields.Value())
	}
	buf.WriteString("\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
	return buf.Bytes()
}

func mimeGBK(s string) string {
	b, _ := simplifiedchinese.GBK.NewEncoder().String(s)
	return "=?gb2312?B?" + base64.StdEncoding.EncodeToString([]byte(b)) + "?="
}

var imapServers sync.Map // *testscript.TestScript → *memory.Backend

// cmdIMAPD is the script command for IMAP stories: go-imap's in-memory server on 127.0.0.1
// (user "username", password "password"; its INBOX starts with one message already seen).
//
//	imapd start                 serve; sets IMAP_URL to imap://username@ADDR/INBOX
//	imapd deliver FILE          put FILE into INBOX, unseen
//	imapd list MAILBOX FILE     write each message of MAILBOX into FILE: its flags and subject
func cmdIMAPD(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 1 && args[0] == "start" {
		be := memory.New()
		s := imapserver.New(be)
		s.AllowInsecureAuth = true
		s.ErrorLog = log.New(io.Discard, "", 0)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		go s.Serve(l)
		ts.Defer(func() { s.Close() })
		imapServers.Store(ts, be)
		ts.Setenv("IMAP_URL", "imap://username@"+l.Addr().String()+"/INBOX")
		return
	}
	v, ok := imapServers.Load(ts)
	if !ok {
		ts.Fatalf("usage: imapd start | deliver FILE | list MAILBOX FILE (after start)")
	}
	u, err := v.(*memory.Backend).Login(nil, "username", "password")
	ts.Check(err)
	switch {
	case args[0] == "deliver" && len(args) == 2:
		b, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		mb, err := u.GetMailbox("INBOX")
		ts.Check(err)
		ts.Check(mb.CreateMessage(nil, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), bytes.NewBuffer(b)))
	case args[0] == "list" && len(args) == 3:
		var out strings.Builder
		if mb, err := u.GetMailbox(args[1]); err == nil {
			for _, m := range mb.(*memory.Mailbox).Messages {
				e, err := message.Read(bytes.NewReader(m.Body))
				subject := "?"
				if err == nil || message.IsUnknownCharset(err) {
					h := gomail.Header{Header: e.Header}
					subject, _ = h.Subject()
				}
				fmt.Fprintf(&out, "%s [%s]\n", subject, strings.Join(m.Flags, " "))
			}
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(out.String()), 0o644))
	default:
		ts.Fatalf("imapd: unknown use %v", args)
	}
}
