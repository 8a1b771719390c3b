// Package notify delivers a message to a webhook: one HTTP POST per attempt with a timeout,
// retried with exponential backoff when the failure may pass (network errors, 5xx), and an
// error a person can act on when it does not. A redirect is never followed (it would re-post the
// report, and the access token, to another host); a rate-limit answer (HTTP 429, a chat robot's
// rate-limit code) stops at once and says when to try again. Every error shows the address with
// its secrets replaced by "…".
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
)

// Client posts to webhooks. The zero value uses the defaults.
type Client struct {
	// HTTP is the client to use; nil means http.DefaultClient's transport.
	HTTP *http.Client
	// Timeout bounds each attempt (default 10s).
	Timeout time.Duration
	// Attempts is how many times to try in all (default 3).
	Attempts int
	// Backoff is the wait before the second attempt, doubled before each next one (default 1s).
	Backoff time.Duration
	// Sleep waits between attempts; tests replace it.
	Sleep func(context.Context, time.Duration) error
}

// Defaults of a zero Client.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultAttempts = 3
	DefaultBackoff  = time.Second
)

// rateLimited are the error codes with which DingTalk (130101: sending too fast) and WeCom
// (45009: over the API frequency limit) answer HTTP 200. Both robots allow 20 messages a
// minute, so a minute later is when to try again.
var rateLimited = []int64{130101, 45009}

// robotWindow is how long a chat robot's rate limit lasts when the answer does not say.
const robotWindow = time.Minute

// attemptError is one failed attempt; retry says whether another may succeed.
type attemptError struct {
	msg   string
	retry bool
}

// noRedirects makes a redirect answer the attempt's answer: it is reported, never followed.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (e *attemptError) Error() string { return e.msg }

// Post sends body to rawURL as contentType. It returns nil once an attempt succeeds: a 2xx
// answer whose body, if it is a JSON object with an errcode (DingTalk, WeCom), has errcode 0.
func (c Client) Post(ctx context.Context, rawURL, contentType string, body []byte) error {
	attempts, backoff := c.Attempts, c.Backoff
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	if backoff <= 0 {
		backoff = DefaultBackoff
	}
	sleep := c.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	where := Redact(rawURL)
	var last error
	for i := 1; i <= attempts; i++ {
		err := c.once(ctx, rawURL, contentType, body)
		if err == nil {
			return nil
		}
		last = err
		var ae *attemptError
		if !errors.As(err, &ae) || !ae.retry || i == attempts {
			break
		}
		if err := sleep(ctx, backoff); err != nil {
			return errs.Wrap(err, "posting to webhook %s", where)
		}
		backoff *= 2
	}
	// The answer's excerpt is the other side's text: it may echo the address, so it is scrubbed too.
	e := errs.E(errs.Internal, "posting to webhook %s failed (1 attempt)", where)
	var ae *attemptError
	if attempts > 1 && errors.As(last, &ae) && ae.retry {
		e = errs.E(errs.Internal, "posting to webhook %s failed (%d attempts)", where, attempts)
	}
	e.Err = errors.New(scrub(last.Error(), rawURL))
	return e
}

func (c Client) once(ctx context.Context, rawURL, contentType string, body []byte) error {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return &attemptError{msg: "invalid webhook URL: " + scrub(err.Error(), rawURL)}
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "kefu-remind")
	hc := http.Client{Transport: http.DefaultTransport}
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	hc.CheckRedirect = noRedirects
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return &attemptError{msg: i18n.Sprintf("no answer within %s", timeout), retry: true}
		}
		return &attemptError{msg: scrub(err.Error(), rawURL), retry: true}
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		to := i18n.T("elsewhere")
		if loc := resp.Header.Get("Location"); loc != "" {
			to = i18n.Sprintf("to %s", redactAny(loc))
		}
		return &attemptError{msg: i18n.Sprintf("HTTP %s: the webhook redirects %s, and kefu does not follow redirects (fix the URL)", resp.Status, to)}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return &attemptError{msg: i18n.Sprintf("HTTP %s: rate-limited; %s", resp.Status, retryAfter(resp.Header.Get("Retry-After"), robotWindow))}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout
		return &attemptError{msg: "HTTP " + resp.Status + excerpt(answer), retry: retry}
	}
	var robot struct {
		Code *int64 `json:"errcode"`
		Msg  string `json:"errmsg"`
	}
	if json.Unmarshal(answer, &robot) == nil && robot.Code != nil && *robot.Code != 0 {
		if slices.Contains(rateLimited, *robot.Code) {
			return &attemptError{msg: i18n.Sprintf("the robot answered errcode %d (%s): rate-limited; %s",
				*robot.Code, oneLine(robot.Msg), retryAfter(resp.Header.Get("Retry-After"), robotWindow))}
		}
		return &attemptError{msg: i18n.Sprintf("the robot answered errcode %d: %s", *robot.Code, oneLine(robot.Msg))}
	}
	return nil
}

// retryAfter says when to try again, as a phrase ("try again in 30s"): the answer's Retry-After (seconds or an HTTP date), or
// after the provider's window.
func retryAfter(h string, window time.Duration) string {
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n >= 0 {
		return i18n.Sprintf("try again in %s", (time.Duration(n) * time.Second).String())
	}
	if t, err := http.ParseTime(h); err == nil {
		return i18n.Sprintf("try again after %s", t.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	return i18n.Sprintf("try again in %s", window.String())
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// excerpt is the start of an error answer's body, on one line.
func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if s == "" {
		return ""
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return ": " + s
}

// Redact prints a webhook address without its query and user information, which carry
// access tokens and signatures; a Slack webhook's path is its secret, so it goes too.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	path := u.EscapedPath()
	if strings.HasSuffix(strings.ToLower(u.Hostname()), "hooks.slack.com") && path != "" && path != "/" {
		path = "/…"
	}
	out := u.Scheme + "://" + u.Host + path
	if u.RawQuery != "" || u.ForceQuery {
		out += "?…"
	}
	return out
}

// redactAny redacts an address that may be relative (a redirect's Location).
func redactAny(loc string) string {
	if u, err := url.Parse(loc); err == nil && u.Host == "" {
		if i := strings.IndexByte(loc, '?'); i >= 0 {
			return loc[:i] + "?…"
		}
		return loc
	}
	return Redact(loc)
}

// queryPart is the query of any address in a message: whatever follows a '?' up to a space or quote.
var queryPart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\?[^\s"'<>,;)]+`) })

// scrub replaces the address in a transport error with its redacted form, and any query
// left (an address Go printed differently, a redirect target) with "?…".
func scrub(msg, rawURL string) string {
	msg = strings.ReplaceAll(msg, rawURL, Redact(rawURL))
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "…")
		}
	}
	return queryPart().ReplaceAllString(msg, "?…")
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
