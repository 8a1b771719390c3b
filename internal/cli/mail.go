package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/mail"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

func newMailCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mail",
		Short: "Email in and out: turn mail into tickets, send what waits",
		Long: `Email is a channel like the others, driven from a mail server's pipe or cron, with no daemon.

  mail receive   one message on stdin (a pipe alias, procmail, fdm)
  mail fetch     new messages from a Maildir or an IMAP mailbox
  mail retry     send replies and acknowledgements that could not be sent

New mail opens a ticket on the email channel (the sender becomes the customer, matched by
address); a reply to kefu's mail (In-Reply-To, References, or [#123] in the subject) is added
to its ticket and reopens it when resolved. Bounces, auto-replies and list mail are ignored.

Replies go out when policy mail.from is set: ticket reply on an email ticket mails the customer
through the config file's mail.smtp (smtp:// or smtps://host:port; KEFU_MAIL_SMTP) or
mail.sendmail (a sendmail-compatible program). Passwords: mail.smtp_password or
KEFU_SMTP_PASSWORD, mail.imap_password or KEFU_IMAP_PASSWORD; never printed.`,
		Example: `  kefu mail receive < message.eml
  kefu mail fetch --maildir ~/Maildir
  KEFU_IMAP_PASSWORD=... kefu mail fetch --imap imaps://kefu@mail.example.com/INBOX
  kefu mail retry`,
	}
	cmd.AddCommand(NewCmdMailReceive(app, nil), NewCmdMailFetch(app, nil), NewCmdMailRetry(app, nil))
	return cmd
}

// MailReceiveOptions are kefu mail receive's inputs (the message comes on IO.In).
type MailReceiveOptions struct {
	CmdEnv
	core.MailReceiveOptions
	Format string
	Mailer MailerFunc
}

// NewCmdMailReceive builds kefu mail receive; runF replaces mailReceiveRun in tests.
func NewCmdMailReceive(app *App, runF func(*MailReceiveOptions) error) *cobra.Command {
	opts := &MailReceiveOptions{}
	cmd := &cobra.Command{
		Use:   "receive [--kind KIND] [--team TEAM] < MESSAGE",
		Short: "Read one email on stdin: open a ticket, or add it to the ticket it answers",
		Long: `Reads one RFC 5322 message on stdin. Bad input (over mail.max_size, malformed MIME, no
From:) stores nothing and exits 2, so the mail server keeps or bounces the message.
A duplicate Message-ID, a bounce or an auto-reply exits 0 and stores nothing.`,
		Example: `  kefu mail receive < message.eml
  # /etc/aliases:  kefu: "|/usr/local/bin/kefu mail receive --db /srv/kefu/kefu.db"
  # complaints:    tousu: "|/usr/local/bin/kefu mail receive --kind complaint --db /srv/kefu/kefu.db"`,
		Args: args(0, "no arguments (the message comes on stdin)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.Mailer = format, app.mailSender
			return runWith(opts, runF, mailReceiveRun)
		},
	}
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "kind of new tickets (default: by policy mail.routes, else inquiry)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "team of new tickets")
	return cmd
}

func mailReceiveRun(opts *MailReceiveOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	lim, err := svc.MailLimits(opts.Ctx)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(opts.IO.In, lim.MaxSize+1))
	if err != nil {
		return errs.Wrap(err, "reading the message from stdin")
	}
	res, err := svc.MailReceive(opts.Ctx, raw, opts.MailReceiveOptions)
	if err != nil {
		return err
	}
	reportMail(opts.IO, "", res)
	sendQueued(opts.Ctx, opts.IO, svc, opts.Mailer, res.Outbox, false)
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, res)
	}
	return nil
}

