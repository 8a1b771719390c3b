package kb

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A CommonMark renderer for article bodies, written to print what goldmark (without extensions,
// without its unsafe option) prints for the same text: TestMarkdownAsGoldmark compares the two
// on a corpus of articles and on generated text. It replaces goldmark, whose package
// initialisation (large regular expressions and tables) every kefu process paid at start-up.
// Raw HTML becomes "<!-- raw HTML omitted -->", dangerous link targets are emptied, and
// images from other sites become links (localImages).

// ---- blocks ----

type blockKind int

const (
	bParagraph blockKind = iota
	bHeading
	bThematic
	bCode // indented or fenced
	bHTML
	bQuote
	bList
	bItem
)

type block struct {
	kind     blockKind
	level    int      // heading level
	lines    []string // paragraph and heading text, code lines
	info     string   // a fenced block's info string
	fenced   bool
	closure  bool // an HTML block of kinds 1–5 closed on a later line
	children []*block
	ordered  bool
	start    int
	tight    bool
	marker   byte // list: the bullet or the ordered delimiter
}

type mdRef struct{ dest, title string }

type mdParser struct {
	refs map[string]mdRef
}

// RenderMarkdown renders an article body as HTML: raw HTML in it is dropped, dangerous link
// targets are emptied, and images from other sites become links.
func RenderMarkdown(src string) (string, error) {
	p := &mdParser{refs: map[string]mdRef{}}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	src = strings.ReplaceAll(src, "\x00", "\uFFFD")
	lines := strings.Split(src, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the end of the text, not a line of it
	} else if len(lines) > 0 && isBlank(lines[len(lines)-1]) {
		// A last line of nothing but spaces, without a line end, is no line (goldmark keeps
		// it only inside an unclosed fenced block at the top level: spaces in a <pre>).
		lines = lines[:len(lines)-1]
	}
	blocks, _ := p.parseBlocks(lines)
	var b strings.Builder
	p.renderBlocks(&b, blocks, false)
	return b.String(), nil
}

// indentOf is a line's indentation in columns (tabs to the next multiple of 4) and the byte
// offset where its text begins.
func indentOf(s string) (cols, off int) {
	for off < len(s) {
		switch s[off] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return cols, off
		}
		off++
	}
	return cols, off
}

// stripCols removes n columns of indentation from s, expanding a tab that straddles the cut.
func stripCols(s string, n int) string { return stripColsFrom(s, n, 0) }

// stripColsFrom is stripCols for s starting at column start of its line (tab stops are the
// line's).
func stripColsFrom(s string, n, start int) string {
	cols := 0
	for i := 0; i < len(s); i++ {
		if cols >= n {
			return s[i:]
		}
		switch s[i] {
		case ' ':
			cols++
		case '\t':
			w := 4 - (start+cols)%4
			if cols+w > n {
				return strings.Repeat(" ", cols+w-n) + s[i+1:]
			}
			cols += w
		default:
			return s[i:]
		}
	}
	return ""
}

// expandLead turns the tabs of s's leading white space into spaces, s starting at column start
// of its line: a container's content keeps its columns once the container's marker is gone.
func expandLead(s string, start int) string {
	cols, off := indentFrom(s, start)
	if !strings.Contains(s[:off], "\t") {
		return s
	}
	return strings.Repeat(" ", cols) + s[off:]
}

// indentFrom is indentOf for s starting at column start of its line.
func indentFrom(s string, start int) (cols, off int) {
	for off < len(s) {
		switch s[off] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - (start+cols)%4
		default:
			return cols, off
		}
		off++
	}
	return cols, off
}

func isBlank(s string) bool { return strings.TrimLeft(s, " \t") == "" }

// thematic reports a thematic break: three or more of one of * - _, spaces between.
func thematic(rest string) bool {
	var c byte
	n := 0
	for i := 0; i < len(rest); i++ {
		switch ch := rest[i]; ch {
		case ' ', '\t':
		case '*', '-', '_':
			if c != 0 && ch != c {
				return false
			}
			c = ch
			n++
		default:
			return false
		}
	}
	return n >= 3
}

func atxHeading(rest string) (int, string, bool) {
	n := 0
	for n < len(rest) && rest[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(rest) && rest[n] != ' ' && rest[n] != '\t') {
		return 0, "", false
	}
	text := strings.Trim(rest[n:], " \t")
	// A closing sequence of #s, preceded by a space, is not part of the heading.
	if t := strings.TrimRight(text, "#"); t != text {
		if t == "" {
			text = ""
		} else if t[len(t)-1] == ' ' || t[len(t)-1] == '\t' {
			text = strings.TrimRight(t, " \t")
		}
	}
	return n, text, true
}

func fenceStart(rest string) (byte, int, string, bool) {
	if len(rest) < 3 || (rest[0] != '`' && rest[0] != '~') {
		return 0, 0, "", false
	}
	c := rest[0]
	n := 0
	for n < len(rest) && rest[n] == c {
		n++
	}
	if n < 3 {
		return 0, 0, "", false
	}
	info := strings.Trim(rest[n:], " \t")
	if c == '`' && strings.Contains(info, "`") {
		return 0, 0, "", false
	}
	return c, n, info, true
}

// listMarker parses a list item's marker: bullet (- + *) or ordered (1. 1)); the columns it and
// its following spaces take, and whether the item is empty on its first line.
func listMarker(rest string, col int) (ordered bool, marker byte, start, width int, empty, ok bool) {
	i := 0
	if len(rest) > 0 && (rest[0] == '-' || rest[0] == '+' || rest[0] == '*') {
		marker, i = rest[0], 1
	} else {
		for i < len(rest) && i < 9 && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i >= len(rest) || (rest[i] != '.' && rest[i] != ')') {
			return
		}
		start, _ = strconv.Atoi(rest[:i])
		ordered, marker = true, rest[i]
		i++
	}
	if i < len(rest) && rest[i] != ' ' && rest[i] != '\t' {
		return
	}
	after := rest[i:]
	if isBlank(after) {
		return ordered, marker, start, i + 1, true, true
	}
	sp, _ := indentFrom(after, col+i)
	if sp > 4 {
		sp = 1 // the content is indented code: one space belongs to the marker
	}
	return ordered, marker, start, i + sp, false, true
}

