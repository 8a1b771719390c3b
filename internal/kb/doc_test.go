package kb

import (
	"slices"
	"strings"
	"testing"
)

func TestMarkdownRoundTrip(t *testing.T) {
	d := Doc{ID: 7, Title: "退款: 多久到账？", Category: "售后", Tags: Tags{"支付", "退款"}, Public: true, Status: "draft", Version: 2, Body: "# 标题\n\n---\n\n正文\n"}
	b, err := d.Markdown()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseMarkdown(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != d.Title || got.Category != d.Category || !slices.Equal(got.Tags, d.Tags) || !got.Public || got.Body != d.Body {
		t.Errorf("round trip:\n%s\ngave %+v", b, got)
	}
}

func TestParseMarkdown(t *testing.T) {
	d, err := ParseMarkdown([]byte("\ufeff---\r\ntitle: 发票\r\ncategory: 售后\r\ntags: 发票, 开票\r\n---\r\n正文\r\n"))
	if err != nil || d.Title != "发票" || d.Body != "正文\n" || len(d.Tags) != 2 {
		t.Errorf("BOM and CRLF: %+v, %v", d, err)
	}
	for _, bad := range []string{"title: x\n", "---\ntitle: x\n", "---\ntitel: x\n---\nbody", "---\ntitle: [x\n---\n"} {
		if _, err := ParseMarkdown([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if d, err := ParseMarkdown([]byte("---\ntitle: 空\n---")); err != nil || d.Title != "空" || d.Body != "" {
		t.Errorf("front matter alone: %+v, %v", d, err)
	}
}

func TestParseJSONLine(t *testing.T) {
	d, err := ParseJSONLine([]byte(`{"title":"t","category":"c","tags":"a,b","body":"x"}`))
	if err != nil || strings.Join(d.Tags, "|") != "a|b" {
		t.Errorf("tags as a string: %+v, %v", d, err)
	}
	if _, err := ParseJSONLine([]byte(`{"title":"t","extra":1}`)); err == nil {
		t.Error("an unknown key accepted")
	}
	line, err := Doc{Title: "<b>", Body: "a&b"}.JSONLine()
	if err != nil || !strings.Contains(string(line), `"title":"<b>"`) || !strings.HasSuffix(string(line), "\n") {
		t.Errorf("JSONLine = %s, %v", line, err)
	}
}
