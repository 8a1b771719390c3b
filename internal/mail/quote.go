package mail

import (
	"regexp"
	"strings"
	"sync"
)

// quoteStart matches the line where clients begin the quoted history of a reply: QQ Mail and
// Foxmail's 原始邮件 rule, Outlook's "Original Message" and From/发件人 block, Gmail's
// "On ... wrote:" and its Chinese form "在 ... 写道：".
var quoteStart = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(-{2,}\s*(原始邮件|original message|回复的原邮件|forwarded message)\s*-{2,}|` +
		`(from|发件人)\s*[:：].*@.*|on .+ wrote:|在\s*.+写道\s*[:：])\s*$`)
})

// StripQuoted is the new part of a reply: the text before the quoted history, for showing
// in the conversation (the mail keeps all of it). Text that is nothing but quotes stays whole.
func StripQuoted(text string) string {
	lines := strings.Split(text, "\n")
	cut := len(lines)
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if quoteStart().MatchString(t) || (strings.HasPrefix(t, ">") && allQuoted(lines[i:])) {
			cut = i
			break
		}
	}
	out := strings.TrimSpace(strings.Join(lines[:cut], "\n"))
	if out == "" {
		return text
	}
	return out
}

// allQuoted reports whether the rest of a message is quotes or blank lines.
func allQuoted(lines []string) bool {
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, ">") {
			return false
		}
	}
	return true
}