// markerLen is the length of the list marker at the start of rest.
func markerLen(rest string) int {
	if rest[0] == '-' || rest[0] == '+' || rest[0] == '*' {
		return 1
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	return i + 1
}

// htmlBlockStart is the kind (1–7) of HTML block a line starts, 0 for none.
func htmlBlockStart(rest string) int {
	if !strings.HasPrefix(rest, "<") {
		return 0
	}
	low := strings.ToLower(rest)
	for _, t := range []string{"<script", "<pre", "<style", "<textarea"} {
		if strings.HasPrefix(low, t) {
			r := low[len(t):]
			if r == "" || r[0] == ' ' || r[0] == '\t' || r[0] == '>' {
				return 1
			}
		}
	}
	switch {
	case strings.HasPrefix(rest, "<!--"):
		return 2
	case strings.HasPrefix(rest, "<?"):
		return 3
	case strings.HasPrefix(rest, "<![CDATA["):
		return 5
	case len(rest) > 2 && rest[1] == '!' && rest[2] >= 'A' && rest[2] <= 'Z':
		return 4
	}
	name := low[1:]
	name = strings.TrimPrefix(name, "/")
	j := 0
	for j < len(name) && (isASCIILetter(name[j]) || (j > 0 && (name[j] >= '0' && name[j] <= '9' || name[j] == '-'))) {
		j++
	}
	if j > 0 && strings.Contains(blockTags, " "+name[:j]+" ") {
		r := name[j:]
		if r == "" || r[0] == ' ' || r[0] == '\t' || r[0] == '>' || strings.HasPrefix(r, "/>") {
			return 6
		}
	}
	if n := rawTagLen(rest); n > 0 && isBlank(rest[n:]) {
		return 7
	}
	return 0
}

func htmlBlockEnds(kind int, line string) bool {
	low := strings.ToLower(line)
	switch kind {
	case 1:
		return strings.Contains(low, "</script>") || strings.Contains(low, "</pre>") || strings.Contains(low, "</style>") || strings.Contains(low, "</textarea>")
	case 2:
		return strings.Contains(line, "-->")
	case 3:
		return strings.Contains(line, "?>")
	case 4:
		return strings.Contains(line, ">")
	case 5:
		return strings.Contains(line, "]]>")
	}
	return false
}

// blockTags are the tag names that start an HTML block of kind 6.
const blockTags = " address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul "

// lazyMark marks a lazy continuation line: paragraph text whatever it looks like.
const lazyMark = "\x01"

func lazy(line string) string {
	if strings.HasPrefix(line, lazyMark) {
		return line
	}
	return lazyMark + line
}

// startsBlock reports whether a line outside its container's paragraph starts a block (and so
// is no lazy continuation): any block but indented code.
func startsBlock(line string) bool {
	if strings.HasPrefix(line, lazyMark) {
		return false
	}
	cols, off := indentOf(line)
	if cols >= 4 {
		return false
	}
	rest := line[off:]
	if interrupts(line) {
		return true
	}
	_, _, _, _, _, ok := listMarker(rest, cols)
	return ok
}

// interrupts reports whether a line (indent stripped to rest) ends a paragraph.
func interrupts(line string) bool {
	cols, off := indentOf(line)
	if cols >= 4 {
		return false
	}
	rest := line[off:]
	if thematic(rest) || strings.HasPrefix(rest, ">") {
		return true
	}
	if _, _, ok := atxHeading(rest); ok {
		return true
	}
	if _, _, _, ok := fenceStart(rest); ok {
		return true
	}
	if k := htmlBlockStart(rest); k >= 1 && k <= 6 {
		return true
	}
	if ordered, _, start, _, empty, ok := listMarker(rest, cols); ok && !empty && (!ordered || start == 1) {
		return true
	}
	return false
}

// parseBlocks parses lines into blocks; blankBetween reports a blank line between two of them
// (what makes a list item loose).
func (p *mdParser) parseBlocks(lines []string) (out []*block, blankBetween bool) {
	sawBlank := false
	for i := 0; i < len(lines); {
		line := lines[i]
		if isBlank(line) {
			sawBlank = true
			i++
			continue
		}
		if sawBlank && len(out) > 0 {
			blankBetween = true
		}
		sawBlank = false
		cols, off := indentOf(line)
		rest := line[off:]
		if cols >= 4 {
			// Indented code: up to the last indented line, blank lines inside kept.
			var code []string
			j := i
			for j < len(lines) {
				if isBlank(lines[j]) {
					code = append(code, stripCols(lines[j], 4))
					j++
					continue
				}
				if c, _ := indentOf(lines[j]); c < 4 {
					break
				}
				code = append(code, stripCols(lines[j], 4))
				j++
			}
			for len(code) > 0 && isBlank(code[len(code)-1]) {
				code = code[:len(code)-1]
			}
			out = append(out, &block{kind: bCode, lines: code})
			i = j
			// trailing blank lines were consumed: they separate blocks
			if j > 0 && isBlank(lines[j-1]) {
				sawBlank = true
			}
			continue
		}
		if c, n, info, ok := fenceStart(rest); ok {
			b := &block{kind: bCode, fenced: true, info: info}
			j := i + 1
			for ; j < len(lines); j++ {
				lc, loff := indentOf(lines[j])
				lr := lines[j][loff:]
				if lc < 4 && len(lr) >= n && strings.Trim(lr, string(c)) != lr && strings.TrimRight(strings.TrimLeft(lr, string(c)), " \t") == "" && len(lr)-len(strings.TrimLeft(lr, string(c))) >= n {
					j++
					break
				}
				b.lines = append(b.lines, stripCols(lines[j], cols))
			}
			out = append(out, b)
			i = j
			continue
		}
		if level, text, ok := atxHeading(rest); ok {
			out = append(out, &block{kind: bHeading, level: level, lines: []string{text}})
			i++
			continue
		}
		if thematic(rest) {
			out = append(out, &block{kind: bThematic})
			i++
			continue
		}
		if strings.HasPrefix(rest, ">") {
			var inner []string
			j := i
			for j < len(lines) {
				lc, loff := indentOf(lines[j])
				lr := lines[j][loff:]
				if lc < 4 && strings.HasPrefix(lr, ">") {
					q := expandLead(lr[1:], lc+1)
					q = strings.TrimPrefix(q, " ") // the marker's optional space
					inner = append(inner, q)
					j++
					continue
				}
				// Lazy continuation of a paragraph inside the quote.
				if !isBlank(lines[j]) && len(inner) > 0 && p.openParagraph(inner) && !startsBlock(lines[j]) {
					inner = append(inner, lazy(lines[j]))
					j++
					continue
				}
				break
			}
			children, _ := p.parseBlocks(inner)
			out = append(out, &block{kind: bQuote, children: children})
			i = j
			continue
		}
		if k := htmlBlockStart(rest); k > 0 {
			b := &block{kind: bHTML}
			j := i
			if k <= 5 {
				for ; j < len(lines); j++ {
					if htmlBlockEnds(k, lines[j]) {
						b.closure = j > i
						j++
						break
					}
				}
			} else {
				for j < len(lines) && !isBlank(lines[j]) {
					j++
				}
			}
			out = append(out, b)
			i = j
			continue
		}
		if ordered, marker, start, _, _, ok := listMarker(rest, cols); ok {
			list := &block{kind: bList, ordered: ordered, marker: marker, start: start, tight: true}
			j := i
			for j < len(lines) {
				lc, loff := indentOf(lines[j])
				if lc >= 4 {
					break
				}
				lr := lines[j][loff:]
				if thematic(lr) {
					break
				}
				o, m, _, width, empty, ok := listMarker(lr, lc)
				if !ok || o != ordered || m != marker {
					break
				}
				contentCol := lc + width
				first := ""
				if !empty {
					ml := markerLen(lr)
					first = expandLead(stripColsFrom(lr[ml:], width-ml, lc+ml), contentCol)
				}
				itemLines := []string{first}
				if empty {
					itemLines = nil
				}
				k := j + 1
				if empty && k < len(lines) && isBlank(lines[k]) {
					// An item may begin with at most one blank line.
					itemLines = nil
				} else {
					for k < len(lines) {
						if isBlank(lines[k]) {
							itemLines = append(itemLines, stripCols(lines[k], contentCol))
							k++
							continue
						}
						c, _ := indentOf(lines[k])
						if c >= contentCol {
							itemLines = append(itemLines, expandLead(stripCols(lines[k], contentCol), contentCol))
							k++
							continue
						}
						if len(itemLines) == 0 {
							break
						}
						last := itemLines[len(itemLines)-1]
						if !isBlank(last) && p.openParagraph(itemLines) && !startsBlock(lines[k]) {
							itemLines = append(itemLines, lazy(lines[k]))
							k++
							continue
						}
						break
					}
				}
				// Blank lines after the item's content belong between items.
				trailing := 0
				for n := len(itemLines); n > 0 && isBlank(itemLines[n-1]); n-- {
					trailing++
				}
				children, between := p.parseBlocks(itemLines)
				if between {
					list.tight = false
				}
				list.children = append(list.children, &block{kind: bItem, children: children})
				j = k
				if trailing > 0 {
					// Another item after blank lines makes the list loose.
					if j < len(lines) {
						lc2, loff2 := indentOf(lines[j])
						if o2, m2, _, _, _, ok2 := listMarker(lines[j][loff2:], lc2); lc2 < 4 && ok2 && o2 == ordered && m2 == marker && !thematic(lines[j][loff2:]) {
							list.tight = false
							continue
						}
					}
					sawBlank = true
					break
				}
			}
			out = append(out, list)
			i = j
			continue
		}
		// A paragraph, or a setext heading.
		para := []string{strings.TrimLeft(strings.TrimPrefix(line, lazyMark), " \t")}
		j := i + 1
		level := 0
		for j < len(lines) {
			l := lines[j]
			if isBlank(l) {
				break
			}
			if strings.HasPrefix(l, lazyMark) {
				para = append(para, strings.TrimLeft(l[len(lazyMark):], " \t"))
				j++
				continue
			}
			lc, loff := indentOf(l)
			lr := strings.TrimRight(l[loff:], " \t")
			if lc < 4 && lr != "" && (strings.Trim(lr, "=") == "" || strings.Trim(lr, "-") == "") &&
				!(lr[0] == '=' && len((&mdParser{refs: map[string]mdRef{}}).takeRefs(slices.Clone(para))) == 0) {
				// (An underline after nothing but link definitions is text.)
				if lr[0] == '=' {
					level = 1
				} else {
					level = 2
				}
				j++
				break
			}
			if interrupts(l) {
				break
			}
			para = append(para, strings.TrimLeft(l, " \t"))
			j++
		}
		i = j
		para = p.takeRefs(para)
		if level > 0 && len(para) > 0 {
			out = append(out, &block{kind: bHeading, level: level, lines: []string{strings.TrimRight(strings.Join(para, "\n"), " \t")}})
			continue
		}
		if level > 0 {
			// Only definitions before the underline: it is a paragraph of its own, or a break.
			if level == 2 {
				out = append(out, &block{kind: bThematic})
			} else {
				out = append(out, &block{kind: bParagraph, lines: []string{"==="}})
			}
			continue
		}
		if len(para) > 0 {
			out = append(out, &block{kind: bParagraph, lines: para})
		}
	}
	return out, blankBetween
}

// openParagraph reports whether lines end inside a paragraph, so that a lazy line continues it.
func (p *mdParser) openParagraph(lines []string) bool {
	blocks, _ := (&mdParser{refs: map[string]mdRef{}}).parseBlocks(lines)
	for len(blocks) > 0 {
		last := blocks[len(blocks)-1]
		switch last.kind {
		case bParagraph:
			return !isBlank(lines[len(lines)-1])
		case bQuote, bList, bItem:
			blocks = last.children
			continue
		}
		return false
	}
	return false
}

// takeRefs removes link reference definitions from the start of a paragraph, recording them.
func (p *mdParser) takeRefs(para []string) []string {
	for len(para) > 0 && strings.HasPrefix(para[0], "[") {
		text := strings.Join(para, "\n")
		label, dest, title, n, ok := parseRefDef(text)
		if !ok {
			break
		}
		key := normLabel(label)
		if _, seen := p.refs[key]; !seen {
			p.refs[key] = mdRef{dest, title}
		}
		rest := text[n:]
		rest = strings.TrimPrefix(rest, "\n")
		if rest == "" {
			return nil
		}
		para = strings.Split(rest, "\n")
	}
	return para
}

func normLabel(s string) string {
	return strings.ToLower(strings.ToUpper(strings.Join(strings.Fields(s), " ")))
}

// parseRefDef parses "[label]: dest 'title'" at the start of s, to the end of its line.
func parseRefDef(s string) (label, dest, title string, n int, ok bool) {
	label, i, ok := linkLabel(s, 0)
	if !ok || i >= len(s) || s[i] != ':' || strings.TrimSpace(label) == "" {
		return "", "", "", 0, false
	}
	i = skipSpaceNL(s, i+1)
	dest, j, ok := linkDest(s, i, false)
	if !ok || (j == i && !strings.HasPrefix(s[i:], "<>")) {
		return "", "", "", 0, false
	}
	// The definition ends at the end of a line, with or without a title.
	endLine := func(k int) (int, bool) {
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		if k == len(s) || s[k] == '\n' {
			return k, true
		}
		return k, false
	}
	afterDest, destOK := endLine(j)
	k := skipSpaceNL(s, j)
	if k > j {
		if t, e, ok := linkTitle(s, k); ok {
			if end, ok := endLine(e); ok {
				return label, dest, t, end, true
			}
		}
	}
	if destOK {
		return label, dest, "", afterDest, true
	}
	return "", "", "", 0, false
}

func skipSpaceNL(s string, i int) int {
	nl := false
	for i < len(s) {
		switch s[i] {
		case ' ', '\t':
		case '\n':
			if nl {
				return i
			}
			nl = true
		default:
			return i
		}
		i++
	}
	return i
}

// ---- inlines ----

type inlineKind int

const (
	iText inlineKind = iota
	iCode
	iRawHTML
	iHardBreak
	iSoftBreak
	iEmph
	iStrong
	iLink
	iImage
	iAutoLink
)

type inline struct {
	kind        inlineKind
	text        string
	dest, title string
	hasTitle    bool
	email       bool
	children    *inlineList
	prev, next  *inline
	delim       *delimiter // for a run of * or _, or a [ or ![
}

type inlineList struct{ first, last *inline }

func (l *inlineList) push(n *inline) {
	n.prev, n.next = l.last, nil
	if l.last != nil {
		l.last.next = n
	} else {
		l.first = n
	}
	l.last = n
}

func (l *inlineList) remove(n *inline) {
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		l.first = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	} else {
		l.last = n.prev
	}
	n.prev, n.next = nil, nil
}

