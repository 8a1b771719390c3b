package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"github.com/kefu/kefu/internal/errs"
)

// Outcome is what became of one fetched message.
type Outcome int

const (
	// Done: stored, or recognised as nothing to store (a duplicate, a bounce); marked read.
	Done Outcome = iota
	// Rejected: bad input; moved aside to RejectFolder so a person can look.
	Rejected
)

// RejectFolder is where fetch moves messages it could not take.
const RejectFolder = "kefu-rejected"

// Source is a mailbox that fetch reads new messages from. Each calls handle once per new
// message, oldest first, and marks or moves it by the outcome; an error from handle stops
// the run and leaves that message new.
type Source interface {
	Each(handle func(key string, raw []byte) (Outcome, error)) error
	String() string
}

// Maildir reads DIR/new; a taken message moves to DIR/cur flagged seen, a rejected one to
// the Maildir++ folder DIR/.kefu-rejected.
type Maildir struct {
	Dir     string
	MaxSize int64
}

func (m *Maildir) String() string { return "maildir " + m.Dir }

// Each handles the messages in new/.
func (m *Maildir) Each(handle func(key string, raw []byte) (Outcome, error)) error {
	for _, sub := range []string{"new", "cur", "tmp"} {
		if fi, err := os.Stat(filepath.Join(m.Dir, sub)); err != nil || !fi.IsDir() {
			return errs.Invalidf("%s is not a Maildir (no %s/ folder)", m.Dir, sub)
		}
	}
	entries, err := os.ReadDir(filepath.Join(m.Dir, "new"))
	if err != nil {
		return errs.Wrap(err, "reading %s", m.Dir)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // Maildir names start with the delivery time
	for _, name := range names {
		path := filepath.Join(m.Dir, "new", name)
		raw, err := readLimited(path, m.MaxSize)
		if errors.Is(err, os.ErrNotExist) {
			continue // another fetch running at the same time took it
		}
		if err != nil {
			return errs.Wrap(err, "reading %s", path)
		}
		out, err := handle(name, raw)
		if err != nil {
			return err
		}
		base, _, _ := strings.Cut(name, ":")
		dst := filepath.Join(m.Dir, "cur", base+":2,S")
		if out == Rejected {
			folder := filepath.Join(m.Dir, "."+RejectFolder)
			for _, sub := range []string{"new", "cur", "tmp"} {
				if err := os.MkdirAll(filepath.Join(folder, sub), 0o700); err != nil {
					return errs.Wrap(err, "creating %s", folder)
				}
			}
			dst = filepath.Join(folder, "cur", base+":2,")
		}
		// Another fetch may have moved it meanwhile; receiving is idempotent (Message-ID).
		if err := os.Rename(path, dst); err != nil && !errors.Is(err, os.ErrNotExist) {
			return errs.Wrap(err, "moving %s", path)
		}
	}
	return nil
}

// readLimited reads a file, but no more than limit+1 bytes, so a huge file is refused by
// size without being loaded.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if limit <= 0 {
		return io.ReadAll(f)
	}
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// IMAP reads UNSEEN messages of one mailbox: a taken message is flagged \Seen, a rejected
// one is moved to the kefu-rejected mailbox (created when missing).
type IMAP struct {
	URL      *url.URL
	User     string
	Password string
	Mailbox  string
	// MaxSize, when set, fetches no more than MaxSize+1 bytes of a message: enough to refuse
	// one that is too large without downloading it all.
	MaxSize int64
	// TLS is the TLS configuration (tests add their own root); nil means the system's.
	TLS     *tls.Config
	Timeout time.Duration
}

// ParseIMAP reads --imap imaps://user@host[:port]/MAILBOX (imap:// is allowed only to a
// server on this machine, since the password would travel in the clear).
func ParseIMAP(raw, password string) (*IMAP, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "imap" && u.Scheme != "imaps") || u.Hostname() == "" || u.User == nil || u.User.Username() == "" {
		return nil, errs.Invalidf("--imap %q: use imaps://user@host/INBOX", redactURL(raw))
	}
	if _, ok := u.User.Password(); ok {
		return nil, errs.Invalidf("--imap: put no password in the URL; use KEFU_IMAP_PASSWORD or config mail.imap_password")
	}
	if u.Scheme == "imap" && !loopback(u.Hostname()) {
		return nil, errs.Invalidf("--imap %s: plain imap:// would send the password in the clear; use imaps://", u.Redacted())
	}
	if password == "" {
		return nil, errs.Invalidf("--imap needs a password: set KEFU_IMAP_PASSWORD or config mail.imap_password")
	}
	box := strings.TrimPrefix(u.Path, "/")
	if box == "" {
		box = "INBOX"
	}
	return &IMAP{URL: u, User: u.User.Username(), Password: password, Mailbox: box, Timeout: time.Minute}, nil
}

