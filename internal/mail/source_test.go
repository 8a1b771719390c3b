package mail

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/backend/memory"
	"github.com/emersion/go-imap/server"

	"github.com/kefu/kefu/internal/errs"
)

// handleByParse takes what parses and rejects the rest, as mail fetch does.
func handleByParse(seen *[]string) func(string, []byte) (Outcome, error) {
	return func(key string, raw []byte) (Outcome, error) {
		m, err := Parse(raw, Limits{MaxSize: 1 << 20, AttachmentMax: 1 << 20})
		if err != nil {
			*seen = append(*seen, "rejected")
			return Rejected, nil
		}
		*seen = append(*seen, m.Subject)
		return Done, nil
	}
}

func TestMaildir(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o700)
	}
	os.WriteFile(filepath.Join(dir, "new", "1740880000.M1P1.host"), corpus(t, "gmail.eml"), 0o600)
	os.WriteFile(filepath.Join(dir, "new", "1740880001.M2P1.host"), corpus(t, "no_from.eml"), 0o600)
	os.WriteFile(filepath.Join(dir, "new", "1740880002.M3P1.host"), corpus(t, "qqmail.eml"), 0o600)
	var seen []string
	md := &Maildir{Dir: dir, MaxSize: 1 << 20}
	if err := md.Each(handleByParse(&seen)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, ","); got != "开发票,rejected,会员积分咨询" {
		t.Errorf("handled %s", got)
	}
	ls := func(sub string) string {
		es, _ := os.ReadDir(filepath.Join(dir, sub))
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return strings.Join(names, " ")
	}
	if got := ls("new"); got != "" {
		t.Errorf("new/ still holds %s", got)
	}
	if got := ls("cur"); got != "1740880000.M1P1.host:2,S 1740880002.M3P1.host:2,S" {
		t.Errorf("cur/ holds %s", got)
	}
	if got := ls(".kefu-rejected/cur"); got != "1740880001.M2P1.host:2," {
		t.Errorf("rejected folder holds %s", got)
	}
	// A second run finds nothing new.
	seen = nil
	if err := md.Each(handleByParse(&seen)); err != nil || len(seen) != 0 {
		t.Errorf("second run: %v %v", seen, err)
	}
	// An error from the handler stops the run and leaves the message new.
	os.WriteFile(filepath.Join(dir, "new", "1740880003.M4P1.host"), corpus(t, "gmail.eml"), 0o600)
	stop := errors.New("database is gone")
	if err := md.Each(func(string, []byte) (Outcome, error) { return Done, stop }); !errors.Is(err, stop) {
		t.Fatalf("error %v", err)
	}
	if got := ls("new"); got != "1740880003.M4P1.host" {
		t.Errorf("new/ holds %q after a failed run", got)
	}
	if err := (&Maildir{Dir: filepath.Join(dir, "nope")}).Each(handleByParse(&seen)); !errs.Is(err, errs.Invalid) {
		t.Errorf("a missing Maildir: %v", err)
	}
}

// startIMAP serves go-imap's in-memory backend (user "username", password "password") on
// loopback, with the given messages unseen in INBOX.
func startIMAP(t *testing.T, msgs ...[]byte) (*memory.Backend, string) {
	t.Helper()
	be := memory.New()
	u, err := be.Login(nil, "username", "password")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := u.GetMailbox("INBOX")
	for _, m := range msgs {
		if err := inbox.CreateMessage(nil, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), bytes.NewBuffer(m)); err != nil {
			t.Fatal(err)
		}
	}
	s := server.New(be)
	s.AllowInsecureAuth = true
	s.ErrorLog = log.New(io.Discard, "", 0) // the client hanging up at the end is no news
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return be, l.Addr().String()
}

func mailboxState(t *testing.T, be *memory.Backend, name string) []string {
	t.Helper()
	u, _ := be.Login(nil, "username", "password")
	mb, err := u.GetMailbox(name)
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range mb.(*memory.Mailbox).Messages {
		flags := append([]string{}, m.Flags...)
		sort.Strings(flags)
		subj := "?"
		if p, err := Parse(m.Body, testLimits); err == nil {
			subj = p.Subject
		} else if bytes.Contains(m.Body, []byte("anonymous")) {
			subj = "anonymous"
		}
		out = append(out, subj+" "+strings.Join(flags, ","))
	}
	return out
}

