// Package enum reads the values of kefu's fixed vocabularies (kinds, channels, priorities,
// roles ...) as people type them, in English or Chinese, and names them back in either
// language. Each domain package owns one Table per vocabulary; this package only knows how a
// table is searched.
package enum

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Name is one value of a vocabulary: its code (what kefu stores and JSON carries), its
// Chinese name, and other names people use for it (售前 for 询单).
type Name struct {
	Code    string
	ZH      string
	Aliases []string
}

// Table is a vocabulary.
type Table []Name

// Code returns the code a person meant by s: a code (any case), a Chinese name or an alias,
// after trimming and NFKC folding (full-width letters, compatibility forms). ok is false when
// s names nothing in t.
func (t Table) Code(s string) (code string, ok bool) {
	v := strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	if v == "" {
		return "", false
	}
	for _, n := range t {
		if v == n.Code || v == n.ZH {
			return n.Code, true
		}
		for _, a := range n.Aliases {
			if v == strings.ToLower(a) {
				return n.Code, true
			}
		}
	}
	return "", false
}

// Normalize is Code for input that may also hold values t does not know (a team's own kinds
// and shifts, "*"): a known name becomes its code, anything else is returned unchanged, for
// the caller's own check to accept or refuse with its usual message.
func (t Table) Normalize(s string) string {
	if c, ok := t.Code(s); ok {
		return c
	}
	return s
}

// Codes lists the codes in the table's order.
func (t Table) Codes() []string {
	out := make([]string, len(t))
	for i, n := range t {
		out[i] = n.Code
	}
	return out
}

// ZH returns code's Chinese name, or code itself when t has none.
func (t Table) ZH(code string) string {
	for _, n := range t {
		if n.Code == code && n.ZH != "" {
			return n.ZH
		}
	}
	return code
}

// Label names code for people in lang: the Chinese name for a "zh…" language, else the code.
// Codes t does not know (custom kinds) are returned as they are.
func (t Table) Label(code, lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return t.ZH(code)
	}
	return code
}
