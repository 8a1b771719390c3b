package remind

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

// The formats remind prints (--format) and posts (--notify-format).
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatJSON     = "json"
	FormatDingTalk = "dingtalk"
	FormatWeCom    = "wecom"
	FormatSlack    = "slack"
)

// NotifyFormats lists the webhook formats.
var NotifyFormats = []string{FormatDingTalk, FormatWeCom, FormatSlack, FormatJSON}

// heading is the report's first line: "kefu remind · 2026-03-02 09:00 (Asia/Shanghai)".
func (r Report) heading() string {
	if r.For != "" {
		return i18n.Sprintf("kefu remind for %s · %s (%s)", r.For, r.Now.In(r.Loc).Format("2006-01-02 15:04"), r.Loc.String())
	}
	return i18n.Sprintf("kefu remind · %s (%s)", r.Now.In(r.Loc).Format("2006-01-02 15:04"), r.Loc.String())
}

// head names the history's chain head, so a later kefu audit verify --anchor can show that
// nothing was removed since this reminder went out.
func (r Report) head() string {
	if r.Head == "" {
		return ""
	}
	return i18n.Sprintf(" · history %s", r.Head)
}

// summary counts the items per group: "2 overdue · 1 due within 4bh · 1 waiting".
func (r Report) summary() string {
	var parts []string
	for _, g := range Groups {
		if n := r.Count(g); n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+r.groupLabel(g, false))
		}
	}
	return strings.Join(parts, " · ")
}

func (r Report) groupLabel(g Group, title bool) string {
	switch {
	case g == Overdue && title:
		return i18n.T("Overdue")
	case g == Overdue:
		return i18n.T("overdue")
	case g == DueSoon && title:
		return i18n.Sprintf("Due within %s", r.Within)
	case g == DueSoon:
		return i18n.Sprintf("due within %s", r.Within)
	case title:
		return i18n.T("Waiting")
	}
	return i18n.T("waiting")
}

// nothing is the one line printed when there is nothing to report.
func (r Report) nothing() string {
	now := r.Now.In(r.Loc).Format("2006-01-02 15:04")
	s := i18n.Sprintf("kefu remind: nothing to report at %s (%s)", now, r.Loc.String())
	if r.For != "" {
		s = i18n.Sprintf("kefu remind: nothing for %s at %s (%s)", r.For, now, r.Loc.String())
	}
	switch n := len(r.Held); {
	case n == 1:
		s = i18n.Sprintf("kefu remind: nothing new to report at %s (%s); 1 item already sent within %s", now, r.Loc, r.OncePer)
	case n > 1:
		s = i18n.Sprintf("kefu remind: nothing new to report at %s (%s); %d items already sent within %s", now, r.Loc, n, r.OncePer)
	}
	return s + r.head()
}

// more says how many items a chat message left out.
func more(n int) string {
	if n == 1 {
		return i18n.T("… and 1 more item: run kefu remind to see them all")
	}
	return i18n.Sprintf("… and %d more items: run kefu remind to see them all", n)
}

// held says how many items --once-per kept back.
func held(n int, within string) string {
	if n == 1 {
		return i18n.Sprintf("(1 item sent within %s not repeated)", within)
	}
	return i18n.Sprintf("(%d items sent within %s not repeated)", n, within)
}

// when says how urgent an item is: "overdue 1h30m", "in 2h", "waiting 3h".
func (r Report) when(it Item) string {
	switch {
	case it.Group == Overdue:
		return i18n.Sprintf("overdue %s", duration.FormatSpan(r.Now.Sub(it.Due)))
	case !it.Due.IsZero():
		return i18n.Sprintf("in %s", duration.FormatSpan(it.Due.Sub(r.Now)))
	case !it.Since.IsZero():
		return i18n.Sprintf("waiting %s", duration.FormatSpan(r.Now.Sub(it.Since)))
	}
	return i18n.T("waiting")
}

// at is the item's due time (or since when it waits) on the team's clock: "due 03-02 07:30".
func (r Report) at(it Item) string {
	switch {
	case !it.Due.IsZero():
		return i18n.Sprintf("due %s", calendar.FormatDue(it.Due, r.Loc, "01-02"))
	case !it.Since.IsZero():
		return i18n.Sprintf("since %s", it.Since.In(r.Loc).Format("01-02 15:04"))
	}
	return ""
}

func (it Item) ref() string {
	if it.Ref == "" {
		return "-"
	}
	return it.Ref
}

