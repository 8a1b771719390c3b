package mail

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText is the readable text of an HTML body: block elements become line breaks,
// scripts, styles and the head are dropped, entities are decoded.
func HTMLText(src string) string {
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
			// Space in the source between inline runs is one space in the text.
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

// collapseBlank keeps at most one empty line between paragraphs.
func collapseBlank(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}