// reportMail tells on stderr what one message did.
func reportMail(a IOStreams, key string, r core.MailResult) {
	prefix := ""
	if key != "" {
		prefix = key + ": "
	}
	switch r.Action {
	case core.MailOpened:
		a.Info("%sopened ticket %d", prefix, r.TicketID)
	case core.MailAnswered:
		msg := i18n.Sprintf("%sadded to ticket %d as the customer's answer", prefix, r.TicketID)
		if r.Reopened != "" {
			msg += i18n.Sprintf("; ticket %s", r.Reopened)
		}
		a.Info("%s", msg)
	case core.MailDuplicate:
		a.Info("%salready received (ticket %d): nothing stored", prefix, r.TicketID)
	case core.MailIgnored:
		a.Info("%signored: %s", prefix, r.Reason)
	}
	for _, n := range r.Notes {
		a.Info("%snote: %s", prefix, n)
	}
}

// MailerFunc opens the mail sender the config names (SMTP or sendmail), when mail is sent.
type MailerFunc func() (mail.Sender, error)

// sendQueued sends mail just queued (an acknowledgement, a reply). A failure leaves it in the
// outbox for mail retry; strict makes it the command's error, else it is a warning.

func sendQueued(ctx context.Context, streams IOStreams, svc *core.Service, mailer MailerFunc, ids []int64, strict bool) error {
	if len(ids) == 0 {
		return nil
	}
	via, err := mailer()
	if err == nil {
		var results []core.MailSendResult
		results, err = svc.MailSend(ctx, ids, via)
		for _, r := range results {
			if r.Sent {
				streams.Info("mailed %s for ticket %d via %s", r.Role, r.TicketID, via)
			}
		}
	}
	if err == nil {
		return nil
	}
	if strict {
		return err
	}
	streams.Info("warning: %s", oneLine(err))
	return nil
}

// replyAndMail records a reply and, on an email ticket, mails it. A failed send keeps the
// reply recorded (unsent) and exits 1.
func replyAndMail(opts *TicketReplyOptions, svc *core.Service) (ticket.Ticket, error) {
	t, queued, notes, sent, err := svc.TicketReplyTemplates(opts.Ctx, opts.As, opts.ID, opts.Text, opts.At, opts.Send, opts.Templates)
	if err != nil {
		return t, err
	}
	if len(opts.Templates) > 0 {
		fmt.Fprintln(opts.IO.Out, sent)
	}
	for _, n := range notes {
		opts.IO.Info("note: %s", n)
	}
	if queued == 0 {
		return t, nil
	}
	if err := sendQueued(opts.Ctx, opts.IO, svc, opts.Mailer, []int64{queued}, true); err != nil {
		opts.IO.Info("replied to ticket %d; the mail is not sent yet", t.ID)
		return t, err
	}
	return t, nil
}

// MailFetchOptions are kefu mail fetch's inputs.
type MailFetchOptions struct {
	CmdEnv
	core.MailReceiveOptions
	Format  string
	Maildir string
	IMAP    string
	// IMAPPassword reads KEFU_IMAP_PASSWORD or the config's mail.imap_password.
	IMAPPassword func() (string, error)
	Mailer       MailerFunc
}

// NewCmdMailFetch builds kefu mail fetch; runF replaces mailFetchRun in tests.
func NewCmdMailFetch(app *App, runF func(*MailFetchOptions) error) *cobra.Command {
	opts := &MailFetchOptions{}
	cmd := &cobra.Command{
		Use:   "fetch (--maildir DIR | --imap imaps://USER@HOST/MAILBOX) [--kind KIND] [--team TEAM]",
		Short: "Take new messages from a Maildir or an IMAP mailbox (for cron)",
		Long: `Takes every new message: from a Maildir, the files in new/ (moved to cur/ and flagged seen);
from IMAP, the unseen messages (flagged seen). A message kefu cannot take (too large, malformed,
no From:) is moved aside to the kefu-rejected folder (Maildir: DIR/.kefu-rejected) and the run
goes on. The IMAP password comes from KEFU_IMAP_PASSWORD or config mail.imap_password.`,
		Example: `  kefu mail fetch --maildir /var/mail/kefu
  */5 * * * *  KEFU_IMAP_PASSWORD=... kefu mail fetch --imap imaps://kefu@imap.example.com/INBOX`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (opts.Maildir == "") == (opts.IMAP == "") {
				return usageErr(cmd, "mail fetch needs one of --maildir DIR or --imap URL")
			}
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.Mailer, opts.IMAPPassword = format, app.mailSender, app.imapPassword
			return runWith(opts, runF, mailFetchRun)
		},
	}
	cmd.Flags().StringVar(&opts.Maildir, "maildir", "", "a Maildir to read new/ from")
	cmd.Flags().StringVar(&opts.IMAP, "imap", "", "an IMAP mailbox: imaps://user@host[:port]/MAILBOX")
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "kind of new tickets (default: by policy mail.routes, else inquiry)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "team of new tickets")
	return cmd
}

