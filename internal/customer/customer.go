// Package customer holds the customer record and the masking of personal data.
package customer

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/errs"
)

// Customer is a person or company that contacts the department.
type Customer struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Phone       string     `json:"phone"`
	Email       string     `json:"email"`
	IM          string     `json:"im"`
	Notes       string     `json:"notes"`
	CreatedAt   time.Time  `json:"created_at"`
	ForgottenAt *time.Time `json:"forgotten_at"`
}

// Masked returns a copy with phone, email and IM handle masked for lists and reports.
func (c Customer) Masked() Customer {
	c.Phone = MaskPhone(c.Phone)
	c.Email = MaskEmail(c.Email)
	c.IM = MaskIM(c.IM)
	return c
}

// MaskPhone keeps the first three and last four digits: 13812341234 → 138****1234.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 8:
		return string(r[:3]) + "****" + string(r[len(r)-4:])
	case len(r) > 4:
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	default:
		return strings.Repeat("*", len(r))
	}
}

// MaskEmail keeps the first letter of the local part and the domain: zhang@example.com → z***@example.com.
func MaskEmail(e string) string {
	at := strings.LastIndex(e, "@")
	if at <= 0 {
		return MaskIM(e)
	}
	first, _ := utf8.DecodeRuneInString(e)
	return string(first) + "***" + e[at:]
}

// MaskIM keeps the first character: wxid_abc → w***.
func MaskIM(s string) string {
	if s == "" {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(s)
	return string(first) + "***"
}

// NormalizePhone strips spaces and dashes and checks what is left is a phone number.
func NormalizePhone(p string) (string, error) {
	p = strings.NewReplacer(" ", "", "-", "", "(", "", ")", "").Replace(strings.TrimSpace(p))
	if p == "" {
		return "", nil
	}
	for i, r := range p {
		if !(r >= '0' && r <= '9' || r == '+' && i == 0) {
			return "", errs.Invalidf("invalid phone %q: use digits, optionally starting with +", p)
		}
	}
	if n := len(strings.TrimPrefix(p, "+")); n < 5 || n > 20 {
		return "", errs.Invalidf("invalid phone %q: 5 to 20 digits", p)
	}
	return p, nil
}

// NormalizeEmail checks an email address and lower-cases it.
func NormalizeEmail(e string) (string, error) {
	e = strings.TrimSpace(e)
	if e == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e[strings.LastIndex(e, "@")+1:], ".") {
		return "", errs.Invalidf("invalid email %q: use name@example.com", e)
	}
	return strings.ToLower(e), nil
}