// cut takes the nodes strictly between a and b (b nil: to the end) out of l.
func (l *inlineList) cut(a, b *inline) *inlineList {
	out := &inlineList{}
	first := a.next
	if first == nil || first == b {
		return out
	}
	last := l.last
	if b != nil {
		last = b.prev
	}
	a.next = b
	if b != nil {
		b.prev = a
	} else {
		l.last = a
	}
	first.prev, last.next = nil, nil
	out.first, out.last = first, last
	return out
}

// insertAfter puts n after a.
func (l *inlineList) insertAfter(a, n *inline) {
	n.prev, n.next = a, a.next
	if a.next != nil {
		a.next.prev = n
	} else {
		l.last = n
	}
	a.next = n
}

type delimiter struct {
	node              *inline
	char              byte
	count, orig       int
	canOpen, canClose bool
	bracket, image    bool
	active            bool
	prev, next        *delimiter
}

type inlineParser struct {
	p     *mdParser
	s     string
	pos   int
	list  *inlineList
	delim *delimiter // top of the stack
}

func (p *mdParser) parseInlines(s string) *inlineList {
	ip := &inlineParser{p: p, s: s, list: &inlineList{}}
	ip.run()
	ip.processEmphasis(nil)
	return ip.list
}

func (ip *inlineParser) text(t string) {
	if t == "" {
		return
	}
	if l := ip.list.last; l != nil && l.kind == iText && l.delim == nil {
		l.text += t
		return
	}
	ip.list.push(&inline{kind: iText, text: t})
}

