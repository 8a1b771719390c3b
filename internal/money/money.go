// Package money is kefu's one money type: an exact number of fen (1/100 yuan), with the one
// parser of amounts typed in yuan. Money never passes through a binary float.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Fen is money in fen (1/100 yuan), exactly.
type Fen int64

// Yuan builds whole yuan: Yuan(300) is 300.00.
func Yuan(n int64) Fen { return Fen(n * 100) }

// maxWholeDigits bounds the yuan part so that every amount, and any sum kefu makes of them,
// stays far inside int64.
const maxWholeDigits = 10

var (
	// ErrSyntax: not yuan with at most two decimals.
	ErrSyntax = errors.New("not an amount in yuan")
	// ErrRange: more than ten digits of yuan.
	ErrRange = errors.New("amount too large")
)

// Parse reads an amount in yuan with at most two decimals ("30", "-12.5", "12.50") as exact
// fen. A leading minus is the only sign; surrounding space is ignored. Its errors wrap
// ErrSyntax or ErrRange; callers say in their own words what the amount was for.
func Parse(s string) (Fen, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	whole, frac, dot := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" || len(frac) > 2 || (dot && frac == "") || !digits(whole) || !digits(frac) {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	if len(strings.TrimLeft(whole, "0")) > maxWholeDigits {
		return 0, fmt.Errorf("%w: %q", ErrRange, s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrRange, s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	c, _ := strconv.ParseInt(frac, 10, 64) // two digits, checked above
	f := Fen(w*100 + c)
	if neg {
		f = -f
	}
	return f, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String prints yuan with two decimals: "300.00", "-120.50".
func (f Fen) String() string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return fmt.Sprintf("%s%d.%02d", sign, f/100, f%100)
}

// Short prints yuan without a zero fraction ("30", "12.50"): the form policy values take.
func (f Fen) Short() string {
	if f%100 == 0 {
		return strconv.FormatInt(int64(f/100), 10)
	}
	return f.String()
}

// MarshalJSON writes money as a string of yuan with two decimals ("300.00"), like ticket amounts.
func (f Fen) MarshalJSON() ([]byte, error) { return []byte(`"` + f.String() + `"`), nil }

// UnmarshalJSON reads money written by MarshalJSON.
func (f *Fen) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("money must be a string of yuan: %s", b)
	}
	v, err := Parse(s)
	if err != nil {
		return fmt.Errorf("invalid amount %q", s)
	}
	*f = v
	return nil
}
