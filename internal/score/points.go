// Package score is the points appraisal (绩效考核): the rule catalog, the monthly sheet (totals,
// grades, pay float, fines, flags, rank) and pre-sale commission. It is pure: no database, no
// command line. Points are exact tenths and money exact fen, so every number on a sheet can be
// added up again by hand.
package score

import (
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/errs"
)

// Points are appraisal points in exact tenths: 805 is 80.5 points. They never pass through a
// binary float.
type Points int64

// MaxPoints bounds any points value a person types (1000.0 points).
const MaxPoints Points = 10000

// Pts builds whole points: Pts(5) is 5.0.
func Pts(n int64) Points { return Points(n * 10) }

// ParsePoints reads points with at most one decimal: "5", "-5", "+2.5", "−0.5" (a typographic
// minus is accepted).
func ParsePoints(s string) (Points, error) {
	orig := s
	s = strings.TrimSpace(strings.ReplaceAll(s, "−", "-"))
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	bad := func() (Points, error) {
		return 0, errs.Invalidf("invalid points %q: use a number with at most one decimal, e.g. -5, 2.5", orig)
	}
	if whole == "" || len(frac) > 1 || (dot && frac == "") || !digits(whole) || !digits(frac) || len(whole) > 6 {
		return bad()
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	p := Points(w * 10)
	if frac != "" {
		p += Points(frac[0] - '0')
	}
	if p > MaxPoints {
		return 0, errs.Invalidf("invalid points %q: at most %s", orig, MaxPoints)
	}
	if neg {
		p = -p
	}
	return p, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String prints points with one decimal: "80.0", "-5.0", "0.5".
func (p Points) String() string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return sign + strconv.FormatInt(int64(p/10), 10) + "." + strconv.FormatInt(int64(p%10), 10)
}

// Short prints points without a zero decimal: "80", "80.5" (policy values, exam scores).
func (p Points) Short() string { return strings.TrimSuffix(p.String(), ".0") }

// Signed prints points with a sign unless zero: "+5.0", "-2.0", "0.0".
func (p Points) Signed() string {
	if p > 0 {
		return "+" + p.String()
	}
	return p.String()
}

// MarshalJSON writes points as a JSON number with one decimal (80.0), exactly.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads points written by MarshalJSON.
func (p *Points) UnmarshalJSON(b []byte) error {
	v, err := ParsePoints(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// DivRound divides points by n, rounding half away from zero (an average of totals).
func (p Points) DivRound(n int64) Points {
	if n <= 0 {
		return 0
	}
	q, r := int64(p)/n, int64(p)%n
	if r < 0 {
		r = -r
	}
	if 2*r >= n {
		if p < 0 {
			q--
		} else {
			q++
		}
	}
	return Points(q)
}
