package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/notify"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/render"
)

// notifyFromConfig is --notify's value when it is given alone: post to notify.url.
const notifyFromConfig = "config"

// RemindOptions are kefu remind's inputs: the flags, and the webhook --notify resolved to
// (nil without --notify).
type RemindOptions struct {
	CmdEnv
	core.RemindOptions
	Format       string
	FailOn       string
	Notify       string
	NotifyFormat string
	Force        bool
	Hook         *webhook
	// For cuts the report to one person's part (remind --for NAME; "me": the acting user).
	For string
}

// NewCmdRemind builds kefu remind; runF replaces remindRun in tests.
func NewCmdRemind(app *App, runF func(*RemindOptions) error) *cobra.Command {
	o := &RemindOptions{}
	cmd := &cobra.Command{
		Use:   "remind [--within DURATION] [--fail-on overdue|any] [--notify[=URL]] [--once-per DURATION] [flags]",
		Short: "Report what is overdue, due soon or waiting, for cron; post it to a chat webhook",
		Long: `remind lists, grouped by urgency and each naming who should act:
  - tickets past a due time (first response, resolution), with how long overdue;
  - tickets due within the warning window (--within, default policy remind.warn_before);
  - complex complaints not escalated in time, resolved complaints awaiting the satisfaction
    follow-up, suggestions not forwarded to their department;
  - shifts that ended without a handover note, notes the next shift has not acknowledged,
    weekly summaries missing or too short (policy handover.grace, summary.due, summary.min_chars);
  - appeals and pending score entries waiting for a supervisor.
With nothing to report it prints one line.

It also does the scheduled chores, each recorded as an event by system: it closes tickets
resolved longer ago than policy ticket.autoclose_after, and proposes pending score entries for
the breaches policy remind.propose maps to a rule (a supervisor confirms or dismisses them).

--fail-on overdue|any exits 3 when there is an overdue item (or any item), for monitors.
--notify posts the report to a webhook: DingTalk or WeCom group robots (markdown), Slack
incoming webhooks, or plain JSON (--notify-format; guessed from the URL). --notify alone uses
notify.url from the config file (or KEFU_NOTIFY_URL); a DingTalk robot's signing secret comes
from notify.secret (or KEFU_NOTIFY_SECRET). Config notify.timeout (10s), notify.retries (2)
and notify.backoff (1s) tune delivery. A failed post exits 1 and marks nothing as sent.
Outside service hours --notify sends nothing and says so, unless --force.
--once-per 24h does not repeat an item sent within 24h on the same channel (the webhook, or
stdout without --notify); an item that became overdue since it was sent is new.`,
		Example: `  kefu remind
  kefu remind --within 1bd --format md
  kefu remind --fail-on overdue || echo "something is overdue"
  kefu remind --notify "https://oapi.dingtalk.com/robot/send?access_token=..." --once-per 24h
  kefu remind --notify --notify-format wecom --team 售后
  kefu remind --for 张伟
  kefu remind --for me --as 张伟 --format json`,
		RunE: func(cmd *cobra.Command, a []string) error {
			// --notify takes an optional value: "--notify URL" reads URL as an argument.
			if len(a) == 1 && o.Notify == notifyFromConfig && changed(cmd.Flags(), "notify") {
				o.Notify, a = a[0], nil
			}
			if len(a) > 0 {
				return usageErr(cmd, "kefu remind takes no arguments (got %q)", a[0])
			}
			if !changed(cmd.Flags(), "notify") {
				o.Notify = ""
			}
			return app.remindParse(cmd, o, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Within, "within", "", "warning window, e.g. 4bh or 1bd (default policy remind.warn_before)")
	f.StringVar(&o.FailOn, "fail-on", "", "exit 3 when there is an item that is overdue, or any item: overdue or any")
	f.StringVar(&o.Notify, "notify", "", "post the report to this webhook URL (alone: notify.url from the config)")
	f.Lookup("notify").NoOptDefVal = notifyFromConfig
	f.StringVar(&o.NotifyFormat, "notify-format", "", "webhook format: dingtalk, wecom, slack or json (default: config notify.format, else guessed from the URL)")
	f.StringVar(&o.OncePer, "once-per", "", "do not repeat an item sent within this calendar duration, e.g. 24h")
	f.BoolVar(&o.Force, "force", false, "with --notify: post even outside service hours")
	f.StringVar(&o.Team, "team", "", "only items of this team")
	f.StringVar(&o.For, "for", "", "only one person's part: the items they should act on (me: the acting user)")
	return cmd
}

// remindFailure is --fail-on finding what it names: exit status 3.
type remindFailure struct{ msg string }

func (e *remindFailure) Error() string { return e.msg }

// ExitCode makes --fail-on's finding exit 3.
func (e *remindFailure) ExitCode() int { return errs.ExitFound }

// webhook is where --notify posts and how.
type webhook struct {
	url, format, secret string
	client              notify.Client
}

// remindParse checks the flags' combinations, resolves the webhook and the channel, and runs.
func (a *App) remindParse(cmd *cobra.Command, o *RemindOptions, runF func(*RemindOptions) error) error {
	format, err := a.format(cmd, remind.FormatText, remind.FormatJSON, remind.FormatMarkdown)
	if err != nil {
		return err
	}
	if o.FailOn != "" && !slices.Contains(remind.FailOnValues, o.FailOn) {
		return usageErr(cmd, "--fail-on %q: use overdue or any", o.FailOn)
	}
	if o.NotifyFormat != "" && o.Notify == "" {
		return usageErr(cmd, "--notify-format goes with --notify")
	}
	if o.Force && o.Notify == "" {
		return usageErr(cmd, "--force goes with --notify")
	}
	o.Hook, o.Channel = nil, "stdout"
	if o.Notify != "" {
		if o.Hook, err = a.webhook(o); err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(o.Hook.url))
		o.Channel = "webhook:" + hex.EncodeToString(sum[:8])
	}
	if o.For == "me" {
		if a.As == "" {
			return usageErr(cmd, "--for me needs --as NAME (or KEFU_USER)")
		}
		o.For = a.As
	}
	if o.For != "" {
		// One person's reminders are remembered apart from the department's (--once-per).
		o.Channel += "|for:" + o.For
	}
	o.CmdEnv = a.cmdEnv(cmd.Context())
	o.Format = format
	return runWith(o, runF, remindRun)
}

func remindRun(o *RemindOptions) error {
	svc, err := o.Service(o.Ctx)
	if err != nil {
		return err
	}
	var person string
	if o.For != "" {
		st, err := svc.StaffShow(o.Ctx, o.For)
		if err != nil {
			return err
		}
		person = st.Name
	}
	r, err := svc.Remind(o.Ctx, o.RemindOptions)
	if err != nil {
		return err
	}
	if person != "" {
		r.FilterFor(person)
	}
	switch o.Format {
	case remind.FormatJSON:
		err = render.WriteJSON(o.IO.Out, remind.JSON(r))
	case remind.FormatMarkdown:
		_, err = io.WriteString(o.IO.Out, remind.Markdown(r, 0))
	default:
		_, err = io.WriteString(o.IO.Out, remind.TextFit(r, o.IO.Color, render.WidthOf(o.IO.Out)))
	}
	if err != nil {
		return errs.Wrap(err, "writing the report")
	}
	if o.Hook != nil {
		posted, err := post(o.Ctx, o.IO, svc, o.Hook, r, o.Force)
		if err != nil {
			return err
		}
		// Only what the message held is marked: items cut to fit the robot's limit come again.
		if len(posted) > 0 && o.OncePer != "" {
			if err := svc.MarkReminded(o.Ctx, o.Channel, posted); err != nil {
				return err
			}
		}
	} else if o.OncePer != "" && len(r.Items) > 0 {
		if err := svc.MarkReminded(o.Ctx, o.Channel, r.Items); err != nil {
			return err
		}
	}
	if o.FailOn != "" && r.Fails(o.FailOn) {
		n := r.Count(remind.Overdue) + countGroup(r.Held, remind.Overdue)
		what := i18n.Sprintf("%d overdue item%s", n, plural(n))
		if o.FailOn == "any" {
			n = len(r.Items) + len(r.Held)
			what = i18n.Sprintf("%d item%s", n, plural(n))
		}
		return &remindFailure{msg: "remind --fail-on " + o.FailOn + ": " + what}
	}
	return nil
}

func countGroup(items []remind.Item, g remind.Group) int {
	n := 0
	for _, it := range items {
		if it.Group == g {
			n++
		}
	}
	return n
}

// post sends the report to the webhook unless there is nothing to send or it is outside
// service hours (without --force); it returns the items the message held.
func post(ctx context.Context, a IOStreams, svc *core.Service, hook *webhook, r remind.Report, force bool) (posted []remind.Item, err error) {
	where := notify.Redact(hook.url)
	if r.Empty() {
		a.Info("nothing to send to %s", where)
		return nil, nil
	}
	cal, err := svc.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	if !force && !cal.InService(r.Now) {
		next := cal.NextOpening(r.Now)
		a.Info("outside service hours: nothing sent to %s (service opens %s; --force sends anyway)", where, next.Format("2006-01-02 15:04"))
		return nil, nil
	}
	body, posted, err := remind.PayloadItems(hook.format, r)
	if err != nil {
		return nil, err
	}
	target := hook.url
	if hook.format == remind.FormatDingTalk && hook.secret != "" {
		// DingTalk checks the signature's timestamp against its own clock, so sign with the
		// real time even when KEFU_NOW replaces the clock.
		if target, err = remind.SignURL(hook.url, hook.secret, time.Now()); err != nil {
			return nil, err
		}
	}
	if err := hook.client.Post(ctx, target, "application/json; charset=utf-8", body); err != nil {
		return nil, err
	}
	n := len(posted)
	a.Info("sent %d item%s to %s (%s)", n, plural(n), where, hook.format)
	if left := len(r.Items) - n; left > 0 {
		a.Info("%d item%s left out to fit %s's message size limit (not marked as sent)", left, plural(left), hook.format)
	}
	return posted, nil
}

// webhook resolves --notify's address, format, secret and delivery settings: flags, then
// KEFU_NOTIFY_URL / KEFU_NOTIFY_SECRET, then the config file's notify.* keys.
func (a *App) webhook(o *RemindOptions) (*webhook, error) {
	cfg, err := a.notifyConfig()
	if err != nil {
		return nil, err
	}
	h := &webhook{url: o.Notify, secret: a.Getenv("KEFU_NOTIFY_SECRET")}
	if h.url == notifyFromConfig {
		h.url = a.Getenv("KEFU_NOTIFY_URL")
		if h.url == "" {
			h.url = cfg.GetString("notify.url")
		}
		if h.url == "" {
			return nil, errs.Invalidf("--notify without a URL needs notify.url in the config file (or KEFU_NOTIFY_URL)").WithHint("kefu remind --notify URL")
		}
	}
	u, err := url.Parse(h.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errs.Invalidf("--notify %s is not an http(s) URL", notify.Redact(h.url))
	}
	if h.secret == "" {
		h.secret = cfg.GetString("notify.secret")
	}
	h.format = o.NotifyFormat
	if h.format == "" {
		h.format = cfg.GetString("notify.format")
	}
	if h.format == "" {
		h.format = remind.DetectFormat(h.url)
	}
	if !slices.Contains(remind.NotifyFormats, h.format) {
		return nil, errs.Invalidf("--notify-format %q: use %s", h.format, strings.Join(remind.NotifyFormats, ", "))
	}
	for key, dst := range map[string]*time.Duration{"notify.timeout": &h.client.Timeout, "notify.backoff": &h.client.Backoff} {
		if s := cfg.GetString(key); s != "" {
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return nil, errs.Invalidf("config %s: %q is not a duration such as 10s", key, s)
			}
			*dst = d
		}
	}
	if s := cfg.GetString("notify.retries"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 10 {
			return nil, errs.Invalidf("config notify.retries: %q is not a number from 0 to 10", s)
		}
		h.client.Attempts = n + 1
	}
	return h, nil
}

// notifyConfig is the config for the notify.* keys, which are personal settings (the webhook
// and its secret), not department policy: the root's one config reader, read once by configure.
func (a *App) notifyConfig() (*viper.Viper, error) {
	if a.config == nil {
		return nil, errs.E(errs.Internal, "the config was not read before the command ran")
	}
	return a.config, nil
}
