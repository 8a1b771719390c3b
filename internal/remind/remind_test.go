package remind

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a wall time on Monday 2026-03-02 in Shanghai, "11:30".
func at(t *testing.T, clock string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", "2026-03-02 "+clock, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sample(t *testing.T) Report {
	now := at(t, "11:30")
	r := Report{Now: now, Loc: shanghai, Within: "4bh", Horizon: at(t, "15:30"), Items: []Item{
		{Group: Waiting, Kind: PendingEntry, Key: "pending:1", Ref: "pending 1", Subject: "slow-reply -5.0 for 张伟", Since: now, Act: []string{"陈静"}},
		{Group: DueSoon, Kind: FirstResponse, Key: "ticket:2:first_response", TicketID: 2, Ref: "#2", Subject: "申请退款未到账", Due: at(t, "13:00"), Act: []string{"李娜"}},
		{Group: Overdue, Kind: Escalation, Key: "ticket:3:escalation", TicketID: 3, Ref: "#3", Subject: "快递员态度恶劣", Due: at(t, "11:00"), Act: []string{"张伟"}, Note: "complex complaint"},
		{Group: Overdue, Kind: FirstResponse, Key: "ticket:1:first_response", TicketID: 1, Ref: "#1", Subject: "催发货", Due: at(t, "09:00"), Act: []string{"张伟"}, Team: "售后"},
	}}
	r.Sort()
	return r
}

func TestClassify(t *testing.T) {
	now := at(t, "11:30")
	if g := Classify(now, now); g != DueSoon {
		t.Errorf("due exactly now: %s, want due_soon (not yet overdue)", g)
	}
	if g := Classify(now.Add(-time.Second), now); g != Overdue {
		t.Errorf("a second ago: %s, want overdue", g)
	}
}

func TestSortByUrgency(t *testing.T) {
	r := sample(t)
	var got []string
	for _, it := range r.Items {
		got = append(got, it.Ref)
	}
	if want := "#1 #3 #2 pending 1"; strings.Join(got, " ") != want {
		t.Errorf("order %q, want %q", strings.Join(got, " "), want)
	}
	// Equal due times: kind order, then the number in the key.
	r = Report{Items: []Item{
		{Group: Overdue, Kind: Resolution, Key: "ticket:1:resolution", Due: at(t, "09:00")},
		{Group: Overdue, Kind: FirstResponse, Key: "ticket:10:first_response", Due: at(t, "09:00")},
		{Group: Overdue, Kind: FirstResponse, Key: "ticket:9:first_response", Due: at(t, "09:00")},
		{Group: Waiting, Kind: PendingEntry, Key: "pending:2"},
		{Group: Waiting, Kind: PendingEntry, Key: "pending:1"},
	}}
	r.Sort()
	var keys []string
	for _, it := range r.Items {
		keys = append(keys, it.Key)
	}
	if got, want := strings.Join(keys, " "), "ticket:9:first_response ticket:10:first_response ticket:1:resolution pending:1 pending:2"; got != want {
		t.Errorf("tie order %s, want %s", got, want)
	}
}