func (m *IMAP) addr() string {
	port := m.URL.Port()
	if port == "" {
		port = "143"
		if m.URL.Scheme == "imaps" {
			port = "993"
		}
	}
	return net.JoinHostPort(m.URL.Hostname(), port)
}

func (m *IMAP) String() string {
	return m.URL.Scheme + "://" + m.User + "@" + m.addr() + "/" + m.Mailbox
}

// Each handles the mailbox's unseen messages.
func (m *IMAP) Each(handle func(key string, raw []byte) (Outcome, error)) error {
	dialer := &net.Dialer{Timeout: m.Timeout}
	var c *client.Client
	var err error
	if m.URL.Scheme == "imaps" {
		cfg := &tls.Config{}
		if m.TLS != nil {
			cfg = m.TLS.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = m.URL.Hostname()
		}
		c, err = client.DialWithDialerTLS(dialer, m.addr(), cfg)
	} else {
		c, err = client.DialWithDialer(dialer, m.addr())
	}
	if err != nil {
		return errs.Wrap(err, "connecting to %s", m)
	}
	defer c.Logout()
	c.Timeout = m.Timeout
	if err := c.Login(m.User, m.Password); err != nil {
		return errs.Wrap(err, "logging in to %s as %s", m, m.User)
	}
	if _, err := c.Select(m.Mailbox, false); err != nil {
		return errs.Wrap(err, "opening mailbox %s", m)
	}
	crit := imap.NewSearchCriteria()
	crit.WithoutFlags = []string{imap.SeenFlag, imap.DeletedFlag}
	uids, err := c.UidSearch(crit)
	if err != nil {
		return errs.Wrap(err, "searching %s", m)
	}
	sort.Slice(uids, func(i, j int) bool { return uids[i] < uids[j] })
	rejected := false
	for _, uid := range uids {
		raw, err := m.fetch(c, uid)
		if err != nil {
			return err
		}
		out, err := handle(fmt.Sprintf("uid %d", uid), raw)
		if err != nil {
			return err
		}
		set := new(imap.SeqSet)
		set.AddNum(uid)
		if out == Rejected {
			if !rejected {
				// Create fails when the mailbox exists; the copy then tells the truth.
				_ = c.Create(RejectFolder)
				rejected = true
			}
			if err := c.UidCopy(set, RejectFolder); err != nil {
				return errs.Wrap(err, "moving message %d of %s to %s", uid, m, RejectFolder)
			}
			if err := c.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), []any{imap.SeenFlag, imap.DeletedFlag}, nil); err != nil {
				return errs.Wrap(err, "flagging message %d of %s", uid, m)
			}
			continue
		}
		if err := c.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), []any{imap.SeenFlag}, nil); err != nil {
			return errs.Wrap(err, "flagging message %d of %s", uid, m)
		}
	}
	if rejected {
		if err := c.Expunge(nil); err != nil {
			return errs.Wrap(err, "expunging %s", m)
		}
	}
	return nil
}

func (m *IMAP) fetch(c *client.Client, uid uint32) ([]byte, error) {
	set := new(imap.SeqSet)
	set.AddNum(uid)
	section := &imap.BodySectionName{Peek: true}
	if m.MaxSize > 0 && m.MaxSize < 1<<31-2 {
		section.Partial = []int{0, int(m.MaxSize) + 1}
	}
	ch := make(chan *imap.Message, 1)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, []imap.FetchItem{section.FetchItem()}, ch) }()
	var raw []byte
	for msg := range ch {
		if body := msg.GetBody(section); body != nil {
			b, err := io.ReadAll(body)
			if err != nil {
				return nil, errs.Wrap(err, "reading message %d of %s", uid, m)
			}
			raw = b
		}
	}
	if err := <-done; err != nil {
		return nil, errs.Wrap(err, "fetching message %d of %s", uid, m)
	}
	if raw == nil {
		return nil, errs.Wrap(errors.New("no body returned"), "fetching message %d of %s", uid, m)
	}
	return raw, nil
}
