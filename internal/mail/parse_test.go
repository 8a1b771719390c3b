package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/kefu/kefu/internal/errs"
)

func corpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mail", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var testLimits = Limits{MaxSize: 25 << 20, AttachmentMax: 10 << 20}

// The corpus is written the way real clients write mail; each must come out as a person reads it.
func TestParseCorpus(t *testing.T) {
	tests := []struct {
		file, from, name, subject, msgid string
		text                             []string // substrings of the text, in order
		notText                          []string
		html                             bool
		auto                             string
		attachments                      []string
	}{
		{file: "outlook_gbk.eml", from: "liuyang@example.com", name: "刘洋", subject: "申请退款未到账",
			msgid: "000001dab1c2$5e3f1a20$1abd4e60$@example.com",
			text:  []string{"您好：", "订单 20260301-88 已取消三天，退款还没到账", "刘洋"}, notText: []string{"MsoNormal", "<p"}},
		{file: "foxmail_gbk.eml", from: "zhurong@example.net", name: "朱镕", subject: "商品破损",
			text: []string{"啰嗦一句", "朱镕"}, attachments: []string{"破损照片.png image/png 70"}},
		{file: "qqmail.eml", from: "123456789@qq.com", name: "小王", subject: "会员积分咨询",
			text: []string{"会员积分什么时候到期？我的账号是 13812345678"}, notText: []string{"<div>"}},
		{file: "gmail.eml", from: "chenjing.sh@gmail.com", name: "Chen Jing", subject: "开发票",
			text: []string{"你好，\n\n我想问一下发票怎么开？公司抬头：上海某某科技有限公司。\n\n谢谢！"}},
		{file: "html_only_big5.eml", from: "lin.tw@example.com.tw", name: "林小姐", subject: "詢問寄送台灣", html: true,
			text: []string{"您好：\n", "請問貴公司的商品可以寄到台灣嗎？運費&關稅怎麼計算？", "謝謝\n林小姐"}, notText: []string{"track()", "<p>", "&amp;"}},
		{file: "bounce.eml", from: "mailer-daemon@mx.shop.example", auto: "bounce (from mailer-daemon)"},
		{file: "autoreply.eml", from: "liuyang@example.com", name: "刘洋", subject: "自动回复: 申请退款未到账 [#1]", auto: "auto-reply (Auto-Submitted: auto-replied)"},
		{file: "list.eml", from: "news@example.org", auto: "bulk mail (Precedence: bulk)"},
		{file: "reply_quoted.eml", from: "liuyang@example.com", subject: "回复: Re: 申请退款未到账 [#1]",
			text: []string{"收到，谢谢。", "> 您好，已为您联系财务加急处理"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, err := Parse(corpus(t, tt.file), testLimits)
			if err != nil {
				t.Fatal(err)
			}
			if m.From != tt.from {
				t.Errorf("from %q, want %q", m.From, tt.from)
			}
			if tt.name != "" && m.FromName != tt.name {
				t.Errorf("name %q, want %q", m.FromName, tt.name)
			}
			if tt.subject != "" && m.Subject != tt.subject {
				t.Errorf("subject %q, want %q", m.Subject, tt.subject)
			}
			if tt.msgid != "" && m.MessageID != tt.msgid {
				t.Errorf("message-id %q, want %q", m.MessageID, tt.msgid)
			}
			if m.Auto != tt.auto {
				t.Errorf("auto %q, want %q", m.Auto, tt.auto)
			}
			if m.FromHTML != tt.html {
				t.Errorf("from html %v, want %v", m.FromHTML, tt.html)
			}
			rest := m.Text
			for _, s := range tt.text {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("text lacks %q (in order):\n%s", s, m.Text)
				}
				rest = rest[i+len(s):]
			}
			for _, s := range tt.notText {
				if strings.Contains(m.Text, s) {
					t.Errorf("text has %q:\n%s", s, m.Text)
				}
			}
			if strings.ContainsRune(m.Text, '\uFFFD') || strings.Contains(m.Text, "\r") {
				t.Errorf("text is not clean: %q", m.Text)
			}
			var atts []string
			for _, a := range m.Attachments {
				atts = append(atts, a.Name+" "+a.Type+" "+itoa(a.Size))
				if int64(len(a.Data)) != a.Size {
					t.Errorf("attachment %s: %d bytes kept of %d", a.Name, len(a.Data), a.Size)
				}
			}
			if tt.auto == "" && strings.Join(atts, ",") != strings.Join(tt.attachments, ",") {
				t.Errorf("attachments %v, want %v", atts, tt.attachments)
			}
		})
	}
}

func itoa(n int64) string { return strings.TrimSpace(strings.Replace(Size(n), " B", "", 1)) }

func TestParseArrived(t *testing.T) {
	m, err := Parse(corpus(t, "outlook_gbk.eml"), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 2, 0, 55, 10, 0, time.UTC); !m.Arrived.Equal(want) {
		t.Errorf("arrived %s, want %s", m.Arrived, want)
	}
	if m, _ := Parse(corpus(t, "gmail.eml"), testLimits); !m.Arrived.IsZero() {
		t.Errorf("a message without Received: arrived %s", m.Arrived)
	}
}

