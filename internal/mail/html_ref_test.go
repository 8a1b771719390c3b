package mail

import (
	"math/rand"
	"strings"
	"testing"

	"golang.org/x/net/html"
	htmlcharset "golang.org/x/net/html/charset"
)

// netHTMLText is HTMLText as it was over golang.org/x/net/html's tokenizer: the reference the
// own tokenizer is held to (x/net/html is a test dependency only).
func netHTMLText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	newline := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return normalizeText(collapseBlank(b.String()))
		case html.TextToken:
			if skip > 0 {
				continue
			}
			raw := string(z.Text())
			t := strings.Join(strings.Fields(raw), " ")
			s := b.String()
			atLineStart := s == "" || strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\t")
			if !atLineStart && !strings.HasSuffix(s, " ") && raw != "" && strings.TrimLeft(raw, " \t\r\n") != raw {
				b.WriteByte(' ')
			}
			b.WriteString(t)
			if t != "" && strings.TrimRight(raw, " \t\r\n") != raw {
				b.WriteByte(' ')
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				skip++
			case "br":
				b.WriteByte('\n')
			case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr":
				newline()
			case "td", "th":
				if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") {
					b.WriteByte('\t')
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if skip > 0 {
					skip--
				}
			case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table":
				newline()
			}
		}
	}
}

var htmlCorpus = []string{
	`<p>您好：</p><p>第一段<br>第二行</p>`,
	`<html><head><title>x</title><style>p{}</style></head><body><div>A &amp; B</div><script>alert(1)</script></body></html>`,
	`<table><tr><td>订单</td><td>20260301-88</td></tr></table>`,
	`<b>bold</b> <i>and</i> plain`,
	`<div>a</div><div><br></div><div><br></div><div><br></div><div>b</div>`,
	`<!DOCTYPE html><html><head><meta charset="gbk"><title>退款</title></head><body><p class="x" data-a='1 > 2'>价格 &lt; 100 &yen;&nbsp;元</p><!-- 注释 --><ul><li>一</li><li>二</li></ul></body></html>`,
	`<div dir="ltr">Hi,<div><br></div><div>my order #123 hasn't arrived.</div><div><br></div>-- <br><div>Lin</div></div><br><div class="gmail_quote"><div>On Mon wrote:<br></div><blockquote>old</blockquote></div>`,
	"<p>a < b and c > d & e</p>\r\n<p>line\r\nbreak</p>",
	`<SCRIPT type="text/javascript">if (a < b) { x = "</div>"; }</SCRIPT><P>After</P>`,
	`<textarea>&lt;kept&gt; <b>not a tag</b></textarea><noscript><p>no</p></noscript>`,
	`<p>unclosed <b>bold <i>nested</p> text</b> tail`,
	`<img src="a.png" alt="pic"/><hr/><br/>text<br />more`,
	`<?xml version="1.0"?><p>xml</p></ignored><//p><p>x</p>`,
	`plain text without tags &amp; an &unknown; entity &#x4E2D;&#25991;`,
	`<p>cut off <a href="x`,
	`<td>1</td><th>2</th>` + "\x00" + `<p>nul</p>`,
}

func TestHTMLTextAsNetHTML(t *testing.T) {
	for _, src := range htmlCorpus {
		if got, want := HTMLText(src), netHTMLText(src); got != want {
			t.Errorf("HTMLText(%q) = %q; x/net/html: %q", src, got, want)
		}
	}
	pieces := []string{"<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<td>", "<tr>", "</tr>", "<script>", "</script>", "<style>", "</style>",
		"<title>", "</title>", "<head>", "</head>", "<!--", "-->", "<!DOCTYPE html>", "<b>", "</b>", " ", "\n", "\r\n", "文字", "text", "&amp;",
		"&lt;", "&nbsp;", "&#25991;", "&bogus;", "<", ">", "</", "<a href=\"x\">", "<a href='y>z'>", "</a>", "<li>", "<ul>", "\t", "<textarea>", "</textarea>", "/>", "=", "\""}
	rng := rand.New(rand.NewSource(1))
	bad := 0
	for i := 0; i < 20000 && bad < 5; i++ {
		var b strings.Builder
		for n := rng.Intn(12) + 1; n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := b.String()
		if got, want := HTMLText(src), netHTMLText(src); got != want {
			bad++
			t.Errorf("HTMLText(%q) = %q; x/net/html: %q", src, got, want)
		}
	}
}

func TestHTMLCharsetAsNetHTML(t *testing.T) {
	for _, src := range []string{
		`<meta charset="gbk"><p>x</p>`,
		`<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>`,
		`<meta content="text/html; charset=gb2312" http-equiv="content-type">`,
		`<meta content="text/html; charset=gb2312">`,
		`<META CHARSET=GB18030>`,
		`<!-- <meta charset="big5"> --><meta charset="shift_jis">`,
		`<meta charset="utf-16"><p>中文</p>`,
		`<meta charset="nonsense"><meta charset="euc-kr">`,
		"\xEF\xBB\xBF<p>bom</p>",
		"<p>\xC4\xE3\xBA\xC3</p>",
		`<p>plain utf-8 中文</p>`,
		`<script>var s = "<meta charset=big5>";</script><meta charset="gbk">`,
		`<meta name="x" content="charset=koi8-r" http-equiv="content-type">`,
	} {
		_, want, _ := htmlcharset.DetermineEncoding([]byte(src), "text/html")
		if got := htmlCharset([]byte(src)); got != want {
			t.Errorf("htmlCharset(%q) = %q; x/net/html/charset: %q", src, got, want)
		}
	}
}
