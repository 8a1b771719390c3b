package kb

import (
	"strings"
	"testing"
)

// FuzzParseMarkdown: any file either is refused or parses to a document that writes back and
// parses again to the same title, category and body.
func FuzzParseMarkdown(f *testing.F) {
	for _, s := range []string{"---\ntitle: 退款\ncategory: 售后\ntags: [a, b]\npublic: true\n---\n正文\n", "---\n---", "---\ntitle: x\n---\n---\n", "no front matter"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d, err := ParseMarkdown([]byte(src))
		if err != nil {
			return
		}
		if strings.ContainsAny(d.Title+d.Category, "\r\n") || !strings.HasSuffix(d.Body, "\n") || strings.TrimSpace(d.Body) == "" {
			return // not what an article can hold; kb add refuses it
		}
		b, err := d.Markdown()
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseMarkdown(b)
		if err != nil || again.Title != d.Title || again.Category != d.Category || again.Body != d.Body {
			t.Fatalf("round trip of %q: %+v, %v", src, again, err)
		}
	})
}

// FuzzRankAndMark: searching never panics and every hit holds every word.
func FuzzRankAndMark(f *testing.F) {
	f.Add("退款多久到账", "申请退款\n未到账", "退款 到账")
	f.Add("İstanbul", "ǅ", "i")
	f.Fuzz(func(t *testing.T, title, body, q string) {
		words := Words(q)
		for range Rank(words, []Candidate{{Title: title, Body: body}}) {
			for _, w := range words {
				if !strings.Contains(strings.ToLower(title+"\n"+body), w) {
					t.Fatalf("hit without %q", w)
				}
			}
		}
		_ = Mark(title, words)
	})
}
