package mail

import (
	"strings"

	"github.com/emersion/go-message/textproto"
)

// autoReason says why a message is machine mail that must neither open a ticket nor be
// answered (RFC 3834 and the habits of bounces and lists), or "" for a person's mail.
func autoReason(h textproto.Header, from string) string {
	local := from
	if i := strings.IndexByte(from, '@'); i >= 0 {
		local = from[:i]
	}
	switch {
	case local == "mailer-daemon" || local == "postmaster":
		return "bounce (from " + local + ")"
	case strings.HasPrefix(strings.ToLower(h.Get("Content-Type")), "multipart/report"):
		return "bounce (delivery report)"
	case h.Get("Auto-Submitted") != "" && !strings.EqualFold(strings.TrimSpace(h.Get("Auto-Submitted")), "no"):
		return "auto-reply (Auto-Submitted: " + strings.TrimSpace(h.Get("Auto-Submitted")) + ")"
	case h.Has("X-Autoreply") || h.Has("X-Autorespond"):
		return "auto-reply"
	}
	switch p := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); p {
	case "bulk", "list", "junk", "auto_reply":
		return "bulk mail (Precedence: " + p + ")"
	}
	if h.Has("List-Id") || h.Has("List-Unsubscribe") {
		return "mailing list mail (List-Id)"
	}
	if h.Get("Return-Path") == "<>" {
		return "bounce (empty return path)"
	}
	return ""
}