func (ip *inlineParser) pushDelim(d *delimiter) {
	d.prev = ip.delim
	if ip.delim != nil {
		ip.delim.next = d
	}
	ip.delim = d
}

func (ip *inlineParser) removeDelim(d *delimiter) {
	if d.prev != nil {
		d.prev.next = d.next
	}
	if d.next != nil {
		d.next.prev = d.prev
	} else {
		ip.delim = d.prev
	}
	d.node.delim = nil
}

func (ip *inlineParser) run() {
	s := ip.s
	start := 0
	flush := func(i int) {
		ip.text(s[start:i])
	}
	for ip.pos < len(s) {
		i := ip.pos
		c := s[i]
		switch c {
		case '\\':
			flush(i)
			if i+1 < len(s) && s[i+1] == '\n' && (i == 0 || s[i-1] != '\\') {
				ip.list.push(&inline{kind: iHardBreak})
				ip.pos = i + 2
				ip.pos = skipLeadingSpace(s, ip.pos)
			} else if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				ip.text(s[i+1 : i+2])
				ip.pos = i + 2
			} else {
				ip.text("\\")
				ip.pos = i + 1
			}
			start = ip.pos
		case '\n':
			// Trailing spaces: two or more make a hard break.
			j := i
			for j > start && s[j-1] == ' ' {
				j--
			}
			hard := i-j >= 2
			for j > start && (s[j-1] == ' ' || s[j-1] == '\t') {
				j--
			}
			flush(j)
			if hard {
				ip.list.push(&inline{kind: iHardBreak})
			} else {
				ip.list.push(&inline{kind: iSoftBreak})
			}
			ip.pos = skipLeadingSpace(s, i+1)
			start = ip.pos
		case '`':
			flush(i)
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			if end := findBackticks(s, i+n, n); end >= 0 {
				code := strings.ReplaceAll(s[i+n:end], "\n", " ")
				if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " \t") != "" {
					code = code[1 : len(code)-1]
				}
				ip.list.push(&inline{kind: iCode, text: code})
				ip.pos = end + n
			} else {
				ip.text(s[i : i+n])
				ip.pos = i + n
			}
			start = ip.pos
		case '&':
			flush(i)
			if t, n := entityAt(s, i); n > 0 {
				ip.text(t)
				ip.pos = i + n
			} else {
				ip.text("&")
				ip.pos = i + 1
			}
			start = ip.pos
		case '<':
			flush(i)
			if u, email, n := autoLinkAt(s, i); n > 0 {
				ip.list.push(&inline{kind: iAutoLink, dest: u, email: email})
				ip.pos = i + n
			} else if n := rawHTMLAt(s, i); n > 0 {
				ip.list.push(&inline{kind: iRawHTML})
				ip.pos = i + n
			} else {
				ip.text("<")
				ip.pos = i + 1
			}
			start = ip.pos
		case '*', '_':
			flush(i)
			n := 0
			for i+n < len(s) && s[i+n] == c {
				n++
			}
			before, after := ' ', ' '
			if i > 0 {
				before, _ = utf8.DecodeLastRuneInString(s[:i])
			}
			if i+n < len(s) {
				after, _ = utf8.DecodeRuneInString(s[i+n:])
			}
			wsB, wsA := isSpaceRune(before), isSpaceRune(after)
			puB, puA := isPunctRune(before), isPunctRune(after)
			left := !wsA && (!puA || wsB || puB)
			right := !wsB && (!puB || wsA || puA)
			var open, close bool
			if c == '*' {
				open, close = left, right
			} else {
				open = left && (!right || puB)
				close = right && (!left || puA)
			}
			node := &inline{kind: iText, text: s[i : i+n]}
			ip.list.push(node)
			if open || close {
				d := &delimiter{node: node, char: c, count: n, orig: n, canOpen: open, canClose: close, active: true}
				node.delim = d
				ip.pushDelim(d)
			}
			ip.pos = i + n
			start = ip.pos
		case '!', '[':
			if c == '!' && (i+1 >= len(s) || s[i+1] != '[') {
				ip.pos++
				continue
			}
			flush(i)
			n := 1
			if c == '!' {
				n = 2
			}
			node := &inline{kind: iText, text: s[i : i+n]}
			ip.list.push(node)
			d := &delimiter{node: node, bracket: true, image: c == '!', active: true}
			node.delim = d
			ip.pushDelim(d)
			ip.pos = i + n
			start = ip.pos
		case ']':
			flush(i)
			ip.closeBracket()
			start = ip.pos
		default:
			ip.pos++
		}
	}
	// Trailing spaces of the last line are not text.
	end := len(s)
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	ip.text(s[start:end])
}

func skipLeadingSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func (ip *inlineParser) closeBracket() {
	i := ip.pos // at ']'
	var opener *delimiter
	for d := ip.delim; d != nil; d = d.prev {
		if d.bracket {
			opener = d
			break
		}
	}
	if opener == nil {
		ip.text("]")
		ip.pos = i + 1
		return
	}
	if !opener.active {
		ip.removeDelim(opener)
		ip.text("]")
		ip.pos = i + 1
		return
	}
	dest, title, hasTitle, end, ok := ip.linkAfter(opener, i+1)
	if !ok {
		ip.removeDelim(opener)
		ip.text("]")
		ip.pos = i + 1
		return
	}
	kind := iLink
	if opener.image {
		kind = iImage
	}
	children := ip.list.cut(opener.node, nil)
	link := &inline{kind: kind, dest: dest, title: title, hasTitle: hasTitle}
	// Emphasis inside the link text is resolved first, against the delimiters above the opener.
	sub := &inlineParser{p: ip.p, list: children}
	var above []*delimiter
	for d := opener.next; d != nil; d = d.next {
		above = append(above, d)
	}
	for _, d := range above {
		d.prev, d.next = nil, nil
	}
	for _, d := range above {
		sub.pushDelim(d)
	}
	sub.processEmphasis(nil)
	link.children = sub.list
	opener.next = nil
	ip.delim = opener
	ip.list.insertAfter(opener.node, link)
	ip.list.remove(opener.node)
	ip.removeDelim(opener)
	if !opener.image {
		for d := ip.delim; d != nil; d = d.prev {
			if d.bracket && !d.image {
				d.active = false
			}
		}
	}
	ip.pos = end
}

