package mail

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

var ticketTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[#(\d{1,12})\]`) })

// TicketTag finds the ticket number kefu puts in a subject ("[#123]").
func TicketTag(subject string) (int64, bool) {
	m := ticketTag().FindStringSubmatch(subject)
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil && id > 0
}

// replyPrefix matches the reply and forward markers clients add, English and Chinese.
var replyPrefix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*((re|fw|fwd|aw|sv|答复|回复|转发)\s*[:：]\s*)+`)
})

// CleanSubject drops reply markers and kefu's ticket tag, for a new ticket's subject.
func CleanSubject(s string) string {
	s = ticketTag().ReplaceAllString(s, "")
	s = replyPrefix().ReplaceAllString(strings.TrimSpace(s), "")
	return strings.Join(strings.Fields(s), " ")
}

// ReplySubject is the subject kefu sends: the ticket's subject with its number, so a reply
// without threading headers still finds the ticket.
func ReplySubject(ticketID int64, subject string) string {
	return "Re: " + CleanSubject(subject) + " [#" + strconv.FormatInt(ticketID, 10) + "]"
}

// ThreadIDs are the message ids a reply may point at, most specific first.
func (m *Message) ThreadIDs() []string {
	out := append([]string{}, m.InReplyTo...)
	for i := len(m.References) - 1; i >= 0; i-- {
		out = append(out, m.References[i])
	}
	return out
}