type fetchedView struct {
	Key string `json:"key"`
	core.MailResult
	Rejected string `json:"rejected,omitempty"`
}

// imapPassword is KEFU_IMAP_PASSWORD, else the config's mail.imap_password.
func (a *App) imapPassword() (string, error) {
	cfg, err := a.notifyConfig()
	if err != nil {
		return "", err
	}
	pw := a.Getenv("KEFU_IMAP_PASSWORD")
	if pw == "" {
		pw = cfg.GetString("mail.imap_password")
	}
	return pw, nil
}

func mailFetchRun(opts *MailFetchOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	lim, err := svc.MailLimits(opts.Ctx)
	if err != nil {
		return err
	}
	var src mail.Source
	if opts.Maildir != "" {
		src = &mail.Maildir{Dir: opts.Maildir, MaxSize: lim.MaxSize}
	} else {
		pw, err := opts.IMAPPassword()
		if err != nil {
			return err
		}
		im, err := mail.ParseIMAP(opts.IMAP, pw)
		if err != nil {
			return err
		}
		im.MaxSize = lim.MaxSize
		src = im
	}
	var results []fetchedView
	var outbox []int64
	counts := map[string]int{}
	err = src.Each(func(key string, raw []byte) (mail.Outcome, error) {
		res, err := svc.MailReceive(opts.Ctx, raw, opts.MailReceiveOptions)
		var ke *errs.Error
		if err != nil && errors.As(err, &ke) && ke.Kind != errs.Internal {
			opts.IO.Info("%s: rejected, moved to %s: %s", key, mail.RejectFolder, oneLine(err))
			counts["rejected"]++
			results = append(results, fetchedView{Key: key, Rejected: oneLine(err)})
			return mail.Rejected, nil
		}
		if err != nil {
			return mail.Done, err
		}
		reportMail(opts.IO, key, res)
		counts[res.Action]++
		outbox = append(outbox, res.Outbox...)
		results = append(results, fetchedView{Key: key, MailResult: res})
		return mail.Done, nil
	})
	// Acknowledgements of what was taken go out even when the run stopped early.
	sendQueued(opts.Ctx, opts.IO, svc, opts.Mailer, outbox, false)
	if err != nil {
		return err
	}
	total := len(results)
	var parts []string
	for _, k := range []string{core.MailOpened, core.MailAnswered, core.MailDuplicate, core.MailIgnored, "rejected"} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	if total == 0 {
		opts.IO.Info("no new mail in %s", src)
	} else {
		opts.IO.Info("%d message%s from %s: %s", total, plural(total), src, strings.Join(parts, ", "))
	}
	if opts.Format == render.JSON {
		if results == nil {
			results = []fetchedView{}
		}
		return render.WriteJSON(opts.IO.Out, results)
	}
	return nil
}

// MailRetryOptions are kefu mail retry's inputs.
type MailRetryOptions struct {
	CmdEnv

	Format string // table or json
	Mailer MailerFunc
}

