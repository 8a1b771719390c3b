package mail

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// An HTML body is read by a small tokenizer of its own (tags, text, comments, raw text
// elements) rather than golang.org/x/net/html, whose package initialisation (its entity table)
// every kefu process paid at start-up. TestHTMLTextAsNetHTML holds both to the same text.

// HTMLText is the readable text of an HTML body: block elements become line breaks,
// scripts, styles and the head are dropped, entities are decoded.
func HTMLText(src string) string {
	z := &htmlTokenizer{s: src}
	var b strings.Builder
	skip := 0
	newline := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		kind, name, raw := z.next()
		switch kind {
		case tokEOF:
			return normalizeText(collapseBlank(b.String()))
		case tokText:
			if skip > 0 {
				continue
			}
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
		case tokStart:
			switch name {
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
		case tokEnd:
			switch name {
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

type tokKind int

const (
	tokEOF tokKind = iota
	tokText
	tokStart // a start or self-closing tag
	tokEnd
	tokOther // a comment, doctype or processing instruction
)

// htmlTokenizer splits HTML as the HTML5 tokenizer does, for what HTMLText and the charset
// sniffing need: text (references decoded), tags by lower-cased name with their attributes,
// comments; the content of script, style and the other raw text elements is text up to its
// end tag.
type htmlTokenizer struct {
	s      string
	pos    int
	rawTag string // just after the start tag of a raw text element: its name
	attrs  []htmlAttr
}

type htmlAttr struct{ key, val string }

// rawTextTags hold text up to their end tag; rcdataTags decode references in it.
const (
	rawTextTags = " iframe noembed noframes noscript plaintext script style xmp "
	rcdataTags  = " textarea title "
)

func (z *htmlTokenizer) next() (tokKind, string, string) {
	s := z.s
	if z.rawTag != "" {
		tag := z.rawTag
		z.rawTag = ""
		end := len(s)
		if tag != "plaintext" {
			for i := z.pos; ; {
				k := strings.Index(s[i:], "</")
				if k < 0 {
					break
				}
				j := i + k
				if rest := s[j+2:]; len(rest) >= len(tag) && strings.EqualFold(rest[:len(tag)], tag) &&
					(len(rest) == len(tag) || strings.IndexByte(" \t\n\f\r/>", rest[len(tag)]) >= 0) {
					end = j
					break
				}
				i = j + 2
			}
		}
		text := s[z.pos:end]
		z.pos = end
		if text != "" {
			if strings.Contains(rcdataTags, " "+tag+" ") {
				text = unescapeHTML(text)
			} else {
				text = strings.ReplaceAll(text, "\r\n", "\n")
			}
			return tokText, "", text
		}
	}
	if z.pos >= len(s) {
		return tokEOF, "", ""
	}
	if !opensMarkup(s[z.pos:]) {
		// Text, up to the next '<' that opens markup (any other '<' is text).
		end := z.pos + 1
		for end < len(s) {
			k := strings.IndexByte(s[end:], '<')
			if k < 0 {
				end = len(s)
				break
			}
			end += k
			if opensMarkup(s[end:]) {
				break
			}
			end++
		}
		text := s[z.pos:end]
		z.pos = end
		return tokText, "", unescapeHTML(text)
	}
	r := s[z.pos:]
	switch {
	case strings.HasPrefix(r, "<!--"):
		switch end := strings.Index(r[4:], "-->"); {
		case strings.HasPrefix(r, "<!-->"):
			z.pos += 5
		case strings.HasPrefix(r, "<!--->"):
			z.pos += 6
		case end < 0:
			z.pos = len(s)
		default:
			z.pos += 4 + end + 3
		}
		return tokOther, "", ""
	case r == "</":
		z.pos = len(s)
		return tokText, "", r
	case r[1] == '!' || r[1] == '?' || (r[1] == '/' && !isLetter(r[2])):
		// A doctype, a processing instruction, </> or a bogus comment: up to the next '>'.
		end := strings.IndexByte(r[2:], '>')
		if end < 0 {
			z.pos = len(s)
		} else {
			z.pos += 2 + end + 1
		}
		return tokOther, "", ""
	}
	closing := r[1] == '/'
	i := 1
	if closing {
		i = 2
	}
	j := i
	for j < len(r) && strings.IndexByte(" \t\n\f\r/>", r[j]) < 0 {
		j++
	}
	name := strings.ToLower(r[i:j])
	n, selfClosing, ok := z.attributes(r, j)
	if !ok {
		// A tag cut off by the end of the text is dropped.
		z.pos = len(s)
		return tokEOF, "", ""
	}
	z.pos += n
	if closing {
		return tokEnd, name, ""
	}
	if !selfClosing && (strings.Contains(rawTextTags, " "+name+" ") || strings.Contains(rcdataTags, " "+name+" ")) {
		z.rawTag = name
	}
	return tokStart, name, ""
}

// opensMarkup reports whether r begins a tag, an end tag, a comment or a declaration.
func opensMarkup(r string) bool {
	if len(r) < 2 || r[0] != '<' {
		return false
	}
	switch c := r[1]; {
	case isLetter(c), c == '!', c == '?':
		return true
	case c == '/':
		return true
	}
	return false
}

// attributes reads a tag's attributes from r[i] to its '>': the length of the tag, whether it
// ends in "/>", and false when the text ends first.
func (z *htmlTokenizer) attributes(r string, i int) (int, bool, bool) {
	z.attrs = z.attrs[:0]
	for {
		for i < len(r) && strings.IndexByte(" \t\n\f\r/", r[i]) >= 0 {
			if r[i] == '/' && i+1 < len(r) && r[i+1] == '>' {
				return i + 2, true, true
			}
			i++
		}
		if i >= len(r) {
			return 0, false, false
		}
		if r[i] == '>' {
			return i + 1, false, true
		}
		k := i + 1
		for k < len(r) && strings.IndexByte(" \t\n\f\r/>=", r[k]) < 0 {
			k++
		}
		key := strings.ToLower(r[i:k])
		for k < len(r) && strings.IndexByte(" \t\n\f\r", r[k]) >= 0 {
			k++
		}
		val := ""
		if k < len(r) && r[k] == '=' {
			k++
			for k < len(r) && strings.IndexByte(" \t\n\f\r", r[k]) >= 0 {
				k++
			}
			if k < len(r) && (r[k] == '"' || r[k] == '\'') {
				e := strings.IndexByte(r[k+1:], r[k])
				if e < 0 {
					return 0, false, false
				}
				val = r[k+1 : k+1+e]
				k += e + 2
			} else {
				v := k
				for k < len(r) && strings.IndexByte(" \t\n\f\r>", r[k]) < 0 {
					k++
				}
				val = r[v:k]
			}
		}
		z.attrs = append(z.attrs, htmlAttr{key, unescapeHTML(val)})
		i = k
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// unescapeHTML decodes character references and turns CR LF into LF, as HTML does.
func unescapeHTML(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// htmlCharset is the character set an HTML body declares in its first kilobyte, as HTML's
// encoding sniffing reads it: a byte order mark, or a <meta charset> or <meta http-equiv=
// content-type content="...charset="> element; by its canonical name (htmlindex), else
// "utf-8" for a body that is UTF-8 beyond ASCII and "windows-1252" for any other.
func htmlCharset(body []byte) string {
	content := body
	if len(content) > 1024 {
		content = content[:1024]
	}
	switch {
	case bytes.HasPrefix(content, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8"
	case bytes.HasPrefix(content, []byte{0xFE, 0xFF}):
		return "utf-16be"
	case bytes.HasPrefix(content, []byte{0xFF, 0xFE}):
		return "utf-16le"
	}
	if name := metaCharset(string(content)); name != "" {
		return name
	}
	for i := 0; i < utf8.UTFMax && len(content) > 0 && !utf8.Valid(content); i++ {
		content = content[:len(content)-1] // a character cut off at the end of the window
	}
	if utf8.Valid(content) && bytes.ContainsFunc(content, func(r rune) bool { return r >= utf8.RuneSelf }) {
		return "utf-8"
	}
	return "windows-1252"
}

// metaCharset is the canonical name of the charset the first <meta> element that declares
// one names; "" when none does.
func metaCharset(s string) string {
	z := &htmlTokenizer{s: s}
	for {
		kind, name, _ := z.next()
		if kind == tokEOF {
			return ""
		}
		if kind != tokStart || name != "meta" {
			continue
		}
		seen := map[string]bool{}
		pragma, needPragma, known := false, false, false
		found := ""
		for _, a := range z.attrs {
			if seen[a.key] {
				continue
			}
			seen[a.key] = true
			val := strings.ToLower(a.val)
			switch a.key {
			case "http-equiv":
				pragma = pragma || val == "content-type"
			case "content":
				if found == "" {
					if n := canonicalCharset(fromMetaContent(val)); n != "" {
						found, needPragma, known = n, true, true
					}
				}
			case "charset":
				found, needPragma, known = canonicalCharset(val), false, true
			}
		}
		if !known || (needPragma && !pragma) {
			continue
		}
		if strings.HasPrefix(found, "utf-16") {
			found = "utf-8"
		}
		if found != "" {
			return found
		}
	}
}

func canonicalCharset(label string) string {
	if label == "" {
		return ""
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return ""
	}
	name, _ := htmlindex.Name(e)
	return name
}

// fromMetaContent finds charset=NAME in a content attribute.
func fromMetaContent(s string) string {
	for s != "" {
		at := strings.Index(s, "charset")
		if at < 0 {
			return ""
		}
		s = strings.TrimLeft(s[at+len("charset"):], " \t\n\f\r")
		if !strings.HasPrefix(s, "=") {
			continue
		}
		s = strings.TrimLeft(s[1:], " \t\n\f\r")
		if s == "" {
			return ""
		}
		if q := s[0]; q == '"' || q == '\'' {
			s = s[1:]
			end := strings.IndexByte(s, q)
			if end < 0 {
				return ""
			}
			return s[:end]
		}
		end := strings.IndexAny(s, "; \t\n\f\r")
		if end < 0 {
			end = len(s)
		}
		return s[:end]
	}
	return ""
}

// collapseBlank keeps at most one empty line between paragraphs.
func collapseBlank(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}