func TestParseThreading(t *testing.T) {
	m, err := Parse(corpus(t, "reply_quoted.eml"), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"kefu.1.unknown.0@shop.example", "kefu.1.unknown.0@shop.example", "000001dab1c2$5e3f1a20$1abd4e60$@example.com"}
	if got := m.ThreadIDs(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("thread ids %v, want %v", got, want)
	}
	if id, ok := TicketTag(m.Subject); !ok || id != 1 {
		t.Errorf("ticket tag %d %v, want 1", id, ok)
	}
	if got := CleanSubject(m.Subject); got != "申请退款未到账" {
		t.Errorf("clean subject %q", got)
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		lim  Limits
		want string
	}{
		{"no from", corpus(t, "no_from.eml"), testLimits, "message has no From: address; no ticket opened"},
		{"malformed", corpus(t, "malformed.eml"), testLimits, "malformed message"},
		{"too large", corpus(t, "gmail.eml"), Limits{MaxSize: 100}, "is over mail.max_size (100 B)"},
		{"empty", []byte("\r\n"), testLimits, "empty message"},
		{"from not an address", []byte("From: just a name\r\nSubject: x\r\n\r\nbody\r\n"), testLimits, "is not an email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.raw, tt.lim)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errs.Is(err, errs.Invalid) {
				t.Fatalf("error %v, want an invalid-input error containing %q", err, tt.want)
			}
		})
	}
}

// An unknown charset is not bad input: the text is kept as bytes, with a note.
func TestParseUnknownCharset(t *testing.T) {
	m, err := Parse(corpus(t, "unknown_charset.eml"), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "Where is my order 20260301-99?" {
		t.Errorf("text %q", m.Text)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], `unknown charset "x-klingon-8"`) {
		t.Errorf("notes %v", m.Notes)
	}
}

// An attachment over the limit is listed with its size and left out, with a note.
func TestParseAttachmentOverLimit(t *testing.T) {
	m, err := Parse(corpus(t, "foxmail_gbk.eml"), Limits{MaxSize: 1 << 20, AttachmentMax: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Data != nil || m.Attachments[0].Size != 70 {
		t.Fatalf("attachments %+v", m.Attachments)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "破损照片.png (70 B) is over mail.attachment_max (10 B): left out") {
		t.Errorf("notes %v", m.Notes)
	}
}

// Foxmail and others sometimes send the display name as raw GBK bytes, unencoded.
func TestParseRawGBKHeader(t *testing.T) {
	name, _ := decodeBytesForTest("张伟")
	raw := "From: " + name + " <zw@example.com>\r\nSubject: " + name + "\r\nContent-Type: text/plain; charset=gbk\r\n\r\nhi\r\n"
	m, err := Parse([]byte(raw), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m.FromName != "张伟" || m.Subject != "张伟" || m.From != "zw@example.com" {
		t.Errorf("from %q <%s>, subject %q", m.FromName, m.From, m.Subject)
	}
}

// A message without a Message-ID gets a stable stand-in: the same bytes, the same id.
func TestParseMissingMessageID(t *testing.T) {
	raw := []byte("From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n")
	a, _ := Parse(raw, testLimits)
	b, _ := Parse(raw, testLimits)
	c, _ := Parse(append(raw, 'x'), testLimits)
	if a.MessageID == "" || a.MessageID != b.MessageID || a.MessageID == c.MessageID {
		t.Errorf("ids %q %q %q", a.MessageID, b.MessageID, c.MessageID)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"outlook_gbk.eml", "foxmail_gbk.eml", "html_only_big5.eml", "bounce.eml", "malformed.eml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mail", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, Limits{MaxSize: 1 << 20, AttachmentMax: 1 << 10})
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("not an invalid-input error: %v", err)
			}
			return
		}
		if m.From == "" || m.MessageID == "" {
			t.Fatalf("parsed without from or id: %+v", m)
		}
	})
}

// An HTML part without a charset in its header names it in a <meta> tag.
func TestParseHTMLMetaCharset(t *testing.T) {
	big5, err := traditionalchinese.Big5.NewEncoder().String(`<html><head><meta charset="big5"></head><body><p>請問運費多少？</p></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	raw := "From: lin@example.com.tw\r\nSubject: q\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + big5 + "\r\n"
	m, err := Parse([]byte(raw), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "請問運費多少？" || !m.FromHTML {
		t.Errorf("text %q (html %v)", m.Text, m.FromHTML)
	}
}

func TestRFC2231Names(t *testing.T) {
	tests := []struct{ header, want string }{
		{`attachment; filename*=gb2312''%C6%C6%CB%F0.png`, "破损.png"},
		{`attachment; filename*0*=GBK''%C6%C6; filename*1*=%CB%F0.png`, "破损.png"},
		{`application/pdf; name*=big5''%B5o%B2%BC.pdf`, "發票.pdf"},
		{`attachment; filename="plain.txt"`, ""},
		{`attachment; filename*=x-unknown''%FF%FE`, ""},
	}
	for _, tt := range tests {
		if got := rfc2231Name(tt.header); got != tt.want {
			t.Errorf("rfc2231Name(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	// Through Parse: a GBK file name in RFC 2231 form is listed by its name.
	raw := "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--b\r\n" +
		"Content-Type: image/png\r\nContent-Disposition: attachment; filename*=gb2312''%C6%C6%CB%F0.png\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n--b--\r\n"
	m, err := Parse([]byte(raw), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "破损.png" || string(m.Attachments[0].Data) != "hi" {
		t.Errorf("attachments %+v", m.Attachments)
	}
}