func TestIMAP(t *testing.T) {
	be, addr := startIMAP(t, corpus(t, "gmail.eml"), corpus(t, "no_from.eml"), corpus(t, "html_only_big5.eml"))
	if _, err := ParseIMAP("imap://username@"+addr+"/INBOX", ""); err == nil || !strings.Contains(err.Error(), "KEFU_IMAP_PASSWORD") {
		t.Fatalf("no password: %v", err)
	}
	if _, err := ParseIMAP("imap://username@mail.example.com/INBOX", "pw"); err == nil || !strings.Contains(err.Error(), "in the clear") {
		t.Fatalf("plain IMAP to a remote host: %v", err)
	}
	if _, err := ParseIMAP("imaps://username:pw@mail.example.com/INBOX", ""); err == nil || strings.Contains(err.Error(), ":pw@") {
		t.Fatalf("password in the URL: %v", err)
	}
	src, err := ParseIMAP("imap://username@"+addr+"/INBOX", "password")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	if err := src.Each(handleByParse(&seen)); err != nil {
		t.Fatal(err)
	}
	// The message memory.New puts there is already \Seen, so it is not fetched.
	if got := strings.Join(seen, ","); got != "开发票,rejected,詢問寄送台灣" {
		t.Errorf("handled %s", got)
	}
	inbox := mailboxState(t, be, "INBOX")
	if got := strings.Join(inbox, " | "); got != "A little message, just for you \\Seen | 开发票 \\Seen | 詢問寄送台灣 \\Seen" {
		t.Errorf("INBOX after fetch: %s", got)
	}
	if got := strings.Join(mailboxState(t, be, RejectFolder), " | "); got != "anonymous " {
		t.Errorf("%s after fetch: %q", RejectFolder, got)
	}
	// Nothing new the second time.
	seen = nil
	if err := src.Each(handleByParse(&seen)); err != nil || len(seen) != 0 {
		t.Errorf("second run: %v %v", seen, err)
	}
	// Too large: only the first MaxSize+1 bytes are fetched, and the parser refuses it.
	u, _ := be.Login(nil, "username", "password")
	mb, _ := u.GetMailbox("INBOX")
	mb.CreateMessage(nil, time.Now(), bytes.NewBuffer(corpus(t, "foxmail_gbk.eml")))
	src.MaxSize = 100
	var sizes []int
	err = src.Each(func(_ string, raw []byte) (Outcome, error) {
		sizes = append(sizes, len(raw))
		if _, err := Parse(raw, Limits{MaxSize: 100}); err == nil {
			t.Error("a message over the limit parsed")
		}
		return Rejected, nil
	})
	if err != nil || len(sizes) != 1 || sizes[0] != 101 {
		t.Errorf("fetched sizes %v, %v", sizes, err)
	}
	bad, _ := ParseIMAP("imap://username@"+addr+"/INBOX", "wrong")
	if err := bad.Each(handleByParse(&seen)); err == nil || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong password: %v", err)
	}
}

// imaps:// speaks TLS from the start and checks the server's certificate.
func TestIMAPS(t *testing.T) {
	be := memory.New()
	u, _ := be.Login(nil, "username", "password")
	inbox, _ := u.GetMailbox("INBOX")
	inbox.CreateMessage(nil, time.Now(), bytes.NewBuffer(corpus(t, "qqmail.eml")))
	cert, pool := selfSigned(t)
	s := server.New(be)
	s.ErrorLog = log.New(io.Discard, "", 0)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	defer s.Close()
	src, err := ParseIMAP("imaps://username@"+l.Addr().String()+"/INBOX", "password")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	if err := src.Each(handleByParse(&seen)); err == nil {
		t.Fatal("fetched over an untrusted certificate")
	}
	src.TLS = &tls.Config{RootCAs: pool}
	if err := src.Each(handleByParse(&seen)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, ","); got != "会员积分咨询" {
		t.Errorf("handled %s", got)
	}
}
