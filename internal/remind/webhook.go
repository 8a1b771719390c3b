package remind

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// Size limits of the chat robots' messages, with room to spare: WeCom's markdown content is at
// most 4096 bytes, DingTalk's message about 20000, Slack's text 40000 characters.
const (
	limitWeCom    = 4000
	limitDingTalk = 18000
	limitSlack    = 38000
)

// Payload is the body to POST for a webhook format: DingTalk's and WeCom's group-robot
// markdown messages, a Slack incoming-webhook message, or the JSON report.
func Payload(format string, r Report) ([]byte, error) {
	b, _, err := PayloadItems(format, r)
	return b, err
}

// PayloadItems is Payload and the items the message holds: a chat robot's size limit applies
// to the whole message (the chores done included), and the items cut to fit it are not posted,
// so --once-per must not mark them as sent.
func PayloadItems(format string, r Report) ([]byte, []Item, error) {
	var v any
	posted := r.Items
	switch format {
	case FormatDingTalk:
		var text string
		text, posted = chat(r, markdown, limitDingTalk-len(r.title()))
		v = map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": r.title(), "text": text}}
	case FormatWeCom:
		var text string
		text, posted = chat(r, markdown, limitWeCom)
		v = map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": text}}
	case FormatSlack:
		var text string
		text, posted = chat(r, slack, limitSlack)
		v = map[string]string{"text": text}
	case FormatJSON:
		v = JSON(r)
	default:
		return nil, nil, errs.Invalidf("unknown notify format %q: use %s", format, strings.Join(NotifyFormats, ", "))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, nil, errs.Wrap(err, "encoding the %s message", format)
	}
	return b, posted, nil
}

// title is a chat message's title (DingTalk shows it in the conversation list).
func (r Report) title() string {
	if s := r.summary(); s != "" {
		return "kefu remind: " + s
	}
	return "kefu remind"
}

// DetectFormat guesses a webhook's format from its address: DingTalk's oapi.dingtalk.com,
// WeCom's qyapi.weixin.qq.com, Slack's hooks.slack.com; anything else gets plain JSON.
func DetectFormat(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return FormatJSON
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case strings.HasSuffix(host, "dingtalk.com"):
		return FormatDingTalk
	case strings.HasSuffix(host, "qyapi.weixin.qq.com"):
		return FormatWeCom
	case strings.HasSuffix(host, "hooks.slack.com"):
		return FormatSlack
	}
	return FormatJSON
}

// DingTalkSign is DingTalk's signature of a request sent at ts with the robot's secret: the
// HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, base64-encoded.
func DingTalkSign(ts time.Time, secret string) (timestamp, sign string) {
	timestamp = strconv.FormatInt(ts.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return timestamp, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// SignURL adds DingTalk's timestamp and sign query parameters (URL-encoded) to a webhook
// address, keeping its access_token.
func SignURL(rawURL, secret string, ts time.Time) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", errs.Invalidf("invalid webhook URL: %v", err)
	}
	timestamp, sign := DingTalkSign(ts, secret)
	q := u.Query()
	q.Set("timestamp", timestamp)
	q.Set("sign", sign)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