// linkAfter parses what follows a link text's ]: an inline destination, or a reference.
func (ip *inlineParser) linkAfter(opener *delimiter, i int) (dest, title string, hasTitle bool, end int, ok bool) {
	s := ip.s
	if i < len(s) && s[i] == '(' {
		j := skipSpaceNL(s, i+1)
		d, k, ok := linkDest(s, j, true)
		if ok {
			k2 := skipSpaceNL(s, k)
			t, k3, tok := "", k2, false
			if k2 > k {
				t, k3, tok = linkTitle(s, k2)
				if !tok {
					k3 = k2
				}
			}
			k3 = skipSpaceNL(s, k3)
			if k3 < len(s) && s[k3] == ')' {
				return d, t, tok, k3 + 1, true
			}
		}
	}
	// A reference: [text][label], [text][] or [text].
	rawText := ip.rawBetween(opener, i-1)
	if i < len(s) && s[i] == '[' {
		if label, k, ok := linkLabel(s, i); ok {
			key := label
			if strings.TrimSpace(label) == "" {
				key = rawText
			}
			if r, found := ip.p.refs[normLabel(key)]; found {
				return r.dest, r.title, r.title != "" || false, k, true
			}
			if strings.TrimSpace(label) != "" {
				return "", "", false, 0, false
			}
		}
	}
	if r, found := ip.p.refs[normLabel(rawText)]; found && rawText != "" {
		return r.dest, r.title, r.title != "", i, true
	}
	return "", "", false, 0, false
}

// rawBetween is the source text of a link's text: from after the opener to the ] at close.
func (ip *inlineParser) rawBetween(opener *delimiter, close int) string {
	// The opener's position in the source is found by counting back over the nodes: simpler to
	// search back for the matching [ from close, skipping escaped and nested brackets.
	depth := 0
	for k := close - 1; k >= 0; k-- {
		switch ip.s[k] {
		case ']':
			if k == 0 || ip.s[k-1] != '\\' {
				depth++
			}
		case '[':
			if k > 0 && ip.s[k-1] == '\\' {
				continue
			}
			if depth == 0 {
				return ip.s[k+1 : close]
			}
			depth--
		}
	}
	return ""
}

func (ip *inlineParser) processEmphasis(bottom *delimiter) {
	// Find the first delimiter above bottom.
	var first *delimiter
	for d := ip.delim; d != nil && d != bottom; d = d.prev {
		first = d
	}
	openersBottom := map[[3]int]*delimiter{}
	for cur := first; cur != nil; {
		if cur.bracket || !cur.canClose {
			cur = cur.next
			continue
		}
		key := [3]int{int(cur.char), cur.orig % 3, b2i(cur.canOpen)}
		var opener *delimiter
		for o := cur.prev; o != nil && o != bottom && o != openersBottom[key]; o = o.prev {
			if o.bracket || o.char != cur.char || !o.canOpen {
				continue
			}
			if (o.canClose || cur.canOpen) && (o.orig+cur.orig)%3 == 0 && !(o.orig%3 == 0 && cur.orig%3 == 0) {
				continue
			}
			opener = o
			break
		}
		if opener == nil {
			openersBottom[key] = cur.prev
			next := cur.next
			if !cur.canOpen {
				ip.removeDelim(cur)
			}
			cur = next
			continue
		}
		n := 1
		kind := iEmph
		if opener.count >= 2 && cur.count >= 2 {
			n, kind = 2, iStrong
		}
		opener.count -= n
		cur.count -= n
		opener.node.text = opener.node.text[:opener.count]
		cur.node.text = cur.node.text[:cur.count]
		children := ip.list.cut(opener.node, cur.node)
		em := &inline{kind: kind, children: children}
		ip.list.insertAfter(opener.node, em)
		// Delimiters between opener and closer are gone.
		for d := cur.prev; d != nil && d != opener; {
			p := d.prev
			ip.removeDelim(d)
			d = p
		}
		if opener.count == 0 {
			ip.list.remove(opener.node)
			ip.removeDelim(opener)
		}
		if cur.count == 0 {
			next := cur.next
			ip.list.remove(cur.node)
			ip.removeDelim(cur)
			cur = next
		}
	}
	for d := ip.delim; d != nil && d != bottom; {
		p := d.prev
		ip.removeDelim(d)
		d = p
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func findBackticks(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// entityAt decodes an entity or numeric character reference at s[i] ('&'); n is 0 for none.
func entityAt(s string, i int) (string, int) {
	j := i + 1
	if j < len(s) && s[j] == '#' {
		j++
		hex := j < len(s) && (s[j] == 'x' || s[j] == 'X')
		if hex {
			j++
		}
		k := j
		for k < len(s) && k-j < 8 && (isDigit(s[k]) || (hex && isHex(s[k]))) {
			k++
		}
		if k == j || k >= len(s) || s[k] != ';' || (hex && k-j > 6) || (!hex && k-j > 7) {
			return "", 0
		}
		base := 10
		if hex {
			base = 16
		}
		v, err := strconv.ParseInt(s[j:k], base, 32)
		if err != nil || v == 0 || v > unicode.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
			return "\uFFFD", k + 1 - i
		}
		return string(rune(v)), k + 1 - i
	}
	k := j
	for k < len(s) && k-j < 32 && (isASCIILetter(s[k]) || isDigit(s[k])) {
		k++
	}
	if k == j || k >= len(s) || s[k] != ';' || !isASCIILetter(s[j]) {
		return "", 0
	}
	ent := s[i : k+1]
	if dec := html.UnescapeString(ent); dec != ent {
		return dec, k + 1 - i
	}
	return "", 0
}

func autoLinkAt(s string, i int) (string, bool, int) {
	end := strings.IndexByte(s[i+1:], '>')
	if end < 0 {
		return "", false, 0
	}
	body := s[i+1 : i+1+end]
	if c := strings.IndexByte(body, ':'); c >= 2 && c <= 32 && isASCIILetter(body[0]) {
		okScheme := true
		for k := 1; k < c; k++ {
			ch := body[k]
			if !(isASCIILetter(ch) || isDigit(ch) || ch == '+' || ch == '.' || ch == '-') {
				okScheme = false
				break
			}
		}
		if okScheme && !strings.ContainsAny(body, " <\t\n") && !hasControl(body) {
			return body, false, end + 2
		}
	}
	if isEmail(body) {
		return body, true, end + 2
	}
	return "", false, 0
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return false
	}
	for k := 0; k < at; k++ {
		c := s[k]
		if !(isASCIILetter(c) || isDigit(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0) {
			return false
		}
	}
	labels := strings.Split(s[at+1:], ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for k := 0; k < len(l); k++ {
			if !(isASCIILetter(l[k]) || isDigit(l[k]) || l[k] == '-') {
				return false
			}
		}
	}
	return true
}

// rawHTMLAt is the length of the inline raw HTML at s[i] ('<'), 0 for none.
func rawHTMLAt(s string, i int) int {
	r := s[i:]
	switch {
	case strings.HasPrefix(r, "<!--"):
		if strings.HasPrefix(r, "<!-->") {
			return 5
		}
		if strings.HasPrefix(r, "<!--->") {
			return 6
		}
		if e := strings.Index(r[4:], "-->"); e >= 0 {
			return 4 + e + 3
		}
		return 0
	case strings.HasPrefix(r, "<?"):
		if e := strings.Index(r[2:], "?>"); e >= 0 {
			return 2 + e + 2
		}
		return 0
	case strings.HasPrefix(r, "<![CDATA["):
		if e := strings.Index(r[9:], "]]>"); e >= 0 {
			return 9 + e + 3
		}
		return 0
	case len(r) > 2 && r[1] == '!' && r[2] >= 'A' && r[2] <= 'Z':
		if e := strings.IndexByte(r, '>'); e >= 0 {
			return e + 1
		}
		return 0
	}
	return rawTagLen(r)
}

// rawTagLen is the length of an open or closing tag at the start of r, 0 for none.
func rawTagLen(r string) int {
	if len(r) < 3 || r[0] != '<' {
		return 0
	}
	i := 1
	closing := r[1] == '/'
	if closing {
		i++
	}
	if i >= len(r) || !isASCIILetter(r[i]) {
		return 0
	}
	for i < len(r) && (isASCIILetter(r[i]) || isDigit(r[i]) || r[i] == '-') {
		i++
	}
	if closing {
		i = skipWS(r, i)
		if i < len(r) && r[i] == '>' {
			return i + 1
		}
		return 0
	}
	for {
		j := skipWS(r, i)
		if j < len(r) && (r[j] == '>' || strings.HasPrefix(r[j:], "/>")) {
			if r[j] == '>' {
				return j + 1
			}
			return j + 2
		}
		if j == i || j >= len(r) {
			return 0
		}
		// An attribute: name, then optionally = value.
		if !(isASCIILetter(r[j]) || r[j] == '_' || r[j] == ':') {
			return 0
		}
		k := j + 1
		for k < len(r) && (isASCIILetter(r[k]) || isDigit(r[k]) || strings.IndexByte("_.:-", r[k]) >= 0) {
			k++
		}
		m := skipWS(r, k)
		if m < len(r) && r[m] == '=' {
			m = skipWS(r, m+1)
			if m >= len(r) {
				return 0
			}
			switch r[m] {
			case '"', '\'':
				e := strings.IndexByte(r[m+1:], r[m])
				if e < 0 {
					return 0
				}
				k = m + 1 + e + 1
			default:
				e := m
				for e < len(r) && strings.IndexByte(" \t\n\"'=<>`", r[e]) < 0 {
					e++
				}
				if e == m {
					return 0
				}
				k = e
			}
		}
		i = k
	}
}

func skipWS(s string, i int) int {
	nl := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
		if s[i] == '\n' {
			nl++
		}
		i++
	}
	return i
}

// linkLabel parses [label] at s[i]: no unescaped brackets inside, at most 999 characters.
func linkLabel(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '[' {
		return "", 0, false
	}
	for j := i + 1; j < len(s) && j-i <= 1000; j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			return "", 0, false
		case ']':
			return s[i+1 : j], j + 1, true
		}
	}
	return "", 0, false
}

