package mail

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"

	"github.com/kefu/kefu/internal/mail/mailtest"
)

func testOutgoing() Outgoing {
	return Outgoing{FromName: "张伟", From: "kefu@shop.example", To: "liuyang@example.com",
		Subject: ReplySubject(1, "回复: 申请退款未到账"), Body: "您好，已为您联系财务加急处理。\n\n张伟",
		MessageID: "kefu.1.abc@shop.example", InReplyTo: "orig@example.com",
		References: []string{"orig@example.com"}, Date: time.Date(2026, 3, 2, 2, 15, 0, 0, time.UTC)}
}

// checkDelivered reads what the server got back as a mail client would.
func checkDelivered(t *testing.T, d mailtest.Delivery, o Outgoing) {
	t.Helper()
	if d.From != o.From || len(d.To) != 1 || d.To[0] != o.To {
		t.Errorf("envelope %s → %v", d.From, d.To)
	}
	e, err := message.Read(bytes.NewReader(d.Data))
	if err != nil {
		t.Fatal(err)
	}
	h := gomail.Header{Header: e.Header}
	from, _ := h.AddressList("From")
	subject, _ := h.Subject()
	id, _ := h.MessageID()
	irt, _ := h.MsgIDList("In-Reply-To")
	refs, _ := h.MsgIDList("References")
	if len(from) != 1 || from[0].Name != o.FromName || from[0].Address != o.From {
		t.Errorf("From: %v", from)
	}
	if subject != "Re: 申请退款未到账 [#1]" || id != o.MessageID || strings.Join(irt, " ") != o.InReplyTo || strings.Join(refs, " ") != strings.Join(o.References, " ") {
		t.Errorf("subject %q, id %q, in-reply-to %v, references %v", subject, id, irt, refs)
	}
	if ct := e.Header.Get("Content-Type"); !strings.Contains(ct, "charset=utf-8") {
		t.Errorf("Content-Type %q", ct)
	}
	if e.Header.Get("Auto-Submitted") != "" {
		t.Errorf("a person's reply marked Auto-Submitted")
	}
	var body bytes.Buffer
	body.ReadFrom(e.Body)
	if got := strings.ReplaceAll(body.String(), "\r\n", "\n"); got != o.Body+"\n" {
		t.Errorf("body %q", got)
	}
	if bytes.Contains(d.Data, []byte("张伟")) {
		t.Errorf("8-bit text in the message: headers and body must be encoded")
	}
}

func TestSMTPSend(t *testing.T) {
	srv, err := mailtest.StartSMTP(mailtest.SMTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := ParseSMTP("smtp://"+srv.Addr, "")
	if err != nil {
		t.Fatal(err)
	}
	o := testOutgoing()
	msg, err := Compose(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(o.From, []string{o.To}, msg); err != nil {
		t.Fatal(err)
	}
	got := srv.Delivered()
	if len(got) != 1 {
		t.Fatalf("%d messages delivered", len(got))
	}
	checkDelivered(t, got[0], o)
	if got[0].TLS || got[0].User != "" {
		t.Errorf("tls %v user %q", got[0].TLS, got[0].User)
	}
}

func TestSMTPAuthAndFailure(t *testing.T) {
	srv, err := mailtest.StartSMTP(mailtest.SMTPOptions{User: "kefu", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	msg, _ := Compose(testOutgoing())
	// No login: the server refuses, and the error says so.
	s, _ := ParseSMTP("smtp://"+srv.Addr, "")
	if err := s.Send("kefu@shop.example", []string{"a@example.com"}, msg); err == nil {
		t.Fatal("sent without login")
	}
	bad, _ := ParseSMTP("smtp://kefu@"+srv.Addr, "wrong")
	if err := bad.Send("kefu@shop.example", []string{"a@example.com"}, msg); err == nil || !strings.Contains(err.Error(), "login as kefu") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("wrong password: %v", err)
	}
	good, _ := ParseSMTP("smtp://kefu@"+srv.Addr, "s3cret")
	if err := good.Send("kefu@shop.example", []string{"a@example.com"}, msg); err != nil {
		t.Fatal(err)
	}
	if d := srv.Delivered(); len(d) != 1 || d[0].User != "kefu" {
		t.Fatalf("delivered %+v", d)
	}
	srv.Fail(true)
	if err := good.Send("kefu@shop.example", []string{"a@example.com"}, msg); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("a refused message: %v", err)
	}
}

// With STARTTLS offered, smtp:// switches to TLS before logging in.
func TestSMTPStartTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	srv, err := mailtest.StartSMTP(mailtest.SMTPOptions{User: "kefu", Password: "pw", TLS: &tls.Config{Certificates: []tls.Certificate{cert}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, _ := ParseSMTP("smtp://kefu@"+srv.Addr, "pw")
	s.TLS = &tls.Config{RootCAs: pool}
	o := testOutgoing()
	msg, _ := Compose(o)
	if err := s.Send(o.From, []string{o.To}, msg); err != nil {
		t.Fatal(err)
	}
	d := srv.Delivered()
	if len(d) != 1 || !d[0].TLS || d[0].User != "kefu" {
		t.Fatalf("delivered %+v", d)
	}
	checkDelivered(t, d[0], o)
	// A certificate the client does not trust stops the send.
	s.TLS = nil
	if err := s.Send(o.From, []string{o.To}, msg); err == nil {
		t.Fatal("sent over an untrusted certificate")
	}
}

func TestParseSMTPRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"http://x", "smtp://", "mail.example.com:25"} {
		if _, err := ParseSMTP(u, ""); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	if _, err := ParseSMTP("smtp://u:topsecret@%zz", ""); err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("bad URL error shows the password or passes: %v", err)
	}
}

func TestSendmail(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "sendmail")
	os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" > \""+dir+"/args\"\ncat > \""+dir+"/msg\"\n"), 0o755)
	s, err := ParseSendmail(script + " -oi")
	if err != nil {
		t.Fatal(err)
	}
	o := testOutgoing()
	msg, _ := Compose(o)
	if err := s.Send(o.From, []string{o.To}, msg); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if got := strings.TrimSpace(string(args)); got != "-oi -i -f kefu@shop.example -- liuyang@example.com" {
		t.Errorf("args %q", got)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "msg"))
	checkDelivered(t, mailtest.Delivery{From: o.From, To: []string{o.To}, Data: data}, o)

	fail := filepath.Join(dir, "fail")
	os.WriteFile(fail, []byte("#!/bin/sh\necho 'sendmail: cannot connect to relay' >&2\nexit 75\n"), 0o755)
	f, _ := ParseSendmail(fail)
	if err := f.Send(o.From, []string{o.To}, msg); err == nil || !strings.Contains(err.Error(), "cannot connect to relay (exit 75)") {
		t.Fatalf("failing sendmail: %v", err)
	}
}

func TestComposeAck(t *testing.T) {
	o := testOutgoing()
	o.Auto = true
	msg, _ := Compose(o)
	if !bytes.Contains(msg, []byte("Auto-Submitted: auto-replied\r\n")) {
		t.Errorf("an acknowledgement must say Auto-Submitted:\n%s", msg)
	}
	// kefu's own acknowledgement, received back, is machine mail.
	m, err := Parse(msg, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m.Auto == "" {
		t.Errorf("own acknowledgement not recognised as auto-reply")
	}
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}
