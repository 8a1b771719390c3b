package mail

import (
	"strings"
	"testing"
)

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>您好：</p><p>第一段<br>第二行</p>`, "您好：\n第一段\n第二行"},
		{`<html><head><title>x</title><style>p{}</style></head><body><div>A &amp; B</div><script>alert(1)</script></body></html>`, "A & B"},
		{`<table><tr><td>订单</td><td>20260301-88</td></tr></table>`, "订单\t20260301-88"},
		{`<b>bold</b> <i>and</i> plain`, "bold and plain"},
		{`<div>a</div><div><br></div><div><br></div><div><br></div><div>b</div>`, "a\n\nb"},
	}
	for _, tt := range tests {
		if got := HTMLText(tt.in); got != tt.want {
			t.Errorf("HTMLText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRoutes(t *testing.T) {
	rs, err := ParseRoutes("tousu=complaint, jianyi@shop.example=suggestion, kefu@other.example=presale")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		to   []string
		want string
	}{
		{[]string{"tousu@shop.example"}, "complaint"},
		{[]string{"kefu@shop.example", "tousu@another.example"}, "complaint"},
		{[]string{"jianyi@shop.example"}, "suggestion"},
		{[]string{"jianyi@elsewhere.example"}, ""},
		{[]string{"tousu@x.example", "kefu@other.example"}, "presale"}, // a full address beats a local part
		{nil, ""},
	}
	for _, tt := range tests {
		if got := RouteKind(rs, tt.to); got != tt.want {
			t.Errorf("RouteKind(%v) = %q, want %q", tt.to, got, tt.want)
		}
	}
	for _, bad := range []string{"tousu", "=complaint", "a b=inquiry"} {
		if _, err := ParseRoutes(bad); err == nil {
			t.Errorf("ParseRoutes(%q) accepted", bad)
		}
	}
}

func TestRenderAck(t *testing.T) {
	v := AckVars{Customer: "刘洋", Ticket: "12", Due: "2026-03-02 13:00", Team: "售后", Agent: "张伟"}
	if got := RenderAck(`{customer}/{客户} #{ticket}/{工单} {due}/{到期} {team}/{团队} {agent}/{坐席}\n{unknown}`, v); got != "刘洋/刘洋 #12/12 2026-03-02 13:00/2026-03-02 13:00 售后/售后 张伟/张伟\n{unknown}" {
		t.Errorf("got %q", got)
	}
	got := RenderAck(DefaultAck, v)
	for _, s := range []string{"刘洋，您好：", "工单号为 12", "2026-03-02 13:00 前答复您", "[#12]", "售后客服中心"} {
		if !strings.Contains(got, s) {
			t.Errorf("default acknowledgement lacks %q:\n%s", s, got)
		}
	}
}

func TestSubjects(t *testing.T) {
	tests := []struct{ in, clean string }{
		{"回复: Re: 申请退款未到账 [#1]", "申请退款未到账"},
		{"答复：RE: FW: 订单 [#22] 问题", "订单 问题"},
		{"Re:Re: hello", "hello"},
		{"Reply needed", "Reply needed"},
	}
	for _, tt := range tests {
		if got := CleanSubject(tt.in); got != tt.clean {
			t.Errorf("CleanSubject(%q) = %q, want %q", tt.in, got, tt.clean)
		}
	}
	if got := ReplySubject(7, "回复: 物流 [#7]"); got != "Re: 物流 [#7]" {
		t.Errorf("ReplySubject = %q", got)
	}
	if _, ok := TicketTag("[#abc] no"); ok {
		t.Error("a tag without digits")
	}
}

func TestStripQuoted(t *testing.T) {
	m, err := Parse(corpus(t, "reply_quoted.eml"), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{m.Text, "收到，谢谢。不过我查了银行卡还是没有到账，能再帮我看看吗？\n\n刘洋"},
		{"好的\n\nOn Mon, 2 Mar 2026 at 10:15, 张伟 <kefu@shop.example> wrote:\n> 您好", "好的"},
		{"好的\n\n在 2026年3月2日 10:15，张伟 写道：\n> 您好", "好的"},
		{"ok\n\n-----Original Message-----\nFrom: kefu\nSent: Monday", "ok"},
		{"thanks\n> quoted\n> more\n", "thanks"},
		{"> only a quote", "> only a quote"},
		{"a > b is fine\nnew line", "a > b is fine\nnew line"},
		{"From: my order page I cannot pay\nplease help", "From: my order page I cannot pay\nplease help"},
		{"first\n> inline quote\nmy answer to it", "first\n> inline quote\nmy answer to it"},
	}
	for _, tt := range tests {
		if got := StripQuoted(tt.in); got != tt.want {
			t.Errorf("StripQuoted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