// linkDest parses a link destination at s[i]: <...> or a run without spaces, parentheses
// balanced. The result is unescaped and its references decoded.
func linkDest(s string, i int, balanced bool) (string, int, bool) {
	if i < len(s) && s[i] == '<' {
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '\n', '<':
				return "", 0, false
			case '>':
				return unescapeText(s[i+1 : j]), j + 1, true
			}
		}
		return "", 0, false
	}
	depth := 0
	j := i
	for ; j < len(s); j++ {
		c := s[j]
		if c == '\\' && j+1 < len(s) && isASCIIPunct(s[j+1]) {
			j++
			continue
		}
		if c <= ' ' || c == 0x7f {
			break
		}
		if c == '(' {
			depth++
			if depth > 32 {
				return "", 0, false
			}
		}
		if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
	}
	if depth != 0 && balanced {
		return "", 0, false
	}
	return unescapeText(s[i:j]), j, true
}

func linkTitle(s string, i int) (string, int, bool) {
	if i >= len(s) {
		return "", 0, false
	}
	open := s[i]
	close := open
	switch open {
	case '"', '\'':
	case '(':
		close = ')'
	default:
		return "", 0, false
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case close:
			return unescapeText(s[i+1 : j]), j + 1, true
		case '(':
			if open == '(' {
				return "", 0, false
			}
		}
	}
	return "", 0, false
}