func TestText(t *testing.T) {
	got := Text(sample(t), false)
	want := `kefu remind · 2026-03-02 11:30 (Asia/Shanghai) · 2 overdue · 1 due within 4bh · 1 waiting

Overdue
  #1  first response  overdue 2h30m  due 03-02 09:00  张伟  催发货
  #3  escalation      overdue 30m    due 03-02 11:00  张伟  快递员态度恶劣 (complex complaint)

Due within 4bh
  #2  first response  in 1h30m  due 03-02 13:00  李娜  申请退款未到账

Waiting
  pending 1  score entry  waiting 0s  since 03-02 11:30  陈静  slow-reply -5.0 for 张伟
`
	if got != want {
		t.Errorf("Text:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextColor(t *testing.T) {
	got := Text(sample(t), true)
	if !strings.Contains(got, "\n  \x1b[31m#1  first response") || !strings.Contains(got, "\n  \x1b[33m#2  first response") ||
		!strings.Contains(got, "\n  pending 1") || !strings.Contains(got, "催发货\x1b[0m\n") {
		t.Errorf("coloured Text:\n%q", got)
	}
}

func TestNothingToReport(t *testing.T) {
	r := Report{Now: at(t, "09:00"), Loc: shanghai, Within: "4bh"}
	if got, want := Text(r, false), "kefu remind: nothing to report at 2026-03-02 09:00 (Asia/Shanghai)\n"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	r.Held, r.OncePer = []Item{{Group: Overdue}}, "24h"
	if got := Text(r, false); !strings.Contains(got, "nothing new to report") || !strings.Contains(got, "1 item already sent within 24h") {
		t.Errorf("Text with held items = %q", got)
	}
	r.Warnings = []string{"data ends"}
	if got := Markdown(r, 0); !strings.Contains(got, "warning: data ends") {
		t.Errorf("Markdown drops the warning: %q", got)
	}
	// Chores alone are worth reporting.
	r.Held = nil
	r.Closed = []Closed{{TicketID: 7, Subject: "退货", ResolvedAt: at(t, "09:00").AddDate(0, 0, -8)}}
	if got := Text(r, false); !strings.Contains(got, "Done by system\n  closed #7 退货 (resolved 2026-02-22 09:00)") {
		t.Errorf("Text with a closure:\n%s", got)
	}
}

func TestSuppressAndFails(t *testing.T) {
	r := sample(t)
	sentAt := r.Now.Add(-time.Hour)
	sent := map[string]time.Time{
		"ticket:1:first_response|overdue":  sentAt,                     // sent as overdue: held
		"ticket:2:first_response|overdue":  sentAt,                     // sent as overdue, now due soon?: not the same
		"ticket:3:escalation|due_soon":     sentAt,                     // sent when due soon, now overdue: new
		"pending:1|waiting":                r.Now.Add(-25 * time.Hour), // sent too long ago: new
		"ticket:9:first_response|due_soon": sentAt,
	}
	r.Suppress(sent, r.Now.Add(-24*time.Hour))
	var kept []string
	for _, it := range r.Items {
		kept = append(kept, it.Ref)
	}
	if strings.Join(kept, " ") != "#3 #2 pending 1" || len(r.Held) != 1 || r.Held[0].Ref != "#1" {
		t.Errorf("kept %v, held %v", kept, r.Held)
	}
	// Held items still count for --fail-on: they are still owed.
	r.Items = r.Items[1:]
	if !r.Fails("overdue") {
		t.Error("Fails(overdue) ignores a held overdue item")
	}
	empty := Report{}
	if empty.Fails("any") || empty.Fails("overdue") {
		t.Error("an empty report fails")
	}
	soon := Report{Items: []Item{{Group: DueSoon}}}
	if soon.Fails("overdue") || !soon.Fails("any") {
		t.Error("a due-soon item: Fails(overdue) should be false, Fails(any) true")
	}
}

func TestFilterTeam(t *testing.T) {
	r := sample(t)
	r.FilterTeam("售后")
	if len(r.Items) != 1 || r.Items[0].Ref != "#1" {
		t.Errorf("FilterTeam kept %+v", r.Items)
	}
}

func TestMarkdownEscapesAndCuts(t *testing.T) {
	r := sample(t)
	r.Items[0].Subject = "*urgent* [link](x) <b>"
	md := Markdown(r, 0)
	if !strings.Contains(md, `\*urgent\* \[link\](x) &lt;b&gt;`) {
		t.Errorf("Markdown does not escape the subject:\n%s", md)
	}
	sl := Slack(r, 0)
	if !strings.Contains(sl, "*urgent* [link](x) &lt;b&gt;") || !strings.Contains(sl, "• #1 first response") {
		t.Errorf("Slack:\n%s", sl)
	}
	for i := 0; i < 200; i++ {
		r.Items = append(r.Items, Item{Group: Waiting, Kind: Appeal, Ref: "appeal", Subject: strings.Repeat("长", 20)})
	}
	cut := Markdown(r, 4000)
	if len(cut) > 4000 || !strings.Contains(cut, "more items: run kefu remind to see them all") || !strings.Contains(cut, "#1 first response") {
		t.Errorf("cut Markdown: %d bytes:\n%s", len(cut), cut[len(cut)-300:])
	}
}

func TestPayloads(t *testing.T) {
	r := sample(t)
	for _, tt := range []struct {
		format string
		check  func(map[string]any) bool
	}{
		{FormatDingTalk, func(m map[string]any) bool {
			md, _ := m["markdown"].(map[string]any)
			return m["msgtype"] == "markdown" && strings.HasPrefix(md["title"].(string), "kefu remind: 2 overdue") &&
				strings.Contains(md["text"].(string), "**Overdue**")
		}},
		{FormatWeCom, func(m map[string]any) bool {
			md, _ := m["markdown"].(map[string]any)
			return m["msgtype"] == "markdown" && strings.Contains(md["content"].(string), "催发货")
		}},
		{FormatSlack, func(m map[string]any) bool { return strings.Contains(m["text"].(string), "*Overdue*") }},
		{FormatJSON, func(m map[string]any) bool {
			return m["now"] == "2026-03-02T11:30:00+08:00" && len(m["items"].([]any)) == 4
		}},
	} {
		b, err := Payload(tt.format, r)
		if err != nil {
			t.Fatalf("%s: %v", tt.format, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || !tt.check(m) {
			t.Errorf("%s payload: %s (%v)", tt.format, b, err)
		}
	}
	if _, err := Payload("telegram", r); err == nil {
		t.Error("Payload accepted an unknown format")
	}
}

func TestJSONView(t *testing.T) {
	v := JSON(sample(t))
	if v.Counts["overdue"] != 2 || v.Counts["due_soon"] != 1 || v.Counts["waiting"] != 1 {
		t.Errorf("counts %v", v.Counts)
	}
	first := v.Items[0]
	if first.OverdueSeconds == nil || *first.OverdueSeconds != 9000 || first.DueInSeconds != nil || *first.Due != "2026-03-02T09:00:00+08:00" {
		t.Errorf("first item %+v", first)
	}
	soon := v.Items[2]
	if soon.DueInSeconds == nil || *soon.DueInSeconds != 5400 || soon.OverdueSeconds != nil {
		t.Errorf("due soon item %+v", soon)
	}
	if w := v.Items[3]; w.Due != nil || w.Since == nil || w.TicketID != nil {
		t.Errorf("waiting item %+v", w)
	}
}

func TestDetectFormat(t *testing.T) {
	for u, want := range map[string]string{
		"https://oapi.dingtalk.com/robot/send?access_token=x":     FormatDingTalk,
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x":  FormatWeCom,
		"https://hooks.slack.com/services/T000/B000/XXX":          FormatSlack,
		"http://127.0.0.1:8080/hook":                              FormatJSON,
		"::not a url":                                             FormatJSON,
		"https://oapi.dingtalk.com.evil.example/robot/send?a=b":   FormatJSON,
		"https://hooks.slack.com.example.org/services/T000/B000/": FormatJSON,
	} {
		if got := DetectFormat(u); got != want {
			t.Errorf("DetectFormat(%q) = %s, want %s", u, got, want)
		}
	}
}

// The expected sign was computed independently (Python's hmac and base64 over
// "1577262236757\nthis is secret" keyed by "this is secret").
func TestDingTalkSign(t *testing.T) {
	ts := time.UnixMilli(1577262236757)
	stamp, sign := DingTalkSign(ts, "this is secret")
	if stamp != "1577262236757" || sign != "hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=" {
		t.Errorf("DingTalkSign = %s %s", stamp, sign)
	}
	u, err := SignURL("https://oapi.dingtalk.com/robot/send?access_token=abc", "this is secret", ts)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := url.Parse(u)
	q := parsed.Query()
	if q.Get("access_token") != "abc" || q.Get("timestamp") != stamp || q.Get("sign") != sign {
		t.Errorf("SignURL = %s", u)
	}
	if !strings.Contains(parsed.RawQuery, "sign=hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D") {
		t.Errorf("sign is not URL-encoded: %s", parsed.RawQuery)
	}
}

// The robot's size limit holds for the whole message, the chores done by system included; the
// items cut are not among those posted (so --once-per does not mark them), and the message says
// how many were left out.
func TestPayloadLimitWholeMessage(t *testing.T) {
	r := sample(t)
	for i := 0; i < 400; i++ {
		r.Items = append(r.Items, Item{Group: Waiting, Kind: Appeal, Key: "appeal:" + strconv.Itoa(i), Ref: "appeal " + strconv.Itoa(i), Subject: strings.Repeat("长", 20)})
	}
	for i := 0; i < 200; i++ {
		r.Closed = append(r.Closed, Closed{TicketID: int64(1000 + i), Subject: strings.Repeat("已解决的问题", 5), ResolvedAt: at(t, "08:00")})
	}
	for format, limit := range map[string]int{FormatWeCom: limitWeCom, FormatDingTalk: limitDingTalk} {
		b, posted, err := PayloadItems(format, r)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Markdown map[string]string `json:"markdown"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		text := m.Markdown["content"] + m.Markdown["text"] + m.Markdown["title"]
		if len(text) > limit {
			t.Errorf("%s: the message is %d bytes, over its limit %d", format, len(text), limit)
		}
		if len(posted) == 0 || len(posted) >= len(r.Items) {
			t.Fatalf("%s: %d of %d items posted", format, len(posted), len(r.Items))
		}
		left := len(r.Items) - len(posted)
		if !strings.Contains(text, "… and "+strconv.Itoa(left)+" more items") {
			t.Errorf("%s: the message does not say %d items were left out", format, left)
		}
		for _, p := range posted {
			if !strings.Contains(text, p.Ref+" ") {
				t.Errorf("%s: item %s counted as posted but not in the message", format, p.Ref)
			}
		}
		if !strings.Contains(text, "… and 200 more done by system") {
			t.Errorf("%s: the chores were not cut to fit", format)
		}
	}
	// Hostile text reaches the chat visible, not raw.
	r = sample(t)
	r.Items[0].Subject = "\x1b[2J\u202Eevil"
	b, _, _ := PayloadItems(FormatWeCom, r)
	var m struct {
		Markdown map[string]string `json:"markdown"`
	}
	json.Unmarshal(b, &m)
	if c := m.Markdown["content"]; strings.ContainsAny(c, "\x1b\u202E") || !strings.Contains(c, `u202e`) {
		t.Errorf("raw control in the chat message: %q", c)
	}
}

func TestFilterFor(t *testing.T) {
	r := Report{Loc: time.UTC, Now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Items: []Item{
			{Key: "ticket:1:first_response", Act: []string{"张伟"}},
			{Key: "ticket:2:resolution", Act: []string{"李娜"}},
			{Key: "handover:3", Act: []string{"李娜", "张伟"}},
		},
		Held:     []Item{{Key: "ticket:4:resolution", Act: []string{"李娜"}}},
		Closed:   []Closed{{TicketID: 9}},
		Proposed: []Proposal{{EntryID: 1, Staff: "张伟"}, {EntryID: 2, Staff: "李娜"}},
	}
	r.FilterFor("张伟")
	var keys []string
	for _, it := range r.Items {
		keys = append(keys, it.Key)
	}
	if strings.Join(keys, " ") != "ticket:1:first_response handover:3" {
		t.Errorf("items for 张伟 = %v", keys)
	}
	if len(r.Held) != 0 || len(r.Closed) != 0 || len(r.Proposed) != 1 || r.Proposed[0].EntryID != 1 || r.For != "张伟" {
		t.Errorf("report for 张伟 = %+v", r)
	}
	if !strings.HasPrefix(Text(r, false), "kefu remind for 张伟 · ") {
		t.Errorf("text heading: %q", Text(r, false))
	}
}
