// Package notify delivers a message to a webhook: one HTTP POST per attempt with a timeout,
// retried with exponential backoff when the failure may pass (network errors, 5xx, 429, a chat
// robot's rate limit), and an error a person can act on when it does not.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
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
// (45009: over the API frequency limit) answer HTTP 200; trying again later may work.
var rateLimited = []int64{130101, 45009}

// attemptError is one failed attempt; retry says whether another may succeed.
type attemptError struct {
	msg   string
	retry bool
}

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
	n := "1 attempt"
	if attempts > 1 {
		var ae *attemptError
		if errors.As(last, &ae) && ae.retry {
			n = fmt.Sprintf("%d attempts", attempts)
		}
	}
	return &errs.Error{Kind: errs.Internal, Msg: fmt.Sprintf("posting to webhook %s failed (%s)", where, n), Err: last}
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
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return &attemptError{msg: fmt.Sprintf("no answer within %s", timeout), retry: true}
		}
		return &attemptError{msg: scrub(err.Error(), rawURL), retry: true}
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout
		return &attemptError{msg: "HTTP " + resp.Status + excerpt(answer), retry: retry}
	}
	var robot struct {
		Code *int64 `json:"errcode"`
		Msg  string `json:"errmsg"`
	}
	if json.Unmarshal(answer, &robot) == nil && robot.Code != nil && *robot.Code != 0 {
		return &attemptError{msg: fmt.Sprintf("the robot answered errcode %d: %s", *robot.Code, robot.Msg), retry: slices.Contains(rateLimited, *robot.Code)}
	}
	return nil
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
// access tokens and signatures.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	out := u.Scheme + "://" + u.Host + u.EscapedPath()
	if u.RawQuery != "" {
		out += "?…"
	}
	return out
}

// scrub replaces the full address in a transport error with its redacted form.
func scrub(msg, rawURL string) string {
	return strings.ReplaceAll(msg, rawURL, Redact(rawURL))
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