// about is the item's subject with its note: "快递员态度恶劣 (complex complaint)".
func (it Item) about() string {
	s := oneLine(it.Subject)
	if it.Note != "" {
		if s != "" {
			s += " "
		}
		s += "(" + oneLine(it.Note) + ")"
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsControl(r) }), " ")
}

func (c Closed) describe(loc *time.Location) string {
	return i18n.Sprintf("closed #%d %s (resolved %s)", c.TicketID, oneLine(c.Subject), c.ResolvedAt.In(loc).Format("2006-01-02 15:04"))
}

func (p Proposal) describe() string {
	s := i18n.Sprintf("proposed pending %d: %s for %s", p.EntryID, p.Rule, p.Staff)
	if p.EntryID == 0 {
		s = i18n.Sprintf("proposed: %s for %s", p.Rule, p.Staff)
	}
	if p.Reason != "" {
		s += ", " + oneLine(p.Reason)
	}
	return s
}

// ANSI colours of the text report on a terminal: overdue red, due soon yellow.
const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	reset  = "\x1b[0m"
)

// Text is the report for a terminal or cron mail: a heading, then each group's items in
// aligned columns (CJK text counts two columns), then the chores done. With nothing to report
// it is one line. With color, overdue items are red and those due soon yellow.
func Text(r Report, color bool) string { return TextFit(r, color, 0) }

// TextFit is Text fitted to width columns (0: any): an item's last column, what it is about,
// is cut with "…" so that each item stays one line.
func TextFit(r Report, color bool, width int) string {
	var b strings.Builder
	if r.Empty() {
		b.WriteString(r.nothing() + "\n")
		for _, w := range r.Warnings {
			b.WriteString(i18n.Sprintf("warning: %s", w) + "\n")
		}
		return b.String()
	}
	head := r.heading()
	if s := r.summary(); s != "" {
		head += " · " + s
	}
	b.WriteString(head + r.head() + "\n")
	for _, w := range r.Warnings {
		b.WriteString(i18n.Sprintf("warning: %s", w) + "\n")
	}
	for _, g := range Groups {
		var rows [][]string
		for _, it := range r.Items {
			if it.Group == g {
				rows = append(rows, []string{it.ref(), Label(it.Kind), r.when(it), r.at(it), joinAct(it.Act), it.about()})
			}
		}
		if len(rows) == 0 {
			continue
		}
		b.WriteString("\n" + r.groupLabel(g, true) + "\n")
		paint := ""
		if color && g == Overdue {
			paint = red
		} else if color && g == DueSoon {
			paint = yellow
		}
		writeColumns(&b, rows, paint, width)
	}
	if len(r.Closed)+len(r.Proposed) > 0 {
		b.WriteString("\n" + i18n.T("Done by system") + "\n")
		for _, c := range r.Closed {
			b.WriteString("  " + c.describe(r.Loc) + "\n")
		}
		for _, p := range r.Proposed {
			b.WriteString("  " + p.describe() + "\n")
		}
	}
	if n := len(r.Held); n > 0 {
		b.WriteString("\n" + held(n, r.OncePer) + "\n")
	}
	return b.String()
}

// writeColumns prints rows indented, each column padded to its widest cell but the last, each
// line in colour paint if given. With a width, a longer line wraps, going on under the second
// column.
func writeColumns(b *strings.Builder, rows [][]string, paint string, width int) {
	widths := make([]int, len(rows[0]))
	cells := make([][]int, len(rows)) // each cell's width, measured once
	for r, row := range rows {
		cells[r] = make([]int, len(row)-1)
		for i, c := range row[:len(row)-1] {
			cells[r][i] = render.Width(c)
			widths[i] = max(widths[i], cells[r][i])
		}
	}
	var line strings.Builder
	for r, row := range rows {
		line.Reset()
		line.WriteString("  ")
		for i, c := range row {
			line.WriteString(c)
			if i < len(row)-1 {
				for n := widths[i] - cells[r][i] + 2; n > 0; n-- {
					line.WriteByte(' ')
				}
			}
		}
		for _, l := range render.Wrap(strings.TrimRight(line.String(), " "), width, 2+widths[0]+2) {
			if paint != "" {
				l = "  " + paint + l[2:] + reset
			}
			b.WriteString(l + "\n")
		}
	}
}

// style is how a chat flavour marks up text.
type style struct {
	bold    func(string) string
	heading func(string) string
	bullet  string
	escape  func(string) string
}

var markdown = style{
	bold:    func(s string) string { return "**" + s + "**" },
	heading: func(s string) string { return "### " + s },
	bullet:  "- ",
	escape:  strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;").Replace,
}

