package customer

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Redacted replaces erased personal data in text.
const Redacted = "[redacted]"

// Erasure finds one customer's personal data in free text, in the forms people write it
// (product.md, issue 13 "forget means forgotten"): the phone number with spaces, dashes, dots,
// brackets, a +86 / 0086 prefix or full-width digits (139 1234 5678, +86-139-1234-5678,
// １３９１２３４５６７８); the email address and IM handle in any letter case; and, in the
// customer's own records only, their name (names are not unique: another person of the same
// name elsewhere is left alone).
type Erasure struct {
	phone  *regexp.Regexp // nil: no phone number
	digits string         // the phone number's national digits
	words  []string       // lower-cased email and IM handle
	name   string
	notes  string // erased from the customer's own records only
}

// phoneSep is what people put between a phone number's digits.
const phoneSep = `[\s\-–—‐‑.．·()（）\x{3000}\x{FF0D}]*`

// NewErasure prepares the search for a customer's data.
func NewErasure(name, phone, email, im string) Erasure {
	e := Erasure{name: strings.TrimSpace(name)}
	return e.with(phone, email, im)
}

// NewErasureOf prepares the search for a customer's data, their notes included.
func NewErasureOf(c Customer) Erasure {
	e := Erasure{name: strings.TrimSpace(c.Name), notes: strings.TrimSpace(c.Notes)}
	return e.with(c.Phone, c.Email, c.IM)
}

func (e Erasure) with(phone, email, im string) Erasure {
	digits := phoneDigits(phone)
	switch {
	case strings.HasPrefix(digits, "0086") && len(digits) > 11:
		digits = digits[4:]
	case strings.HasPrefix(digits, "86") && len(digits) == 13:
		digits = digits[2:]
	}
	if len(digits) >= 5 {
		e.digits = digits
		var b strings.Builder
		// An optional country code: +86, 0086 or 86, in any width, with separators.
		b.WriteString(`(?:(?:\+|＋|0` + phoneSep + `0|０` + phoneSep + `０)?` + phoneSep + `[8８]` + phoneSep + `[6６]` + phoneSep + `)?`)
		for i, d := range digits {
			if i > 0 {
				b.WriteString(phoneSep)
			}
			b.WriteString("[" + string(d) + string(rune('０'+(d-'0'))) + "]")
		}
		e.phone = regexp.MustCompile(b.String())
	}
	for _, w := range []string{email, im} {
		if w = strings.TrimSpace(w); utf8.RuneCountInString(w) >= 3 {
			e.words = append(e.words, strings.ToLower(w))
		}
	}
	return e
}

// phoneDigits are the digits of a phone number, full-width ones read as ASCII.
func phoneDigits(p string) string {
	var b strings.Builder
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		}
	}
	return b.String()
}

func isDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') }

// Scrub erases the phone number, email and IM handle from s; own also erases the name (for the
// customer's own record, tickets, messages and history). found says what was erased.
func (e Erasure) Scrub(s string, own bool) (out string, found []string) {
	out = s
	if e.phone != nil {
		var b strings.Builder
		last, hit := 0, false
		for _, m := range e.phone.FindAllStringIndex(out, -1) {
			start, end := m[0], m[1]
			// Trim separators the pattern took at either end, and skip a match inside a longer number.
			for start < end && !isDigit(firstRune(out[start:])) && out[start] != '+' && !strings.HasPrefix(out[start:], "＋") {
				_, n := utf8.DecodeRuneInString(out[start:])
				start += n
			}
			for end > start {
				r, n := utf8.DecodeLastRuneInString(out[:end])
				if isDigit(r) {
					break
				}
				end -= n
			}
			before, _ := utf8.DecodeLastRuneInString(out[:start])
			after, _ := utf8.DecodeRuneInString(out[end:])
			if start > 0 && isDigit(before) || end < len(out) && isDigit(after) {
				continue
			}
			b.WriteString(out[last:start])
			b.WriteString(Redacted)
			last, hit = end, true
		}
		if hit {
			b.WriteString(out[last:])
			out = b.String()
			found = append(found, "phone")
		}
	}
	for i, w := range e.words {
		if r, ok := replaceFold(out, w); ok {
			out = r
			found = append(found, []string{"email", "IM handle"}[min(i, 1)])
		}
	}
	if own && utf8.RuneCountInString(e.notes) >= 3 && strings.Contains(out, e.notes) {
		out = strings.ReplaceAll(out, e.notes, Redacted)
		found = append(found, "notes")
	}
	if own && e.name != "" && e.name != Redacted {
		if utf8.RuneCountInString(e.name) >= 2 && strings.Contains(out, e.name) {
			out = strings.ReplaceAll(out, e.name, Redacted)
			found = append(found, "name")
		} else if out == e.name {
			out = Redacted
			found = append(found, "name")
		}
	}
	return out, found
}

// MayContain is a quick test before Scrub on large amounts of text (every history event):
// false means Scrub(s, false) finds nothing. Any written form of the phone number has its
// digits in a row once everything but digits is dropped.
func (e Erasure) MayContain(s string) bool {
	if e.digits != "" && strings.Contains(phoneDigits(s), e.digits) {
		return true
	}
	if len(e.words) == 0 {
		return false
	}
	ls := strings.ToLower(s)
	for _, w := range e.words {
		if strings.Contains(ls, w) {
			return true
		}
	}
	return false
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// replaceFold replaces every case-insensitive occurrence of lower (already lower-cased) in s.
func replaceFold(s, lower string) (string, bool) {
	ls := strings.ToLower(s)
	if len(ls) != len(s) || !strings.Contains(ls, lower) {
		// Lower-casing changed byte offsets (rare scripts): fall back to an exact match.
		if strings.Contains(s, lower) {
			return strings.ReplaceAll(s, lower, Redacted), true
		}
		return s, false
	}
	var b strings.Builder
	last := 0
	for i := 0; ; {
		j := strings.Index(ls[i:], lower)
		if j < 0 {
			break
		}
		j += i
		b.WriteString(s[last:j])
		b.WriteString(Redacted)
		last = j + len(lower)
		i = last
	}
	b.WriteString(s[last:])
	return b.String(), true
}
