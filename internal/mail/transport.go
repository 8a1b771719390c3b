package mail

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/kefu/kefu/internal/errs"
)

// Sender delivers one composed message.
type Sender interface {
	Send(from string, to []string, msg []byte) error
	// String names the transport for messages, without secrets.
	String() string
}

// SMTP sends through an SMTP server: smtps:// is TLS from the start; smtp:// switches to TLS
// with STARTTLS whenever the server offers it, and never sends a password in the clear
// except to a server on this machine.
type SMTP struct {
	URL      *url.URL
	User     string
	Password string
	// TLS is the TLS configuration (tests add their own root); nil means the system's.
	TLS     *tls.Config
	Timeout time.Duration
}

// ParseSMTP reads mail.smtp (smtp://[user@]host[:port] or smtps://...); the password comes
// separately (config mail.smtp_password or KEFU_SMTP_PASSWORD) and is never printed.
func ParseSMTP(raw, password string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, errs.Invalidf("mail.smtp %q: use smtp://host:port or smtps://host:port", redactURL(raw))
	}
	s := &SMTP{URL: u, Password: password, Timeout: time.Minute}
	if u.User != nil {
		s.User = u.User.Username()
		if p, ok := u.User.Password(); ok && s.Password == "" {
			s.Password = p
		}
	}
	return s, nil
}

func (s *SMTP) addr() string {
	port := s.URL.Port()
	if port == "" {
		port = "25"
		if s.URL.Scheme == "smtps" {
			port = "465"
		}
	}
	return net.JoinHostPort(s.URL.Hostname(), port)
}

func (s *SMTP) String() string { return s.URL.Scheme + "://" + s.addr() }

func (s *SMTP) tlsConfig() *tls.Config {
	c := &tls.Config{}
	if s.TLS != nil {
		c = s.TLS.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = s.URL.Hostname()
	}
	return c
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send delivers msg to the recipients.
func (s *SMTP) Send(from string, to []string, msg []byte) error {
	var c *smtp.Client
	var err error
	if s.URL.Scheme == "smtps" {
		c, err = smtp.DialTLS(s.addr(), s.tlsConfig())
	} else if c, err = smtp.DialStartTLS(s.addr(), s.tlsConfig()); err != nil && strings.Contains(err.Error(), "doesn't support STARTTLS") {
		// A server without STARTTLS (a relay on this host): plain, and no password unless local.
		c, err = smtp.Dial(s.addr())
	}
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", s, err)
	}
	defer c.Close()
	c.CommandTimeout, c.SubmissionTimeout = s.Timeout, s.Timeout
	if s.User != "" {
		_, secure := c.TLSConnectionState()
		if !secure && !loopback(s.URL.Hostname()) {
			return fmt.Errorf("%s offers no TLS: not sending the password in the clear (use smtps://)", s)
		}
		if err := c.Auth(sasl.NewPlainClient("", s.User, s.Password)); err != nil {
			return fmt.Errorf("%s: login as %s: %w", s, s.User, err)
		}
	}
	if err := c.SendMail(from, to, bytes.NewReader(msg)); err != nil {
		return fmt.Errorf("%s: %w", s, err)
	}
	return c.Quit()
}

// Sendmail pipes the message to a sendmail-compatible program (sendmail, msmtp, postfix's).
type Sendmail struct {
	Command []string
}

// ParseSendmail reads mail.sendmail: the program and its own arguments.
func ParseSendmail(s string) (*Sendmail, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil, errs.Invalidf("mail.sendmail is empty: name a sendmail-compatible program such as /usr/sbin/sendmail")
	}
	return &Sendmail{Command: f}, nil
}

func (s *Sendmail) String() string { return s.Command[0] }

// Send runs PROGRAM -i -f FROM -- TO... with the message on stdin.
func (s *Sendmail) Send(from string, to []string, msg []byte) error {
	args := append(append([]string{}, s.Command[1:]...), "-i", "-f", from, "--")
	cmd := exec.Command(s.Command[0], append(args, to...)...)
	cmd.Stdin = bytes.NewReader(msg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var ee *exec.ExitError
		if errors.As(err, &ee) && msg != "" {
			return fmt.Errorf("%s: %s (exit %d)", s, clip(strings.Join(strings.Fields(msg), " "), 200), ee.ExitCode())
		}
		return fmt.Errorf("%s: %w", s, err)
	}
	return nil
}

var urlPassword = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://[^:/@]*):[^@]*@`) })

// redactURL drops a password from a URL for messages, even from one that does not parse.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return urlPassword().ReplaceAllString(raw, "$1:xxxxx@")
	}
	if u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