var slack = style{
	bold:    func(s string) string { return "*" + s + "*" },
	heading: func(s string) string { return "*" + s + "*" },
	bullet:  "• ",
	escape:  strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace,
}

// Markdown is the report as Markdown (for --format md, DingTalk and WeCom), cut to at most
// limit bytes (0: no limit) by leaving out the least urgent items.
func Markdown(r Report, limit int) string { s, _ := chat(r, markdown, limit); return s }

// Slack is the report in Slack's mrkdwn, cut to at most limit bytes (0: no limit).
func Slack(r Report, limit int) string { s, _ := chat(r, slack, limit); return s }

// chat renders the report for a chat robot within limit bytes for the whole message: the least
// urgent items go first, then the chores done by system, each cut said in the message; it
// returns the items the message holds, which are all that --once-per may mark as sent.
func chat(r Report, st style, limit int) (string, []Item) {
	// The one sanitizer first: a chat robot shows what the JSON decodes to, so control and
	// bidi characters in stored text are made visible here, not only escaped in the JSON.
	mdEscape := st.escape
	st.escape = func(s string) string { return mdEscape(render.Escape(s)) }
	if r.Empty() {
		s := st.escape(r.nothing())
		for _, w := range r.Warnings {
			s += "\n\n" + st.escape(i18n.Sprintf("warning: %s", w))
		}
		return fitBytes(s+"\n", limit), nil
	}
	var head []string
	head = append(head, st.heading(st.escape(r.heading())))
	if s := r.summary(); s != "" {
		head = append(head, st.bold(st.escape(s)))
	}
	if r.Head != "" {
		head = append(head, st.escape(i18n.Sprintf("history %s", r.Head)))
	}
	for _, w := range r.Warnings {
		head = append(head, st.escape(i18n.Sprintf("warning: %s", w)))
	}
	// Sections are blocks of lines; items are cut from the end when the text is too long.
	type line struct {
		text string
		item int // index in r.Items, or -1 for a section heading
	}
	var lines []line
	for _, g := range Groups {
		first := true
		for i, it := range r.Items {
			if it.Group != g {
				continue
			}
			if first {
				lines = append(lines, line{text: "\n" + st.bold(r.groupLabel(g, true)) + "\n", item: -1})
				first = false
			}
			parts := []string{st.escape(strings.TrimSpace(it.Ref + " " + Label(it.Kind))), st.escape(r.when(it))}
			if at := r.at(it); at != "" {
				parts[1] += st.escape(" (" + at + ")")
			}
			parts = append(parts, st.bold(st.escape(joinAct(it.Act))))
			if a := it.about(); a != "" {
				parts = append(parts, st.escape(a))
			}
			lines = append(lines, line{text: st.bullet + strings.Join(parts, " · "), item: i})
		}
	}
	var chores []string
	for _, c := range r.Closed {
		chores = append(chores, st.bullet+st.escape(c.describe(r.Loc)))
	}
	for _, p := range r.Proposed {
		chores = append(chores, st.bullet+st.escape(p.describe()))
	}
	render := func(ls []line, cut, choresKept int) string {
		var b strings.Builder
		b.WriteString(strings.Join(head, "\n\n") + "\n")
		for _, l := range ls {
			b.WriteString(l.text + "\n")
		}
		if cut > 0 {
			b.WriteString("\n" + st.escape(more(cut)) + "\n")
		}
		if len(chores) > 0 {
			b.WriteString("\n" + st.bold(i18n.T("Done by system")) + "\n\n")
			for _, c := range chores[:choresKept] {
				b.WriteString(c + "\n")
			}
			if n := len(chores) - choresKept; n > 0 {
				b.WriteString(st.escape(i18n.Sprintf("… and %d more done by system: run kefu remind or kefu audit log to see them", n)) + "\n")
			}
		}
		if n := len(r.Held); n > 0 {
			b.WriteString("\n" + st.escape(held(n, r.OncePer)) + "\n")
		}
		return b.String()
	}
	// What is due matters more than what was done: the chores are cut first (a line says how
	// many), then the least urgent items.
	kept := len(chores)
	out := render(lines, 0, kept)
	for limit > 0 && len(out) > limit && kept > 0 {
		kept--
		out = render(lines, 0, kept)
	}
	cut := 0
	for limit > 0 && len(out) > limit && len(lines) > 0 {
		// Drop the last item and any section heading left without items.
		for len(lines) > 0 {
			l := lines[len(lines)-1]
			lines = lines[:len(lines)-1]
			if l.item >= 0 {
				cut++
				break
			}
		}
		for len(lines) > 0 && lines[len(lines)-1].item < 0 {
			lines = lines[:len(lines)-1]
		}
		out = render(lines, cut, kept)
	}
	var posted []Item
	for _, l := range lines {
		if l.item >= 0 {
			posted = append(posted, r.Items[l.item])
		}
	}
	return fitBytes(out, limit), posted
}

