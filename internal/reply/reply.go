// Package reply holds reply templates (话术模板): opening and closing lines, FAQ scripts and
// objection handling, with variables that ticket reply --template fills from the ticket.
package reply

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/errs"
)

// Kinds of template, in the order a reply joins them: openings first, closings last.
var Kinds = []string{"opening", "faq", "objection", "other", "closing"}

// MaxBody bounds a template's text.
const MaxBody = 4096

// Template is a stored reply template.
type Template struct {
	ID        int64
	Name      string
	Kind      string
	Body      string
	Retired   bool
	Uses      int // replies that used it
	CreatedAt time.Time
	UpdatedAt time.Time
}

// variables maps every accepted spelling of a variable to its canonical (English) name.
var variables = map[string]string{
	"客户": "customer", "customer": "customer",
	"工单": "ticket", "ticket": "ticket",
	"坐席": "agent", "agent": "agent",
	"到期": "due", "due": "due",
	"团队": "team", "team": "team",
}

// Values are what a reply fills in, by canonical variable name.
type Values struct {
	Customer, Ticket, Agent, Due, Team string
}

func (v Values) get(name string) string {
	switch name {
	case "customer":
		return v.Customer
	case "ticket":
		return v.Ticket
	case "agent":
		return v.Agent
	case "due":
		return v.Due
	}
	return v.Team
}

// CheckKind accepts a template kind.
func CheckKind(kind string) error {
	for _, k := range Kinds {
		if k == kind {
			return nil
		}
	}
	return errs.Invalidf("template kind %q: use opening, closing, faq, objection or other", kind)
}

// CheckName accepts a template name: one word, at most 40 characters.
func CheckName(name string) error {
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t\r\n{}") || utf8.RuneCountInString(name) > 40 {
		return errs.Invalidf("template name %q: use one word of at most 40 characters, without spaces or braces", name)
	}
	if strings.Trim(name, "0123456789") == "" {
		return errs.Invalidf("template name %q: a name needs a letter (numbers are ids)", name)
	}
	return nil
}

// Check accepts a template's text: not empty, within MaxBody, every {variable} known and
// every brace closed.
func Check(body string) error {
	if strings.TrimSpace(body) == "" {
		return errs.Invalidf("template text is empty")
	}
	if len(body) > MaxBody {
		return errs.Invalidf("template text is %d bytes; the limit is %d", len(body), MaxBody)
	}
	if !utf8.ValidString(body) {
		return errs.Invalidf("template text is not valid UTF-8")
	}
	if strings.ContainsRune(body, 0) {
		return errs.Invalidf("template text contains a NUL character")
	}
	_, err := expand(body, Values{})
	return err
}

// Fill replaces the template's variables with the reply's values.
func Fill(body string, v Values) (string, error) {
	return expand(body, v)
}

func expand(body string, v Values) (string, error) {
	var b strings.Builder
	rest := body
	for {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		if rest[i] == '}' {
			return "", errs.Invalidf("template text has a } without its {")
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", errs.Invalidf("template text has a { without its }")
		}
		name := rest[i+1 : i+j]
		canon, ok := variables[name]
		if !ok {
			return "", errs.Invalidf("unknown template variable {%s}: use {客户} {工单} {坐席} {到期} {团队} (or {customer} {ticket} {agent} {due} {team})", name)
		}
		b.WriteString(rest[:i])
		b.WriteString(v.get(canon))
		rest = rest[i+j+1:]
	}
}

// Order sorts templates the way a reply joins them: by kind (openings first, closings last),
// keeping the given order within a kind.
func Order(ts []Template) []Template {
	out := make([]Template, 0, len(ts))
	for _, k := range Kinds {
		for _, t := range ts {
			if t.Kind == k {
				out = append(out, t)
			}
		}
	}
	return out
}

// Join builds a reply: the filled templates before the body (openings, scripts) and after it
// (closings), one paragraph each.
func Join(before []string, body string, after []string) string {
	var parts []string
	parts = append(parts, before...)
	if strings.TrimSpace(body) != "" {
		parts = append(parts, body)
	}
	parts = append(parts, after...)
	return strings.Join(parts, "\n\n")
}

// DefaultTemplates is the set init seeds (migration 0015 seeds the same into older
// databases), worded after the regulations: an opening that states who, why and how long
// (主动表明身份、目的和预计沟通时间), a closing that asks for other questions, thanks and gives a
// way back (确认客户是否还有其他问题、感谢反馈、提供再次联系渠道), an apology for a complaint,
// a refund confirmation and a request to wait.
func DefaultTemplates() []Template {
	return []Template{
		{Name: "opening", Kind: "opening", Body: "您好，{客户}，我是客服{坐席}，关于您的工单{工单}，我来为您处理，预计需要几分钟时间与您沟通。"},
		{Name: "closing", Kind: "closing", Body: "请问您还有其他问题吗？感谢您的反馈！如需再次联系，请回复本消息或致电客服热线，并提供工单号{工单}。"},
		{Name: "complaint-apology", Kind: "objection", Body: "非常抱歉给您带来不便，{客户}。您的投诉我们已经记录（工单{工单}），将在{到期}前给您答复。"},
		{Name: "refund-confirm", Kind: "faq", Body: "{客户}您好，您的退款申请已确认受理（工单{工单}），款项将按原支付方式退回，请留意到账通知。"},
		{Name: "please-wait", Kind: "other", Body: "{客户}，请您稍等，我正在为您查询，预计{到期}前给您回复。"},
	}
}