// unescapeText resolves backslash escapes and character references.
func unescapeText(s string) string {
	if !strings.ContainsAny(s, "\\&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			b.WriteByte(s[i+1])
			i += 2
			continue
		}
		if c == '&' {
			if t, n := entityAt(s, i); n > 0 {
				b.WriteString(t)
				i += n
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
func isHex(c byte) bool         { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}
func isSpaceRune(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || unicode.IsSpace(r) }
func isPunctRune(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// ---- rendering ----

func (p *mdParser) renderBlocks(b *strings.Builder, blocks []*block, tight bool) {
	for i, bl := range blocks {
		switch bl.kind {
		case bParagraph:
			if tight {
				p.renderInlines(b, p.parseInlines(strings.Join(bl.lines, "\n")))
				if i < len(blocks)-1 {
					b.WriteByte('\n')
				}
				continue
			}
			b.WriteString("<p>")
			p.renderInlines(b, p.parseInlines(strings.Join(bl.lines, "\n")))
			b.WriteString("</p>\n")
		case bHeading:
			fmt.Fprintf(b, "<h%d>", bl.level)
			p.renderInlines(b, p.parseInlines(bl.lines[0]))
			fmt.Fprintf(b, "</h%d>\n", bl.level)
		case bThematic:
			b.WriteString("<hr>\n")
		case bCode:
			b.WriteString("<pre><code")
			if bl.fenced && bl.info != "" {
				lang := bl.info
				if k := strings.IndexByte(lang, ' '); k >= 0 {
					lang = lang[:k]
				}
				b.WriteString(` class="language-`)
				b.WriteString(escapeHTML(unescapeText(lang)))
				b.WriteString(`"`)
			}
			b.WriteByte('>')
			for _, l := range bl.lines {
				b.WriteString(escapeHTML(l))
				b.WriteByte('\n')
			}
			b.WriteString("</code></pre>\n")
		case bHTML:
			b.WriteString("<!-- raw HTML omitted -->\n")
			if bl.closure {
				b.WriteString("<!-- raw HTML omitted -->\n")
			}
		case bQuote:
			b.WriteString("<blockquote>\n")
			p.renderBlocks(b, bl.children, false)
			b.WriteString("</blockquote>\n")
		case bList:
			tag := "ul"
			if bl.ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag)
			if bl.ordered && bl.start != 1 {
				fmt.Fprintf(b, ` start="%d"`, bl.start)
			}
			b.WriteString(">\n")
			for _, it := range bl.children {
				b.WriteString("<li>")
				if len(it.children) > 0 && !(bl.tight && it.children[0].kind == bParagraph) {
					b.WriteByte('\n')
				}
				p.renderBlocks(b, it.children, bl.tight)
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + tag + ">\n")
		}
	}
}

func (p *mdParser) renderInlines(b *strings.Builder, l *inlineList) {
	for n := l.first; n != nil; n = n.next {
		switch n.kind {
		case iText:
			b.WriteString(escapeHTML(n.text))
		case iCode:
			b.WriteString("<code>" + escapeHTML(n.text) + "</code>")
		case iRawHTML:
			b.WriteString("<!-- raw HTML omitted -->")
		case iHardBreak:
			b.WriteString("<br>\n")
		case iSoftBreak:
			b.WriteByte('\n')
		case iEmph:
			b.WriteString("<em>")
			p.renderInlines(b, n.children)
			b.WriteString("</em>")
		case iStrong:
			b.WriteString("<strong>")
			p.renderInlines(b, n.children)
			b.WriteString("</strong>")
		case iAutoLink:
			u := urlEscape(n.dest)
			b.WriteString(`<a href="`)
			if n.email && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
				b.WriteString("mailto:")
			}
			if !dangerousURL(u) {
				b.WriteString(escapeHTML(u))
			}
			b.WriteString(`">` + escapeHTML(n.dest) + `</a>`)
		case iImage:
			if External(n.dest) {
				// An image from another site becomes a link to it (localImages).
				p.renderLink(b, n)
				continue
			}
			u := urlEscape(n.dest)
			b.WriteString(`<img src="`)
			if !dangerousURL(u) {
				b.WriteString(escapeHTML(u))
			}
			b.WriteString(`" alt="`)
			p.renderPlain(b, n.children)
			b.WriteByte('"')
			if n.hasTitle {
				b.WriteString(` title="` + escapeHTML(n.title) + `"`)
			}
			b.WriteByte('>')
		case iLink:
			p.renderLink(b, n)
		}
	}
}

func (p *mdParser) renderLink(b *strings.Builder, n *inline) {
	u := urlEscape(n.dest)
	b.WriteString(`<a href="`)
	if !dangerousURL(u) {
		b.WriteString(escapeHTML(u))
	}
	b.WriteByte('"')
	if n.hasTitle {
		b.WriteString(` title="` + escapeHTML(n.title) + `"`)
	}
	b.WriteByte('>')
	p.renderInlines(b, n.children)
	b.WriteString("</a>")
}

// renderPlain writes the text of inlines without markup (an image's alt text).
func (p *mdParser) renderPlain(b *strings.Builder, l *inlineList) {
	for n := l.first; n != nil; n = n.next {
		switch n.kind {
		case iText, iCode:
			b.WriteString(escapeHTML(n.text))
		case iSoftBreak:
			b.WriteByte('\n')
		case iHardBreak:
			b.WriteString("<br>\n")
		case iAutoLink:
			b.WriteString(escapeHTML(n.dest))
		default:
			if n.children != nil {
				p.renderPlain(b, n.children)
			}
		}
	}
}

func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "<>&\"\x00") {
		return s
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\x00", "\uFFFD")
	return r.Replace(s)
}

// urlEscape percent-encodes what may not stand in a URL, leaving %XX as it is.
func urlEscape(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c < utf8.RuneSelf && urlSafe(c):
			b.WriteByte(c)
			i++
		case c == '%' && i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]):
			b.WriteByte(c)
			i++
		case c == ' ':
			b.WriteString("%20")
			i++
		default:
			r, size := utf8.DecodeRuneInString(v[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteByte(c)
				i++
				continue
			}
			b.WriteString(url.QueryEscape(v[i : i+size]))
			i += size
		}
	}
	return b.String()
}

func urlSafe(c byte) bool {
	return isASCIILetter(c) || isDigit(c) || strings.IndexByte("!#$&'()*+,-./:;=?@_~", c) >= 0
}

func dangerousURL(u string) bool {
	l := strings.ToLower(u)
	if strings.HasPrefix(l, "data:image/") {
		v := l[11:]
		for _, ok := range []string{"png;", "gif;", "jpeg;", "webp;"} {
			if strings.HasPrefix(v, ok) {
				return false
			}
		}
		return true
	}
	return strings.HasPrefix(l, "javascript:") || strings.HasPrefix(l, "vbscript:") || strings.HasPrefix(l, "file:") || strings.HasPrefix(l, "data:")
}