// fitBytes cuts s to at most limit bytes (0: no limit) at a character boundary, ending in "…".
func fitBytes(s string, limit int) string {
	if limit <= 0 || len(s) <= limit {
		return s
	}
	cut := limit - len("…\n")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…\n"
}

// ItemView is an item in JSON.
type ItemView struct {
	Group          string   `json:"group"`
	Kind           string   `json:"kind"`
	What           string   `json:"what"`
	Ref            string   `json:"ref"`
	TicketID       *int64   `json:"ticket_id"`
	Subject        string   `json:"subject"`
	Due            *string  `json:"due"`
	OverdueSeconds *int64   `json:"overdue_seconds"`
	DueInSeconds   *int64   `json:"due_in_seconds"`
	Since          *string  `json:"since"`
	Act            []string `json:"act"`
	Team           string   `json:"team"`
	Note           string   `json:"note"`
}

// ClosedView is an auto-closed ticket in JSON.
type ClosedView struct {
	TicketID   int64  `json:"ticket_id"`
	Subject    string `json:"subject"`
	ResolvedAt string `json:"resolved_at"`
}

// ProposalView is a proposed score entry in JSON.
type ProposalView struct {
	EntryID  *int64 `json:"entry_id"`
	Rule     string `json:"rule"`
	Staff    string `json:"staff"`
	TicketID *int64 `json:"ticket_id"`
	Reason   string `json:"reason"`
}

// View is the report in JSON: a stable interface for scripts and the json webhook format.
type View struct {
	Now      string         `json:"now"`
	TimeZone string         `json:"time_zone"`
	Within   string         `json:"within"`
	Horizon  string         `json:"horizon"`
	Counts   map[string]int `json:"counts"`
	Items    []ItemView     `json:"items"`
	Held     int            `json:"held"`
	Closed   []ClosedView   `json:"closed"`
	Proposed []ProposalView `json:"proposed"`
	Warnings []string       `json:"warnings"`
	// HistoryHead is the audit chain's head (event count and short MAC) at this reminder.
	HistoryHead string `json:"history_head"`
	// For is the person of remind --for ("" for the whole department's report).
	For string `json:"for,omitempty"`
}

// JSON returns the report's JSON view.
func JSON(r Report) View {
	ts := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := t.In(r.Loc).Format(time.RFC3339)
		return &s
	}
	id := func(n int64) *int64 {
		if n == 0 {
			return nil
		}
		return &n
	}
	v := View{Now: r.Now.In(r.Loc).Format(time.RFC3339), TimeZone: r.Loc.String(), Within: r.Within, Horizon: deref(ts(r.Horizon)),
		Counts: map[string]int{}, Items: []ItemView{}, Held: len(r.Held), Closed: []ClosedView{}, Proposed: []ProposalView{},
		Warnings: append([]string{}, r.Warnings...), HistoryHead: r.Head, For: r.For}
	for _, g := range Groups {
		v.Counts[string(g)] = r.Count(g)
	}
	for _, it := range r.Items {
		iv := ItemView{Group: string(it.Group), Kind: it.Kind, What: Label(it.Kind), Ref: it.Ref, TicketID: id(it.TicketID),
			Subject: it.Subject, Due: ts(it.Due), Since: ts(it.Since), Act: append([]string{}, it.Act...), Team: it.Team, Note: it.Note}
		if !it.Due.IsZero() {
			secs := int64(it.Due.Sub(r.Now) / time.Second)
			if it.Group == Overdue {
				secs = -secs
				iv.OverdueSeconds = &secs
			} else {
				iv.DueInSeconds = &secs
			}
		}
		v.Items = append(v.Items, iv)
	}
	for _, c := range r.Closed {
		v.Closed = append(v.Closed, ClosedView{TicketID: c.TicketID, Subject: c.Subject, ResolvedAt: deref(ts(c.ResolvedAt))})
	}
	for _, p := range r.Proposed {
		v.Proposed = append(v.Proposed, ProposalView{EntryID: id(p.EntryID), Rule: p.Rule, Staff: p.Staff, TicketID: id(p.TicketID), Reason: p.Reason})
	}
	return v
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