// NewCmdMailRetry builds kefu mail retry; runF replaces mailRetryRun in tests.
func NewCmdMailRetry(app *App, runF func(*MailRetryOptions) error) *cobra.Command {
	opts := &MailRetryOptions{}
	return &cobra.Command{
		Use:   "retry",
		Short: "Send the replies and acknowledgements still waiting (for cron)",
		Long: `Sends every outgoing mail that is queued or whose send failed, oldest first. What fails
again stays waiting, and the command exits 1.`,
		Example: `  kefu mail retry
  */10 * * * *  kefu mail retry --db /srv/kefu/kefu.db`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format, opts.Mailer = app.cmdEnv(cmd.Context()), format, app.mailSender
			return runWith(opts, runF, mailRetryRun)
		},
	}
}

func mailRetryRun(opts *MailRetryOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	waiting, err := svc.MailOutbox(opts.Ctx)
	if err != nil {
		return err
	}
	if len(waiting) == 0 {
		opts.IO.Info("nothing to send")
		if opts.Format == render.JSON {
			return render.WriteJSON(opts.IO.Out, []core.MailSendResult{})
		}
		return nil
	}
	via, err := opts.Mailer()
	if err != nil {
		return err
	}
	results, err := svc.MailSend(opts.Ctx, nil, via)
	sent := 0
	for _, r := range results {
		if r.Sent {
			sent++
			opts.IO.Info("mailed %s for ticket %d via %s", r.Role, r.TicketID, via)
		} else {
			opts.IO.Info("not sent: %s for ticket %d: %s", r.Role, r.TicketID, r.Error)
		}
	}
	if opts.Format == render.JSON {
		if results == nil {
			results = []core.MailSendResult{}
		}
		if werr := render.WriteJSON(opts.IO.Out, results); werr != nil {
			return werr
		}
	}
	if err != nil {
		return err
	}
	opts.IO.Info("sent %d mail%s", sent, plural(sent))
	return nil
}

// mailSender is the outgoing transport from the environment or the config file:
// KEFU_MAIL_SMTP / mail.smtp (with mail.smtp_password or KEFU_SMTP_PASSWORD), else
// KEFU_MAIL_SENDMAIL / mail.sendmail. None configured is core.ErrNoTransport.
func (a *App) mailSender() (mail.Sender, error) {
	cfg, err := a.notifyConfig()
	if err != nil {
		return nil, err
	}
	get := func(env, key string) string {
		if v := a.Getenv(env); v != "" {
			return v
		}
		return cfg.GetString(key)
	}
	if u := get("KEFU_MAIL_SMTP", "mail.smtp"); u != "" {
		return mail.ParseSMTP(u, get("KEFU_SMTP_PASSWORD", "mail.smtp_password"))
	}
	if p := get("KEFU_MAIL_SENDMAIL", "mail.sendmail"); p != "" {
		return mail.ParseSendmail(p)
	}
	return nil, core.ErrNoTransport
}

// printAttachments lists the files that came by email.
func printAttachments(w io.Writer, atts []core.MailAttachmentInfo) error {
	if len(atts) == 0 {
		return nil
	}
	fmt.Fprintln(w, i18n.T("\nAttachments:"))
	g := render.Grid{Header: []string{"name", "type", "size", "stored"}, Free: []string{"name", "stored", "type"}}
	for _, at := range atts {
		stored := "yes"
		if !at.Stored {
			stored = "no (over mail.attachment_max)"
		}
		g.Add(at.Name, at.Type, mail.Size(at.Size), stored)
	}
	return render.WriteTable(w, g)
}

// messageKind shows a conversation entry's kind with its mail state: reply (sent),
// reply (failed), ack (queued).
func messageKind(m persist.Message) string {
	if m.Mail == "" || m.Mail == "received" {
		return m.Kind
	}
	return m.Kind + " (" + m.Mail + ")"
}

// openedBy names who opened a ticket: mail receive opens them as the system.
func openedBy(t ticket.Ticket) string {
	if t.OpenedBy == "" {
		return "system"
	}
	return t.OpenedBy
}

// escapeLines escapes control characters line by line, so a mail's paragraphs stay lines.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = render.Escape(l)
	}
	return strings.Join(lines, "\n")
}
