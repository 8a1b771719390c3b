// Package mailtest runs an SMTP server on 127.0.0.1 inside a test process, so tests check
// what kefu sends without any other network. Only tests import it.
package mailtest

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Delivery is one message the server accepted.
type Delivery struct {
	From string
	To   []string
	Data []byte
	// User is who logged in ("" without AUTH); TLS whether the session was encrypted.
	User string
	TLS  bool
}

// SMTPServer accepts mail on a loopback port.
type SMTPServer struct {
	Addr string
	srv  *smtp.Server

	mu        sync.Mutex
	delivered []Delivery
	fail      bool
	user      string
	password  string
}

// SMTPOptions configure the server: User/Password require AUTH PLAIN; TLS offers STARTTLS.
type SMTPOptions struct {
	User, Password string
	TLS            *tls.Config
}

// StartSMTP listens on 127.0.0.1 (a free port) and serves until Close.
func StartSMTP(o SMTPOptions) (*SMTPServer, error) {
	s := &SMTPServer{user: o.User, password: o.Password}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.TLSConfig = o.TLS
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 32 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Addr, s.srv = l.Addr().String(), srv
	go srv.Serve(l)
	return s, nil
}

// Close stops the server.
func (s *SMTPServer) Close() { s.srv.Close() }

// Fail makes the server refuse every message (a 451 at DATA) until Fail(false).
func (s *SMTPServer) Fail(on bool) {
	s.mu.Lock()
	s.fail = on
	s.mu.Unlock()
}

// Delivered returns what was accepted so far.
func (s *SMTPServer) Delivered() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.delivered...)
}

type session struct {
	s    *SMTPServer
	conn *smtp.Conn
	user string
	d    Delivery
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if user != x.s.user || password != x.s.password || x.s.user == "" {
			return errors.New("invalid credentials")
		}
		x.user = user
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.user != "" && x.user == "" {
		return smtp.ErrAuthRequired
	}
	_, tlsOn := x.conn.TLSConnectionState()
	x.d = Delivery{From: from, User: x.user, TLS: tlsOn}
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.d.To = append(x.d.To, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.fail {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "mailbox temporarily unavailable"}
	}
	x.d.Data = b
	x.s.delivered = append(x.s.delivered, x.d)
	return nil
}

func (x *session) Reset()        { x.d = Delivery{} }
func (x *session) Logout() error { return nil }
